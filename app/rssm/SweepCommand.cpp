#include <csignal>
#include <cstdio>
#include <mutex>

#include "config/Config.h"
#include "rssm/Commands.h"
#include "train/Sweep.h"

namespace rssm::cli {

namespace {

// Ctrl-C stops every running run between steps; each saves a checkpoint and
// the sweep resumes with --resume.
SweepControl* activeSweep = nullptr;
void onSweepInterrupt(int) {
    if (activeSweep) activeSweep->cancelAll();
}

// One line per run started, validated and ended; several runs print at once
// with --jobs, so whole lines only.
class SweepPrinter : public SweepObserver {
public:
    explicit SweepPrinter(const SweepState& state) : runs_(state.runs()) {}
    void onRunStarted(int index, const std::string& dir, int64_t fromStep) override {
        std::lock_guard<std::mutex> lock(mutex_);
        std::printf("%s: %s in %s\n", runs_[index].run.label().c_str(),
                    fromStep > 0 ? ("resuming at step " + std::to_string(fromStep)).c_str() : "started", dir.c_str());
        std::fflush(stdout);
    }
    void onRunMetrics(int index, const TrainingMetrics& m) override {
        const auto it = m.validation.find("loss");
        if (it == m.validation.end()) return;
        std::lock_guard<std::mutex> lock(mutex_);
        std::printf("run %d: step %lld, loss %.5g, val_loss %.5g\n", index, static_cast<long long>(m.step), m.losses.at("loss"), it->second);
        std::fflush(stdout);
    }
    void onRunEnded(int index, SweepRunStatus status, const std::string& error) override {
        std::lock_guard<std::mutex> lock(mutex_);
        std::printf("run %d: %s%s%s\n", index, sweepRunStatusName(status), error.empty() ? "" : ": ", error.c_str());
        std::fflush(stdout);
    }

private:
    std::vector<SweepState::Run> runs_;
    std::mutex mutex_;
};

}  // namespace

int runSweep(const Invocation& inv) {
    const int jobs = inv.jobs.value_or(1);
    std::unique_ptr<Sweep> sweep;
    if (inv.resume) {
        sweep = Sweep::resume(*inv.resume, inv.overrides);
    } else {
        Config base = inv.config ? Config::load(*inv.config) : Config::defaults();
        sweep = Sweep::create(base, inv.overrides);
    }
    const auto runs = sweep->state().runs();
    size_t done = 0;
    for (const auto& r : runs) done += r.status == SweepRunStatus::Finished;
    std::printf("sweep %s: %zu runs (%zu finished before), %d at a time; state in %s/%s\n", sweep->root().c_str(), runs.size(), done,
                jobs, sweep->root().c_str(), SweepState::fileName().c_str());
    std::fflush(stdout);
    SweepControl control;
    SweepPrinter printer(sweep->state());
    activeSweep = &control;
    std::signal(SIGINT, onSweepInterrupt);
    std::signal(SIGTERM, onSweepInterrupt);
    sweep->run(jobs, &printer, &control);
    activeSweep = nullptr;
    int finished = 0, failed = 0;
    for (const auto& r : sweep->state().runs()) {
        finished += r.status == SweepRunStatus::Finished;
        failed += r.status == SweepRunStatus::Failed;
    }
    std::printf("sweep %s: %d of %zu runs finished%s%s\n", sweep->root().c_str(), finished, runs.size(),
                failed ? (", " + std::to_string(failed) + " failed").c_str() : "",
                finished < static_cast<int>(runs.size()) ? ("; resume with rssm train -m --resume " + sweep->root()).c_str() : "");
    return finished == static_cast<int>(runs.size()) ? 0 : 1;
}

}  // namespace rssm::cli
