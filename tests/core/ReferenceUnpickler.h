#pragma once
// An independent, deliberately plain reading of the pickles the fixtures
// hold (protocol 4, robobuf's trajectories of numpy arrays), written from
// Python's pickle and numpy semantics and sharing no code with the reader
// under test. A mutant the real reader loads must read the same here.
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rssm::test {

struct PyValue;
using PyRef = std::shared_ptr<PyValue>;

struct PyValue {
    enum class Kind { None, Bool, Int, Float, Str, Bytes, Tuple, List, Dict, Global, Object, Mark };
    Kind kind = Kind::None;
    int64_t i = 0;
    double f = 0;
    std::string s;                             // Str, Bytes, Global ("module name")
    std::vector<PyRef> items;                  // Tuple, List; Dict as key, value, key, value...
    PyRef callable, args, state;               // Object: what REDUCE made, and BUILD's state
};

// Python's pickle.loads, for the opcodes the fixtures use; nullopt where
// Python would raise (or where this reading gives up: an unknown opcode).
inline std::optional<PyRef> referenceUnpickle(const std::vector<uint8_t>& b) {
    std::vector<PyRef> stack;
    std::vector<size_t> marks;
    std::vector<PyRef> memo;
    size_t p = 0;
    auto make = [](PyValue::Kind k) { auto v = std::make_shared<PyValue>(); v->kind = k; return v; };
    auto need = [&](size_t n) { return p + n <= b.size(); };
    auto le = [&](size_t n) { uint64_t v = 0; for (size_t k = 0; k < n; ++k) v |= uint64_t{b[p + k]} << (8 * k); p += n; return v; };
    auto pop = [&]() -> PyRef { if (stack.empty() || (!marks.empty() && stack.size() <= marks.back())) return nullptr; auto v = stack.back(); stack.pop_back(); return v; };
    auto popMark = [&](std::vector<PyRef>& out) { if (marks.empty()) return false; out.assign(stack.begin() + static_cast<long>(marks.back()), stack.end()); stack.resize(marks.back()); marks.pop_back(); return true; };
    auto hashable = [](const PyRef& k) { return k->kind == PyValue::Kind::Str || k->kind == PyValue::Kind::Int || k->kind == PyValue::Kind::Bool || k->kind == PyValue::Kind::Float || k->kind == PyValue::Kind::None || k->kind == PyValue::Kind::Bytes; };
    auto setItem = [&](const PyRef& d, const PyRef& k, const PyRef& v) {
        if (!hashable(k)) return false;
        for (size_t j = 0; j < d->items.size(); j += 2) {
            const PyRef& old = d->items[j];
            if (old->kind == k->kind && old->s == k->s && old->i == k->i && old->f == k->f) { d->items[j + 1] = v; return true; }
        }
        d->items.push_back(k);
        d->items.push_back(v);
        return true;
    };
    while (p < b.size()) {
        const uint8_t op = b[p++];
        switch (op) {
            case 0x80: if (!need(1)) return std::nullopt; p += 1; break;                        // PROTO
            case 0x95: if (!need(8)) return std::nullopt; p += 8; break;                        // FRAME
            case ']': stack.push_back(make(PyValue::Kind::List)); break;                        // EMPTY_LIST
            case '}': stack.push_back(make(PyValue::Kind::Dict)); break;                        // EMPTY_DICT
            case ')': stack.push_back(make(PyValue::Kind::Tuple)); break;                       // EMPTY_TUPLE
            case '(': marks.push_back(stack.size()); break;                                      // MARK
            case 'N': stack.push_back(make(PyValue::Kind::None)); break;
            case 0x88: case 0x89: { auto v = make(PyValue::Kind::Bool); v->i = op == 0x88; stack.push_back(v); break; }
            case 'K': case 'M': case 'J': {                                                      // BININT1, BININT2, BININT
                const size_t n = op == 'K' ? 1 : op == 'M' ? 2 : 4;
                if (!need(n)) return std::nullopt;
                auto v = make(PyValue::Kind::Int);
                const uint64_t raw = le(n);
                v->i = n == 4 ? static_cast<int32_t>(raw) : static_cast<int64_t>(raw);
                stack.push_back(v);
                break;
            }
            case 'G': {                                                                          // BINFLOAT, big-endian
                if (!need(8)) return std::nullopt;
                uint64_t raw = 0;
                for (int k = 0; k < 8; ++k) raw = (raw << 8) | b[p++];
                auto v = make(PyValue::Kind::Float);
                std::memcpy(&v->f, &raw, 8);
                stack.push_back(v);
                break;
            }
            case 0x8c: case 'X': case 'C': case 'B': {                                           // SHORT_BINUNICODE, BINUNICODE, SHORT_BINBYTES, BINBYTES
                const size_t n = (op == 0x8c || op == 'C') ? 1 : 4;
                if (!need(n)) return std::nullopt;
                const uint64_t len = le(n);
                if (!need(len)) return std::nullopt;
                auto v = make(op == 0x8c || op == 'X' ? PyValue::Kind::Str : PyValue::Kind::Bytes);
                v->s.assign(reinterpret_cast<const char*>(b.data() + p), len);
                p += len;
                stack.push_back(v);
                break;
            }
            case 0x94: if (stack.empty()) return std::nullopt; memo.push_back(stack.back()); break;  // MEMOIZE
            case 'h': case 'j': {                                                                // BINGET, LONG_BINGET
                const size_t n = op == 'h' ? 1 : 4;
                if (!need(n)) return std::nullopt;
                const uint64_t id = le(n);
                if (id >= memo.size()) return std::nullopt;
                stack.push_back(memo[id]);
                break;
            }
            case 'q': case 'r': {                                                                // BINPUT, LONG_BINPUT
                const size_t n = op == 'q' ? 1 : 4;
                if (!need(n) || stack.empty()) return std::nullopt;
                const uint64_t id = le(n);
                if (id > memo.size()) memo.resize(id + 1);
                if (id == memo.size()) memo.push_back(stack.back()); else memo[id] = stack.back();
                break;
            }
            case 0x93: {                                                                         // STACK_GLOBAL
                auto name = pop(), module = pop();
                if (!name || !module || name->kind != PyValue::Kind::Str || module->kind != PyValue::Kind::Str) return std::nullopt;
                auto g = make(PyValue::Kind::Global);
                g->s = module->s + " " + name->s;
                stack.push_back(g);
                break;
            }
            case 't': case 0x85: case 0x86: case 0x87: {                                        // TUPLE, TUPLE1..3
                auto t = make(PyValue::Kind::Tuple);
                if (op == 't') {
                    if (!popMark(t->items)) return std::nullopt;
                } else {
                    const int n = op - 0x84;
                    for (int k = 0; k < n; ++k) { auto v = pop(); if (!v) return std::nullopt; t->items.insert(t->items.begin(), v); }
                }
                stack.push_back(t);
                break;
            }
            case 'a': {                                                                          // APPEND
                auto v = pop();
                if (!v || stack.empty() || stack.back()->kind != PyValue::Kind::List) return std::nullopt;
                stack.back()->items.push_back(v);
                break;
            }
            case 'e': {                                                                          // APPENDS
                std::vector<PyRef> items;
                if (!popMark(items) || stack.empty() || stack.back()->kind != PyValue::Kind::List) return std::nullopt;
                for (auto& v : items) stack.back()->items.push_back(v);
                break;
            }
            case 's': {                                                                          // SETITEM
                auto v = pop(), k = pop();
                if (!v || !k || stack.empty() || stack.back()->kind != PyValue::Kind::Dict || !setItem(stack.back(), k, v)) return std::nullopt;
                break;
            }
            case 'u': {                                                                          // SETITEMS
                std::vector<PyRef> items;
                if (!popMark(items) || items.size() % 2 || stack.empty() || stack.back()->kind != PyValue::Kind::Dict) return std::nullopt;
                for (size_t k = 0; k < items.size(); k += 2)
                    if (!setItem(stack.back(), items[k], items[k + 1])) return std::nullopt;
                break;
            }
            case 'R': {                                                                          // REDUCE
                auto a = pop(), c = pop();
                if (!a || !c || a->kind != PyValue::Kind::Tuple || c->kind != PyValue::Kind::Global) return std::nullopt;
                auto o = make(PyValue::Kind::Object);
                o->callable = c;
                o->args = a;
                stack.push_back(o);
                break;
            }
            case 'b': {                                                                          // BUILD
                auto st = pop();
                if (!st || stack.empty() || stack.back()->kind != PyValue::Kind::Object || stack.back()->state) return std::nullopt;
                stack.back()->state = st;
                break;
            }
            case '.': {                                                                          // STOP
                if (stack.size() != 1 || !marks.empty()) return std::nullopt;
                return stack.back();
            }
            default: return std::nullopt;
        }
    }
    return std::nullopt;  // no STOP
}

// numpy's view of the objects: an array as numpy.ndarray.__setstate__ and
// numpy.dtype.__setstate__ take them.
struct RefArray {
    std::string code;  // "f8", "u1", ...
    bool bigEndian = false;
    std::vector<int64_t> shape;
    bool fortran = false;
    std::string raw;
};

inline std::optional<RefArray> referenceArray(const PyRef& v) {
    using K = PyValue::Kind;
    auto isGlobal = [](const PyRef& g, const char* a, const char* b) { return g && g->kind == K::Global && (g->s == a || g->s == b); };
    if (!v || v->kind != K::Object || !isGlobal(v->callable, "numpy.core.multiarray _reconstruct", "numpy._core.multiarray _reconstruct")) return std::nullopt;
    const auto& a = v->args->items;
    static const std::string kChars = "?bBhHiIlLqQpPefdg";
    if (a.size() != 3 || !isGlobal(a[0], "numpy ndarray", "numpy ndarray") || a[2]->kind != K::Bytes || a[2]->s.size() != 1 ||
        kChars.find(a[2]->s[0]) == std::string::npos)
        return std::nullopt;  // numpy: "data type not understood" (codes like 'f8' it would take; the fixtures write b'b')
    const PyRef st = v->state;
    if (!st || st->kind != K::Tuple || st->items.size() != 5) return std::nullopt;
    const auto& s = st->items;
    if (s[0]->kind != K::Int || s[0]->i != 1 || s[1]->kind != K::Tuple || s[3]->kind != K::Bool || s[4]->kind != K::Bytes) return std::nullopt;
    RefArray out;
    int64_t count = 1;
    for (const auto& d : s[1]->items) {
        if (d->kind != K::Int || d->i < 0 || d->i > (int64_t{1} << 40)) return std::nullopt;
        out.shape.push_back(d->i);
        count *= d->i;
    }
    out.fortran = s[3]->i != 0;
    const PyRef dt = s[2];
    if (!dt || dt->kind != K::Object || !isGlobal(dt->callable, "numpy dtype", "numpy dtype")) return std::nullopt;
    const auto& da = dt->args->items;
    if (da.size() != 3 || da[0]->kind != K::Str || da[1]->kind != K::Bool || da[2]->kind != K::Bool) return std::nullopt;
    out.code = da[0]->s;
    static const std::map<std::string, int> kSizes{{"b1", 1}, {"i1", 1}, {"u1", 1}, {"i2", 2}, {"u2", 2}, {"f2", 2}, {"i4", 4},
                                                    {"u4", 4}, {"f4", 4}, {"i8", 8}, {"u8", 8}, {"f8", 8}};
    const auto size = kSizes.find(out.code);
    if (size == kSizes.end()) return std::nullopt;
    const PyRef ds = dt->state;
    if (!ds || ds->kind != K::Tuple || ds->items.size() != 8 || ds->items[0]->kind != K::Int || ds->items[0]->i != 3 || ds->items[1]->kind != K::Str)
        return std::nullopt;
    const std::string order = ds->items[1]->s;
    if (order != "<" && order != ">" && order != "|" && order != "=") return std::nullopt;
    out.bigEndian = order == ">" && size->second > 1;
    out.raw = s[4]->s;
    if (static_cast<int64_t>(out.raw.size()) != count * size->second) return std::nullopt;  // numpy: "buffer size does not match"
    return out;
}

}  // namespace rssm::test
