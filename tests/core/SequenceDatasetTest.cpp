// Windows over hand-made episodes: boundaries, the action[t] -> obs[t+1]
// alignment, observation stacking, the split, and seeded sampling.
#include <gtest/gtest.h>

#include <set>

#include <torch/torch.h>

#include "data/SequenceDataset.h"
#include "util/Error.h"

using namespace rssm;

namespace {

// Episodes of the given lengths; obs = 1000*episode + step (2 dims: value and
// its negative), action = the obs value + 0.5 (so a batch shows which step
// each entry came from).
ReplayBuffer handMade(const std::vector<int64_t>& lengths) {
    ReplayBuffer b;
    b.setEpisodeLengths(lengths);
    const DType f8{ScalarType::Float64, false};
    NumericColumn& state = b.addObservation("state", f8, {2});
    NumericColumn& goals = b.addObservation("goals", f8, {1});
    NumericColumn& action = b.setActions(f8, {1});
    b.setRewards(f8);
    for (size_t e = 0; e < lengths.size(); ++e) {
        for (int64_t t = 0; t < lengths[e]; ++t) {
            const int64_t s = b.episodeStart(static_cast<int64_t>(e)) + t;
            const double v = 1000.0 * e + t;
            const double sv[2] = {v, -v}, g = 7.0, a = v + 0.5;
            state.setStep(s, reinterpret_cast<const uint8_t*>(sv), false);
            goals.setStep(s, reinterpret_cast<const uint8_t*>(&g), false);
            action.setStep(s, reinterpret_cast<const uint8_t*>(&a), false);
        }
    }
    return b;
}

SequenceDatasetOptions options(int64_t seqLen, int64_t window = 1, double val = 0.0) {
    SequenceDatasetOptions o;
    o.seqLen = seqLen;
    o.obsWindow = window;
    o.valFraction = val;
    return o;
}

TEST(SequenceDataset, WindowsNeverCrossEpisodes) {
    const ReplayBuffer b = handMade({10, 3, 8});
    const SequenceDataset ds(b, options(4));
    // Windows need 5 steps: 6 from the first episode, 4 from the third, none from the second.
    EXPECT_EQ(ds.windowCount(Split::Train), 6 + 4);
    EXPECT_EQ(ds.shortEpisodes(Split::Train), 1);
    std::mt19937_64 rng(3);
    const SequenceBatch batch = ds.sample(Split::Train, 256, rng);
    ASSERT_EQ(batch.obs.sizes(), (std::vector<int64_t>{256, 5, 2}));
    const auto obs = batch.obs.select(2, 0);
    for (int64_t i = 0; i < 256; ++i) {
        const int64_t episode = static_cast<int64_t>(obs[i][0].item<float>()) / 1000;
        EXPECT_NE(episode, 1);
        EXPECT_EQ(episode, batch.episode[i]);
        for (int64_t t = 0; t < 5; ++t)  // consecutive steps of one episode
            EXPECT_EQ(obs[i][t].item<float>(), 1000.0f * episode + batch.start[i] + t);
    }
}

TEST(SequenceDataset, ActionAtTLeadsToObsAtTPlusOne) {
    const ReplayBuffer b = handMade({12});
    const SequenceDataset ds(b, options(5));
    const SequenceBatch w = ds.window(0, 3, 5);
    ASSERT_EQ(w.obs.sizes(), (std::vector<int64_t>{1, 6, 2}));
    ASSERT_EQ(w.action.sizes(), (std::vector<int64_t>{1, 5, 1}));
    for (int64_t t = 0; t < 5; ++t) {
        // The action recorded at obs[t]'s step is the one that produced obs[t+1].
        EXPECT_EQ(w.action[0][t][0].item<float>(), w.obs[0][t][0].item<float>() + 0.5f);
        EXPECT_EQ(w.obs[0][t + 1][0].item<float>(), 3.0f + t + 1);
    }
    EXPECT_FALSE(w.isFirst.any().item<bool>());
    EXPECT_TRUE(ds.window(0, 0, 5).isFirst[0][0].item<bool>());
    EXPECT_THROW(ds.window(0, 7, 5), Error);  // 7 + 5 + 1 > 12 steps
}

TEST(SequenceDataset, ObsWindowStacksOldestFirstAndRepeatsTheFirstAtAStart) {
    const ReplayBuffer b = handMade({6, 6});
    const SequenceDataset ds(b, options(3, 3));
    EXPECT_EQ(ds.inputDim(), 6);
    const SequenceBatch w = ds.window(1, 0, 3);
    ASSERT_EQ(w.obsStack.sizes(), (std::vector<int64_t>{1, 4, 6}));
    auto valuesAt = [&](int64_t t) {
        std::vector<float> v;
        for (int64_t j = 0; j < 3; ++j) v.push_back(w.obsStack[0][t][2 * j].item<float>());
        return v;
    };
    EXPECT_EQ(valuesAt(0), (std::vector<float>{1000, 1000, 1000}));
    EXPECT_EQ(valuesAt(1), (std::vector<float>{1000, 1000, 1001}));
    EXPECT_EQ(valuesAt(3), (std::vector<float>{1001, 1002, 1003}));
    // The stacked window never reaches into the previous episode.
    EXPECT_EQ(w.obsStack.select(2, 0).min().item<float>(), 1000.0f);
}

TEST(SequenceDataset, ObservationKeysAreConcatenated) {
    const ReplayBuffer b = handMade({6});
    SequenceDatasetOptions o = options(2);
    o.obsKeys = {"state", "goals"};
    const SequenceDataset ds(b, o);
    EXPECT_EQ(ds.obsDim(), 3);
    EXPECT_EQ(ds.window(0, 1, 2).obs[0][0][2].item<float>(), 7.0f);
    o.obsKeys = {"state", "velocity"};
    EXPECT_THROW(SequenceDataset(b, o), Error);
}

TEST(SequenceDataset, SplitIsSeededDisjointAndByWholeEpisodes) {
    const ReplayBuffer b = handMade(std::vector<int64_t>(20, 8));
    SequenceDatasetOptions o = options(4, 1, 0.25);
    o.splitSeed = 11;
    const SequenceDataset a(b, o), again(b, o);
    EXPECT_EQ(a.episodes(Split::Validation).size(), 5u);
    EXPECT_EQ(a.episodes(Split::Validation), again.episodes(Split::Validation));
    std::set<int64_t> train(a.episodes(Split::Train).begin(), a.episodes(Split::Train).end());
    for (int64_t e : a.episodes(Split::Validation)) EXPECT_EQ(train.count(e), 0u);
    EXPECT_EQ(train.size() + a.episodes(Split::Validation).size(), 20u);
    o.splitSeed = 12;
    EXPECT_NE(SequenceDataset(b, o).episodes(Split::Validation), a.episodes(Split::Validation));
    std::mt19937_64 rng(0);
    const auto val = a.sample(Split::Validation, 64, rng);
    for (int64_t e : val.episode) EXPECT_EQ(train.count(e), 0u);
}

TEST(SequenceDataset, SamplingIsReproducibleFromTheSeed) {
    const ReplayBuffer b = handMade({30, 30});
    const SequenceDataset ds(b, options(8));
    std::mt19937_64 r1(42), r2(42);
    EXPECT_TRUE(torch::equal(ds.sample(Split::Train, 16, r1).obs, ds.sample(Split::Train, 16, r2).obs));
}

TEST(SequenceDataset, TooShortEverywhereIsAClearError) {
    const ReplayBuffer b = handMade({4, 5});
    try {
        SequenceDataset(b, options(64));
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("data.seq_len=64"), std::string::npos) << e.what();
    }
}

}  // namespace
