// The callables a buffer may name: numpy's array, dtype and scalar
// constructors and protocol 2's bytes helpers, each with its arguments
// checked exactly; and the fused path for the array-filling idiom.
#include <algorithm>
#include <cstdio>

#include "io/ArrayBuildPattern.h"
#include "io/PickleMachine.h"
#include "util/Utf8.h"

namespace rssm::pickle {

namespace {

// _reconstruct's typecode: numpy builds ndarray(shape, code) and refuses a
// code that names no dtype; pickles carry b'b'. A numeric code is all this
// reader could use. The fused path and the generic one ask the same.
bool isNumericTypeCode(const ByteView& code) {
    if (code.size == 0 || code.size > 16) return false;
    const std::string text(reinterpret_cast<const char*>(code.data), static_cast<size_t>(code.size));
    DType ignored;
    return (code.size == 1 && std::string("?bBhHiIlLqQpPefdg").find(text[0]) != std::string::npos) || DType::fromCode(text, ignored);
}

}  // namespace

Handle PickleMachine::resolveGlobal(const std::string& module, const std::string& name) {
    const bool multiarray = module == "numpy.core.multiarray" || module == "numpy._core.multiarray";
    const bool numeric = module == "numpy.core.numeric" || module == "numpy._core.numeric";
    if (multiarray && name == "_reconstruct") return Handle::global(GlobalName::Reconstruct);
    if (multiarray && name == "scalar") return Handle::global(GlobalName::Scalar);
    if (numeric && name == "_frombuffer") return Handle::global(GlobalName::FromBuffer);
    if (module == "numpy" && name == "ndarray") return Handle::global(GlobalName::NdArray);
    if (module == "numpy" && name == "dtype") return Handle::global(GlobalName::DType);
    if (module == "_codecs" && name == "encode") return Handle::global(GlobalName::CodecsEncode);
    if ((module == "builtins" || module == "__builtin__") && name == "bytes") return Handle::global(GlobalName::BuiltinBytes);
    fail("global '" + module + "." + name + "' is not allowed: a replay buffer may only name numpy's array constructors");
}

Handle PickleMachine::reduceReconstruct(HandleRange a) {
    if (a.size() != 3) fail("_reconstruct takes 3 arguments, got " + std::to_string(a.size()));
    if (a[0] != Handle::global(GlobalName::NdArray)) fail("_reconstruct's first argument must be numpy.ndarray, found " + describe(a[0]));
    tupleArg(a[1], "_reconstruct's shape");
    const ByteView code = bytesArg(a[2], "_reconstruct's dtype code");
    if (!isNumericTypeCode(code)) {
        std::string shown;
        for (uint64_t i = 0; i < std::min<uint64_t>(code.size, 16); ++i) {
            const unsigned char c = code.data[i];
            char buf[8];
            std::snprintf(buf, sizeof buf, c >= 0x20 && c < 0x7f && c != '\'' && c != '\\' ? "%c" : "\\x%02x", c);
            shown += buf;
        }
        fail("_reconstruct's dtype code b'" + shown + (code.size > 16 ? "...'" : "'") + " names no numeric numpy dtype (numpy refuses it too)");
    }
    return Handle::make(Kind::Array, allocate(doc_->arrays_, Doc::ArrayRecord{}));
}

Handle PickleMachine::reduceDType(HandleRange a) {
    if (a.size() != 3) fail("numpy.dtype takes 3 arguments, got " + std::to_string(a.size()));
    const std::string code(stringArg(a[0], "the dtype code"));
    if (!isFlag(a[1]) || !isFlag(a[2])) fail("numpy.dtype's align and copy arguments must be booleans");
    Doc::DTypeRecord rec;
    if (!DType::fromCode(code, rec.dtype))
        fail("dtype '" + code + "' is refused: only bool, int, uint and float arrays are read (no object, string or void dtypes)");
    return Handle::make(Kind::DType, allocate(doc_->dtypes_, rec));
}

Handle PickleMachine::reduceScalar(HandleRange a) {
    if (a.size() != 2) fail("numpy scalar takes 2 arguments, got " + std::to_string(a.size()));
    Doc::ScalarRecord rec;
    rec.value.dtype = builtDType(a[0], "the scalar's dtype");
    const ByteView raw = bytesArg(a[1], "the scalar's value");
    if (raw.size != static_cast<uint64_t>(rec.value.dtype.itemSize()))
        fail("scalar value has " + std::to_string(raw.size) + " bytes, its dtype needs " + std::to_string(rec.value.dtype.itemSize()));
    std::memcpy(rec.value.raw, raw.data, raw.size);
    return Handle::make(Kind::Scalar, allocate(doc_->scalars_, rec));
}

Handle PickleMachine::reduceFromBuffer(HandleRange a) {
    if (a.size() != 4 && a.size() != 5) fail("_frombuffer takes 4 or 5 arguments, got " + std::to_string(a.size()));
    const ByteView buf = bytesArg(a[0], "_frombuffer's buffer");
    Doc::ArrayRecord rec;
    rec.dtype = builtDType(a[1], "_frombuffer's dtype");
    const uint32_t ndim = shapeRank(a[2]);
    const std::string_view order = stringArg(a[3], "_frombuffer's order");
    const bool permuted = a.size() == 5;
    if (permuted ? order != "K" : (order != "C" && order != "F"))
        fail("_frombuffer's order must be 'C' or 'F' (or 'K' with an axis order), found '" + std::string(order) + "'");
    int64_t* dims = doc_->dims_.allocate(permuted ? 3 * ndim : ndim);
    if (permuted) {
        int64_t* stored = dims + ndim;
        int64_t* axes = dims + 2 * ndim;
        checkPayload(readShape(a[2], stored), rec.dtype, buf.size);
        const HandleRange perm = tupleArg(a[4], "_frombuffer's axis order");
        if (perm.size() != ndim) fail("_frombuffer's axis order has " + std::to_string(perm.size()) + " entries for " + std::to_string(ndim) + " axes");
        std::vector<bool> seen(ndim, false);
        for (uint32_t i = 0; i < ndim; ++i) {
            const int64_t ax = isInt(perm[i]) ? doc_->intValue(perm[i]) : -1;
            if (ax < 0 || ax >= ndim || seen[ax]) fail("_frombuffer's axis order is not a permutation of the axes");
            seen[ax] = true;
            axes[i] = ax;
            dims[i] = stored[ax];
        }
        rec.order = ArrayOrder::Permuted;
    } else {
        checkPayload(readShape(a[2], dims), rec.dtype, buf.size);
        rec.order = (order == "F" && ndim > 1) ? ArrayOrder::Fortran : ArrayOrder::C;
    }
    rec.dims = dims;
    rec.ndim = static_cast<uint8_t>(ndim);
    rec.data = buf.data;
    rec.byteLength = buf.size;
    rec.built = true;
    return Handle::make(Kind::Array, allocate(doc_->arrays_, rec));
}

Handle PickleMachine::reduceCodecsEncode(HandleRange a) {
    if (a.size() != 2) fail("_codecs.encode takes 2 arguments, got " + std::to_string(a.size()));
    const std::string_view text = stringArg(a[0], "_codecs.encode's text");
    if (stringArg(a[1], "_codecs.encode's encoding") != "latin1") fail("_codecs.encode's encoding must be 'latin1'");
    // Protocol 2 stores bytes as a latin-1 str in UTF-8: one byte per code point.
    auto blob = std::make_unique<uint8_t[]>(text.size() + 1);
    const long n = decodeLatin1FromUtf8(reinterpret_cast<const uint8_t*>(text.data()), text.size(), blob.get());
    if (n < 0) fail("_codecs.encode's text has a character beyond U+00FF, which latin-1 cannot hold");
    const uint8_t* data = blob.get();
    doc_->ownedBlobs_->push_back(std::move(blob));
    return makeBytes(data, n);
}

void PickleMachine::reduce() {
    const Handle args = pop();
    const Handle callable = pop();
    if (callable.kind() != Kind::Global) fail("the callable is a " + describe(callable) + ", not an allowed numpy constructor");
    const HandleRange a = tupleArg(args, "REDUCE's arguments");
    Handle result;
    switch (callable.globalName()) {
        case GlobalName::Reconstruct: result = reduceReconstruct(a); break;
        case GlobalName::DType: result = reduceDType(a); break;
        case GlobalName::Scalar: result = reduceScalar(a); break;
        case GlobalName::FromBuffer: result = reduceFromBuffer(a); break;
        case GlobalName::CodecsEncode: result = reduceCodecsEncode(a); break;
        case GlobalName::BuiltinBytes:
            if (a.size() != 0) fail("bytes() may only be called without arguments here");
            result = makeBytes(nullptr, 0);
            break;
        case GlobalName::NdArray: fail("numpy.ndarray may only be passed to _reconstruct, not called");
    }
    release(args);
    push(result);
}

void PickleMachine::buildDType(Doc::DTypeRecord& rec, HandleRange s) {
    if (s.size() != 8) fail("a dtype's state must be an 8-tuple, found a tuple of " + std::to_string(s.size()));
    const std::string_view order = stringArg(s[1], "the dtype's byte order");
    const bool ok = isInt(s[0]) && doc_->intValue(s[0]) == 3 && s[2].kind() == Kind::None && s[3].kind() == Kind::None &&
                    s[4].kind() == Kind::None && isInt(s[5]) && doc_->intValue(s[5]) == -1 && isInt(s[6]) &&
                    doc_->intValue(s[6]) == -1 && isInt(s[7]) && doc_->intValue(s[7]) == 0;
    if (!ok) fail("a dtype's state must be (3, order, None, None, None, -1, -1, 0) for a plain numeric dtype");
    if (order == "|" && rec.dtype.itemSize() != 1) fail("byte order '|' on the multi-byte dtype " + rec.dtype.code());
    if (order != "<" && order != ">" && order != "|" && order != "=") fail("unknown byte order '" + std::string(order) + "'");
    rec.dtype.bigEndian = order == ">";
    rec.built = true;
}

void PickleMachine::buildArray(Doc::ArrayRecord& rec, HandleRange s) {
    if (s.size() != 5) fail("an array's state must be a 5-tuple, found a tuple of " + std::to_string(s.size()));
    if (!isInt(s[0]) || doc_->intValue(s[0]) != 1) fail("an array's state must start with version 1");
    const uint32_t ndim = shapeRank(s[1]);
    rec.dtype = builtDType(s[2], "the array's dtype");
    if (!isFlag(s[3])) fail("the array's Fortran flag must be a bool, found " + describe(s[3]));
    const ByteView data = bytesArg(s[4], "the array's data");
    int64_t* dims = doc_->dims_.allocate(ndim);
    checkPayload(readShape(s[1], dims), rec.dtype, data.size);
    rec.dims = dims;
    rec.ndim = static_cast<uint8_t>(ndim);
    rec.order = (doc_->intValue(s[3]) != 0 && ndim > 1) ? ArrayOrder::Fortran : ArrayOrder::C;
    rec.data = data.data;
    rec.byteLength = data.size;
    rec.built = true;
}

void PickleMachine::build() {
    const Handle state = pop();
    const Handle target = top();
    const HandleRange s = tupleArg(state, "BUILD's state");
    if (target.kind() == Kind::DType && !doc_->dtypes_[target.index()].built) {
        buildDType(doc_->dtypes_[target.index()], s);
    } else if (target.kind() == Kind::Array && !doc_->arrays_[target.index()].built) {
        buildArray(doc_->arrays_[target.index()], s);
    } else {
        fail("BUILD applies only to a new numpy array or dtype, not to a " + describe(target));
    }
    release(state);
}

uint64_t PickleMachine::readShape(Handle h, int64_t* dims) const {
    const HandleRange items = tupleArg(h, "the shape");
    uint64_t count = 1;
    for (uint32_t i = 0; i < items.size(); ++i) {
        if (!isInt(items[i])) fail("shape entry " + std::to_string(i) + " must be an int, found " + describe(items[i]));
        const int64_t d = doc_->intValue(items[i]);
        if (d < 0) fail("shape entry " + std::to_string(i) + " is negative (" + std::to_string(d) + ")");
        if (mulOverflows(count, static_cast<uint64_t>(d), count)) fail("the shape's element count overflows 64 bits");
        dims[i] = d;
    }
    return count;
}

uint32_t PickleMachine::shapeRank(Handle h) const {
    const uint32_t n = tupleArg(h, "the shape").size();
    if (n > static_cast<uint32_t>(limits_.maxNdim)) fail("arrays of " + std::to_string(n) + " dimensions exceed the limit of " + std::to_string(limits_.maxNdim));
    return n;
}

void PickleMachine::checkPayload(uint64_t elements, DType dtype, uint64_t bytes) const {
    uint64_t expected;
    if (mulOverflows(elements, static_cast<uint64_t>(dtype.itemSize()), expected) || expected != bytes)
        fail("array data holds " + std::to_string(bytes) + " bytes but its shape and dtype " + dtype.str() + " need " +
             (expected == bytes ? std::string("more") : std::to_string(expected)));
}

}  // namespace rssm::pickle

