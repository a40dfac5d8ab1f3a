#pragma once
#include <chrono>
#include <cstdint>

#include "train/TrainingMetrics.h"

namespace rssm::cli {

// Shows a run's progress: on a terminal one line redrawn in place (step, a
// bar, loss, validation loss, steps/s, ETA); otherwise a plain line per log.
class TrainingProgressPrinter : public TrainingObserver {
public:
    TrainingProgressPrinter(int64_t totalSteps, bool terminal);
    void onMetrics(const TrainingMetrics& m) override;
    void onCheckpoint(int64_t step, const std::string& path) override;
    void finish();

private:
    int64_t total_;
    bool terminal_;
    double lastVal_ = -1.0;
    bool lineOpen_ = false;
};

}  // namespace rssm::cli
