// rssm-torch: the commands of rssm that need LibTorch (train, eval, plot),
// started by rssm (TorchCommandsExec.h) with the user's line unchanged, so it
// parses it again with the same vocabulary (CommandLine.h). Installed in
// libexec/rssm/, not on PATH.
#include "rssm/CommandDispatch.h"
#include "rssm/Commands.h"

namespace {

int plot(const rssm::cli::Invocation& inv, int argc, char** argv) {
#ifdef RSSM_HAVE_CHARTS
    return rssm::cli::runPlot(inv, argc, argv);
#else
    return 1;  // not reached: runCommandLine refuses plot without charts first
#endif
}

}  // namespace

int main(int argc, char** argv) {
    using namespace rssm::cli;
    return runCommandLine(argc, argv, TorchCommands{runTrain, runEval, plot});
}
