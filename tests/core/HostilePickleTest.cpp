// Hostile and broken files: each is refused with an error that names what is
// wrong and where, nothing in them is executed, and nothing crashes.
#include <gtest/gtest.h>

#include <filesystem>
#include <unistd.h>

#include "TestSupport.h"
#include "data/BufferSource.h"
#include "io/PickleReader.h"
#include "util/Error.h"

using namespace rssm;
using rssm::test::fixture;

namespace {

struct Hostile {
    const char* file;
    uint64_t offset;
    const char* mustMention;
};

// Offsets are those of the offending opcode in the committed fixtures
// (tests/fixtures/pickle/manifest.json records them).
const Hostile kHostile[] = {
#include "HostileCases.inc"
};

// Runs a load with the working directory set to a fresh folder, where each
// payload would create `rssm_pwned_marker` if it ever ran.
std::string loadInScratchDir(const std::string& path, bool& markerCreated) {
    test::TempDir dir;
    const auto previous = std::filesystem::current_path();
    std::filesystem::current_path(dir.path());
    std::string error;
    try {
        loadReplayBuffer(path);
    } catch (const Error& e) {
        error = e.what();
    }
    markerCreated = std::filesystem::exists(std::filesystem::path(dir.path()) / "rssm_pwned_marker");
    std::filesystem::current_path(previous);
    return error;
}

class HostileFixture : public ::testing::TestWithParam<Hostile> {};

TEST_P(HostileFixture, IsRefusedNamingWhatAndWhereAndRunsNothing) {
    const Hostile& h = GetParam();
    bool marker = false;
    const std::string error = loadInScratchDir(fixture(h.file), marker);
    EXPECT_FALSE(marker) << h.file << ": the payload ran";
    ASSERT_FALSE(error.empty()) << h.file << " was accepted";
    EXPECT_NE(error.find(h.file), std::string::npos) << error;
    EXPECT_NE(error.find("byte " + std::to_string(h.offset) + ":"), std::string::npos) << error;
    EXPECT_NE(error.find(h.mustMention), std::string::npos) << error;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, HostileFixture, ::testing::ValuesIn(kHostile), [](const auto& info) {
    std::string name = info.param.file;
    name = name.substr(0, name.find('.'));
    return name;
});

// Every prefix of a valid file is refused cleanly.
class TruncatedFixture : public ::testing::TestWithParam<const char*> {};

TEST_P(TruncatedFixture, EveryPrefixIsRefused) {
    const auto bytes = test::readBytes(fixture(GetParam()));
    ASSERT_GT(bytes.size(), 100u);
    test::TempDir dir;
    const std::string path = dir.file("cut.pkl");
    for (size_t n = 0; n < bytes.size(); ++n) {
        test::writeBytes(path, std::vector<uint8_t>(bytes.begin(), bytes.begin() + n));
        try {
            loadReplayBuffer(path);
            FAIL() << "a prefix of " << n << " bytes was accepted";
        } catch (const Error& e) {
            ASSERT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Protocols, TruncatedFixture,
                         ::testing::Values("traj_p2.pkl", "traj_p4.pkl", "traj_p5.pkl", "camera_p4.pkl"));

// Single-byte corruption: tests/core/PickleMutantTest.cpp checks each mutant
// against an independent reference reading.

}  // namespace
