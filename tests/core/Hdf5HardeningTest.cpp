// HDF5 corruption: libhdf5 trusts its files (a corrupt global heap index makes
// it memcpy out of bounds, a corrupt B-tree can make it loop), so a buffer is
// read in a child process first (io/ChildProcessProbe.h). Whatever a mutant
// does to the library, loading it gives a buffer or one rssm::Error naming
// the file: never a crash, never a hang.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include "TestSupport.h"
#include "data/BufferSource.h"
#include "data/Hdf5BufferSource.h"
#include "io/ChildProcessProbe.h"
#include "io/Hdf5Id.h"
#include "util/Error.h"

namespace fs = std::filesystem;

namespace rssm {
namespace {

std::string hdf5Fixture(const std::string& name) { return std::string(RSSM_FIXTURE_DIR) + "/hdf5/" + name; }

// Loads through the guard; "" when it loaded, else the error. A crash or an
// exception of another type fails the test (and a crash ends it).
std::string guardedLoad(const std::string& path) {
    try {
        const ReplayBuffer b = loadReplayBuffer(path);
        EXPECT_GT(b.transitionCount(), 0);
        return {};
    } catch (const Error& e) {
        return e.what();
    }
}

class Hdf5Hardening : public ::testing::Test {
protected:
    void SetUp() override { setenv("RSSM_CHILD_STALL_SECONDS", "5", 1); }
    void TearDown() override { unsetenv("RSSM_CHILD_STALL_SECONDS"); }
};

TEST_F(Hdf5Hardening, TheCommittedExportLoads) {
    EXPECT_EQ(guardedLoad(hdf5Fixture("camera.h5")), "");
}

// 400 one-bit mutants, spread over the file (the tester's experiment: 5 of
// them crashed libhdf5 and 1 hung it, when it was read in-process).
TEST_F(Hdf5Hardening, OneBitMutantsLoadOrAreRefusedNamingTheFile) {
    const auto original = test::readBytes(hdf5Fixture("camera.h5"));
    ASSERT_GT(original.size(), 1000u);
    test::TempDir dir;
    const std::string path = dir.file("mutant.h5");
    int refused = 0, loaded = 0, crashed = 0;
    for (int i = 0; i < 400; ++i) {
        auto bytes = original;
        const size_t at = (static_cast<size_t>(i) * 7919u) % bytes.size();
        bytes[at] ^= static_cast<uint8_t>(1u << (i % 8));
        test::writeBytes(path, bytes);
        const std::string e = guardedLoad(path);
        if (e.empty()) {
            ++loaded;
            continue;
        }
        ++refused;
        if (e.find("crashed") != std::string::npos || e.find("made no progress") != std::string::npos) ++crashed;
        EXPECT_EQ(e.rfind(path + ": ", 0), 0u) << "byte " << at << ": " << e;
        EXPECT_EQ(e.find('\n'), std::string::npos) << e;
    }
    std::printf("400 mutants: %d loaded, %d refused (%d of them crashed or hung libhdf5 in the child)\n", loaded, refused, crashed);
}

// Files the fuzzer found to crash or hang libhdf5 in-process
// (fuzz/Hdf5SourceFuzzer.cpp): through the guard each is one error.
TEST_F(Hdf5Hardening, FuzzerFindingsAreOneErrorEach) {
    int count = 0;
    for (const auto& entry : fs::directory_iterator(hdf5Fixture(""))) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("crash-", 0) != 0 && name.rfind("timeout-", 0) != 0 && name.rfind("oom-", 0) != 0) continue;
        ++count;
        const std::string e = guardedLoad(entry.path().string());
        EXPECT_FALSE(e.empty()) << name << " loaded";
        EXPECT_EQ(e.rfind(entry.path().string() + ": ", 0), 0u) << e;
    }
    std::printf("%d findings replayed\n", count);
}

// A 30 KB file whose corrupt variable-length attribute made libhdf5 ask for
// 10 GB (session 2's fuzzing): the child's memory is capped by the file, so
// the read fails quickly, in one line, and memory stays bounded.
TEST_F(Hdf5Hardening, ACorruptAttributeCannotMakeTheReaderTakeGigabytes) {
    const std::string path = hdf5Fixture("oom-1d1d488f2e5b72f5.h5");
    const std::string e = guardedLoad(path);
    EXPECT_EQ(e.rfind(path + ": ", 0), 0u) << e;
    EXPECT_EQ(e.find('\n'), std::string::npos) << e;
    rusage children{};
    getrusage(RUSAGE_CHILDREN, &children);
    EXPECT_LT(children.ru_maxrss / 1024, 1024) << "MiB at the most in a reader process";
}

