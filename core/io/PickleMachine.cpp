// The safe unpickling machine: a stack machine over the opcodes of
// docs/pickle-format.md, with numpy's array constructors as the only callables.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <limits>

#include "io/PickleOpcodes.h"
#include "io/PickleReader.h"
#include "util/Utf8.h"

namespace rssm::pickle {

namespace {

#define RSSM_HOT inline __attribute__((always_inline))
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "readLE assumes a little-endian host");

constexpr Handle kTombstone{0xFFFFFFFFu};  // a memo slot whose object was consumed and freed
constexpr size_t kReportEvery = size_t{256} << 10;
constexpr size_t kReleaseEvery = size_t{2} << 20;

bool mulOverflows(uint64_t a, uint64_t b, uint64_t& out) { return __builtin_mul_overflow(a, b, &out); }

}  // namespace

class PickleMachine {
public:
    PickleMachine(std::shared_ptr<const MappedFile> file, const PickleLimits& limits, const ProgressReporter* progress)
        : file_(file), data_(file->data()), size_(file->size()), limits_(limits), progress_(progress),
          doc_(std::make_unique<PickleDocument>(std::move(file))) {}

    std::unique_ptr<PickleDocument> run() {
        stack_.reserve(1024);
        memo_.reserve(std::min<size_t>(size_ / 16, limits_.maxMemo));
        memoFetched_.reserve(memo_.capacity());
        size_t nextCheck = kReportEvery;
        while (pos_ < size_) {
            opStart_ = pos_;
            op_ = data_[pos_++];
            if (step()) return finish();
            // Protocol 4 memoises nearly every value: take that opcode here,
            // a predictable branch instead of another dispatch.
            while (pos_ < size_ && data_[pos_] == MEMOIZE) {
                opStart_ = pos_++;
                op_ = MEMOIZE;
                memoPut(memo_.size());
            }
            if (pos_ >= nextCheck) {
                checkpoint();
                nextCheck = pos_ + kReportEvery;
            }
        }
        opStart_ = size_;
        throw PickleError(size_, "the file ends without a STOP opcode (truncated?)");
    }

private:
    using Doc = PickleDocument;

    // ---- input ----
    // Error paths are cold and out of line, so the checks on the hot path stay small enough to inline.
    [[noreturn]] __attribute__((cold, noinline)) void failTruncated(uint64_t n) const {
        fail("declares " + std::to_string(n) + " bytes but only " + std::to_string(size_ - pos_) + " remain in the file");
    }
    [[noreturn]] __attribute__((cold, noinline)) void failStackFull() const {
        fail("more than " + std::to_string(limits_.maxStack) + " values on the stack");
    }
    [[noreturn]] __attribute__((cold, noinline)) void failUnderflow() const {
        fail("needs a value but the stack is empty above the last MARK");
    }
    [[noreturn]] __attribute__((cold, noinline)) void fail(const std::string& what) const {
        const char* name = opcodeName(op_);
        throw PickleError(opStart_, std::string(name ? name : "opcode") + ": " + what);
    }
    RSSM_HOT const uint8_t* take(uint64_t n) {
        if (__builtin_expect(n > size_ - pos_, 0)) failTruncated(n);
        const uint8_t* p = data_ + pos_;
        pos_ += static_cast<size_t>(n);
        return p;
    }
    RSSM_HOT uint64_t readLE(int n) {
        const uint8_t* p = take(n);
        if (n == 1) return p[0];
        uint64_t v = 0;
        std::memcpy(&v, p, n);  // little-endian host (x86-64, arm64)
        return v;
    }
    std::string readLine() {
        const size_t limit = std::min<size_t>(size_ - pos_, limits_.maxGlobalLine + 1);
        const void* nl = std::memchr(data_ + pos_, '\n', limit);
        if (!nl) fail("expected a newline-terminated name of at most " + std::to_string(limits_.maxGlobalLine) + " bytes");
        const size_t len = static_cast<const uint8_t*>(nl) - (data_ + pos_);
        std::string s(reinterpret_cast<const char*>(data_ + pos_), len);
        pos_ += len + 1;
        return s;
    }

