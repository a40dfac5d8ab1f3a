// util/AtomicFile: whole files written beside their target and renamed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <string>

#include "TestSupport.h"
#include "util/AtomicFile.h"
#include "util/Error.h"

namespace rssm {
namespace {

namespace fs = std::filesystem;

using test::errorOf;

size_t entries(const std::string& dir) {
    size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
    return n;
}

TEST(AtomicFile, ReplacesTheTargetAndLeavesNoTemporary) {
    test::TempDir dir;
    const std::string path = dir.file("a.yaml");
    writeFileAtomically(path, "old\n");
    writeFileAtomically(path, std::string("new\0bytes\n", 10));
    EXPECT_EQ(test::readBytes(path), (std::vector<uint8_t>{'n', 'e', 'w', 0, 'b', 'y', 't', 'e', 's', '\n'}));
    EXPECT_EQ(entries(dir.path()), 1u);
}

TEST(AtomicFile, TheTemporaryIsNamedForTheStaleTemporaryCleanUp) {
    // RunFolder::removeStaleTemporaries() removes <file>.tmp-<pid> of dead pids.
    EXPECT_EQ(temporaryPathFor("/run/rssm_step_5.pt"), "/run/rssm_step_5.pt.tmp-" + std::to_string(static_cast<long>(getpid())));
}

TEST(AtomicFile, AFailureNamesTheFileAndKeepsTheOldOne) {
    test::TempDir dir;
    // No such folder: the temporary cannot be made.
    const std::string missing = dir.file("absent/a.yaml");
    EXPECT_EQ(errorOf([&] { writeFileAtomically(missing, "x"); }).rfind(missing + ": cannot create the temporary file", 0), 0u);
    // A folder in the target's place: the rename fails, the temporary goes.
    const std::string folder = dir.file("taken");
    fs::create_directories(folder + "/inside");
    EXPECT_EQ(errorOf([&] { writeFileAtomically(folder, "x"); }).rfind(folder + ": cannot move the finished file into place", 0), 0u);
    EXPECT_TRUE(fs::is_directory(folder + "/inside"));
    EXPECT_EQ(entries(dir.path()), 1u);
}

TEST(AtomicFile, AWriterThatFailsLeavesTheTargetAsItWas) {
    test::TempDir dir;
    const std::string path = dir.file("buf.h5");
    writeFileAtomically(path, "keep");
    EXPECT_THROW(writeFileAtomically(path, [](const std::string&) { throw Error("half written"); }), Error);
    EXPECT_EQ(test::readBytes(path), (std::vector<uint8_t>{'k', 'e', 'e', 'p'}));
}

}  // namespace
}  // namespace rssm
