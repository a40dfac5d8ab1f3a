#pragma once
#include <cstdint>

#include "io/DType.h"

namespace rssm::pickle {

// What a value in a parsed pickle is. Small ints, bools, None and globals are
// stored in the handle itself; every other kind indexes a record arena.
enum class Kind : uint8_t {
    None = 0, Bool, SmallInt, BigInt, Float, String, Bytes, Tuple, List, Dict, Global, DType, Array, Scalar
};

// The only callables a buffer may name (see docs/pickle-format.md).
enum class GlobalName : uint8_t { Reconstruct, Scalar, FromBuffer, NdArray, DType, CodecsEncode, BuiltinBytes };

const char* kindName(Kind kind);
const char* globalDisplayName(GlobalName name);

// A 32-bit tagged reference: 4 bits of kind, 28 bits of index or payload.
struct Handle {
    uint32_t bits = 0;

    static constexpr uint32_t kIndexBits = 28;
    static constexpr uint32_t kIndexMask = (1u << kIndexBits) - 1;
    static constexpr int32_t kSmallIntMin = -(1 << (kIndexBits - 1));
    static constexpr int32_t kSmallIntMax = (1 << (kIndexBits - 1)) - 1;

    static Handle make(Kind kind, uint32_t index) { return Handle{(static_cast<uint32_t>(kind) << kIndexBits) | (index & kIndexMask)}; }
    static Handle none() { return make(Kind::None, 0); }
    static Handle boolean(bool v) { return make(Kind::Bool, v ? 1 : 0); }
    static Handle smallInt(int32_t v) { return make(Kind::SmallInt, static_cast<uint32_t>(v)); }
    static Handle global(GlobalName g) { return make(Kind::Global, static_cast<uint32_t>(g)); }

    Kind kind() const { return static_cast<Kind>(bits >> kIndexBits); }
    uint32_t index() const { return bits & kIndexMask; }
    int32_t smallIntValue() const { return static_cast<int32_t>(bits << (32 - kIndexBits)) >> (32 - kIndexBits); }
    GlobalName globalName() const { return static_cast<GlobalName>(index()); }
    bool operator==(const Handle& o) const { return bits == o.bits; }
    bool operator!=(const Handle& o) const { return bits != o.bits; }
};

// A contiguous run of handles (tuple or list items); C++17 has no std::span.
struct HandleRange {
    const Handle* first = nullptr;
    uint32_t count = 0;
    const Handle* begin() const { return first; }
    const Handle* end() const { return first + count; }
    uint32_t size() const { return count; }
    const Handle& operator[](uint32_t i) const { return first[i]; }
};

struct ByteView {
    const uint8_t* data = nullptr;
    uint64_t size = 0;
};

// How an array's bytes map to its logical shape.
enum class ArrayOrder : uint8_t { C, Fortran, Permuted };

// A read-only description of a numpy array in the document. `data` points into
// the mapped file (or into decoded storage for protocol 2); elements may be
// unaligned and in either byte order.
struct ArrayView {
    DType dtype;
    uint8_t ndim = 0;
    const int64_t* shape = nullptr;
    // Only for ArrayOrder::Permuted: the C-order shape of the stored bytes and
    // the axis order that maps stored axes to logical ones (numpy >= 2.3's 'K').
    const int64_t* storedShape = nullptr;
    const int64_t* axisOrder = nullptr;
    ArrayOrder order = ArrayOrder::C;
    const uint8_t* data = nullptr;
    uint64_t byteLength = 0;

    int64_t elementCount() const;
    // Strides in elements for each logical axis.
    void elementStrides(int64_t* strides) const;
    // Copies the elements in logical C order to dst (itemSize bytes each, still
    // in the array's own byte order).
    void copyLogicalOrder(uint8_t* dst) const;
};

struct ScalarView {
    DType dtype;
    uint8_t raw[8] = {};
    double asDouble() const { return readElementAsDouble(raw, dtype); }
};

}  // namespace rssm::pickle
