#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/Config.h"
#include "data/ReplayBuffer.h"
#include "data/RolloutConfig.h"
#include "data/SequenceDataset.h"
#include "model/ModelOptions.h"
#include "train/RunFolder.h"
#include "train/Trainer.h"
#include "util/Progress.h"

namespace rssm {

// The config's keys as the parts' options.
ModelOptions modelOptionsFrom(const Config& config, int64_t obsDim, int64_t actionDim);
TrainerOptions trainerOptionsFrom(const Config& config);
SequenceDatasetOptions datasetOptionsFrom(const Config& config, const RolloutConfig* rollout);

// Everything a training run needs, set up from a config: the buffer, its
// rollout_config.yaml, the sequence dataset, the trainer and the run folder.
// The command line and the window both train through this.
class TrainingSession {
public:
    // A new run. Buffer paths are made absolute in the run's config.yaml, so
    // the run can be resumed and evaluated from anywhere. Throws rssm::Error.
    // With `dist` (a data-parallel rank, outliving the session) only rank 0
    // creates and writes the folder; every rank must see the buffer.
    static std::unique_ptr<TrainingSession> start(Config config, const ProgressReporter* loading = nullptr,
                                                  DistributedContext* dist = nullptr);
    // Continues the run in `runDir` from its newest checkpoint that loads (a
    // newer one that does not, say one truncated by a full disk, is named in
    // notes()); overrides (say training.steps=20000) apply on top of its config.yaml.
    // Every rank of a data-parallel resume reads the run folder (a shared file system).
    static std::unique_ptr<TrainingSession> resume(const std::string& runDir, const std::vector<std::string>& overrides,
                                                   const ProgressReporter* loading = nullptr, DistributedContext* dist = nullptr);

    void run(TrainingObserver* observer, TrainingControl* control);

    const Config& config() const { return config_; }
    const ReplayBuffer& buffer() const { return *buffer_; }
    const SequenceDataset& dataset() const { return *dataset_; }
    Trainer& trainer() { return *trainer_; }
    const RunFolder& folder() const { return *folder_; }
    // What train_logging.yaml records about the run's machine and data.
    std::string describe() const;
    // What setting up did that the user should hear of: stale temporaries of
    // killed writers removed, a checkpoint that did not load and was skipped.
    const std::vector<std::string>& notes() const { return notes_; }
    // Which rollout_config.yaml the run uses and why (the buffer's own when
    // none was named), for the log; empty for a resumed run.
    const std::string& rolloutNote() const { return rolloutNote_; }

private:
    TrainingSession() = default;
    void setUp(const ProgressReporter* loading, DistributedContext* dist);
    void makeTrainer(DistributedContext* dist);
    void removeStaleTemporaries();

    Config config_;
    std::unique_ptr<ReplayBuffer> buffer_;
    std::optional<RolloutConfig> rollout_;
    std::string rolloutNote_;
    std::unique_ptr<SequenceDataset> dataset_;
    std::unique_ptr<Trainer> trainer_;
    std::optional<RunFolder> folder_;
    std::vector<std::string> notes_;
};

}  // namespace rssm
