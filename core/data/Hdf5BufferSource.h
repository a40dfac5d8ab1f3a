#pragma once
#include "data/BufferSource.h"

namespace rssm {

// robomimic-style HDF5, as writeHdf5Buffer exports and robomimic's own tools
// write: group `data` with one `demo_N` group per episode (in the order of N),
// each with `obs/<key>` [T, ...], `actions` [T, A] and optionally `rewards` [T]
// (zeros where missing). Variable-length uint8 datasets, and `enc_cam*` keys,
// are camera frames. Every key keeps one dtype and per-step shape throughout.
class Hdf5BufferSource : public BufferSource {
public:
    std::string formatName() const override { return "hdf5"; }
    bool recognizes(const uint8_t* head, size_t size) const override;
    // Reads the file in a child process first (io/ChildProcessProbe.h), so a
    // corrupt file that crashes or hangs libhdf5 becomes an rssm::Error.
    ReplayBuffer load(const std::string& path, const ProgressReporter* progress) const override;
};

// The read itself, in this process, trusting libhdf5 with the file: for the
// probe's child and for the fuzzer, which looks for what the library does.
// The caller holds lockHdf5().
ReplayBuffer readHdf5InProcess(const std::string& path, const ProgressReporter* progress);

}  // namespace rssm
