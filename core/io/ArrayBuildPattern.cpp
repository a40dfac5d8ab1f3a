#include "io/ArrayBuildPattern.h"

#include <cstring>

#include "io/PickleOpcodes.h"

namespace rssm::pickle {

namespace {

// A bounds-checked cursor: any read past the end makes the match fail.
struct Cursor {
    const uint8_t* data;
    size_t size;
    size_t pos;
    bool ok = true;

    bool has(uint64_t n) const { return ok && n <= size - pos; }
    int peek() const { return pos < size ? data[pos] : -1; }
    bool accept(uint8_t op) {
        if (peek() != op) return false;
        ++pos;
        return true;
    }
    uint64_t readLE(int n) {
        if (!has(n)) { ok = false; return 0; }
        uint64_t v = 0;
        std::memcpy(&v, data + pos, n);
        pos += n;
        return v;
    }
};

// One non-negative shape entry in any of CPython's integer encodings.
bool readInt(Cursor& c, int64_t& value) {
    switch (c.peek()) {
        case BININT1: ++c.pos; value = static_cast<int64_t>(c.readLE(1)); return c.ok;
        case BININT2: ++c.pos; value = static_cast<int64_t>(c.readLE(2)); return c.ok;
        case BININT: ++c.pos; value = static_cast<int32_t>(c.readLE(4)); return c.ok && value >= 0;
        default: return false;  // LONG1 and the rest: leave them to the generic opcodes
    }
}

bool readMemoGet(Cursor& c, uint64_t& id) {
    if (c.accept(BINGET)) id = c.readLE(1);
    else if (c.accept(LONG_BINGET)) id = c.readLE(4);
    else return false;
    return c.ok;
}

MemoStore readMemoStore(Cursor& c) {
    MemoStore store;
    if (c.accept(MEMOIZE)) {
        store.present = true;
    } else if (c.accept(BINPUT) || c.accept(LONG_BINPUT)) {
        store.present = store.hasId = true;
        store.id = c.readLE(c.data[c.pos - 1] == BINPUT ? 1 : 4);
    }
    return store;
}

}  // namespace

bool decodeReconstructCall(const uint8_t* data, size_t size, size_t pos, ReconstructCallPattern& out) {
    Cursor c{data, size, pos};
    if (!readMemoGet(c, out.reconstructMemoId) || !readMemoGet(c, out.ndarrayMemoId)) return false;
    if (!c.accept(BININT1) || c.readLE(1) != 0 || !c.ok || !c.accept(TUPLE1)) return false;
    out.shapeStore = readMemoStore(c);
    if (!readMemoGet(c, out.typeCodeMemoId) || !c.accept(TUPLE3)) return false;
    out.argsStore = readMemoStore(c);
    if (!c.accept(REDUCE)) return false;
    out.arrayStore = readMemoStore(c);
    out.end = c.pos;
    return c.ok;
}

bool decodeArrayBuild(const uint8_t* data, size_t size, size_t pos, int maxNdim, ArrayBuildPattern& out) {
    Cursor c{data, size, pos};
    if (!c.accept(MARK) || !c.accept(BININT1) || c.readLE(1) != 1 || !c.ok) return false;

    // The shape: (), ints closed by TUPLE1-3, or MARK ints TUPLE.
    out.ndim = 0;
    if (c.accept(EMPTY_TUPLE)) {
        out.ndim = 0;
    } else {
        const bool marked = c.accept(MARK);
        int64_t v;
        while (out.ndim < maxNdim && out.ndim < 64 && readInt(c, v)) out.dims[out.ndim++] = v;
        if (marked) {
            if (!c.accept(TUPLE)) return false;
        } else {
            const int op = c.peek();
            const int n = op == TUPLE1 ? 1 : op == TUPLE2 ? 2 : op == TUPLE3 ? 3 : -1;
            if (n != out.ndim) return false;
            ++c.pos;
        }
    }
    out.shapeStore = readMemoStore(c);

    if (!readMemoGet(c, out.dtypeMemoId)) return false;

    if (c.accept(NEWFALSE)) out.fortran = false;
    else if (c.accept(NEWTRUE)) out.fortran = true;
    else return false;

    uint64_t length;
    if (c.accept(SHORT_BINBYTES)) length = c.readLE(1);
    else if (c.accept(BINBYTES)) length = c.readLE(4);
    else if (c.accept(BINBYTES8)) length = c.readLE(8);
    else return false;
    if (!c.has(length)) return false;
    out.payload = data + c.pos;
    out.payloadSize = length;
    c.pos += static_cast<size_t>(length);
    out.payloadStore = readMemoStore(c);

    if (!c.accept(TUPLE)) return false;
    out.stateStore = readMemoStore(c);
    if (!c.accept(BUILD)) return false;
    out.end = c.pos;
    return c.ok;
}

}  // namespace rssm::pickle
