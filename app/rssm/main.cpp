// rssm: the command line of the RSSM workbench. This binary links no
// LibTorch, so inspect, export and every --help start at once; train, eval
// and plot are handed to rssm-torch (TorchCommandsMain.cpp).
#include "rssm/CommandDispatch.h"
#include "rssm/TorchCommandsExec.h"

int main(int argc, char** argv) {
    using namespace rssm::cli;
    return runCommandLine(argc, argv, TorchCommands{execTorchCommands, execTorchCommands, execTorchCommands});
}
