#pragma once
// A memory-amplification pickle, built at test time from a committed fixture.
// Free of gtest: the window's Qt Tests build it too.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "TestSupport.h"

namespace rssm::test {

// Built from the committed single_step_p4.pkl: its one step (offsets 15 to
// 266, memoised as 30) and the trajectory list (memoised as 1), each named
// again with BINGET. Protocol 4 frames are optional, so none is written.
inline std::vector<uint8_t> amplificationPickle(int trajectories, int steps) {
    const auto one = readBytes(fixture("single_step_p4.pkl"));
    // EMPTY_DICT (the step's obs), TUPLE3 (obs, action, reward), MEMOIZE as 30.
    if (one.size() != 269u || one[15] != '}' || one[264] != 0x87 || one[265] != 0x94)
        throw std::runtime_error("single_step_p4.pkl is not the fixture amplificationPickle was written for");
    std::vector<uint8_t> b{0x80, 4, ']', 0x94, '(', ']', 0x94, '('};
    b.insert(b.end(), one.begin() + 15, one.begin() + 266);
    for (int i = 1; i < steps; ++i) b.insert(b.end(), {'h', 30});
    b.push_back('e');  // APPENDS: the steps into trajectory 0
    for (int i = 1; i < trajectories; ++i) b.insert(b.end(), {'h', 1});
    b.push_back('e');  // APPENDS: the trajectories into the top list
    b.push_back('.');
    return b;
}

// Offsets in amplificationPickle(trajectories, steps): the first BINGET of
// the step (memo 30) and the first BINGET of trajectory 0's list (memo 1),
// the first memo references that name each again.
constexpr size_t kAmplificationFirstStepReference = 8 + 251;
inline size_t amplificationFirstTrajectoryReference(int steps) {
    return kAmplificationFirstStepReference + 2 * static_cast<size_t>(steps - 1) + 1;
}

}  // namespace rssm::test
