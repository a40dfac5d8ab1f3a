#include "data/SequenceDataset.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <torch/torch.h>

#include "util/Error.h"

namespace rssm {

namespace {

constexpr int64_t kStartBits = 32;
int64_t pack(int64_t episode, int64_t start) { return (episode << kStartBits) | start; }
int64_t episodeOf(int64_t packed) { return packed >> kStartBits; }
int64_t startOf(int64_t packed) { return packed & ((int64_t{1} << kStartBits) - 1); }

Normalizer normalizerFor(const SequenceDatasetOptions& o, const std::string& key, bool enabled, int64_t width) {
    if (!enabled) return Normalizer::identity(width);
    if (!o.rollout) throw Error("normalising '" + key + "' needs rollout_config.yaml (data.rollout_config_path)");
    const NormStats* stats = o.rollout->stats(key);
    if (!stats) throw Error(o.rollout->path + ": norm_stats has no '" + key + "' entry to normalise with");
    return Normalizer(*stats, width, o.rollout->path + ": norm_stats." + key);
}

}  // namespace

SequenceDataset::SequenceDataset(const ReplayBuffer& buffer, SequenceDatasetOptions options) : options_(std::move(options)) {
    const auto& o = options_;
    if (o.seqLen < 1) throw Error("data.seq_len must be at least 1, got " + std::to_string(o.seqLen));
    if (o.obsWindow < 1) throw Error("model.obs_window must be at least 1, got " + std::to_string(o.obsWindow));
    if (o.valFraction < 0.0 || o.valFraction >= 1.0) throw Error("data.val_fraction must be in [0, 1), got " + std::to_string(o.valFraction));
    if (o.obsKeys.empty()) throw Error("data.obs_keys names no observation key");

    const int64_t n = buffer.transitionCount();
    obsDim_ = buffer.widthOf(o.obsKeys);
    actionDim_ = buffer.actions().width();
    obs_ = torch::empty({n, obsDim_}, torch::kFloat32);
    actions_ = torch::empty({n, actionDim_}, torch::kFloat32);
    buffer.copyToFloat(o.obsKeys, 0, n, obs_.data_ptr<float>());
    buffer.copyToFloat({"action"}, 0, n, actions_.data_ptr<float>());

    // Only the single-key "state" input has statistics in rollout_config.yaml.
    const std::string obsStatsKey = o.obsKeys.size() == 1 ? o.obsKeys[0] : "state";
    if (o.normalizeObs && o.obsKeys.size() != 1) throw Error("data.normalize_obs works on a single observation key, not " + std::to_string(o.obsKeys.size()));
    obsNorm_ = normalizerFor(o, obsStatsKey, o.normalizeObs, obsDim_);
    actionNorm_ = normalizerFor(o, "action", o.normalizeAction, actionDim_);
    if (o.normalizeObs) obsNorm_.normalize(obs_.data_ptr<float>(), n);
    if (o.normalizeAction) actionNorm_.normalize(actions_.data_ptr<float>(), n);

    // Whole episodes to validation, chosen by a seeded shuffle.
    offsets_ = buffer.episodeOffsets();
    const int64_t episodes = buffer.episodeCount();
    std::vector<int64_t> order(static_cast<size_t>(episodes));
    std::iota(order.begin(), order.end(), 0);
    std::mt19937_64 splitRng(o.splitSeed);
    std::shuffle(order.begin(), order.end(), splitRng);
    int64_t valCount = static_cast<int64_t>(std::llround(o.valFraction * static_cast<double>(episodes)));
    if (o.valFraction > 0.0 && episodes >= 2) valCount = std::max<int64_t>(valCount, 1);
    valCount = std::min(valCount, episodes - 1);
    valEpisodes_.assign(order.begin(), order.begin() + valCount);
    trainEpisodes_.assign(order.begin() + valCount, order.end());
    std::sort(valEpisodes_.begin(), valEpisodes_.end());
    std::sort(trainEpisodes_.begin(), trainEpisodes_.end());

    auto collect = [&](const std::vector<int64_t>& eps, std::vector<int64_t>& starts, int64_t& shortCount) {
        for (int64_t e : eps) {
            const int64_t length = buffer.episodeLength(e);
            if (length < o.seqLen + 1) { ++shortCount; continue; }
            for (int64_t t = 0; t + o.seqLen + 1 <= length; ++t) starts.push_back(pack(e, t));
        }
    };
    collect(trainEpisodes_, trainStarts_, trainShort_);
    collect(valEpisodes_, valStarts_, valShort_);
    if (trainStarts_.empty()) {
        int64_t longest = 0;
        for (int64_t e = 0; e < episodes; ++e) longest = std::max(longest, buffer.episodeLength(e));
        throw Error("no training episode has the " + std::to_string(o.seqLen + 1) + " steps a window of data.seq_len=" +
                    std::to_string(o.seqLen) + " needs (the longest has " + std::to_string(longest) + ")");
    }
}

SequenceBatch SequenceDataset::sample(Split split, int64_t batchSize, std::mt19937_64& rng) const {
    return sample(split, batchSize, rng, 0, batchSize);
}

SequenceBatch SequenceDataset::sample(Split split, int64_t batchSize, std::mt19937_64& rng, int64_t begin, int64_t end) const {
    const auto& all = starts(split);
    if (all.empty()) throw Error(std::string("the ") + (split == Split::Train ? "training" : "validation") + " split has no windows");
    std::uniform_int_distribution<size_t> pick(0, all.size() - 1);
    std::vector<int64_t> episodes, startsIn;
    episodes.reserve(batchSize);
    startsIn.reserve(batchSize);
    for (int64_t b = 0; b < batchSize; ++b) {
        const int64_t packed = all[pick(rng)];
        if (b < begin || b >= end) continue;
        episodes.push_back(episodeOf(packed));
        startsIn.push_back(startOf(packed));
    }
    return gather(episodes, startsIn, options_.seqLen);
}

SequenceBatch SequenceDataset::window(int64_t episode, int64_t start, int64_t length) const {
    if (episode < 0 || episode + 1 >= static_cast<int64_t>(offsets_.size())) throw Error("episode " + std::to_string(episode) + " does not exist");
    const int64_t steps = offsets_[episode + 1] - offsets_[episode];
    if (start < 0 || length < 1 || start + length + 1 > steps)
        throw Error("a window of " + std::to_string(length) + " actions from step " + std::to_string(start) + " does not fit episode " +
                    std::to_string(episode) + " of " + std::to_string(steps) + " steps");
    return gather({episode}, {start}, length);
}

SequenceBatch SequenceDataset::gather(const std::vector<int64_t>& episodes, const std::vector<int64_t>& startsIn, int64_t length) const {
    const int64_t batch = static_cast<int64_t>(episodes.size());
    const int64_t steps = length + 1;
    const int64_t k = options_.obsWindow;
    auto rows = torch::empty({batch, steps}, torch::kInt64);
    auto stackRows = torch::empty({batch, steps, k}, torch::kInt64);
    auto first = torch::zeros({batch, steps}, torch::kBool);
    int64_t* r = rows.data_ptr<int64_t>();
    int64_t* sr = stackRows.data_ptr<int64_t>();
    bool* f = first.data_ptr<bool>();
    for (int64_t b = 0; b < batch; ++b) {
        const int64_t episodeStart = offsets_[episodes[b]];
        const int64_t base = episodeStart + startsIn[b];
        for (int64_t t = 0; t < steps; ++t) {
            const int64_t row = base + t;
            r[b * steps + t] = row;
            f[b * steps + t] = row == episodeStart;
            // Oldest first; before the episode began, repeat its first observation.
            for (int64_t j = 0; j < k; ++j) sr[(b * steps + t) * k + j] = std::max(row - (k - 1 - j), episodeStart);
        }
    }
    SequenceBatch out;
    out.obs = obs_.index_select(0, rows.view({-1})).view({batch, steps, obsDim_});
    out.obsStack = k == 1 ? out.obs : obs_.index_select(0, stackRows.view({-1})).view({batch, steps, k * obsDim_});
    out.action = actions_.index_select(0, rows.narrow(1, 0, length).reshape({-1})).view({batch, length, actionDim_});
    out.isFirst = first;
    out.episode = episodes;
    out.start = startsIn;
    return out;
}

}  // namespace rssm
