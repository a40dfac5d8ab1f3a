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
    ReplayBuffer load(const std::string& path, const ProgressReporter* progress) const override;
};

}  // namespace rssm
