#pragma once
#include "rssm/CommandLine.h"

namespace rssm::cli {

// A command's body: the parsed line, and the raw one for what passes it on
// (rssm train --nproc starts ranks with it; rssm hands it to rssm-torch).
using CommandFunction = int (*)(const Invocation&, int argc, char** argv);

// Who runs the commands that need LibTorch: rssm-torch's own bodies, or, in
// rssm itself, a hand-over to rssm-torch (TorchCommandsExec.h).
struct TorchCommands {
    CommandFunction train;
    CommandFunction eval;
    CommandFunction plot;
};

// main() of both binaries: parses the line, runs the command and turns what
// it throws into one line on stderr and the exit status (0 done, 1 failed,
// 2 a bad command line).
int runCommandLine(int argc, char** argv, const TorchCommands& torch);

}  // namespace rssm::cli
