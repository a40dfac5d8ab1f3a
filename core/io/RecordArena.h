#pragma once
#include <cstdint>
#include <memory>
#include <vector>

namespace rssm {

// Records addressed by a 32-bit index, stored in fixed chunks so they never
// move and indexing is a shift and a mask (std::deque divides). Freed
// indices are reused.
template <typename T, unsigned ChunkBits = 12>
class RecordArena {
public:
    static constexpr uint32_t kChunk = 1u << ChunkBits;

    T& operator[](uint32_t i) { return chunks_[i >> ChunkBits][i & (kChunk - 1)]; }
    const T& operator[](uint32_t i) const { return chunks_[i >> ChunkBits][i & (kChunk - 1)]; }

    // Index of a new record holding `value`; `limit` bounds the count.
    bool add(T value, uint32_t limit, uint32_t& index) {
        if (!free_.empty()) {
            index = free_.back();
            free_.pop_back();
            (*this)[index] = std::move(value);
            return true;
        }
        if (size_ >= limit) return false;
        if ((size_ & (kChunk - 1)) == 0) chunks_.push_back(std::make_unique<T[]>(kChunk));
        index = size_++;
        (*this)[index] = std::move(value);
        return true;
    }
    void free(uint32_t index) { free_.push_back(index); }

    uint32_t size() const { return size_; }
    size_t bytesReserved() const { return chunks_.size() * kChunk * sizeof(T) + free_.capacity() * sizeof(uint32_t); }

private:
    std::vector<std::unique_ptr<T[]>> chunks_;
    std::vector<uint32_t> free_;
    uint32_t size_ = 0;
};

}  // namespace rssm
