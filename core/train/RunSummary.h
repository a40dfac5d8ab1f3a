#pragma once
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "train/MetricsLog.h"

namespace rssm {

// Where a run stands, as its folder shows it:
// - failed: the folder holds error.txt (a run that stopped on an error, such
//   as a diverged loss, writes it), or its sweep's multirun.yaml says failed;
// - finished: its latest checkpoint is at training.steps;
// - running: not finished, and metrics.csv (or the TensorBoard file) was
//   written in the last kRunningWindowSeconds: a trainer is still at it;
// - stopped: anything else: cancelled, killed, or crashed without a word.
enum class RunState { Running, Finished, Stopped, Failed };
const char* runStateName(RunState s);
constexpr double kRunningWindowSeconds = 120.0;

// A run folder read for the Runs table and its charts.
struct RunSummary {
    std::string dir;
    RunState state = RunState::Stopped;
    std::string error;              // why it failed
    int64_t step = 0;               // last logged step
    int64_t targetSteps = 0;        // training.steps
    double wallTime = NAN;          // training seconds at the last logged step
    double trainLoss = NAN, valLoss = NAN;  // last logged of each
    std::vector<std::pair<std::string, std::string>> config;  // every key, value as text, schema order
    std::string bestCheckpoint;     // lowest validation loss at a checkpoint step; else the latest
    int64_t bestStep = -1;
    MetricsLog::Table metrics;
    int64_t metricsBytes = 0;       // to notice a run that grew

    std::string configValue(const std::string& key) const;
};

// Reads a run folder. `now` is seconds since the epoch (for "running").
// Throws rssm::Error naming the folder when it has no readable config.yaml.
RunSummary summarizeRun(const std::string& dir, double now);

// The run folders in `dir`: itself when it holds config.yaml, otherwise its
// subfolders that do, two levels deep (a checkpoints/ folder of sweeps), with
// numbered folders in numeric order.
std::vector<std::string> findRunFolders(const std::string& dir);

// The config keys whose values are not the same in every run, in schema
// order; logging.dir and logging.name (the run's place) left out.
std::vector<std::string> differingKeys(const std::vector<const RunSummary*>& runs);

}  // namespace rssm
