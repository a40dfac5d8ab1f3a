#pragma once
#include <cstdint>
#include <string>

namespace rssm {

// How much a buffer file may grow into when it is read. A pickle's memo lets a
// few bytes name one object any number of times (10,000 trajectories that are
// one list of 10,000 references to one step claim 10^8 steps in 40 KB), and an
// HDF5 header may claim any dimensions; memory must stay bounded by the file,
// not by what it claims. The limit is
//     kMaterialisationSlack + factor * file size,
// the factor 16 unless the environment variable RSSM_MAX_EXPANSION gives
// another (a positive number; docs/buffer-formats.md, "Limits"). A real buffer
// holds its numbers once, so it stays far below the default.
constexpr uint64_t kMaterialisationSlack = uint64_t{64} << 20;
constexpr double kDefaultExpansionFactor = 16.0;

// Bytes that a file of `fileBytes` may materialise. Throws rssm::Error when
// RSSM_MAX_EXPANSION is set but not a positive number.
uint64_t materialisationLimit(uint64_t fileBytes);

// Whether `bytes` is more than a file of `fileBytes` may materialise: lets a
// caller work out where to point (an offset) only when it refuses.
bool exceedsMaterialisation(uint64_t fileBytes, double bytes);

// Throws rssm::Error naming the file, where (a byte offset or a dataset), the
// count the file claims and the limit, when `bytes` exceeds the limit.
// `claim` says what is counted ("10000 trajectories of 10000 steps").
void checkMaterialisation(const std::string& path, uint64_t fileBytes, const std::string& where, const std::string& claim,
                          double bytes);

}  // namespace rssm
