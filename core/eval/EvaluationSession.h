#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/Config.h"
#include "data/ReplayBuffer.h"
#include "data/RolloutConfig.h"
#include "data/SequenceDataset.h"
#include "eval/Evaluator.h"
#include "model/WorldModel.h"
#include "train/Checkpoint.h"
#include "util/Progress.h"

namespace rssm {

// A checkpoint made ready to evaluate: its model rebuilt from the config it
// carries, the buffer it was trained on (or eval.buffer_path) cut the same
// way, so "validation" means the episodes held out in training.
class EvaluationSession {
public:
    // `evalConfig` supplies eval.*; the checkpoint supplies data.* and model.*.
    static std::unique_ptr<EvaluationSession> open(const Config& evalConfig, const ProgressReporter* loading = nullptr);
    static std::unique_ptr<EvaluationSession> open(const std::string& checkpointPath, const Config& evalConfig,
                                                   const ProgressReporter* loading = nullptr);

    const std::string& checkpointPath() const { return checkpointPath_; }
    const CheckpointInfo& checkpoint() const { return info_; }
    const Config& runConfig() const { return runConfig_; }
    WorldModel& model() { return model_; }
    const ReplayBuffer& buffer() const { return *buffer_; }
    const SequenceDataset& dataset() const { return *dataset_; }
    Evaluator& evaluator() { return *evaluator_; }
    // "state[0]", ..., one per model input dimension.
    const std::vector<std::string>& dimNames() const { return dimNames_; }
    const RolloutConfig* rollout() const { return rollout_ ? &*rollout_ : nullptr; }

    EvalResult evaluate(const ProgressReporter* progress = nullptr);

private:
    EvaluationSession() = default;

    std::string checkpointPath_;
    CheckpointInfo info_;
    Config runConfig_;
    WorldModel model_{nullptr};
    std::unique_ptr<ReplayBuffer> buffer_;
    std::optional<RolloutConfig> rollout_;
    std::unique_ptr<SequenceDataset> dataset_;
    std::unique_ptr<Evaluator> evaluator_;
    std::vector<std::string> dimNames_;
};

EvalOptions evalOptionsFrom(const Config& config);

}  // namespace rssm
