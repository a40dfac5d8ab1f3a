#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rssm {

// A training run's folder, as the seed lays it out:
// <logging.dir>/<logging.name>/ with config.yaml, train_logging.yaml,
// rollout_config.yaml (when given), metrics.csv and rssm_step_<N>.pt.
// Where a run trained, as its train_logging.yaml records it.
struct RunRuntime {
    std::string device;
    int libtorchThreads = 0;
    int blasThreads = 0;
    int worldSize = 1;           // ranks of a data-parallel run (1 when not recorded)
    std::string backend = "none";  // its c10d process group: gloo or nccl
};

class RunFolder {
public:
    // Creates the folder (and its parents) and writes config.yaml and a copy
    // of rollout_config.yaml. Throws rssm::Error naming the path.
    static RunFolder create(const std::string& dir, const std::string& configYaml, const std::string& rolloutConfigPath);
    // An existing run (to resume, view or follow). Throws when it has no config.yaml.
    static RunFolder open(const std::string& dir);
    // The folder's paths, without touching the disk: what the ranks of a
    // data-parallel run other than 0 (which never write) hold.
    static RunFolder at(const std::string& dir) { return RunFolder(dir); }
    // <dir>/<name>, refusing a name that would leave `dir` (absolute, or with
    // a '..' part) or name no folder of its own (empty, '.'). Throws
    // rssm::Error naming logging.name.
    static std::string pathFor(const std::string& dir, const std::string& name);

    const std::string& path() const { return path_; }
    std::string file(const std::string& name) const { return path_ + "/" + name; }
    std::string configPath() const { return file("config.yaml"); }
    std::string metricsPath() const { return file("metrics.csv"); }
    std::string checkpointPath(int64_t step) const { return file("rssm_step_" + std::to_string(step) + ".pt"); }
    // (step, path) of every checkpoint, by step.
    std::vector<std::pair<int64_t, std::string>> checkpoints() const;
    void writeText(const std::string& name, const std::string& text) const;
    // Removes the temporaries (<file>.tmp-<pid>) that writers killed mid-write
    // left behind; a live process's are kept. Returns the names removed. A
    // run calls this when it starts or resumes; checkpoints() never lists them.
    std::vector<std::string> removeStaleTemporaries() const;
    // From train_logging.yaml; empty when the run has none (a run copied
    // without it) or it lacks the keys. Throws rssm::Error on malformed YAML.
    std::optional<RunRuntime> runtime() const;

private:
    explicit RunFolder(std::string path) : path_(std::move(path)) {}
    std::string path_;
};

}  // namespace rssm
