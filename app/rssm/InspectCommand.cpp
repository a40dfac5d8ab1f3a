#include <iostream>

#include "data/BufferSource.h"
#include "data/BufferSummary.h"
#include "rssm/Commands.h"

namespace rssm::cli {

int runInspect(const Invocation& inv) {
    std::optional<RolloutConfig> rollout;
    if (inv.rolloutConfig) rollout = RolloutConfig::load(*inv.rolloutConfig);
    const ReplayBuffer buffer = loadReplayBuffer(inv.bufferPath);
    const BufferSummary summary = BufferSummary::of(buffer, rollout ? &*rollout : nullptr);
    std::cout << (inv.json ? summary.toJson() : summary.toText());
    return 0;
}

}  // namespace rssm::cli
