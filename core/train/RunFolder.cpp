#include "train/RunFolder.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <signal.h>
#include <unistd.h>

#include <yaml-cpp/yaml.h>

#include "util/AtomicFile.h"
#include "util/Error.h"
#include "util/YamlFile.h"

namespace fs = std::filesystem;

namespace rssm {

RunFolder RunFolder::create(const std::string& dir, const std::string& configYaml, const std::string& rolloutConfigPath) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw Error(dir + ": cannot create the run folder: " + ec.message());
    RunFolder folder(dir);
    folder.writeText("config.yaml", configYaml);
    if (!rolloutConfigPath.empty()) {
        fs::copy_file(rolloutConfigPath, folder.file("rollout_config.yaml"), fs::copy_options::overwrite_existing, ec);
        if (ec) throw Error(rolloutConfigPath + ": cannot copy into the run folder: " + ec.message());
    }
    return folder;
}

RunFolder RunFolder::open(const std::string& dir) {
    RunFolder folder(dir);
    if (!fs::is_regular_file(folder.configPath())) throw Error(dir + ": not a run folder (no config.yaml)");
    return folder;
}

std::string RunFolder::pathFor(const std::string& dir, const std::string& name) {
    const fs::path p(name);
    bool leaves = p.is_absolute() || name.empty();
    for (const auto& part : p) leaves = leaves || part == "..";
    if (leaves || p.lexically_normal() == "." || p.lexically_normal().empty())
        throw Error("logging.name=" + name + ": must name a folder inside logging.dir (" + dir +
                    "): not empty or '.', not absolute, and no '..' part");
    return dir + "/" + name;
}

std::vector<std::string> RunFolder::removeStaleTemporaries() const {
    std::vector<std::string> removed;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(path_, ec)) {
        const std::string name = entry.path().filename().string();
        const size_t at = name.rfind(".tmp-");
        if (at == std::string::npos || at + 5 == name.size()) continue;
        const std::string digits = name.substr(at + 5);
        if (digits.size() > 9 || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) continue;
        const pid_t pid = static_cast<pid_t>(std::stol(digits));
        // A live writer (another training of this folder) keeps its file; a
        // reused pid only delays the clean-up to the next start.
        if (pid > 0 && (::kill(pid, 0) == 0 || errno == EPERM)) continue;
        std::error_code removeError;
        if (fs::remove(entry.path(), removeError)) removed.push_back(name);
    }
    std::sort(removed.begin(), removed.end());
    return removed;
}

std::vector<std::pair<int64_t, std::string>> RunFolder::checkpoints() const {
    std::vector<std::pair<int64_t, std::string>> found;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(path_, ec)) {
        const std::string name = entry.path().filename().string();
        const std::string prefix = "rssm_step_", suffix = ".pt";
        if (name.size() <= prefix.size() + suffix.size() || name.rfind(prefix, 0) != 0 ||
            name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
            continue;
        const std::string digits = name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
        if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) continue;
        found.emplace_back(std::stoll(digits), entry.path().string());
    }
    std::sort(found.begin(), found.end());
    return found;
}

void RunFolder::writeText(const std::string& name, const std::string& text) const {
    writeFileAtomically(file(name), text);
}

std::optional<RunRuntime> RunFolder::runtime() const {
    const std::string path = file("train_logging.yaml");
    if (!fs::exists(path)) return std::nullopt;
    const YAML::Node log = loadYamlFile(path);
    if (!log.IsMap() || !log["device"] || !log["libtorch_threads"] || !log["blas_threads"]) return std::nullopt;
    try {
        RunRuntime r{log["device"].as<std::string>(), log["libtorch_threads"].as<int>(), log["blas_threads"].as<int>()};
        if (log["world_size"]) r.worldSize = log["world_size"].as<int>();
        if (log["backend"]) r.backend = log["backend"].as<std::string>();
        return r;
    } catch (const YAML::Exception& e) {
        throw Error(path + ": device, threads, world_size and backend: " + e.what());
    }
}

}  // namespace rssm
