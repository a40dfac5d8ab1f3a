#pragma once
#include <string>
#include <vector>

namespace rssm {

// The zip container of a checkpoint (torch.save's format), checked before
// LibTorch sees a byte of it. LibTorch 1.13's in-memory reader copies
// whatever offsets the file claims without comparing them to its length, so
// a truncated or foreign file makes it read past the end of the buffer (the
// segmentation fault of issue 10). This walks the end record (and the zip64
// records torch.save adds, which must agree with it), the central directory
// and every local header with bounds checks, requires one disk, stored
// (uncompressed) and unencrypted entries whose CRC-32 matches, and one
// "<archive>/data.pkl": what LibTorch's reader would otherwise refuse in its
// own words, or not at all.
// Throws rssm::Error: "<path>: not a checkpoint: <what was expected>".
void checkCheckpointArchive(const std::string& path, const std::vector<char>& bytes);

}  // namespace rssm
