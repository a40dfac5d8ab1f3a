#pragma once
#include <string>
#include <vector>

#include "data/ReplayBuffer.h"

namespace rssm {

// What a buffer must hold for a model to train on it, checked before the
// first step so that bad data is named (file, episode, step, key, element)
// instead of surfacing as a LibTorch backtrace or "the loss is nan" at step 1:
// every key has at least one value per step, and every value is finite and
// within float32's range (the model computes in float32, so 1e300 becomes inf).
// One message per key at most, in the order of `keys`; empty when all is well.
// `keys` are column names (observation keys, "action", "reward").
std::vector<std::string> bufferProblems(const ReplayBuffer& buffer, const std::vector<std::string>& keys);

// The same for every numeric column, for `rssm inspect` to warn about.
std::vector<std::string> bufferProblems(const ReplayBuffer& buffer);

// Throws the first of bufferProblems(buffer, keys) as rssm::Error.
void validateForTraining(const ReplayBuffer& buffer, const std::vector<std::string>& keys);

}  // namespace rssm
