// What `rssm inspect` reports: counts, lengths, per-dimension statistics in
// stored and physical units, and rollout_config.yaml errors.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "TestSupport.h"
#include "data/BufferSource.h"
#include "data/BufferSummary.h"
#include "data/Normalizer.h"
#include "data/RolloutConfig.h"
#include "util/Error.h"

using namespace rssm;
using rssm::test::fixture;

namespace {

const BufferSummary::Key& keyNamed(const BufferSummary& s, const std::string& name) {
    for (const auto& k : s.keys)
        if (k.name == name) return k;
    throw std::runtime_error("no key " + name);
}

TEST(BufferSummary, CountsLengthsAndStatistics) {
    const ReplayBuffer b = loadReplayBuffer(fixture("traj_p4.pkl"));
    const BufferSummary s = BufferSummary::of(b);
    EXPECT_EQ(s.episodes, 3);
    EXPECT_EQ(s.transitions, 16);
    EXPECT_EQ(s.minLength, 4);
    EXPECT_EQ(s.maxLength, 7);
    EXPECT_DOUBLE_EQ(s.meanLength, 16.0 / 3.0);
    EXPECT_EQ(s.stateDim, 6);
    EXPECT_EQ(s.actionDim, 3);

    // By hand: the mean, population std, min and max of state dim 2 over all steps.
    std::vector<double> values;
    for (int e = 0; e < 3; ++e)
        for (int t = 0; t < test::kStandardLengths[e]; ++t) values.push_back(test::stateValue(e, t, 2));
    double mean = 0;
    for (double v : values) mean += v;
    mean /= values.size();
    double var = 0;
    for (double v : values) var += (v - mean) * (v - mean);
    const auto& state = keyNamed(s, "state");
    ASSERT_EQ(state.stats.size(), 6u);
    EXPECT_NEAR(state.stats[2].mean, mean, 1e-12);
    EXPECT_NEAR(state.stats[2].std, std::sqrt(var / values.size()), 1e-12);
    EXPECT_EQ(state.stats[2].min, test::stateValue(0, 0, 2));
    EXPECT_EQ(state.stats[2].max, test::stateValue(2, 3, 2));
    EXPECT_EQ(state.stats[2].nonFinite, 0);
    EXPECT_EQ(state.dtype, "<f8");
    EXPECT_EQ(state.shape, std::vector<int64_t>{6});
}

TEST(BufferSummary, PhysicalUnitsUseTheRolloutConfig) {
    const ReplayBuffer b = loadReplayBuffer(fixture("traj_p4.pkl"));
    const RolloutConfig rollout = RolloutConfig::load(fixture("rollout_config.yaml"));
    const NormStats* norm = rollout.stats("state");
    ASSERT_NE(norm, nullptr);
    const BufferSummary s = BufferSummary::of(b, &rollout);
    const auto& state = keyNamed(s, "state");
    ASSERT_EQ(state.physicalStats.size(), 6u);
    for (int d = 0; d < 6; ++d) {
        EXPECT_NEAR(state.physicalStats[d].mean, state.stats[d].mean * norm->std[d] + norm->mean[d], 1e-9);
        EXPECT_NEAR(state.physicalStats[d].std, state.stats[d].std * norm->std[d], 1e-9);
        EXPECT_NEAR(state.physicalStats[d].max, state.stats[d].max * norm->std[d] + norm->mean[d], 1e-9);
    }
}

TEST(BufferSummary, JsonHasTheDocumentedKeys) {
    const BufferSummary s = BufferSummary::of(loadReplayBuffer(fixture("camera_p4.pkl")));
    const std::string text = s.toJson();
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1) << "one line:\n" << text;
    const nlohmann::json json = nlohmann::json::parse(text);
    EXPECT_EQ(json.at("episodes"), 3);
    EXPECT_EQ(json.at("transitions"), 16);
    EXPECT_EQ(json.at("state_dim"), 6);
    EXPECT_EQ(json.at("action_dim"), 3);
    EXPECT_EQ(json.at("episode_length").at("min"), 4);
    EXPECT_EQ(json.at("keys").at("enc_cam_0").at("role"), "frames");
    EXPECT_EQ(json.at("keys").at("state").at("stats").at("mean").size(), 6u);
    EXPECT_EQ(json.at("camera_frames"), 16);
    EXPECT_TRUE(json.at("warnings").empty());
}

TEST(BufferSummary, NonFiniteValuesAreCountedAndLeftOut) {
    ReplayBuffer b;
    b.setEpisodeLengths({3});
    NumericColumn& c = b.addObservation("state", DType{ScalarType::Float64, false}, {1});
    const double values[] = {1.0, NAN, 3.0};
    for (int s = 0; s < 3; ++s) c.setStep(s, reinterpret_cast<const uint8_t*>(&values[s]), false);
    const auto stats = computeDimensionStats(c);
    EXPECT_EQ(stats[0].nonFinite, 1);
    EXPECT_EQ(stats[0].count, 2);
    EXPECT_DOUBLE_EQ(stats[0].mean, 2.0);
    EXPECT_DOUBLE_EQ(stats[0].max, 3.0);
}

TEST(RolloutConfig, ErrorsNameTheFileAndKey) {
    test::TempDir dir;
    const std::string path = dir.file("rollout_config.yaml");
    std::ofstream(path) << "norm_stats:\n  state:\n    mean: [0.0, 1.0]\n    std: [1.0, oops]\n";
    try {
        RolloutConfig::load(path);
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find(path + ": norm_stats.state.std[1]: expected a number"), std::string::npos) << e.what();
    }
    std::ofstream(path, std::ios::trunc) << "norm_stats:\n  state:\n    mean: [0.0, 1.0]\n    std: [1.0]\n";
    EXPECT_THROW(RolloutConfig::load(path), Error);
    EXPECT_THROW(RolloutConfig::load(dir.file("missing.yaml")), Error);
}

TEST(Normalizer, RoundTripsAndRefusesWrongWidths) {
    NormStats stats{{1.0, -2.0}, {2.0, 0.0}};
    const Normalizer n(stats, 2, "state");
    float row[2] = {5.0f, -2.0f};
    n.normalize(row, 1);
    EXPECT_FLOAT_EQ(row[0], 2.0f);
    EXPECT_FLOAT_EQ(row[1], 0.0f);  // a zero std does not divide by zero
    n.denormalize(row, 1);
    EXPECT_FLOAT_EQ(row[0], 5.0f);
    EXPECT_FLOAT_EQ(row[1], -2.0f);
    EXPECT_THROW(Normalizer(stats, 3, "state"), Error);
}

}  // namespace
