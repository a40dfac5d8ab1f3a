#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "data/DimensionStats.h"
#include "data/ReplayBuffer.h"
#include "data/RolloutConfig.h"

namespace rssm {

// What `rssm inspect` reports about a buffer, and what the buffer pane shows.
struct BufferSummary {
    struct Key {
        std::string name;
        std::string role;   // "observation", "action", "reward" or "frames"
        std::string dtype;  // numpy's form, "<f8"
        std::vector<int64_t> shape;  // per step
        std::vector<DimensionStats> stats;  // per element; empty for frames
        // In physical units, where rollout_config.yaml has statistics for the key.
        std::vector<DimensionStats> physicalStats;
        int64_t frameCount = 0;
        uint64_t frameBytes = 0;
    };

    std::string path;
    std::string format;
    int64_t episodes = 0;
    int64_t transitions = 0;
    int64_t minLength = 0;
    int64_t maxLength = 0;
    double meanLength = 0.0;
    int64_t stateDim = 0;  // width of the "state" key, 0 when there is none
    int64_t actionDim = 0;
    std::vector<Key> keys;
    // What training would refuse (data/BufferValidation.h): a key of 0
    // values per step, non-finite or float32-overflowing values.
    std::vector<std::string> warnings;

    static BufferSummary of(const ReplayBuffer& buffer, const RolloutConfig* rollout = nullptr);
    std::string toJson() const;
    std::string toText() const;
};

}  // namespace rssm
