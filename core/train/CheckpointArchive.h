#pragma once
#include <string>
#include <vector>

namespace rssm {

// The zip container of a checkpoint (torch.save's format), checked before
// LibTorch sees a byte of it, so that what LibTorch would refuse in its own
// words, read out of bounds (CheckpointPickleLoad.h) or not notice at all is
// one line naming what was expected. Walks the end record (within the last
// 4 KiB, where LibTorch's zip code finds it without reading before the
// buffer), the zip64 records torch.save adds (which must agree with it), the
// central directory and every local header, all with bounds checks; requires
// one disk, stored (uncompressed) and unencrypted entries whose CRC-32
// matches, and one "<archive>/data.pkl".
// Throws rssm::Error: "<path>: not a checkpoint: <what was expected>".
void checkCheckpointArchive(const std::string& path, const std::vector<char>& bytes);

}  // namespace rssm
