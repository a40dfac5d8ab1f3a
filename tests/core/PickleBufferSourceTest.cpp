// Reading FACTR buffers: every protocol, numpy 1 and 2 names, dtypes, byte
// orders, layouts and reward kinds, checked value by value.
#include <gtest/gtest.h>

#include "TestSupport.h"
#include "data/BufferSource.h"
#include "util/Error.h"

using namespace rssm;
using rssm::test::fixture;

namespace {

void expectStandardBuffer(const ReplayBuffer& b, const std::string& what) {
    SCOPED_TRACE(what);
    ASSERT_EQ(b.episodeCount(), 3);
    EXPECT_EQ(b.transitionCount(), 16);
    for (int e = 0; e < 3; ++e) EXPECT_EQ(b.episodeLength(e), test::kStandardLengths[e]);
    const NumericColumn* state = b.observation("state");
    ASSERT_NE(state, nullptr);
    ASSERT_EQ(state->width(), 6);
    ASSERT_EQ(b.actions().width(), 3);
    for (int e = 0; e < 3; ++e) {
        for (int t = 0; t < b.episodeLength(e); ++t) {
            const int64_t s = b.episodeStart(e) + t;
            for (int d = 0; d < 6; ++d) ASSERT_EQ(state->value(s, d), test::stateValue(e, t, d)) << "e" << e << " t" << t << " d" << d;
            for (int d = 0; d < 3; ++d) ASSERT_EQ(b.actions().value(s, d), test::actionValue(e, t, d)) << "e" << e << " t" << t;
            EXPECT_EQ(b.rewards().value(s, 0), t + 1 == b.episodeLength(e) ? 1.0 : 0.0);
        }
    }
}

class StandardFixture : public ::testing::TestWithParam<const char*> {};

TEST_P(StandardFixture, ReadsEveryValue) {
    const ReplayBuffer b = loadReplayBuffer(fixture(GetParam()));
    expectStandardBuffer(b, GetParam());
    EXPECT_EQ(b.observation("state")->dtype().str(), "<f8");
    EXPECT_EQ(b.rewards().dtype().type, ScalarType::Bool);
}

INSTANTIATE_TEST_SUITE_P(Protocols, StandardFixture,
                         ::testing::Values("traj_p2.pkl", "traj_p3.pkl", "traj_p4.pkl", "traj_p5.pkl", "traj_p2_numpy2.pkl",
                                           "traj_p4_numpy2.pkl", "traj_p5_numpy2.pkl", "flat_isfirst_p4.pkl"));

TEST(PickleBufferSource, Float32KeepsItsDtype) {
    const ReplayBuffer b = loadReplayBuffer(fixture("float32_p4.pkl"));
    expectStandardBuffer(b, "float32");
    EXPECT_EQ(b.observation("state")->dtype().code(), "f4");
    EXPECT_EQ(b.actions().dtype().code(), "f4");
}

TEST(PickleBufferSource, BigEndianIsReadInItsOwnByteOrder) {
    for (const char* name : {"bigendian_p4.pkl", "bigendian_p2.pkl"}) {
        const ReplayBuffer b = loadReplayBuffer(fixture(name));
        expectStandardBuffer(b, name);
        EXPECT_EQ(b.observation("state")->dtype().str(), ">f8");  // views keep the file's order
        EXPECT_EQ(b.actions().dtype().str(), ">f4");
        std::vector<float> row(9);
        b.copyToFloat({"state", "action"}, b.episodeStart(1) + 2, 1, row.data());
        EXPECT_EQ(row[5], static_cast<float>(test::stateValue(1, 2, 5)));
        EXPECT_EQ(row[8], static_cast<float>(test::actionValue(1, 2, 2)));
    }
}

TEST(PickleBufferSource, ComposesTheModelInputFromKeys) {
    const ReplayBuffer b = loadReplayBuffer(fixture("goals_p4.pkl"));
    ASSERT_EQ(b.widthOf({"state", "goals"}), 8);
    std::vector<float> rows(2 * 8);
    b.copyToFloat({"state", "goals"}, b.episodeStart(2), 2, rows.data());
    EXPECT_EQ(rows[0], static_cast<float>(test::stateValue(2, 0, 0)));
    EXPECT_EQ(rows[6], 2.0f);          // goals[0] of episode 2
    EXPECT_EQ(rows[8 + 7], 2.5f);      // goals[1], next step
    EXPECT_THROW(b.widthOf({"state", "velocity"}), Error);
}

TEST(PickleBufferSource, FortranOrderIsReadInLogicalOrder) {
    for (const char* name : {"fortran_p4.pkl", "fortran_p5.pkl"}) {
        const ReplayBuffer b = loadReplayBuffer(fixture(name));
        expectStandardBuffer(b, name);
        EXPECT_EQ(b.observation("state")->stepShape(), (std::vector<int64_t>{2, 3}));
    }
}

TEST(PickleBufferSource, NumpyScalarRewards) {
    for (const char* name : {"scalar_rewards_p4.pkl", "scalar_rewards_p2.pkl"}) {
        SCOPED_TRACE(name);
        const ReplayBuffer b = loadReplayBuffer(fixture(name));
        ASSERT_EQ(b.episodeCount(), 3);
        EXPECT_EQ(b.rewards().dtype().type, ScalarType::Float64);  // mixed kinds become float64
        for (int e = 0; e < 3; ++e)
            for (int t = 0; t < b.episodeLength(e); ++t)
                EXPECT_EQ(b.rewards().value(b.episodeStart(e) + t, 0), t + 1 == b.episodeLength(e) ? 1.0 : 0.0);
    }
}

TEST(PickleBufferSource, GoalsAreASecondObservationKey) {
    const ReplayBuffer b = loadReplayBuffer(fixture("goals_p4.pkl"));
    expectStandardBuffer(b, "goals");
    const NumericColumn* goals = b.observation("goals");
    ASSERT_NE(goals, nullptr);
    ASSERT_EQ(goals->width(), 2);
    EXPECT_EQ(goals->value(b.episodeStart(2) + 1, 1), 2 + 0.5);
}

TEST(PickleBufferSource, EveryNumericDtype) {
    for (const char* name : {"dtypes_p4.pkl", "dtypes_p5.pkl"}) {
        SCOPED_TRACE(name);
        const ReplayBuffer b = loadReplayBuffer(fixture(name));
        ASSERT_EQ(b.episodeCount(), 1);
        ASSERT_EQ(b.transitionCount(), 4);
        for (const char* key : {"k_i1", "k_i2", "k_i4", "k_i8", "k_u1", "k_u2", "k_u4", "k_u8", "k_f2", "k_f4", "k_f8"}) {
            const NumericColumn* c = b.observation(key);
            ASSERT_NE(c, nullptr) << key;
            EXPECT_EQ(c->dtype().code(), std::string(key).substr(2)) << key;
            for (int t = 0; t < 4; ++t)
                for (int d = 0; d < 3; ++d) EXPECT_EQ(c->value(t, d), t * 3 + d) << key << " t" << t << " d" << d;
        }
        const NumericColumn* flags = b.observation("k_bool");
        ASSERT_NE(flags, nullptr);
        EXPECT_EQ(flags->dtype().type, ScalarType::Bool);
        for (int t = 0; t < 4; ++t)
            for (int d = 0; d < 3; ++d) EXPECT_EQ(flags->value(t, d), (t + d) % 2 == 1 ? 1.0 : 0.0);
        ASSERT_NE(b.observation("k_scalar0d"), nullptr);
        EXPECT_TRUE(b.observation("k_scalar0d")->stepShape().empty());
        EXPECT_EQ(b.observation("k_empty")->width(), 0);
    }
}

TEST(PickleBufferSource, CameraFramesAreKeptAsBytes) {
    for (const char* name : {"camera_p4.pkl", "camera_p5.pkl"}) {
        SCOPED_TRACE(name);
        const ReplayBuffer b = loadReplayBuffer(fixture(name));
        ASSERT_EQ(b.frames().count("enc_cam_0"), 1u);
        const FrameColumn& cam = b.frames().at("enc_cam_0");
        ASSERT_EQ(static_cast<int64_t>(cam.frames.size()), b.transitionCount());
        for (const auto& frame : cam.frames) {
            ASSERT_GE(frame.size, 4u);
            EXPECT_EQ(frame.data[0], 0xFF);
            EXPECT_EQ(frame.data[1], 0xD8);  // JPEG start of image
            EXPECT_EQ(frame.data[frame.size - 2], 0xFF);
            EXPECT_EQ(frame.data[frame.size - 1], 0xD9);  // and its end
        }
        EXPECT_EQ(b.observation("enc_cam_0"), nullptr);  // frames are not a numeric column
    }
}

TEST(PickleBufferSource, EdgeCasesOfEpisodeLists) {
    const ReplayBuffer one = loadReplayBuffer(fixture("single_step_p4.pkl"));
    EXPECT_EQ(one.episodeCount(), 1);
    EXPECT_EQ(one.transitionCount(), 1);
    const ReplayBuffer withEmpty = loadReplayBuffer(fixture("empty_traj_p4.pkl"));
    EXPECT_EQ(withEmpty.episodeCount(), 2);
    EXPECT_EQ(withEmpty.episodeLength(0) * withEmpty.episodeLength(1), 0);
}

TEST(PickleBufferSource, MissingFileNamesThePath) {
    try {
        loadReplayBuffer("/nonexistent/buf.pkl");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/buf.pkl"), std::string::npos) << e.what();
    }
}

TEST(PickleBufferSource, ProgressReachesTheEndAndCancelStops) {
    std::vector<double> seen;
    ProgressReporter progress;
    progress.onProgress = [&](double f) { seen.push_back(f); };
    loadReplayBuffer(fixture("traj_p4.pkl"), &progress);
    ASSERT_FALSE(seen.empty());
    EXPECT_EQ(seen.back(), 1.0);
    EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));

    std::atomic<bool> cancel{true};
    ProgressReporter cancelled;
    cancelled.cancelFlag = &cancel;
    EXPECT_THROW(loadReplayBuffer(fixture("traj_p4.pkl"), &cancelled), Cancelled);
}

}  // namespace
