#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "io/ChunkedPool.h"
#include "io/RecordArena.h"
#include "io/MappedFile.h"
#include "io/PickleValue.h"

namespace rssm::pickle {

class PickleMachine;

// The values a safe unpickling produced: a tree (or DAG, through the memo) of
// handles over record arenas. Byte payloads stay views into the mapped file.
// Read-only once the machine has finished.
class PickleDocument {
public:
    explicit PickleDocument(std::shared_ptr<const MappedFile> file);
    PickleDocument(const PickleDocument&) = delete;
    PickleDocument& operator=(const PickleDocument&) = delete;

    Handle root() const { return root_; }
    const std::shared_ptr<const MappedFile>& file() const { return file_; }

    bool isInt(Handle h) const { return h.kind() == Kind::SmallInt || h.kind() == Kind::BigInt; }
    int64_t intValue(Handle h) const;   // SmallInt, BigInt or Bool
    double floatValue(Handle h) const;  // Float, or any int
    std::string_view string(Handle h) const;
    ByteView bytes(Handle h) const;
    HandleRange tuple(Handle h) const;
    HandleRange list(Handle h) const;
    struct DictItems {
        const std::pair<Handle, Handle>* first = nullptr;
        uint32_t count = 0;
        const std::pair<Handle, Handle>* begin() const { return first; }
        const std::pair<Handle, Handle>* end() const { return first + count; }
        uint32_t size() const { return count; }
        const std::pair<Handle, Handle>& operator[](uint32_t i) const { return first[i]; }
    };
    DictItems dict(Handle h) const;
    ArrayView array(Handle h) const;
    ScalarView scalar(Handle h) const;
    DType dtype(Handle h) const;

    // Storage that payloads outside the file (protocol 2) live in.
    std::shared_ptr<const void> ownedStorage() const { return ownedBlobs_; }
    bool hasOwnedStorage() const { return !ownedBlobs_->empty(); }

    // "tuple of 3", "list of 200", "str 'state'", "int 4": for error messages.
    std::string describe(Handle h) const;
    // The byte offset of the memo fetch (BINGET, LONG_BINGET) that first named
    // this list, dict, tuple or array again; none when nothing fetched it.
    // Sharing is how a few bytes claim many steps, so a refusal for memory
    // (data/MaterialisationLimit.h) points there. Noted once per memo slot
    // fetched, so a file that shares nothing pays nothing.
    std::optional<uint64_t> reusedAt(Handle h) const;
    // Bytes of record storage in use, for memory accounting.
    size_t recordBytes() const;
    // Arrays read through the fused idiom paths (ArrayBuildPattern.h).
    size_t fusedArrays() const { return fusedArrays_; }

private:
    friend class PickleMachine;

    // Tuples are the only records ever freed (PickleMachine::release), so only
    // they remember the memo slot that holds them, to strike it when freed.
    static constexpr uint32_t kNoSlot = 0xFFFFFFFFu;
    struct BlobRecord { const uint8_t* data; uint64_t size; };
    struct TupleRecord {
        Handle* items;
        uint32_t count;
        uint32_t memoSlot;
        uint16_t depth;
        bool pinned;  // memoised twice, or fetched from the memo once its slot was reused: never freed
    };
    // Lists and dicts grow in runs from the pools below (no malloc per dict).
    struct ListRecord { Handle* items = nullptr; uint32_t count = 0; uint32_t capacity = 0; uint16_t depth = 1; };
    using Item = std::pair<Handle, Handle>;
    struct DictRecord { Item* items = nullptr; uint32_t count = 0; uint32_t capacity = 0; uint16_t depth = 1; };
    struct DTypeRecord { DType dtype; bool built = false; };
    struct ArrayRecord {
        const uint8_t* data = nullptr;
        uint64_t byteLength = 0;
        const int64_t* dims = nullptr;  // shape; for Permuted then the stored shape and the axis order
        uint8_t ndim = 0;
        ArrayOrder order = ArrayOrder::C;
        bool built = false;
        DType dtype;
    };
    struct ScalarRecord { ScalarView value; };

    std::shared_ptr<const MappedFile> file_;
    Handle root_;
    size_t fusedArrays_ = 0;
    std::vector<int64_t> bigInts_;
    std::vector<double> floats_;
    RecordArena<BlobRecord> strings_;
    RecordArena<BlobRecord> bytes_;
    RecordArena<TupleRecord> tuples_;
    RecordArena<ListRecord> lists_;
    RecordArena<DictRecord> dicts_;
    RecordArena<DTypeRecord> dtypes_;
    RecordArena<ArrayRecord> arrays_;
    RecordArena<ScalarRecord> scalars_;
    ChunkedPool<Handle> tupleItems_;
    ChunkedPool<Handle, 4096, 64> listItems_;
    ChunkedPool<Item, 4096, 64> dictItems_;
    ChunkedPool<int64_t, 1024> dims_;
    std::unordered_map<uint32_t, uint64_t> reusedAt_;  // Handle::bits -> offset, see reusedAt()
    // Bytes decoded from protocol 2's latin-1 strings: owned, never moved,
    // and shared with buffers whose columns point into them.
    std::shared_ptr<std::vector<std::unique_ptr<uint8_t[]>>> ownedBlobs_ =
        std::make_shared<std::vector<std::unique_ptr<uint8_t[]>>>();
};

}  // namespace rssm::pickle
