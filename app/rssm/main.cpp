// rssm: the command line of the RSSM workbench.
#include <cstring>
#include <iostream>
#include <string>

#include "rssm/Commands.h"
#include "util/Error.h"
#include "util/TerminalText.h"

namespace {

const char* kUsage =
    "usage: rssm <command> [options]\n"
    "\n"
    "commands:\n"
    "  inspect --buffer-path P [--rollout-config Y] [--json]   summarise a replay buffer\n"
    "  export  --buffer-path P --out F.h5                      write a buffer to HDF5\n"
    "  train   [--config F] [key=value ...]                    train a world model (resources/config/train_default.yaml)\n"
    "  train   --resume RUN_DIR [key=value ...]                continue a run from its latest checkpoint\n"
    "  train   -m [--jobs N] key=a,b [key=value ...]           a sweep: one run per combination, in logging.dir/logging.name/<i>\n"
    "  train   -m --resume SWEEP_DIR                           finish a sweep, skipping its finished runs\n"
    "  train   --nproc N [--config F | --resume D] [k=v ...]   data-parallel on N local ranks (docs/cluster.md)\n"
    "  eval    eval.checkpoint_path=P [key=value ...] [--json] posterior vs open-loop prior errors, and their plots\n"
    "  plot    --checkpoint-path P --seq-index I --seq-len L   one window's truth, posterior and open-loop prior as PNG\n"
    "          [--dims D ...] [--out F.png] [--no-vae] [key=value ...]\n";

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
        std::cout << kUsage;
        return argc < 2 ? 2 : 0;
    }
    const std::string command = argv[1];
    try {
        if (command == "inspect") return rssm::cli::runInspect(argc, argv);
        if (command == "export") return rssm::cli::runExport(argc, argv);
        if (command == "train") return rssm::cli::runTrain(argc, argv);
        if (command == "eval") return rssm::cli::runEval(argc, argv);
#ifdef RSSM_HAVE_CHARTS
        if (command == "plot") return rssm::cli::runPlot(argc, argv);
#else
        if (command == "plot") throw rssm::Error("this rssm was built without Qt Charts (RSSM_WITH_UI=OFF), so it cannot draw plots");
#endif
        std::cerr << "rssm: unknown command '" << rssm::terminalSafe(command) << "'\n" << kUsage;
        return 2;
    } catch (const rssm::cli::UsageError& e) {
        std::cerr << "rssm " << rssm::terminalSafe(command) << ": " << rssm::terminalSafe(e.what()) << "\n" << kUsage;
        return 2;
    } catch (const rssm::Error& e) {
        std::cerr << "rssm " << rssm::terminalSafe(command) << ": error: " << rssm::terminalSafe(e.what()) << "\n";
        return 1;
    } catch (const std::exception& e) {
        // Not ours (a library's): its first line only, so no backtrace floods the terminal.
        const std::string what = e.what();
        std::cerr << "rssm " << rssm::terminalSafe(command) << ": error: " << rssm::terminalSafe(what.substr(0, what.find('\n'))) << "\n";
        return 1;
    }
}
