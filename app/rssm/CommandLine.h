#pragma once
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace rssm::cli {

// One rssm command line, parsed and checked: which command, its typed
// options, and the key=value settings (Hydra's overrides) in their order.
struct Invocation {
    std::string command;  // inspect, export, train, eval or plot
    std::string bufferPath;
    std::optional<std::string> rolloutConfig;
    std::optional<std::string> out;
    bool json = false;
    std::optional<std::string> config;
    std::optional<std::string> resume;
    std::optional<int> nproc;
    std::optional<int> jobs;
    bool multirun = false;
    std::optional<std::string> checkpointPath;
    int64_t seqIndex = 0;
    int64_t seqLen = 0;
    std::vector<int64_t> dims;
    bool noVae = false;
    std::vector<std::string> overrides;
};

// What parse() found: a command to run, or text (help, the version) to print
// with its exit status.
struct ParseOutcome {
    std::optional<Invocation> invocation;
    std::string text;
    int status = 0;
};

// A bad command line: one line saying what was wrong, exit status 2.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// rssm's whole vocabulary, through CLI11: the one place that names every
// command and option, from which the usage text and each command's --help
// are written. Torch-free, so `rssm --help` and `rssm train --help` answer
// without loading LibTorch. Throws UsageError.
ParseOutcome parseCommandLine(int argc, char** argv);

// The commands that need LibTorch (run by rssm-torch, rssm_torch_commands).
bool needsTorch(const std::string& command);

}  // namespace rssm::cli
