#include <csignal>
#include <cstdio>
#include <iostream>
#include <unistd.h>

#include <torch/cuda.h>

#include "config/Config.h"
#include "rssm/Commands.h"
#include "rssm/LocalLauncher.h"
#include "rssm/TrainingProgressPrinter.h"
#include "train/DistributedContext.h"
#include "train/TrainingSession.h"
#include "util/Error.h"
#include "util/TerminalText.h"

namespace rssm::cli {

namespace {

// Ctrl-C, kill (SIGTERM) and a closed terminal or ssh session (SIGHUP) all
// stop between steps and save a checkpoint to resume from.
TrainingControl* activeControl = nullptr;
void onInterrupt(int) {
    if (activeControl) activeControl->cancel = true;
}

// The device the run will train on, before the trainer exists: the process
// group is chosen by it (Gloo for the CPU, NCCL for CUDA).
torch::Device plannedDevice(const Arguments& args) {
    Config config;
    if (const auto dir = args.value("--resume")) config = Config::load(*dir + "/config.yaml");
    else config = args.value("--config") ? Config::load(*args.value("--config")) : Config::defaults();
    config.applyOverrides(args.overrides());
    const std::string device = config.getString("training.device");
    const bool cuda = device == "cuda" || (device == "auto" && torch::cuda::is_available());
    return cuda ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
}

int train(const Arguments& args, DistributedContext* dist) {
    std::unique_ptr<TrainingSession> session;
    if (const auto dir = args.value("--resume")) {
        session = TrainingSession::resume(*dir, args.overrides(), nullptr, dist);
    } else {
        Config config = args.value("--config") ? Config::load(*args.value("--config")) : Config::defaults();
        config.applyOverrides(args.overrides());
        session = TrainingSession::start(config, nullptr, dist);
    }
    const bool root = !dist || dist->isRoot();
    if (root)
        for (const std::string& note : session->notes()) std::fprintf(stderr, "rssm train: note: %s\n", terminalSafe(note).c_str());
    const int64_t total = session->config().getInt("training.steps");
    if (root) {
        if (!session->rolloutNote().empty()) std::printf("%s\n", session->rolloutNote().c_str());
        const std::string ranks = dist && dist->distributed()
                                      ? " x " + std::to_string(dist->worldSize()) + " ranks (" + dist->backend() + ")"
                                      : std::string();
        std::printf("run %s: %lld parameters on %s%s (%d LibTorch, %d BLAS threads%s); %lld training and %lld validation windows%s\n",
                    session->folder().path().c_str(), static_cast<long long>(session->trainer().parameterCount()),
                    session->trainer().device().str().c_str(), ranks.c_str(), session->trainer().runtime().intraOpThreads,
                    session->trainer().runtime().blasThreads, dist && dist->distributed() ? " each" : "",
                    static_cast<long long>(session->dataset().windowCount(Split::Train)),
                    static_cast<long long>(session->dataset().windowCount(Split::Validation)),
                    session->trainer().step() > 0 ? (", resuming at step " + std::to_string(session->trainer().step())).c_str() : "");
        if (const std::string note = blasSpeedNote(session->trainer().runtime()); !note.empty()) std::printf("note: %s\n", note.c_str());
        std::fflush(stdout);
    }
    TrainingControl control;
    activeControl = &control;
    for (const int sig : {SIGINT, SIGTERM, SIGHUP}) std::signal(sig, onInterrupt);
    TrainingProgressPrinter printer(total, root && isatty(STDOUT_FILENO));
    try {
        session->run(root ? &printer : nullptr, &control);
    } catch (...) {
        printer.finish();
        activeControl = nullptr;
        throw;
    }
    printer.finish();
    activeControl = nullptr;
    if (root) {
        const auto checkpoints = session->folder().checkpoints();
        std::printf("%s at step %lld; last checkpoint %s\n", control.cancel ? "stopped" : "finished",
                    static_cast<long long>(session->trainer().step()), checkpoints.empty() ? "(none)" : checkpoints.back().second.c_str());
    }
    return 0;
}

}  // namespace

int runTrain(int argc, char** argv) {
    const Arguments args(argc, argv, 2, {"--config", "--resume", "--nproc", "--jobs"}, {"--multirun"});
    const auto& words = args.positionals();
    if (args.has("--multirun") || (words.size() == 1 && words[0] == "-m")) {
        if (args.value("--nproc")) throw UsageError("--nproc with -m: a sweep's runs are one process each; use --jobs N");
        return runSweep(args);
    }
    if (args.value("--jobs")) throw UsageError("--jobs runs a sweep's runs at once; give -m (--multirun) and key=a,b,c");
    if (!args.positionals().empty()) throw UsageError("unexpected argument '" + args.positionals()[0] + "' (overrides are key=value)");
    if (const auto nproc = args.value("--nproc")) {
        char* end = nullptr;
        const long n = std::strtol(nproc->c_str(), &end, 10);
        if (nproc->empty() || *end != '\0' || n < 1 || n > 1024) throw UsageError("--nproc " + *nproc + ": expected a number of ranks from 1 to 1024");
        if (std::getenv("RANK")) throw UsageError("--nproc inside a launched rank (RANK is set): launch with torchrun or --nproc, not both");
        std::vector<std::string> rest;
        for (int i = 2; i < argc; ++i) {
            const std::string a = argv[i];
            if (a == "--nproc") ++i;
            else if (a.rfind("--nproc=", 0) != 0) rest.push_back(a);
        }
        return launchLocalRanks(static_cast<int>(n), rest);
    }
    const auto env = DistributedEnv::fromEnvironment();
    if (!env) return train(args, nullptr);

    std::unique_ptr<DistributedContext> dist;
    try {
        dist = DistributedContext::connect(*env, plannedDevice(args));
        return train(args, dist.get());
    } catch (const std::exception& e) {
        // Every line a rank prints names it; the others learn why it stopped.
        std::string message = e.what();
        const std::string me = "rank " + std::to_string(env->rank);
        if (message.rfind("rank ", 0) != 0) message = me + ": " + message;
        if (dist) dist->reportFailure(message);
        throw Error(message);
    }
}

}  // namespace rssm::cli
