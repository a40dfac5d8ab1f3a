#pragma once
#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "io/ArrayBuildPattern.h"
#include "io/PickleOpcodes.h"
#include "io/PickleReader.h"

namespace rssm::pickle {

#define RSSM_HOT inline __attribute__((always_inline))
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "readLE assumes a little-endian host");

constexpr Handle kTombstone{0xFFFFFFFFu};  // a memo slot whose object was consumed and freed

inline bool mulOverflows(uint64_t a, uint64_t b, uint64_t& out) { return __builtin_mul_overflow(a, b, &out); }

// The machine's state and opcode handlers. Internal to the reader: include
// PickleReader.h to read a file. The opcode loop lives in PickleMachine.cpp,
// the numpy constructors it may call in PickleNumpyCalls.cpp.
class PickleMachine {
public:
    PickleMachine(std::shared_ptr<const MappedFile> file, const PickleLimits& limits, const ProgressReporter* progress)
        : file_(file), data_(file->data()), size_(file->size()), limits_(limits), progress_(progress),
          doc_(std::make_unique<PickleDocument>(std::move(file))) {}

    std::unique_ptr<PickleDocument> run();

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
    void release(Handle h);

    RSSM_HOT Handle makeInt(int64_t v) {
        if (v >= Handle::kSmallIntMin && v <= Handle::kSmallIntMax) return Handle::smallInt(static_cast<int32_t>(v));
        if (doc_->bigInts_.size() >= Handle::kIndexMask) fail("more than 2^28 large integers");
        doc_->bigInts_.push_back(v);
        return Handle::make(Kind::BigInt, static_cast<uint32_t>(doc_->bigInts_.size() - 1));
    }
    Handle makeString(const uint8_t* p, uint64_t n);
    RSSM_HOT Handle makeBytes(const uint8_t* p, uint64_t n) {
        return Handle::make(Kind::Bytes, allocate(doc_->bytes_, Doc::BlobRecord{p, n}));
    }
    Handle makeTuple(const Handle* items, size_t n);
    Handle tupleFromTop(size_t n);

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
    uint64_t readShape(Handle h, int64_t* dims) const;
    uint32_t shapeRank(Handle h) const;
    void checkPayload(uint64_t elements, DType dtype, uint64_t bytes) const;

    // ---- globals and calls ----
    Handle resolveGlobal(const std::string& module, const std::string& name);

    Handle reduceReconstruct(HandleRange a);
    Handle reduceDType(HandleRange a);
    Handle reduceScalar(HandleRange a);
    Handle reduceFromBuffer(HandleRange a);
    Handle reduceCodecsEncode(HandleRange a);

    void reduce();

    void buildDType(Doc::DTypeRecord& rec, HandleRange s);
    void buildArray(Doc::ArrayRecord& rec, HandleRange s);
    void build();
    // Take numpy's array idioms in one step when the bytes match them exactly
    // (ArrayBuildPattern.h): the filling of a new array, or its creation and filling.
    bool tryFusedArrayBuild();
    bool tryFusedArray();
    bool fusedBuildFits(const ArrayBuildPattern& p, size_t extraMemo, DType& dtype) const;
    void applyFusedBuild(const ArrayBuildPattern& p, DType dtype, Handle target);

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
    void appendTo(Handle list, Handle value);
    void setItem(Handle dict, Handle key, Handle value);

    // ---- memo ----
    [[noreturn]] __attribute__((cold, noinline)) void failMemo(uint64_t id, const char* why) const {
        fail("memo id " + std::to_string(id) + " " + why + " (the memo has " + std::to_string(memo_.size()) + " entries)");
    }
    void memoPut(uint64_t id);
    RSSM_HOT void memoGet(uint64_t id) {
        if (__builtin_expect(id >= memo_.size(), 0)) failMemo(id, "was never stored");
        const Handle h = memo_[id];
        if (__builtin_expect(h == kTombstone, 0)) failMemo(id, "names an object already consumed by REDUCE or BUILD");
        if (!memoFetched_[id]) noteReuse(h);
        memoFetched_[id] = 1;
        push(h);
    }
    // The first fetch from a slot: where a shared container or array is named
    // again (PickleDocument::reusedAt). A tuple named again is never freed
    // (release), so its index, and the offset noted for it, stay its own.
    __attribute__((noinline)) void noteReuse(Handle h) {
        const Kind k = h.kind();
        if (k != Kind::List && k != Kind::Dict && k != Kind::Tuple && k != Kind::Array) return;
        doc_->reusedAt_.try_emplace(h.bits, opStart_);
        if (k == Kind::Tuple) doc_->tuples_[h.index()].pinned = true;
    }

    // ---- the opcode switch; returns true at STOP ----
    bool step();

    std::unique_ptr<PickleDocument> finish();

    void checkpoint();

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

}  // namespace rssm::pickle
