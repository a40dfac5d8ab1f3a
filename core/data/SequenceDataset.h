#pragma once
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <torch/types.h>

#include "data/Normalizer.h"
#include "data/ReplayBuffer.h"
#include "data/RolloutConfig.h"

namespace rssm {

enum class Split { Train, Validation };

struct SequenceDatasetOptions {
    std::vector<std::string> obsKeys{"state"};  // concatenated, in this order, into the model input
    int64_t seqLen = 64;                        // L actions and L+1 observations per window
    int64_t obsWindow = 1;                      // most recent observations stacked for the posterior
    double valFraction = 0.1;                   // share of whole episodes held out
    uint64_t splitSeed = 0;
    // Normalise with rollout_config.yaml's statistics ("state" for the state
    // key, "action" for actions). FACTR buffers are already normalised.
    bool normalizeObs = false;
    bool normalizeAction = false;
    const RolloutConfig* rollout = nullptr;
};

// A batch of windows. obs[b, t] is the observation at step start+t and
// action[b, t] the action taken there, so action[:, t] leads to obs[:, t+1].
struct SequenceBatch {
    torch::Tensor obs;       // [B, L+1, D] float32: decoder targets
    torch::Tensor obsStack;  // [B, L+1, obsWindow*D]: oldest first, the first observation repeated at an episode start
    torch::Tensor action;    // [B, L, A] float32
    torch::Tensor isFirst;   // [B, L+1] bool: the step begins its episode
    std::vector<int64_t> episode;  // where each window came from
    std::vector<int64_t> start;    // step within that episode
};

// Fixed-length windows over a buffer's episodes, never crossing an episode
// boundary, split by whole episodes into train and validation.
class SequenceDataset {
public:
    // Throws rssm::Error for unknown keys, bad lengths or normalisation
    // statistics that do not match the data.
    SequenceDataset(const ReplayBuffer& buffer, SequenceDatasetOptions options);

    const SequenceDatasetOptions& options() const { return options_; }
    int64_t obsDim() const { return obsDim_; }
    int64_t actionDim() const { return actionDim_; }
    int64_t inputDim() const { return obsDim_ * options_.obsWindow; }

    const std::vector<int64_t>& episodes(Split split) const { return split == Split::Train ? trainEpisodes_ : valEpisodes_; }
    int64_t windowCount(Split split) const { return static_cast<int64_t>(starts(split).size()); }
    // Episodes of the split too short for one window (fewer than L+1 steps).
    int64_t shortEpisodes(Split split) const { return split == Split::Train ? trainShort_ : valShort_; }

    // Uniformly random windows of the split.
    SequenceBatch sample(Split split, int64_t batchSize, std::mt19937_64& rng) const;
    // Rows [begin, end) of that batch: `rng` advances exactly as for the whole
    // batch, so the ranks of a data-parallel run each gather their own shard.
    SequenceBatch sample(Split split, int64_t batchSize, std::mt19937_64& rng, int64_t begin, int64_t end) const;
    // The window of `length` actions starting at step `start` of episode `episode`.
    SequenceBatch window(int64_t episode, int64_t start, int64_t length) const;

    // All steps' model input and actions, [N, D] and [N, A], normalised as asked.
    const torch::Tensor& observations() const { return obs_; }
    const torch::Tensor& actions() const { return actions_; }
    const Normalizer& obsNormalizer() const { return obsNorm_; }
    const Normalizer& actionNormalizer() const { return actionNorm_; }
    const std::vector<int64_t>& episodeOffsets() const { return offsets_; }

private:
    const std::vector<int64_t>& starts(Split split) const { return split == Split::Train ? trainStarts_ : valStarts_; }
    SequenceBatch gather(const std::vector<int64_t>& episodes, const std::vector<int64_t>& starts, int64_t length) const;

    SequenceDatasetOptions options_;
    int64_t obsDim_ = 0;
    int64_t actionDim_ = 0;
    torch::Tensor obs_;
    torch::Tensor actions_;
    Normalizer obsNorm_;
    Normalizer actionNorm_;
    std::vector<int64_t> offsets_;
    std::vector<int64_t> trainEpisodes_, valEpisodes_;
    int64_t trainShort_ = 0, valShort_ = 0;
    // Every valid window as (episode, start within it), packed episode * 2^32 + start.
    std::vector<int64_t> trainStarts_, valStarts_;
};

}  // namespace rssm
