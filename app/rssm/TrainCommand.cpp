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
torch::Device plannedDevice(const Invocation& inv) {
    Config config;
    if (inv.resume) config = Config::load(*inv.resume + "/config.yaml");
    else config = inv.config ? Config::load(*inv.config) : Config::defaults();
    config.applyOverrides(inv.overrides);
    const std::string device = config.getString("training.device");
    const bool cuda = device == "cuda" || (device == "auto" && torch::cuda::is_available());
    return cuda ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
}

int train(const Invocation& inv, DistributedContext* dist) {
    std::unique_ptr<TrainingSession> session;
    if (inv.resume) {
        session = TrainingSession::resume(*inv.resume, inv.overrides, nullptr, dist);
    } else {
        Config config = inv.config ? Config::load(*inv.config) : Config::defaults();
        config.applyOverrides(inv.overrides);
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

int runTrain(const Invocation& inv, int argc, char** argv) {
    if (inv.multirun) return runSweep(inv);
    if (inv.nproc) {
        if (std::getenv("RANK")) throw UsageError("--nproc inside a launched rank (RANK is set): launch with torchrun or --nproc, not both");
        // Each rank gets this line less --nproc N (argv[1] is "train").
        std::vector<std::string> rest;
        for (int i = 2; i < argc; ++i) {
            const std::string a = argv[i];
            if (a == "--nproc") ++i;
            else if (a.rfind("--nproc=", 0) != 0) rest.push_back(a);
        }
        return launchLocalRanks(*inv.nproc, rest);
    }
    const auto env = DistributedEnv::fromEnvironment();
    if (!env) return train(inv, nullptr);

    std::unique_ptr<DistributedContext> dist;
    try {
        dist = DistributedContext::connect(*env, plannedDevice(inv));
        return train(inv, dist.get());
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
