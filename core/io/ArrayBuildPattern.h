#pragma once
#include <cstddef>
#include <cstdint>

namespace rssm::pickle {

// An optional memo store after a value: MEMOIZE (protocol 4) or BINPUT /
// LONG_BINPUT with an explicit id (protocol 3), which the machine accepts
// only when it appends to the memo, as MEMOIZE does.
struct MemoStore {
    bool present = false;
    bool hasId = false;
    uint64_t id = 0;
};

// The opcodes CPython writes (protocols 3 and 4) to fill in an array that
// numpy's _reconstruct just created:
//
//   MARK BININT1 1 <shape ints> <shape tuple> [memo store] BINGET <dtype>
//   NEWFALSE|NEWTRUE <payload bytes> [memo store] TUPLE [memo store] BUILD
//
// Every array of a buffer repeats it, so the machine takes it in one step
// when it matches exactly. Decoding has no side effects; the machine checks
// the memo and limits, then applies it as the opcodes one by one would.
struct ArrayBuildPattern {
    int64_t dims[64] = {};
    int ndim = 0;
    uint64_t dtypeMemoId = 0;
    bool fortran = false;
    const uint8_t* payload = nullptr;
    uint64_t payloadSize = 0;
    MemoStore shapeStore;
    MemoStore payloadStore;
    MemoStore stateStore;
    size_t end = 0;  // offset just past BUILD
};

// Decodes the pattern starting at the MARK at data[pos]; false when the bytes
// differ from it in any way (the generic opcodes then run instead).
bool decodeArrayBuild(const uint8_t* data, size_t size, size_t pos, int maxNdim, ArrayBuildPattern& out);

// The call that precedes it once the globals are in the memo:
//
//   BINGET <_reconstruct> BINGET <ndarray> BININT1 0 TUPLE1 [memo store]
//   BINGET <b'b'> TUPLE3 [memo store] REDUCE [memo store]
struct ReconstructCallPattern {
    uint64_t reconstructMemoId = 0;
    uint64_t ndarrayMemoId = 0;
    uint64_t typeCodeMemoId = 0;
    MemoStore shapeStore;  // the (0,) tuple
    MemoStore argsStore;
    MemoStore arrayStore;
    size_t end = 0;  // offset just past the last opcode taken
};

// Decodes the call starting at the BINGET at data[pos].
bool decodeReconstructCall(const uint8_t* data, size_t size, size_t pos, ReconstructCallPattern& out);

}  // namespace rssm::pickle
