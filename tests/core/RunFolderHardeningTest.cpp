// Runs and disks: stale temporaries of killed writers, names that leave
// logging.dir, a metrics log on a full disk, non-regular files as input.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include "TestSupport.h"
#include "config/Config.h"
#include "data/BufferSource.h"
#include "io/RegularFile.h"
#include "train/MetricsLog.h"
#include "train/RunFolder.h"
#include "util/Error.h"

namespace fs = std::filesystem;

namespace rssm {
namespace {

std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

// A pid that no process has: a child that has exited and been reaped.
long deadPid() {
    const pid_t pid = fork();
    if (pid == 0) _exit(0);
    int status = 0;
    waitpid(pid, &status, 0);
    return pid;
}

TEST(RunFolderHardening, StaleTemporariesOfDeadWritersAreRemovedLiveOnesKept) {
    test::TempDir dir;
    const RunFolder folder = RunFolder::create(dir.path(), "a: 1\n", "");
    const std::string dead = "rssm_step_20.pt.tmp-" + std::to_string(deadPid());
    const std::string live = "rssm_step_30.pt.tmp-" + std::to_string(static_cast<long>(getpid()));
    for (const std::string& name : {dead, live, std::string("rssm_step_10.pt"), std::string("notes.tmp-x")})
        std::ofstream(folder.file(name)) << "x";
    // Never mistaken for a checkpoint, before or after.
    ASSERT_EQ(folder.checkpoints().size(), 1u);
    EXPECT_EQ(folder.checkpoints()[0].first, 10);
    const auto removed = folder.removeStaleTemporaries();
    ASSERT_EQ(removed.size(), 1u);
    EXPECT_EQ(removed[0], dead);
    EXPECT_FALSE(fs::exists(folder.file(dead)));
    EXPECT_TRUE(fs::exists(folder.file(live)));
    EXPECT_TRUE(fs::exists(folder.file("notes.tmp-x")));
}

TEST(RunFolderHardening, ANameThatLeavesLoggingDirIsRefused) {
    for (const std::string name : {"../../x", "/tmp/x", "a/../../x", "..", "", "."}) {
        const std::string e = errorOf([&] { RunFolder::pathFor("runs", name); });
        EXPECT_NE(e.find("logging.name=" + name + ": must name a folder inside logging.dir (runs)"), std::string::npos)
            << name << ": " << e;
    }
    EXPECT_EQ(RunFolder::pathFor("runs", "exp/a"), "runs/exp/a");
    EXPECT_EQ(RunFolder::pathFor("runs", "run #1: b"), "runs/run #1: b");
}

TEST(RunFolderHardening, MetricsAppendFailsLoudly) {
    test::TempDir dir;
    const std::string path = dir.file("metrics.csv");
    { MetricsLog log(path); }  // the header
    fs::remove(path);
    // /dev/full: every write fails with ENOSPC, as on a full disk (and it
    // reads as endless zeros, so the log takes its header as written).
    fs::create_symlink("/dev/full", path);
    const std::string e = errorOf([&] {
        MetricsLog log(path);
        TrainingMetrics m;
        m.step = 7;
        log.append(m);
    });
    EXPECT_NE(e.find(path + ": cannot"), std::string::npos) << e;
    EXPECT_NE(e.find("No space left on device"), std::string::npos) << e;
}

TEST(RunFolderHardening, TruncatingAMetricsLogWithHalfRowsAndGarbageKeepsTheGoodRows) {
    test::TempDir dir;
    const std::string path = dir.file("metrics.csv");
    { MetricsLog log(path); }
    std::string header;
    {
        std::ifstream in(path);
        std::getline(in, header);
    }
    const std::string commas(MetricsLog::columns().size() - 1, ',');
    const std::string good = "5" + commas + "\n";
    std::ofstream(path) << header << "\n" << good << "zz" + commas + "\n" << "9,1,2";
    MetricsLog::truncateAfter(path, 10);
    std::ifstream in(path);
    std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(all, header + "\n" + good);
    EXPECT_EQ(MetricsLog::read(path).rows.size(), 1u);
}

TEST(RegularFiles, AFifoADirectoryAndADeviceAreRefusedWithoutBlocking) {
    test::TempDir dir;
    const std::string fifo = dir.file("buf.pkl");
    ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
    // No writer ever comes: opening it for reading would block forever.
    std::string e = errorOf([&] { loadReplayBuffer(fifo); });
    EXPECT_NE(e.find(fifo + ": is a FIFO (named pipe), expected a buffer as a regular file"), std::string::npos) << e;
    e = errorOf([&] { Config::load(fifo); });
    EXPECT_NE(e.find(fifo + ": is a FIFO (named pipe)"), std::string::npos) << e;
    e = errorOf([&] { Config::load(dir.path()); });
    EXPECT_NE(e.find(dir.path() + ": is a directory, expected a YAML file as a regular file"), std::string::npos) << e;
    e = errorOf([&] { loadReplayBuffer("/dev/zero"); });
    EXPECT_NE(e.find("/dev/zero: is a character device"), std::string::npos) << e;
    e = errorOf([&] { loadReplayBuffer(dir.file("missing.pkl")); });
    EXPECT_NE(e.find("missing.pkl: cannot open a buffer: No such file or directory"), std::string::npos) << e;
}

}  // namespace
}  // namespace rssm
