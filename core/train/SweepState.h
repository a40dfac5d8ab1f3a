#pragma once
#include <mutex>
#include <string>
#include <vector>

#include "train/SweepPlan.h"

namespace rssm {

// Where a sweep's run stands, as multirun.yaml records it.
enum class SweepRunStatus { Pending, Running, Finished, Stopped, Failed };
const char* sweepRunStatusName(SweepRunStatus s);

// A sweep's multirun.yaml, at its root: the settings every run shares (as
// overrides on the defaults), the swept keys with their values, and per run
// its overrides, folder and status (with the error of a failed run). It is
// rewritten (temporary file, then rename) each time a run starts or ends, so
// after a crash or a cancel it says which runs to skip and which to resume.
// A run left "running" by a killed sweep is unfinished, like a stopped one.
class SweepState {
public:
    struct Run {
        SweepRun run;
        std::string folder;  // relative to the root: the run's index
        SweepRunStatus status = SweepRunStatus::Pending;
        std::string error;
    };

    SweepState() = default;
    // Copies the records; the copy has its own lock.
    SweepState(const SweepState& other);
    SweepState& operator=(const SweepState&) = delete;
    // A new sweep's state: every run pending. `baseOverrides` rebuild the
    // shared config from the defaults (the --config file and the fixed overrides).
    SweepState(std::string root, std::vector<std::string> baseOverrides, const SweepPlan& plan);
    // Reads <root>/multirun.yaml. Throws rssm::Error naming the file and key.
    static SweepState load(const std::string& root);
    static std::string fileName() { return "multirun.yaml"; }

    const std::string& root() const { return root_; }
    const std::vector<std::string>& baseOverrides() const { return base_; }
    const std::vector<SweepAxis>& axes() const { return axes_; }
    std::vector<Run> runs() const;
    std::string runDir(int index) const;

    // Sets a run's status and writes the file. Safe from several threads.
    void setStatus(int index, SweepRunStatus status, const std::string& error = {});
    // Writes <root>/multirun.yaml now.
    void save() const;

private:
    void saveLocked() const;

    std::string root_;
    std::vector<std::string> base_;
    std::vector<SweepAxis> axes_;
    std::vector<Run> runs_;
    mutable std::mutex mutex_;
};

}  // namespace rssm
