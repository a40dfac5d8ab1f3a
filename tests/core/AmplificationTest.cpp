// Memory amplification: a pickle's memo lets a few bytes name one object any
// number of times. A 40 KB file whose 10,000 trajectories are one memoised
// list of 10,000 references to one step claims 10^8 steps; it must be refused
// early (bounded by the file's size), naming the file, the offset where the
// file starts naming the shared value again, and the count.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "AmplificationPickle.h"
#include "TestSupport.h"
#include "data/BufferSource.h"
#include "data/MaterialisationLimit.h"
#include "util/Error.h"

namespace rssm {
namespace {

long peakRssMiB() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss / 1024;
}

TEST(Amplification, FortyKilobytesClaimingTenToTheEightStepsIsRefusedEarly) {
    unsetenv("RSSM_MAX_EXPANSION");
    test::TempDir dir;
    const std::string path = dir.file("amplified.pkl");
    const auto bytes = test::amplificationPickle(10000, 10000);
    ASSERT_LT(bytes.size(), 41000u);
    test::writeBytes(path, bytes);
    try {
        loadReplayBuffer(path);
        FAIL() << "accepted";
    } catch (const Error& e) {
        const std::string what = e.what();
        EXPECT_EQ(what.rfind(path + ": the list of trajectories at the top: ", 0), 0u) << what;
        // Where the sharing starts: the first BINGET of trajectory 0's list, in the top list.
        const size_t at = test::amplificationFirstTrajectoryReference(10000);
        ASSERT_EQ(bytes[at], 'h');
        ASSERT_EQ(bytes[at + 1], 1);
        EXPECT_NE(what.find("10000 of its trajectories are the one list of 10000 steps of trajectory 0, named again by memo "
                            "references from offset " + std::to_string(at) + " on: "),
                  std::string::npos)
            << what;
        EXPECT_NE(what.find("10000 trajectories of 100000000 steps"), std::string::npos) << what;
        EXPECT_NE(what.find(std::to_string(bytes.size()) + " bytes"), std::string::npos) << what;
        EXPECT_NE(what.find("RSSM_MAX_EXPANSION"), std::string::npos) << what;
    }
    // Refused before anything per step was built: far below the 4.4 GB a full read took.
    EXPECT_LT(peakRssMiB(), 400);
}

// One trajectory of 2 million references to one step (4 MB) passes the count
// check but not the one with the step's size: the refusal points at the
// first reference to the step.
TEST(Amplification, OneStepNamedMillionsOfTimesIsRefusedAtItsFirstReference) {
    setenv("RSSM_MAX_EXPANSION", "0.001", 1);  // the limit is then the fixed slack, 64 MiB
    test::TempDir dir;
    const std::string path = dir.file("steps.pkl");
    const auto bytes = test::amplificationPickle(1, 2000000);
    const size_t at = test::kAmplificationFirstStepReference;
    ASSERT_EQ(bytes[at], 'h');
    ASSERT_EQ(bytes[at + 1], 30);
    test::writeBytes(path, bytes);
    try {
        loadReplayBuffer(path);
        FAIL() << "accepted";
    } catch (const Error& e) {
        const std::string what = e.what();
        EXPECT_EQ(what.rfind(path + ": the list of trajectories at the top: trajectory 0, step 0 is named again by memo references "
                                    "from offset " + std::to_string(at) + " on: the file (" + std::to_string(bytes.size()) +
                                    " bytes) claims 1 trajectories of 2000000 steps in all",
                            0),
                  0u)
            << what;
    }
    unsetenv("RSSM_MAX_EXPANSION");
}

TEST(Amplification, ASmallMemoisedBufferStillLoads) {
    unsetenv("RSSM_MAX_EXPANSION");
    test::TempDir dir;
    const std::string path = dir.file("shared.pkl");
    test::writeBytes(path, test::amplificationPickle(20, 30));
    const ReplayBuffer b = loadReplayBuffer(path);
    EXPECT_EQ(b.episodeCount(), 20);
    EXPECT_EQ(b.transitionCount(), 600);
}

TEST(Amplification, TheLimitFollowsTheFileAndTheOverride) {
    unsetenv("RSSM_MAX_EXPANSION");
    EXPECT_EQ(materialisationLimit(1000), kMaterialisationSlack + 16000);
    setenv("RSSM_MAX_EXPANSION", "1000", 1);
    EXPECT_EQ(materialisationLimit(1000), kMaterialisationSlack + 1000000);
    EXPECT_NO_THROW(checkMaterialisation("f.pkl", 1000000, "here", "many", 900e6));
    setenv("RSSM_MAX_EXPANSION", "lots", 1);
    try {
        materialisationLimit(1);
        FAIL() << "accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("RSSM_MAX_EXPANSION=lots: expected a positive number"), std::string::npos) << e.what();
    }
    unsetenv("RSSM_MAX_EXPANSION");
    try {
        checkMaterialisation("f.pkl", 1000000, "here", "many", 900e6);
        FAIL() << "accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("f.pkl: here: the file (1000000 bytes) claims many"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace rssm
