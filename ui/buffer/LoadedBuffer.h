#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "data/BufferSummary.h"
#include "data/ReplayBuffer.h"
#include "data/RolloutConfig.h"

namespace rssm::ui {

// Everything the buffer pane shows about one opened buffer, made on the
// worker thread and handed to the GUI thread whole. The buffer is immutable
// once loaded (views into a read-only mapping), so the GUI reads it directly.
struct LoadedBuffer {
    std::shared_ptr<const ReplayBuffer> buffer;
    BufferSummary summary;
    std::optional<RolloutConfig> rollout;
    // The rollout config in use; empty when none.
    std::string rolloutPath;
    // Why physical units are unavailable (no config, or it did not load); empty when they are.
    std::string physicalUnavailableReason;

    // The key's normalisation statistics when they fit its width, else nullptr
    // (values of that key are then shown as stored in either unit).
    const NormStats* physicalStats(const std::string& key) const;
    // One element of a numeric key over the steps of an episode, in physical
    // units (x * std + mean) when asked and the key has statistics, else as stored.
    std::vector<double> episodeValues(const std::string& key, int64_t element, int64_t episode, bool physical) const;
};

}  // namespace rssm::ui
