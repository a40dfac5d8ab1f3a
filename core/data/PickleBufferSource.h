#pragma once
#include "data/BufferSource.h"

namespace rssm {

// FACTR's buf.pkl: robobuf's to_traj_list() pickled, a list of trajectories
// of (obs dict, action, reward) steps; or a flat list of
// (obs dict, action, reward, is_first) transitions split where is_first is true.
class PickleBufferSource : public BufferSource {
public:
    std::string formatName() const override { return "pickle"; }
    bool recognizes(const uint8_t* head, size_t size) const override;
    ReplayBuffer load(const std::string& path, const ProgressReporter* progress) const override;
};

}  // namespace rssm
