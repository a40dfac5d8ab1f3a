#pragma once
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "config/Config.h"
#include "train/SweepState.h"
#include "train/Trainer.h"
#include "train/TrainingMetrics.h"

namespace rssm {

// Told about a sweep's runs, from the threads that train them.
class SweepObserver {
public:
    virtual ~SweepObserver() = default;
    virtual void onRunStarted(int /*index*/, const std::string& /*runDir*/, int64_t /*fromStep*/) {}
    virtual void onRunMetrics(int /*index*/, const TrainingMetrics&) {}
    virtual void onRunEnded(int /*index*/, SweepRunStatus, const std::string& /*error*/) {}
};

// Stops a whole sweep or one of its runs, from any thread. A stopped run
// saves a checkpoint and is resumed by the next --resume.
class SweepControl {
public:
    void cancelAll();
    void stopRun(int index);
    bool cancelled() const { return cancel_.load(); }
    // The flags the run's trainer polls between steps.
    TrainingControl& runControl(int index);

private:
    std::mutex mutex_;
    std::atomic<bool> cancel_{false};
    std::map<int, std::unique_ptr<TrainingControl>> runs_;
};

// A Hydra-style multirun of training runs (see SweepPlan), recorded in
// multirun.yaml (see SweepState) so that it can be resumed.
class Sweep {
public:
    // A new sweep of `base` with the command line's overrides. Every run's
    // config is checked before anything is written: a bad value throws
    // rssm::Error naming the run and the key. Refuses a root that already
    // holds a sweep (resume it instead).
    static std::unique_ptr<Sweep> create(const Config& base, const std::vector<std::string>& overrides);
    // The sweep in `root`, from its multirun.yaml. Overrides, when given, must
    // be the ones it was started with (the same command line, repeated).
    static std::unique_ptr<Sweep> resume(const std::string& root, const std::vector<std::string>& overrides);

    const SweepState& state() const { return *state_; }
    const std::string& root() const { return state_->root(); }
    // The whole config each run trains with.
    const std::vector<Config>& configs() const { return configs_; }

    // Trains every run that is not finished, `jobs` at a time, each with
    // its share of the cores (training.threads, when it is 0). Unfinished runs
    // with checkpoints continue from their latest. Returns when all ended or
    // the sweep is cancelled; a failed run does not stop the others.
    void run(int jobs, SweepObserver* observer, SweepControl* control);

private:
    Sweep() = default;
    void runOne(int index, int threads, SweepObserver* observer, SweepControl* control);

    std::unique_ptr<SweepState> state_;
    std::vector<Config> configs_;
};

}  // namespace rssm