    // ---- stack ----
    RSSM_HOT size_t floor() const { return marks_.empty() ? 0 : marks_.back(); }
    RSSM_HOT void push(Handle h) {
        if (__builtin_expect(stack_.size() >= limits_.maxStack, 0)) failStackFull();
        stack_.push_back(h);
    }
    RSSM_HOT Handle pop() {
        if (__builtin_expect(stack_.size() <= floor(), 0)) failUnderflow();
        const Handle h = stack_.back();
        stack_.pop_back();
        return h;
    }
    RSSM_HOT Handle top() {
        if (__builtin_expect(stack_.size() <= floor(), 0)) failUnderflow();
        return stack_.back();
    }
    size_t popMark() {
        if (marks_.empty()) fail("needs a MARK but none is open");
        const size_t m = marks_.back();
        marks_.pop_back();
        return m;
    }

    // ---- records ----
    template <typename T>
    uint32_t allocate(RecordArena<T>& arena, T record) {
        uint32_t index;
        if (!arena.add(std::move(record), Handle::kIndexMask, index)) fail("more than 2^28 objects of one kind");
        return index;
    }
    RSSM_HOT uint32_t depthOf(Handle h) const {
        switch (h.kind()) {
            case Kind::Tuple: return doc_->tuples_[h.index()].depth;
            case Kind::List: return doc_->lists_[h.index()].depth;
            case Kind::Dict: return doc_->dicts_[h.index()].depth;
            default: return 0;
        }
    }
    [[noreturn]] __attribute__((cold, noinline)) void failDepth() const {
        fail("containers nested deeper than " + std::to_string(limits_.maxDepth) + " levels");
    }
    RSSM_HOT uint16_t checkedDepth(uint32_t depth) const {
        if (__builtin_expect(depth > limits_.maxDepth, 0)) failDepth();
        return static_cast<uint16_t>(depth);
    }

    // A tuple consumed by REDUCE or BUILD that was never fetched from the memo
    // is freed and struck from the memo: numpy's __reduce__ builds its argument
    // and state tuples afresh for every array, so CPython never refers to them
    // again. Strings and bytes stay: CPython re-fetches interned constants
    // ('latin1', 'numpy', b'b') long after their first use.
    void release(Handle h) {
        if (h.kind() != Kind::Tuple) return;
        Doc::TupleRecord& t = doc_->tuples_[h.index()];
        if (t.pinned) return;
        if (t.memoSlot != Doc::kNoSlot) {
            if (memoFetched_[t.memoSlot]) return;
            memo_[t.memoSlot] = kTombstone;
        }
        for (uint32_t i = 0; i < t.count; ++i) release(t.items[i]);
        doc_->tupleItems_.release(t.items, t.count);
        doc_->tuples_.free(h.index());
    }

    RSSM_HOT Handle makeInt(int64_t v) {
        if (v >= Handle::kSmallIntMin && v <= Handle::kSmallIntMax) return Handle::smallInt(static_cast<int32_t>(v));
        if (doc_->bigInts_.size() >= Handle::kIndexMask) fail("more than 2^28 large integers");
        doc_->bigInts_.push_back(v);
        return Handle::make(Kind::BigInt, static_cast<uint32_t>(doc_->bigInts_.size() - 1));
    }
    Handle makeString(const uint8_t* p, uint64_t n) {
        if (!isValidUtf8(p, n)) fail("string is not valid UTF-8");
        return Handle::make(Kind::String, allocate(doc_->strings_, Doc::BlobRecord{p, n}));
    }
    RSSM_HOT Handle makeBytes(const uint8_t* p, uint64_t n) {
        return Handle::make(Kind::Bytes, allocate(doc_->bytes_, Doc::BlobRecord{p, n}));
    }
    Handle makeTuple(const Handle* items, size_t n) {
        uint32_t depth = 0;
        for (size_t i = 0; i < n; ++i) depth = std::max(depth, depthOf(items[i]));
        Handle* run = doc_->tupleItems_.allocate(n);
        std::copy(items, items + n, run);
        return Handle::make(Kind::Tuple, allocate(doc_->tuples_, Doc::TupleRecord{run, static_cast<uint32_t>(n), Doc::kNoSlot,
                                                                                 checkedDepth(depth + 1), false}));
    }
    Handle tupleFromTop(size_t n) {
        if (stack_.size() - floor() < n) fail("needs " + std::to_string(n) + " values on the stack");
        const Handle t = makeTuple(stack_.data() + stack_.size() - n, n);
        stack_.resize(stack_.size() - n);
        return t;
    }

