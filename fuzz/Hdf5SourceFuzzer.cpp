// libFuzzer target: an HDF5 buffer read in this process, as the probe's child
// reads it (data/Hdf5BufferSource.h). libhdf5 is not instrumented and trusts
// its files, so this finds what the library does with hostile bytes: every
// crash or timeout it reports is a case that Hdf5BufferSource::load must turn
// into an rssm::Error (tests/core/Hdf5HardeningTest.cpp replays them there).
// Run with -fork=N -ignore_crashes=1 -ignore_timeouts=1 to collect them all.
#include <cstdint>
#include <cstdlib>

#include "FuzzInput.h"
#include "data/BufferSummary.h"
#include "data/Hdf5BufferSource.h"
#include "io/Hdf5Id.h"
#include "util/Error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string& path = rssm::fuzz::writeInput(data, size, ".h5");
    try {
        const auto hdf5 = rssm::lockHdf5();
        const rssm::ReplayBuffer buffer = rssm::readHdf5InProcess(path, nullptr);
        (void)rssm::BufferSummary::of(buffer).toJson();
    } catch (const rssm::Error&) {
    }
    return 0;
}
