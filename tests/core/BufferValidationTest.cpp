// Bad data that passes inspect but would break training: named before the
// first step (file, episode, step, key), and reported by inspect as warnings.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <string>

#include "data/BufferSummary.h"
#include "data/BufferValidation.h"
#include "data/DimensionStats.h"
#include "data/ReplayBuffer.h"
#include "util/Error.h"

namespace rssm {
namespace {

// Two episodes of 3 steps; `state` has `width` float64 values per step.
ReplayBuffer buffer(int64_t width, double badValue = 0.0, int64_t badStep = -1) {
    ReplayBuffer b;
    b.setSource("bad.pkl", "pickle");
    b.setEpisodeLengths({3, 3});
    NumericColumn& s = b.addObservation("state", DType{ScalarType::Float64, false}, {width});
    for (int64_t t = 0; t < 6; ++t) {
        std::vector<double> v(static_cast<size_t>(width), static_cast<double>(t));
        if (t == badStep && width > 1) v[1] = badValue;
        s.setStep(t, reinterpret_cast<const uint8_t*>(v.data()), false);
    }
    NumericColumn& a = b.setActions(DType{ScalarType::Float32, false}, {2});
    const float act[] = {0.5f, -0.5f};
    for (int64_t t = 0; t < 6; ++t) a.setStep(t, reinterpret_cast<const uint8_t*>(act), false);
    b.setRewards(DType{ScalarType::Float64, false});
    return b;
}

std::string trainingError(const ReplayBuffer& b) {
    try {
        validateForTraining(b, {"state", "action"});
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

TEST(BufferValidation, AGoodBufferPasses) {
    EXPECT_EQ(trainingError(buffer(3)), "");
    EXPECT_TRUE(BufferSummary::of(buffer(3)).warnings.empty());
}

TEST(BufferValidation, ZeroWidthStateIsNamedBeforeTraining) {
    const std::string e = trainingError(buffer(0));
    EXPECT_NE(e.find("bad.pkl: obs 'state' has 0 values per step"), std::string::npos) << e;
    const BufferSummary s = BufferSummary::of(buffer(0));
    ASSERT_EQ(s.warnings.size(), 1u);
    EXPECT_NE(s.toText().find("warnings"), std::string::npos);
    const nlohmann::json json = nlohmann::json::parse(s.toJson());
    ASSERT_EQ(json.at("warnings").size(), 1u) << json;
    EXPECT_NE(json.at("warnings")[0].get<std::string>().find("bad.pkl: obs 'state' has 0 values per step"), std::string::npos) << json;
}

TEST(BufferValidation, NanInfAndHugeValuesAreNamedByEpisodeStepKeyAndElement) {
    const struct { double value; const char* text; } cases[] = {
        {std::nan(""), "is nan"}, {INFINITY, "is inf"}, {-INFINITY, "is -inf"}, {1e300, "is 1e+300"}, {-1e39, "is -1e+39"}};
    for (const auto& c : cases) {
        const ReplayBuffer b = buffer(3, c.value, 4);  // episode 1, step 1
        const std::string e = trainingError(b);
        EXPECT_NE(e.find("bad.pkl: episode 1, step 1, obs 'state' element 1 " + std::string(c.text)), std::string::npos) << e;
        const BufferSummary s = BufferSummary::of(b);
        ASSERT_EQ(s.warnings.size(), 1u) << c.text;
        EXPECT_EQ(s.warnings[0], e);
    }
    // float32's largest value itself is fine.
    EXPECT_EQ(trainingError(buffer(3, std::numeric_limits<float>::max(), 2)), "");
}

TEST(BufferValidation, StdOfValuesNearTheLargestDoubleIsInfLikeNumpy) {
    ReplayBuffer b;
    b.setEpisodeLengths({4});
    NumericColumn& c = b.addObservation("x", DType{ScalarType::Float64, false}, {});
    const double values[] = {1e300, -1e300, 1.7e308, -1.7e308};
    for (int64_t t = 0; t < 4; ++t) c.setStep(t, reinterpret_cast<const uint8_t*>(&values[t]), false);
    const DimensionStats st = computeDimensionStats(c)[0];
    EXPECT_EQ(st.count, 4);
    EXPECT_TRUE(std::isinf(st.std) && st.std > 0) << st.std;  // numpy: inf (the squares overflow)
    EXPECT_LT(std::fabs(st.mean), 1e295);  // 0, up to rounding at this scale
    EXPECT_EQ(st.min, -1.7e308);
    EXPECT_EQ(st.max, 1.7e308);
    // Equal huge values: no spread at all.
    const double same = 1.7e308;
    for (int64_t t = 0; t < 4; ++t) c.setStep(t, reinterpret_cast<const uint8_t*>(&same), false);
    const DimensionStats flat = computeDimensionStats(c)[0];
    EXPECT_EQ(flat.std, 0.0);
    EXPECT_EQ(flat.mean, 1.7e308);
}

}  // namespace
}  // namespace rssm