    // ---- typed views of arguments ----
    std::string describe(Handle h) const { return doc_->describe(h); }
    bool isInt(Handle h) const { return h.kind() == Kind::SmallInt || h.kind() == Kind::BigInt; }
    bool isFlag(Handle h) const { return h.kind() == Kind::Bool || (isInt(h) && (doc_->intValue(h) == 0 || doc_->intValue(h) == 1)); }
    HandleRange tupleArg(Handle h, const char* what) const {
        if (h.kind() != Kind::Tuple) fail(std::string(what) + " must be a tuple, found " + describe(h));
        return doc_->tuple(h);
    }
    std::string_view stringArg(Handle h, const char* what) const {
        if (h.kind() != Kind::String) fail(std::string(what) + " must be a str, found " + describe(h));
        return doc_->string(h);
    }
    DType builtDType(Handle h, const char* what) const {
        if (h.kind() != Kind::DType || !doc_->dtypes_[h.index()].built)
            fail(std::string(what) + " must be a built numpy dtype, found " + describe(h));
        return doc_->dtype(h);
    }
    ByteView bytesArg(Handle h, const char* what) const {
        if (h.kind() == Kind::List) fail(std::string(what) + " is a list: object arrays are refused");
        if (h.kind() != Kind::Bytes) fail(std::string(what) + " must be bytes, found " + describe(h));
        return doc_->bytes(h);
    }
    // Reads a shape tuple into the dims pool and returns its element count.
    uint64_t readShape(Handle h, int64_t* dims) const {
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
    uint32_t shapeRank(Handle h) const {
        const uint32_t n = tupleArg(h, "the shape").size();
        if (n > static_cast<uint32_t>(limits_.maxNdim)) fail("arrays of " + std::to_string(n) + " dimensions exceed the limit of " + std::to_string(limits_.maxNdim));
        return n;
    }
    void checkPayload(uint64_t elements, DType dtype, uint64_t bytes) const {
        uint64_t expected;
        if (mulOverflows(elements, static_cast<uint64_t>(dtype.itemSize()), expected) || expected != bytes)
            fail("array data holds " + std::to_string(bytes) + " bytes but its shape and dtype " + dtype.str() + " need " +
                 (expected == bytes ? std::string("more") : std::to_string(expected)));
    }

    // ---- globals and calls ----
    Handle resolveGlobal(const std::string& module, const std::string& name) {
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

    Handle reduceReconstruct(HandleRange a) {
        if (a.size() != 3) fail("_reconstruct takes 3 arguments, got " + std::to_string(a.size()));
        if (a[0] != Handle::global(GlobalName::NdArray)) fail("_reconstruct's first argument must be numpy.ndarray, found " + describe(a[0]));
        tupleArg(a[1], "_reconstruct's shape");
        bytesArg(a[2], "_reconstruct's dtype code");
        return Handle::make(Kind::Array, allocate(doc_->arrays_, Doc::ArrayRecord{}));
    }
    Handle reduceDType(HandleRange a) {
        if (a.size() != 3) fail("numpy.dtype takes 3 arguments, got " + std::to_string(a.size()));
        const std::string code(stringArg(a[0], "the dtype code"));
        if (!isFlag(a[1]) || !isFlag(a[2])) fail("numpy.dtype's align and copy arguments must be booleans");
        Doc::DTypeRecord rec;
        if (!DType::fromCode(code, rec.dtype))
            fail("dtype '" + code + "' is refused: only bool, int, uint and float arrays are read (no object, string or void dtypes)");
        return Handle::make(Kind::DType, allocate(doc_->dtypes_, rec));
    }
    Handle reduceScalar(HandleRange a) {
        if (a.size() != 2) fail("numpy scalar takes 2 arguments, got " + std::to_string(a.size()));
        Doc::ScalarRecord rec;
        rec.value.dtype = builtDType(a[0], "the scalar's dtype");
        const ByteView raw = bytesArg(a[1], "the scalar's value");
        if (raw.size != static_cast<uint64_t>(rec.value.dtype.itemSize()))
            fail("scalar value has " + std::to_string(raw.size) + " bytes, its dtype needs " + std::to_string(rec.value.dtype.itemSize()));
        std::memcpy(rec.value.raw, raw.data, raw.size);
        return Handle::make(Kind::Scalar, allocate(doc_->scalars_, rec));
    }
    Handle reduceFromBuffer(HandleRange a) {
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
    Handle reduceCodecsEncode(HandleRange a) {
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

    void reduce() {
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

    void buildDType(Doc::DTypeRecord& rec, HandleRange s) {
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
    void buildArray(Doc::ArrayRecord& rec, HandleRange s) {
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
    void build() {
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

    // ---- containers ----
    // Makes room for one more item, doubling the run (the old run goes back to the pool).
    template <typename T, typename Pool>
    void grow(Pool& pool, T*& items, uint32_t& count, uint32_t& capacity) {
        if (count < capacity) return;
        if (capacity >= (1u << 30)) fail("a container of more than 2^30 items");
        const uint32_t bigger = capacity ? capacity * 2 : 2;
        T* run = pool.allocate(bigger);
        std::copy(items, items + count, run);
        pool.release(items, capacity);
        items = run;
        capacity = bigger;
    }
    void appendTo(Handle list, Handle value) {
        if (list.kind() != Kind::List) fail("appends to a " + describe(list) + ", not a list");
        if (list == value) fail("a list appended to itself (a cycle)");
        Doc::ListRecord& rec = doc_->lists_[list.index()];
        grow(doc_->listItems_, rec.items, rec.count, rec.capacity);
        rec.items[rec.count++] = value;
        rec.depth = checkedDepth(std::max<uint32_t>(rec.depth, depthOf(value) + 1));
    }
    void setItem(Handle dict, Handle key, Handle value) {
        if (dict.kind() != Kind::Dict) fail("sets an item on a " + describe(dict) + ", not a dict");
        if (dict == value) fail("a dict stored in itself (a cycle)");
        Doc::DictRecord& rec = doc_->dicts_[dict.index()];
        grow(doc_->dictItems_, rec.items, rec.count, rec.capacity);
        rec.items[rec.count++] = {key, value};
        rec.depth = checkedDepth(std::max<uint32_t>(rec.depth, std::max(depthOf(key), depthOf(value)) + 1));
    }

    // ---- memo ----
    [[noreturn]] __attribute__((cold, noinline)) void failMemo(uint64_t id, const char* why) const {
        fail("memo id " + std::to_string(id) + " " + why + " (the memo has " + std::to_string(memo_.size()) + " entries)");
    }
    void memoPut(uint64_t id) {
        const Handle h = top();
        if (__builtin_expect(id > memo_.size(), 0)) failMemo(id, "skips ahead of the entries so far");
        if (__builtin_expect(id >= limits_.maxMemo, 0)) failMemo(id, "is past the memo limit");
        if (id == memo_.size()) {
            memo_.push_back(h);
            memoFetched_.push_back(0);
        } else {
            // Overwriting: an old tuple no longer lives in this slot.
            if (memo_[id].kind() == Kind::Tuple && memo_[id] != kTombstone) {
                Doc::TupleRecord& old = doc_->tuples_[memo_[id].index()];
                if (old.memoSlot == id) old.memoSlot = Doc::kNoSlot;
            }
            memo_[id] = h;
            memoFetched_[id] = 0;
        }
        if (h.kind() == Kind::Tuple) {
            Doc::TupleRecord& t = doc_->tuples_[h.index()];
            if (t.memoSlot == Doc::kNoSlot) t.memoSlot = static_cast<uint32_t>(id);
            else t.pinned = true;
        }
    }
    RSSM_HOT void memoGet(uint64_t id) {
        if (__builtin_expect(id >= memo_.size(), 0)) failMemo(id, "was never stored");
        const Handle h = memo_[id];
        if (__builtin_expect(h == kTombstone, 0)) failMemo(id, "names an object already consumed by REDUCE or BUILD");
        memoFetched_[id] = 1;
        push(h);
    }

    // ---- the opcode switch; returns true at STOP ----
    bool step() {
        switch (op_) {
            case PROTO: {
                if (opStart_ != 0) fail("may only appear at the start of the file");
                const uint64_t v = readLE(1);
                if (v < 2 || v > 5) fail("protocol " + std::to_string(v) + " is not supported (2 to 5 are)");
                break;
            }
            case FRAME:  // only a read-ahead hint: check its length, then ignore it
                if (readLE(8) > size_ - pos_) fail("frame runs past the end of the file");
                break;
            case STOP: return true;
            case MARK:
                if (marks_.size() >= limits_.maxMarks) fail("more than " + std::to_string(limits_.maxMarks) + " open MARKs");
                marks_.push_back(stack_.size());
                break;
            case EMPTY_LIST: push(Handle::make(Kind::List, allocate(doc_->lists_, Doc::ListRecord{}))); break;
            case EMPTY_DICT: push(Handle::make(Kind::Dict, allocate(doc_->dicts_, Doc::DictRecord{}))); break;
            case EMPTY_TUPLE: push(makeTuple(nullptr, 0)); break;
            case TUPLE1: push(tupleFromTop(1)); break;
            case TUPLE2: push(tupleFromTop(2)); break;
            case TUPLE3: push(tupleFromTop(3)); break;
            case TUPLE: {
                const size_t m = popMark();
                const Handle t = makeTuple(stack_.data() + m, stack_.size() - m);
                stack_.resize(m);
                push(t);
                break;
            }
            case APPEND: { const Handle v = pop(); appendTo(top(), v); break; }
            case APPENDS: {
                const size_t m = popMark();
                if (m == 0 || m - 1 < floor()) fail("has no list below its MARK");
                for (size_t i = m; i < stack_.size(); ++i) appendTo(stack_[m - 1], stack_[i]);
                stack_.resize(m);
                break;
            }
            case SETITEM: { const Handle v = pop(); const Handle k = pop(); setItem(top(), k, v); break; }
            case SETITEMS: {
                const size_t m = popMark();
                if (m == 0 || m - 1 < floor()) fail("has no dict below its MARK");
                if ((stack_.size() - m) % 2) fail("has an odd number of values (keys and values must pair)");
                for (size_t i = m; i < stack_.size(); i += 2) setItem(stack_[m - 1], stack_[i], stack_[i + 1]);
                stack_.resize(m);
                break;
            }
            case NONE: push(Handle::none()); break;
            case NEWTRUE: push(Handle::boolean(true)); break;
            case NEWFALSE: push(Handle::boolean(false)); break;
            case BININT1: push(makeInt(static_cast<int64_t>(readLE(1)))); break;
            case BININT2: push(makeInt(static_cast<int64_t>(readLE(2)))); break;
            case BININT: push(makeInt(static_cast<int32_t>(readLE(4)))); break;
            case LONG1: {
                const uint64_t n = readLE(1);
                if (n > 8) fail("integer of " + std::to_string(n) + " bytes is wider than 64 bits");
                uint64_t v = n ? readLE(static_cast<int>(n)) : 0;
                if (n > 0 && n < 8 && (v >> (8 * n - 1)) & 1) v |= ~uint64_t{0} << (8 * n);  // sign-extend
                push(makeInt(static_cast<int64_t>(v)));
                break;
            }
            case BINFLOAT: {
                const uint8_t* p = take(8);
                uint64_t bits = 0;
                for (int i = 0; i < 8; ++i) bits = (bits << 8) | p[i];  // big-endian on disk
                double d;
                std::memcpy(&d, &bits, 8);
                if (doc_->floats_.size() >= Handle::kIndexMask) fail("more than 2^28 floats");
                doc_->floats_.push_back(d);
                push(Handle::make(Kind::Float, static_cast<uint32_t>(doc_->floats_.size() - 1)));
                break;
            }
            case SHORT_BINUNICODE: { const uint64_t n = readLE(1); push(makeString(take(n), n)); break; }
            case BINUNICODE: { const uint64_t n = readLE(4); push(makeString(take(n), n)); break; }
            case SHORT_BINBYTES: { const uint64_t n = readLE(1); push(makeBytes(take(n), n)); break; }
            case BINBYTES: { const uint64_t n = readLE(4); push(makeBytes(take(n), n)); break; }
            case BINBYTES8:
            case BYTEARRAY8: { const uint64_t n = readLE(8); push(makeBytes(take(n), n)); break; }
            case GLOBAL: {
                const std::string module = readLine();
                const std::string name = readLine();
                push(resolveGlobal(module, name));
                break;
            }
            case STACK_GLOBAL: {
                const Handle name = pop();
                const Handle module = pop();
                const std::string n(stringArg(name, "STACK_GLOBAL's name"));
                const std::string m(stringArg(module, "STACK_GLOBAL's module"));
                push(resolveGlobal(m, n));
                break;
            }
            case REDUCE: reduce(); break;
            case BUILD: build(); break;
            case BINPUT: memoPut(readLE(1)); break;
            case LONG_BINPUT: memoPut(readLE(4)); break;
            case MEMOIZE: memoPut(memo_.size()); break;
            case BINGET: memoGet(readLE(1)); break;
            case LONG_BINGET: memoGet(readLE(4)); break;
            default: {
                const char* name = opcodeName(op_);
                if (!name) {
                    char hex[8];
                    std::snprintf(hex, sizeof hex, "0x%02x", op_);
                    throw PickleError(opStart_, std::string("unknown opcode ") + hex + ": not a pickle, or corrupt");
                }
                fail("opcode not allowed: a replay buffer never needs it, and it could run code or read outside the file");
            }
        }
        return false;
    }

    std::unique_ptr<PickleDocument> finish() {
        if (!marks_.empty()) fail("a MARK is still open at STOP");
        if (stack_.size() != 1) fail("leaves " + std::to_string(stack_.size()) + " values on the stack; a pickle leaves exactly one");
        if (pos_ != size_) throw PickleError(pos_, std::to_string(size_ - pos_) + " trailing bytes after STOP: the file is longer than its pickle");
        doc_->root_ = stack_.back();
        if (progress_) progress_->report(1.0);
        return std::move(doc_);
    }

    void checkpoint() {
        if (progress_) {
            progress_->report(static_cast<double>(pos_) / static_cast<double>(size_));
            if (progress_->cancelled()) throw Cancelled();
        }
        // Pages behind the cursor are only needed again for payloads, later:
        // let them go so that the mapping never counts whole against memory.
        if (pos_ - released_ >= kReleaseEvery) {
            released_ = pos_ - (size_t{256} << 10);
            file_->releaseBefore(released_);
        }
    }

    std::shared_ptr<const MappedFile> file_;
    const uint8_t* data_;
    size_t size_;
    size_t pos_ = 0;
    size_t opStart_ = 0;
    size_t released_ = 0;
    uint8_t op_ = 0;
    PickleLimits limits_;
    const ProgressReporter* progress_;
    std::unique_ptr<PickleDocument> doc_;
    std::vector<Handle> stack_;
    std::vector<size_t> marks_;
    std::vector<Handle> memo_;
    std::vector<uint8_t> memoFetched_;  // per memo slot: fetched by BINGET, so its object may be shared
};

std::unique_ptr<PickleDocument> readPickle(std::shared_ptr<const MappedFile> file, const PickleLimits& limits,
                                           const ProgressReporter* progress) {
    if (!file) throw Error("readPickle: no file");
    if (file->size() == 0) throw PickleError(0, "the file is empty, not a pickle");
    PickleMachine machine(std::move(file), limits, progress);
    return machine.run();
}

}  // namespace rssm::pickle