namespace rssm::pickle {

// Both fused paths check everything the opcodes would check on the way; at
// any doubt they decline, and the opcodes run one by one.
// The idioms' memo stores must each append, in order, from `next` on.
static bool storesAppend(std::initializer_list<const MemoStore*> stores, size_t next, size_t& count) {
    count = 0;
    for (const MemoStore* s : stores) {
        if (!s->present) continue;
        if (s->hasId && s->id != next + count) return false;
        ++count;
    }
    return true;
}

bool PickleMachine::fusedBuildFits(const ArrayBuildPattern& p, size_t extraMemo, DType& dtype) const {
    if (p.dtypeMemoId >= memo_.size()) return false;
    const Handle dtypeHandle = memo_[p.dtypeMemoId];
    if (dtypeHandle == kTombstone || dtypeHandle.kind() != Kind::DType || !doc_->dtypes_[dtypeHandle.index()].built) return false;
    size_t stores = 0;
    if (!storesAppend({&p.shapeStore, &p.payloadStore, &p.stateStore}, memo_.size() + extraMemo, stores)) return false;
    if (memo_.size() + extraMemo + stores > limits_.maxMemo || stack_.size() + p.ndim + 6 > limits_.maxStack ||
        marks_.size() + 2 > limits_.maxMarks || limits_.maxDepth < 2)
        return false;
    dtype = doc_->dtypes_[dtypeHandle.index()].dtype;
    uint64_t count = 1, bytes = 0;
    for (int i = 0; i < p.ndim; ++i)
        if (mulOverflows(count, static_cast<uint64_t>(p.dims[i]), count)) return false;
    return !mulOverflows(count, static_cast<uint64_t>(dtype.itemSize()), bytes) && bytes == p.payloadSize;
}

// The memo ends as the opcodes would leave it: the shape and state tuples
// consumed by BUILD and struck, the payload kept, the dtype fetched.
void PickleMachine::applyFusedBuild(const ArrayBuildPattern& p, DType dtype, Handle target) {
    auto memoize = [this](Handle h) { memo_.push_back(h); memoFetched_.push_back(0); };
    if (p.shapeStore.present) memoize(kTombstone);
    memoFetched_[p.dtypeMemoId] = 1;
    if (p.payloadStore.present) memoize(makeBytes(p.payload, p.payloadSize));
    if (p.stateStore.present) memoize(kTombstone);
    int64_t* dims = doc_->dims_.allocate(static_cast<size_t>(p.ndim));
    std::copy(p.dims, p.dims + p.ndim, dims);
    Doc::ArrayRecord& rec = doc_->arrays_[target.index()];
    rec.dims = dims;
    rec.ndim = static_cast<uint8_t>(p.ndim);
    rec.dtype = dtype;
    rec.order = (p.fortran && p.ndim > 1) ? ArrayOrder::Fortran : ArrayOrder::C;
    rec.data = p.payload;
    rec.byteLength = p.payloadSize;
    rec.built = true;
    pos_ = p.end;
    ++doc_->fusedArrays_;
}

bool PickleMachine::tryFusedArrayBuild() {
    if (!limits_.fuseArrayBuilds || stack_.size() <= floor()) return false;
    const Handle target = stack_.back();
    if (target.kind() != Kind::Array || doc_->arrays_[target.index()].built) return false;
    ArrayBuildPattern p;
    DType dtype;
    if (!decodeArrayBuild(data_, size_, opStart_, limits_.maxNdim, p) || !fusedBuildFits(p, 0, dtype)) return false;
    applyFusedBuild(p, dtype, target);
    return true;
}

bool PickleMachine::tryFusedArray() {
    if (!limits_.fuseArrayBuilds) return false;
    // Cheap first look: is this BINGET fetching _reconstruct at all?
    if (op_ == BINGET && pos_ < size_) {
        const uint8_t id = data_[pos_];
        if (id >= memo_.size() || memo_[id] != Handle::global(GlobalName::Reconstruct)) return false;
    }
    ReconstructCallPattern call;
    ArrayBuildPattern p;
    DType dtype;
    if (!decodeReconstructCall(data_, size_, opStart_, call) || !decodeArrayBuild(data_, size_, call.end, limits_.maxNdim, p)) return false;
    const auto fetch = [this](uint64_t id) { return id < memo_.size() ? memo_[id] : kTombstone; };
    if (fetch(call.reconstructMemoId) != Handle::global(GlobalName::Reconstruct) ||
        fetch(call.ndarrayMemoId) != Handle::global(GlobalName::NdArray) || fetch(call.typeCodeMemoId).kind() != Kind::Bytes ||
        fetch(call.typeCodeMemoId) == kTombstone || !isNumericTypeCode(doc_->bytes(fetch(call.typeCodeMemoId))))
        return false;
    size_t callMemo = 0;
    if (!storesAppend({&call.shapeStore, &call.argsStore, &call.arrayStore}, memo_.size(), callMemo)) return false;
    if (stack_.size() + 4 > limits_.maxStack || !fusedBuildFits(p, callMemo, dtype)) return false;
    // The (0,) and argument tuples are consumed by REDUCE and struck; the
    // new array is what the memo keeps.
    const uint32_t index = allocate(doc_->arrays_, Doc::ArrayRecord{});
    const Handle array = Handle::make(Kind::Array, index);
    for (const uint64_t id : {call.reconstructMemoId, call.ndarrayMemoId, call.typeCodeMemoId}) memoFetched_[id] = 1;
    auto memoize = [this](Handle h) { memo_.push_back(h); memoFetched_.push_back(0); };
    if (call.shapeStore.present) memoize(kTombstone);
    if (call.argsStore.present) memoize(kTombstone);
    if (call.arrayStore.present) memoize(array);
    push(array);
    applyFusedBuild(p, dtype, array);
    return true;
}

}  // namespace rssm::pickle
