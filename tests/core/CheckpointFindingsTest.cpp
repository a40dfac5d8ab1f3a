// Inputs on which LibTorch 1.13's own zip reader (miniz, the path before
// train/CheckpointArchive.cpp) went wrong, kept in
// tests/fixtures/checkpoint/fuzz-findings/, one per check that now refuses
// them (deduplicated by that check's message):
//   crash-*.pt         the checkpoint fuzzer's (fuzz/CheckpointFuzzer.cpp):
//                      miniz reads 4 KiB before the buffer when the end record
//                      is missing, or allocates what a damaged size claims;
//   libtorch-text-*.pt mutants of a real checkpoint's zip records (and the
//                      fuzzer's corpus) on which the unchecked path ended in
//                      LibTorch's multi-line error ("PytorchStreamReader
//                      failed reading zip archive: ...", a c10::Error);
//   libtorch-crash-long-zip-comment.pt
//                      a well-formed zip (data.pkl, version) whose 4075-byte
//                      comment puts its end record just before miniz's first
//                      4 KiB window: torch::pickle_load then reads 3.8 KiB
//                      before its buffer, a segmentation fault on a fresh
//                      thread.
// Every file there must be one rssm::Error line naming the file, with none of
// LibTorch's text; each is read in a child process, so a crash fails this
// test instead of ending it. A new finding is a new file there, nothing more.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include <fstream>
#include <iterator>
#include <thread>

#include "io/ChildProcessProbe.h"
#include "train/Checkpoint.h"
#include "train/CheckpointPickleLoad.h"
#include "util/Error.h"

namespace fs = std::filesystem;

namespace rssm {
namespace {

TEST(CheckpointFindings, EachIsOneLineNamingTheFileAndNoLibTorchText) {
    std::set<std::string> paths;  // sorted, so a failure names the same file every run
    for (const auto& entry : fs::directory_iterator(std::string(RSSM_FIXTURE_DIR) + "/checkpoint/fuzz-findings"))
        paths.insert(entry.path().string());
    for (const std::string& path : paths) {
        SCOPED_TRACE(path);
        std::string error;
        try {
            probeInChildProcess(path, "reading the checkpoint", nullptr, [&path](const ProgressReporter*) { readCheckpointInfo(path); });
        } catch (const Error& e) {
            error = e.what();
        }
        ASSERT_FALSE(error.empty()) << "read as a checkpoint";
        EXPECT_EQ(error.rfind(path + ": ", 0), 0u) << error;
        EXPECT_NE(error.find("checkpoint"), std::string::npos) << error;
        EXPECT_EQ(error.find('\n'), std::string::npos) << error;
        for (const char* libtorch : {"crashed", "PytorchStreamReader", "INTERNAL ASSERT", "Exception raised from", "c10::", "miniz"})
            EXPECT_EQ(error.find(libtorch), std::string::npos) << error;
    }
    EXPECT_GE(paths.size(), 21u);
}

// The root of issue 10's crash, below the archive check: LibTorch reading the
// bytes of any of these files, on a fresh thread (whose heap arena has nothing
// mapped below the buffer, where miniz reads), gives an error and never
// touches memory outside them. torch::pickle_load itself dies here on the
// crash-* files and the long comment.
TEST(CheckpointFindings, LibTorchReadsNothingOutsideTheBytesOnAFreshThread) {
    for (const auto& entry : fs::directory_iterator(std::string(RSSM_FIXTURE_DIR) + "/checkpoint/fuzz-findings")) {
        const std::string path = entry.path().string();
        SCOPED_TRACE(path);
        std::ifstream in(path, std::ios::binary);
        const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::string outcome;
        try {
            probeInChildProcess(path, "loading the bytes", nullptr, [&bytes](const ProgressReporter*) {
                std::thread fresh([&bytes] {
                    try {
                        pickleLoadChecked(bytes);
                    } catch (const std::exception&) {
                    }
                });
                fresh.join();
            });
        } catch (const Error& e) {
            outcome = e.what();
        }
        EXPECT_EQ(outcome, "") << "the child process died: " << outcome;
    }
}

}  // namespace
}  // namespace rssm
