#pragma once
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <random>
#include <string>

#include <torch/optim/adam.h>

#include "data/SequenceDataset.h"
#include "model/WorldModel.h"
#include "train/Checkpoint.h"
#include "train/DistributedContext.h"
#include "train/RunFolder.h"
#include "train/RuntimeSetup.h"
#include "train/TrainerOptions.h"
#include "train/TrainingMetrics.h"

namespace rssm {

// Start, pause and stop, from another thread, between steps.
struct TrainingControl {
    std::atomic<bool> cancel{false};
    std::atomic<bool> pause{false};
};

// Offline training of the world model on a sequence dataset: Adam with
// gradient-norm clipping and optional warmup, validation on held-out
// episodes, checkpoints, and exact resumption on CPU.
class Trainer {
public:
    Trainer(const SequenceDataset& data, const ModelOptions& model, const TrainerOptions& options);

    WorldModel& model() { return model_; }
    torch::optim::Adam& optimizer() { return *optimizer_; }
    torch::Device device() const { return device_; }
    // LibTorch's intra-op threads and OpenBLAS's, as training.threads chose them.
    const RuntimeSettings& runtime() const { return runtime_; }
    int64_t step() const { return step_; }
    // The generator this run's noise comes from (its own on a CPU, the
    // device's default one elsewhere); saved in checkpoints.
    at::Generator trainingGenerator() const;
    int64_t parameterCount() const;

    // Joins a data-parallel run (before resume(), if any): rank 0's
    // parameters are broadcast, each rank draws its own noise, and from then
    // on every step trains on this rank's shard of the global batch
    // (training.batch_size) and sums the shards' gradients, weighted by
    // their share of it, across the ranks. Only rank 0 writes. The context
    // must outlive the trainer. Throws rssm::Error when the global batch has
    // fewer windows than there are ranks.
    void attach(DistributedContext& dist);
    const DistributedContext& distributed() const { return *dist_; }
    // This rank's rows [begin, end) of every global batch.
    std::pair<int64_t, int64_t> shard() const;

    // One optimisation step. Throws rssm::Error when a loss is not finite.
    // Without `report`, on a GPU, the losses and norm are left unread (no
    // wait for the device): the metrics then hold only step, lr and time.
    TrainingMetrics trainStep(bool report = true);
    // Mean losses over training.val_batches validation batches; the same
    // windows every time, and the training randomness is left untouched.
    std::map<std::string, double> validate();

    // Trains to training.steps, logging to the run folder's metrics.csv and
    // saving rssm_step_<N>.pt every training.save_every steps, at the end and
    // when stopped. A diverged loss stops with an rssm::Error and no new checkpoint.
    void run(const RunFolder& folder, const std::string& configYaml, TrainingObserver* observer, TrainingControl* control);

    // Continues from a checkpoint of this configuration: weights, optimizer,
    // step, random state and wall time.
    void resume(const std::string& checkpointPath);
    std::string save(const RunFolder& folder, const std::string& configYaml);

private:
    torch::Tensor gradNorm();
    torch::Tensor clipGradients();  // to training.grad_clip; the norm before clipping
    void throwIfDiverged(const std::map<std::string, double>& losses) const;
    // The data-parallel step's one all-reduce: the gradients, and in front
    // of them the shard-weighted loss values and whether any rank was told
    // to stop (so that all stop after the same step).
    void reduceAcrossRanks(TrainingMetrics& m, double weight, bool stopHere);
    SequenceBatch onDevice(SequenceBatch batch) const;

    const SequenceDataset& data_;
    TrainerOptions o_;
    torch::Device device_;
    RuntimeSettings runtime_;
    WorldModel model_{nullptr};
    std::unique_ptr<torch::optim::Adam> optimizer_;
    DistributedContext single_;
    DistributedContext* dist_ = &single_;
    bool stopHere_ = false;    // this rank's Ctrl-C, for the next step
    bool anyStopped_ = false;  // some rank's, after the last step
    std::mt19937_64 batchRng_;
    c10::optional<at::Generator> generator_;
    int64_t step_ = 0;
    double wallBefore_ = 0.0;  // training seconds before this process (resumed runs)
    double trainBefore_ = 0.0;      // the same, less pauses
    double pausedSeconds_ = 0.0;    // paused in this process
    double pausedSinceRate_ = 0.0;  // paused since steps/s was last measured
    std::chrono::steady_clock::time_point started_;
    int64_t lastRateStep_ = 0;
    std::chrono::steady_clock::time_point lastRateTime_;
};

}  // namespace rssm
