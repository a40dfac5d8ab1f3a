#pragma once
#include <string>

#include "data/ReplayBuffer.h"

namespace rssm {

// Writes the buffer as a robomimic-style HDF5 file: group `data` (attributes
// `total` and `format`), one `data/demo_<i>` per episode with `num_samples`,
// `obs/<key>` [T, ...] in each key's own dtype, `actions` [T, A], `rewards` [T]
// and camera frames as variable-length uint8 `obs/<key>` [T]. Bools are stored
// as uint8 with attribute numpy_dtype="|b1"; float16 as an IEEE half type.
// The file is written beside path and renamed into place only once complete,
// so a failure leaves any existing file at path as it was. Throws rssm::Error
// naming the file and the dataset.
void writeHdf5Buffer(const ReplayBuffer& buffer, const std::string& path);

}  // namespace rssm
