#include "rssm/CommandDispatch.h"

#include <iostream>
#include <string>

#include "rssm/Commands.h"
#include "util/Error.h"
#include "util/TerminalText.h"

namespace rssm::cli {

namespace {
[[maybe_unused]] const char* kNoCharts = "this rssm was built without Qt Charts (RSSM_WITH_UI=OFF), so it cannot draw plots";
}  // namespace

int runCommandLine(int argc, char** argv, const TorchCommands& torch) {
    const std::string command = argc > 1 && argv[1][0] != '-' ? argv[1] : std::string();
    const std::string prefix = command.empty() ? "rssm: " : "rssm " + terminalSafe(command) + ": ";
    try {
        ParseOutcome parsed;
        try {
            parsed = parseCommandLine(argc, argv);
        } catch (const UsageError&) {
#ifndef RSSM_HAVE_CHARTS
            // What cannot run at all says so first; only its --help still answers.
            if (command == "plot") throw Error(kNoCharts);
#endif
            throw;
        }
        if (!parsed.invocation) {
            (parsed.status == 0 ? std::cout : std::cerr) << parsed.text;
            return parsed.status;
        }
        const Invocation& inv = *parsed.invocation;
        if (inv.command == "inspect") return runInspect(inv);
        if (inv.command == "export") return runExport(inv);
#ifndef RSSM_HAVE_CHARTS
        if (inv.command == "plot") throw Error(kNoCharts);
#endif
        if (inv.command == "train") return torch.train(inv, argc, argv);
        if (inv.command == "eval") return torch.eval(inv, argc, argv);
        if (inv.command == "plot") return torch.plot(inv, argc, argv);
        throw UsageError("unknown command '" + inv.command + "'");
    } catch (const UsageError& e) {
        std::cerr << prefix << terminalSafe(e.what()) << "\n";
        return 2;
    } catch (const Error& e) {
        std::cerr << prefix << "error: " << terminalSafe(e.what()) << "\n";
        return 1;
    } catch (const std::exception& e) {
        // Not ours (a library's): its first line only, so no backtrace floods the terminal.
        const std::string what = e.what();
        std::cerr << prefix << "error: " << terminalSafe(what.substr(0, what.find('\n'))) << "\n";
        return 1;
    }
}

}  // namespace rssm::cli
