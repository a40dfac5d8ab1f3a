#pragma once
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <QString>

#include "trajectory/PredictedTrajectory.h"
#include "util/Progress.h"

namespace rssm {
class EvaluationSession;
}

namespace rssm::ui {

// Which window of which checkpoint to predict.
struct TrajectoryRequest {
    QString checkpointPath;
    int64_t episode = -1;  // -1: the first episode of the validation split
    int64_t start = 0;     // step within the episode; moved back so the window fits
    int64_t context = 16;
    int64_t horizon = 32;
};

// The episodes a checkpoint's buffer offers, for the pane's choosers.
struct EpisodeCatalog {
    std::vector<int64_t> lengths;             // steps of each episode
    std::vector<int64_t> validationEpisodes;  // held out in training
    bool isValidation(int64_t episode) const;
};

// What a request came to: the window actually predicted (episode and start
// as clamped), the buffer's episodes, and the prediction, or in `error` why
// there is none (an episode shorter than context + horizon, say).
struct TrajectoryOutcome {
    TrajectoryRequest resolved;
    EpisodeCatalog catalog;
    PredictedTrajectory trajectory;
    QString error;
};

// Opens checkpoints (model and buffer) and predicts windows with them. It
// runs LibTorch, so it is called from worker threads only; calls are served
// one at a time, since a session is not safe to share between threads. The
// last few sessions stay open, so another episode or start only predicts.
class TrajectoryPredictor {
public:
    TrajectoryPredictor();
    ~TrajectoryPredictor();
    TrajectoryPredictor(const TrajectoryPredictor&) = delete;
    TrajectoryPredictor& operator=(const TrajectoryPredictor&) = delete;

    // Blocks while another call runs. Throws rssm::Error when the checkpoint
    // or its buffer cannot be opened, rssm::Cancelled when `progress` says so.
    TrajectoryOutcome predict(const TrajectoryRequest& request, const ProgressReporter& progress);

    static constexpr size_t kOpenSessions = 2;

private:
    EvaluationSession& session(const std::string& checkpointPath, const ProgressReporter& progress);

    std::mutex mutex_;
    std::vector<std::pair<std::string, std::unique_ptr<EvaluationSession>>> sessions_;  // most recently used last
};

}  // namespace rssm::ui
