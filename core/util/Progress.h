#pragma once
#include <atomic>
#include <functional>

namespace rssm {

// How long work reports back and learns that it should stop. Both parts are
// optional; the callback receives a fraction in [0, 1].
struct ProgressReporter {
    std::function<void(double)> onProgress;
    const std::atomic<bool>* cancelFlag = nullptr;

    void report(double fraction) const {
        if (onProgress) onProgress(fraction);
    }
    bool cancelled() const { return cancelFlag && cancelFlag->load(std::memory_order_relaxed); }
};

}  // namespace rssm
