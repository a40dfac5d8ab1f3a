#pragma once
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "comparison/CheckpointResults.h"
#include "util/Progress.h"

namespace rssm {
class Config;
class EvaluationSession;
}  // namespace rssm

namespace rssm::ui {

// A checkpoint opened for the comparison: its model and buffer stay loaded so
// a new episode or start step is predicted without reading them again. Every
// method runs LibTorch and so belongs on a worker thread, never the GUI
// thread; calls from several workers take turns (one evaluation at a time
// keeps the seeded sampling of each reproducible).
class CheckpointEvaluator {
public:
    // Reads the checkpoint and its buffer. Throws rssm::Error naming the file.
    static std::shared_ptr<CheckpointEvaluator> open(const std::string& checkpointPath, const Config& evalConfig,
                                                     const ProgressReporter* progress);
    ~CheckpointEvaluator();

    // The evaluation's metrics, the buffer's episodes and the run's
    // metrics.csv (no prediction yet). Throws rssm::Error, or rssm::Cancelled
    // when asked to stop.
    CheckpointResults evaluate(const ProgressReporter* progress);
    // One window's predictions; an invalid PredictionCurves (with its problem
    // told) when the window does not fit in the buffer's episode.
    PredictionCurves predict(int64_t episode, int64_t start);

    // The metrics.csv beside a checkpoint, or the reason there is none.
    static RunMetrics readRunMetrics(const std::string& checkpointPath);

private:
    CheckpointEvaluator() = default;

    std::unique_ptr<EvaluationSession> session_;
    int64_t span_ = 0;  // eval.context + eval.horizon: the steps a prediction needs
    static std::mutex& torchTurn();
};

}  // namespace rssm::ui
