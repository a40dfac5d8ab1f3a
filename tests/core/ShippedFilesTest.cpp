// Shipped files (the sample buffer, the default configs) are found from the
// program, not the working directory; a config's relative "resources/..."
// path falls back to them only when the working directory lacks it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "util/ShippedFiles.h"

namespace fs = std::filesystem;
using namespace rssm;

namespace {

// Runs the test body in an empty scratch folder, and goes back after.
class InScratchFolder : public ::testing::Test {
protected:
    void SetUp() override {
        before_ = fs::current_path();
        scratch_ = fs::temp_directory_path() / ("rssm-shipped-" + std::to_string(::getpid()));
        fs::create_directories(scratch_);
        fs::current_path(scratch_);
    }
    void TearDown() override {
        fs::current_path(before_);
        fs::remove_all(scratch_);
    }
    fs::path before_, scratch_;
};

TEST_F(InScratchFolder, TheSampleIsFoundFromAnyFolder) {
    // A test binary in a build tree: the source tree's resources/.
    EXPECT_EQ(fs::path(shippedDir()), (fs::path(RSSM_SOURCE_DIR) / "resources").lexically_normal());
    const std::string sample = shippedFile("sample/buf.pkl");
    ASSERT_FALSE(sample.empty());
    EXPECT_TRUE(fs::path(sample).is_absolute());
    EXPECT_TRUE(fs::exists(sample));
    EXPECT_EQ(shippedFile("sample/no-such-file.pkl"), "");
    // The config's default spelling resolves to it here, where ./resources does not exist.
    EXPECT_EQ(resolveShippedPath("resources/sample/buf.pkl"), sample);
    EXPECT_EQ(resolveShippedPath("resources/sample/rollout_config.yaml"), shippedFile("sample/rollout_config.yaml"));
}

TEST_F(InScratchFolder, OtherPathsAreLeftAsGiven) {
    EXPECT_EQ(resolveShippedPath(""), "");
    EXPECT_EQ(resolveShippedPath("/data/buf.pkl"), "/data/buf.pkl");
    EXPECT_EQ(resolveShippedPath("data/buf.pkl"), "data/buf.pkl");
    EXPECT_EQ(resolveShippedPath("resources/sample/missing.pkl"), "resources/sample/missing.pkl");
    EXPECT_EQ(resolveShippedPath("resources"), "resources");
    // The working directory's own resources/ comes first.
    fs::create_directories("resources/sample");
    std::ofstream("resources/sample/buf.pkl") << "mine";
    EXPECT_EQ(resolveShippedPath("resources/sample/buf.pkl"), "resources/sample/buf.pkl");
}

}  // namespace
