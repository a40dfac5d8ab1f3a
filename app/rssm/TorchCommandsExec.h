#pragma once
#include <string>

#include "rssm/CommandLine.h"

namespace rssm::cli {

// rssm itself links no LibTorch (loading it costs ~0.4 s before main), so
// train, eval and plot are run by rssm-torch, a second binary at
// RSSM_TORCH_COMMANDS_PATH relative to rssm's own folder (the same in the
// build tree and the install tree: bin/rssm, libexec/rssm/rssm-torch).
// This replaces the process with it (same pid, same line, same streams, so
// signals and exit status pass through); it returns only by throwing
// rssm::Error when rssm-torch cannot be started.
int execTorchCommands(const Invocation& inv, int argc, char** argv);

// Where rssm-torch should be, beside this process's binary.
std::string torchCommandsPath();

}  // namespace rssm::cli
