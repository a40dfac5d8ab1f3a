#pragma once
#include <cstddef>
#include <memory>
#include <vector>

namespace rssm {

// Hands out contiguous runs of T that never move, carved from fixed chunks
// (a run longer than a chunk gets its own allocation). Short runs that are
// given back are reused for runs of the same length. No per-run malloc, and
// no geometric over-allocation as a growing vector would have.
template <typename T, size_t ChunkSize = 4096, size_t ReuseUpTo = 8>
class ChunkedPool {
public:
    T* allocate(size_t n) {
        if (n == 0) return nullptr;
        if (n <= ReuseUpTo && !freeRuns_[n].empty()) {
            T* run = freeRuns_[n].back();
            freeRuns_[n].pop_back();
            return run;
        }
        if (n > ChunkSize) {
            chunks_.push_back(std::make_unique<T[]>(n));
            reserved_ += n;
            return chunks_.back().get();
        }
        if (current_ == nullptr || used_ + n > ChunkSize) {
            chunks_.push_back(std::make_unique<T[]>(ChunkSize));
            reserved_ += ChunkSize;
            current_ = chunks_.back().get();
            used_ = 0;
        }
        T* run = current_ + used_;
        used_ += n;
        return run;
    }

    void release(T* run, size_t n) {
        if (run && n > 0 && n <= ReuseUpTo) freeRuns_[n].push_back(run);
    }

    size_t bytesReserved() const { return reserved_ * sizeof(T); }

private:
    std::vector<std::unique_ptr<T[]>> chunks_;
    T* current_ = nullptr;
    size_t used_ = 0;
    size_t reserved_ = 0;
    std::vector<T*> freeRuns_[ReuseUpTo + 1];
};

}  // namespace rssm
