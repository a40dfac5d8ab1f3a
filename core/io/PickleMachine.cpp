// The safe unpickling machine's opcode loop: a stack machine over the opcodes
// of docs/pickle-format.md.
#include "io/PickleMachine.h"

#include <cstdio>

#include "util/Utf8.h"

namespace rssm::pickle {

namespace {
constexpr size_t kReportEvery = size_t{256} << 10;
constexpr size_t kReleaseEvery = size_t{2} << 20;
}  // namespace

std::unique_ptr<PickleDocument> PickleMachine::run() {
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

void PickleMachine::release(Handle h) {
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

Handle PickleMachine::makeString(const uint8_t* p, uint64_t n) {
    if (!isValidUtf8(p, n)) fail("string is not valid UTF-8");
    return Handle::make(Kind::String, allocate(doc_->strings_, Doc::BlobRecord{p, n}));
}

Handle PickleMachine::makeTuple(const Handle* items, size_t n) {
    uint32_t depth = 0;
    for (size_t i = 0; i < n; ++i) depth = std::max(depth, depthOf(items[i]));
    Handle* run = doc_->tupleItems_.allocate(n);
    std::copy(items, items + n, run);
    return Handle::make(Kind::Tuple, allocate(doc_->tuples_, Doc::TupleRecord{run, static_cast<uint32_t>(n), Doc::kNoSlot,
                                                                             checkedDepth(depth + 1), false}));
}

Handle PickleMachine::tupleFromTop(size_t n) {
    if (stack_.size() - floor() < n) fail("needs " + std::to_string(n) + " values on the stack");
    const Handle t = makeTuple(stack_.data() + stack_.size() - n, n);
    stack_.resize(stack_.size() - n);
    return t;
}

void PickleMachine::appendTo(Handle list, Handle value) {
    if (list.kind() != Kind::List) fail("appends to a " + describe(list) + ", not a list");
    if (list == value) fail("a list appended to itself (a cycle)");
    Doc::ListRecord& rec = doc_->lists_[list.index()];
    grow(doc_->listItems_, rec.items, rec.count, rec.capacity);
    rec.items[rec.count++] = value;
    rec.depth = checkedDepth(std::max<uint32_t>(rec.depth, depthOf(value) + 1));
}

void PickleMachine::setItem(Handle dict, Handle key, Handle value) {
    if (dict.kind() != Kind::Dict) fail("sets an item on a " + describe(dict) + ", not a dict");
    if (dict == value) fail("a dict stored in itself (a cycle)");
    Doc::DictRecord& rec = doc_->dicts_[dict.index()];
    grow(doc_->dictItems_, rec.items, rec.count, rec.capacity);
    rec.items[rec.count++] = {key, value};
    rec.depth = checkedDepth(std::max<uint32_t>(rec.depth, std::max(depthOf(key), depthOf(value)) + 1));
}

void PickleMachine::memoPut(uint64_t id) {
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

bool PickleMachine::step() {
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
            if (tryFusedArrayBuild()) break;
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
        case BINGET:
        case LONG_BINGET:
            if (tryFusedArray()) break;
            memoGet(readLE(op_ == BINGET ? 1 : 4));
            break;
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

std::unique_ptr<PickleDocument> PickleMachine::finish() {
    if (!marks_.empty()) fail("a MARK is still open at STOP");
    if (stack_.size() != 1) fail("leaves " + std::to_string(stack_.size()) + " values on the stack; a pickle leaves exactly one");
    if (pos_ != size_) throw PickleError(pos_, std::to_string(size_ - pos_) + " trailing bytes after STOP: the file is longer than its pickle");
    doc_->root_ = stack_.back();
    if (progress_) progress_->report(1.0);
    return std::move(doc_);
}

void PickleMachine::checkpoint() {
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

std::unique_ptr<PickleDocument> readPickle(std::shared_ptr<const MappedFile> file, const PickleLimits& limits,
                                           const ProgressReporter* progress) {
    if (!file) throw Error("readPickle: no file");
    if (file->size() == 0) throw PickleError(0, "the file is empty, not a pickle");
    PickleMachine machine(std::move(file), limits, progress);
    return machine.run();
}

}  // namespace rssm::pickle
