#pragma once
// A memory-amplification pickle, built at test time from a committed fixture.
#include <gtest/gtest.h>

#include <vector>

#include "TestSupport.h"

namespace rssm::test {

// Built from the committed single_step_p4.pkl: its one step (offsets 15 to
// 266, memoised as 30) and the trajectory list (memoised as 1), each named
// again with BINGET. Protocol 4 frames are optional, so none is written.
inline std::vector<uint8_t> amplificationPickle(int trajectories, int steps) {
    const auto one = readBytes(fixture("single_step_p4.pkl"));
    EXPECT_EQ(one.size(), 269u);
    EXPECT_EQ(one[15], '}');     // EMPTY_DICT: the step's obs
    EXPECT_EQ(one[264], 0x87);   // TUPLE3: (obs, action, reward)
    EXPECT_EQ(one[265], 0x94);   // MEMOIZE as 30
    std::vector<uint8_t> b{0x80, 4, ']', 0x94, '(', ']', 0x94, '('};
    b.insert(b.end(), one.begin() + 15, one.begin() + 266);
    for (int i = 1; i < steps; ++i) b.insert(b.end(), {'h', 30});
    b.push_back('e');  // APPENDS: the steps into trajectory 0
    for (int i = 1; i < trajectories; ++i) b.insert(b.end(), {'h', 1});
    b.push_back('e');  // APPENDS: the trajectories into the top list
    b.push_back('.');
    return b;
}

}  // namespace rssm::test
