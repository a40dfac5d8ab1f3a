#include <csignal>
#include <cstdio>
#include <iostream>
#include <unistd.h>

#include "config/Config.h"
#include "rssm/Commands.h"
#include "rssm/TrainingProgressPrinter.h"
#include "train/TrainingSession.h"

namespace rssm::cli {

namespace {

// Ctrl-C stops between steps and saves a checkpoint to resume from.
TrainingControl* activeControl = nullptr;
void onInterrupt(int) {
    if (activeControl) activeControl->cancel = true;
}

}  // namespace

int runTrain(int argc, char** argv) {
    const Arguments args(argc, argv, 2, {"--config", "--resume"}, {});
    if (!args.positionals().empty()) throw UsageError("unexpected argument '" + args.positionals()[0] + "' (overrides are key=value)");
    std::unique_ptr<TrainingSession> session;
    if (const auto dir = args.value("--resume")) {
        session = TrainingSession::resume(*dir, args.overrides());
    } else {
        Config config = args.value("--config") ? Config::load(*args.value("--config")) : Config::defaults();
        config.applyOverrides(args.overrides());
        session = TrainingSession::start(config);
    }
    const int64_t total = session->config().getInt("training.steps");
    if (!session->rolloutNote().empty()) std::printf("%s\n", session->rolloutNote().c_str());
    std::printf("run %s: %lld parameters on %s (%d LibTorch, %d BLAS threads); %lld training and %lld validation windows%s\n",
                session->folder().path().c_str(), static_cast<long long>(session->trainer().parameterCount()),
                session->trainer().device().str().c_str(), session->trainer().runtime().intraOpThreads,
                session->trainer().runtime().blasThreads,
                static_cast<long long>(session->dataset().windowCount(Split::Train)),
                static_cast<long long>(session->dataset().windowCount(Split::Validation)),
                session->trainer().step() > 0 ? (", resuming at step " + std::to_string(session->trainer().step())).c_str() : "");
    TrainingControl control;
    activeControl = &control;
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    TrainingProgressPrinter printer(total, isatty(STDOUT_FILENO));
    try {
        session->run(&printer, &control);
    } catch (...) {
        printer.finish();
        activeControl = nullptr;
        throw;
    }
    printer.finish();
    activeControl = nullptr;
    const auto checkpoints = session->folder().checkpoints();
    std::printf("%s at step %lld; last checkpoint %s\n", control.cancel ? "stopped" : "finished",
                static_cast<long long>(session->trainer().step()), checkpoints.empty() ? "(none)" : checkpoints.back().second.c_str());
    return 0;
}

}  // namespace rssm::cli
