// What the checkpoint fuzzer (fuzz/CheckpointFuzzer.cpp) found: mutated .pt
// files on which LibTorch 1.13's zip reader (miniz, mz_zip_reader_init) reads
// past its heap buffer, and one whose claimed size exhausts memory (ASan
// reports both). The user must see an rssm::Error naming the file either
// way (its wording, now LibTorch's first lines, is the checkpoint reader's); each is read in a child process, so a crash fails this test instead of
// ending it. Validating a .pt before LibTorch sees it is the checkpoint
// reader's own work (train/Checkpoint.*); these files are its regression cases.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "io/ChildProcessProbe.h"
#include "train/Checkpoint.h"
#include "util/Error.h"

namespace fs = std::filesystem;

namespace rssm {
namespace {

TEST(CheckpointFindings, EachIsOneErrorNamingTheFile) {
    int count = 0;
    for (const auto& entry : fs::directory_iterator(std::string(RSSM_FIXTURE_DIR) + "/checkpoint/findings")) {
        const std::string path = entry.path().string();
        ++count;
        std::string error;
        try {
            probeInChildProcess(path, "reading the checkpoint", nullptr, [&path](const ProgressReporter*) { readCheckpointInfo(path); });
        } catch (const Error& e) {
            error = e.what();
        }
        ASSERT_FALSE(error.empty()) << path << " was read as a checkpoint";
        EXPECT_EQ(error.find("crashed"), std::string::npos) << error;
        EXPECT_EQ(error.rfind(path + ": ", 0), 0u) << error;
    }
    EXPECT_GE(count, 6);
}

}  // namespace
}  // namespace rssm
