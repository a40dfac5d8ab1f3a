#pragma once
#include <optional>
#include <string>
#include <vector>

#include "util/Progress.h"

namespace rssm {

// A checkpoint's open-loop prediction error at a few horizons: the mean
// squared error of the prior rolled out from the recorded actions, h steps
// after the context, on the run's validation episodes (eval.* defaults
// otherwise). The Runs table shows it for each run's best checkpoint and keeps
// it in the run folder (open_loop_mse.yaml), so each is computed once.
struct OpenLoopScore {
    std::string checkpoint;       // the file name, rssm_step_<N>.pt
    std::vector<int> horizons;    // 1, 8, 16
    std::vector<double> mse;      // one per horizon
};

const std::vector<int>& openLoopHorizons();
std::string openLoopCacheName();

// Evaluates `checkpointPath` (off the GUI thread: it loads the buffer and runs
// the model). Throws rssm::Error as EvaluationSession does.
OpenLoopScore evaluateOpenLoop(const std::string& checkpointPath, const ProgressReporter* progress = nullptr);

// The cached score of `checkpointPath` in its run folder, when the cache is for
// that checkpoint and is newer than it; otherwise nothing.
std::optional<OpenLoopScore> readOpenLoopCache(const std::string& checkpointPath);
// Writes the cache beside the checkpoint (temporary file, then rename).
void writeOpenLoopCache(const std::string& checkpointPath, const OpenLoopScore& score);

}  // namespace rssm