TEST(ChildProcessProbe, ACrashAHangAndAnErrorInTheChildBecomeErrors) {
    std::string e;
    try {
        probeInChildProcess("f.h5", "reading it", nullptr, [](const ProgressReporter*) { raise(SIGSEGV); });
    } catch (const Error& err) {
        e = err.what();
    }
    EXPECT_NE(e.find("f.h5: reading it crashed (signal 11"), std::string::npos) << e;
    e.clear();
    try {
        probeInChildProcess("f.h5", "reading it", nullptr, [](const ProgressReporter*) { for (;;) pause(); }, 0.5);
    } catch (const Error& err) {
        e = err.what();
    }
    EXPECT_NE(e.find("f.h5: reading it made no progress for 0.5 s"), std::string::npos) << e;
    e.clear();
    try {
        probeInChildProcess("f.h5", "reading it", nullptr, [](const ProgressReporter*) { throw Error("f.h5: data: missing"); });
    } catch (const Error& err) {
        e = err.what();
    }
    EXPECT_EQ(e, "f.h5: data: missing");
    // Progress keeps a slow child alive past the stall limit.
    EXPECT_NO_THROW(probeInChildProcess("f.h5", "reading it", nullptr, [](const ProgressReporter* p) {
        for (int i = 0; i < 15; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            p->report(i / 15.0);
        }
    }, 0.6));
    // A cancel flag stops the child at once.
    std::atomic<bool> cancel{true};
    ProgressReporter progress;
    progress.cancelFlag = &cancel;
    EXPECT_THROW(probeInChildProcess("f.h5", "reading it", &progress, [](const ProgressReporter*) { for (;;) pause(); }), Cancelled);
}

// An HDF5 header may claim any dimensions: chunked datasets that were never
// written take no room in the file, yet claim 10^9 steps of 1000 doubles.
TEST_F(Hdf5Hardening, DimensionsBeyondWhatTheFileCanHoldAreRefusedBeforeAnyRead) {
    test::TempDir dir;
    const std::string path = dir.file("claims.h5");
    {
        const auto hdf5 = lockHdf5();
        const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
        const hid_t data = H5Gcreate2(file, "data", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        const hid_t demo = H5Gcreate2(data, "demo_0", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        const hid_t obs = H5Gcreate2(demo, "obs", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        const hsize_t dims[2] = {1000000000, 1000}, chunk[2] = {1024, 16};
        const hid_t plist = H5Pcreate(H5P_DATASET_CREATE);
        H5Pset_chunk(plist, 2, chunk);
        const hid_t space = H5Screate_simple(2, dims, nullptr);
        const hid_t a = H5Dcreate2(demo, "actions", H5T_IEEE_F64LE, space, H5P_DEFAULT, plist, H5P_DEFAULT);
        const hid_t s = H5Dcreate2(obs, "state", H5T_IEEE_F64LE, space, H5P_DEFAULT, plist, H5P_DEFAULT);
        for (hid_t d : {a, s}) H5Dclose(d);
        H5Sclose(space);
        H5Pclose(plist);
        for (hid_t g : {obs, demo, data}) H5Gclose(g);
        H5Fclose(file);
    }
    ASSERT_LT(fs::file_size(path), 100000u);
    const std::string e = guardedLoad(path);
    EXPECT_NE(e.find(path + ": data: the file ("), std::string::npos) << e;
    EXPECT_NE(e.find("claims 1 demos of 1000000000 steps in all"), std::string::npos) << e;
}

TEST_F(Hdf5Hardening, AFifoIsRefusedBeforeHdf5OpensIt) {
    test::TempDir dir;
    const std::string fifo = dir.file("buf.h5");
    ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
    const std::string e = guardedLoad(fifo);
    EXPECT_NE(e.find("is a FIFO"), std::string::npos) << e;
}

}  // namespace
}  // namespace rssm
