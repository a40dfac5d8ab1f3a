// Every one-byte mutant of a valid buffer is either loaded and equal to an
// independent reference reading of the same bytes (ReferenceUnpickler.h), or
// refused with an error that says where: the byte offset, or for a file that
// parses but is no buffer, the trajectory and step. Never a crash, never a
// buffer that differs from what Python and numpy would read.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>

#include "ReferenceUnpickler.h"
#include "TestSupport.h"
#include "data/BufferSource.h"
#include "util/Error.h"

namespace rssm {
namespace {

using test::PyRef;
using K = test::PyValue::Kind;

// The reference buffer: trajectories of (obs dict, action, reward) steps.
struct RefStep {
    std::map<std::string, test::RefArray> obs;
    test::RefArray action;
    double reward = 0;
};

std::optional<std::vector<std::vector<RefStep>>> referenceBuffer(const std::vector<uint8_t>& bytes) {
    const auto root = test::referenceUnpickle(bytes);
    if (!root || (*root)->kind != K::List || (*root)->items.empty()) return std::nullopt;
    std::vector<std::vector<RefStep>> out;
    for (const PyRef& traj : (*root)->items) {
        if (traj->kind != K::List) return std::nullopt;
        out.emplace_back();
        for (const PyRef& step : traj->items) {
            if (step->kind != K::Tuple || step->items.size() != 3 || step->items[0]->kind != K::Dict) return std::nullopt;
            RefStep s;
            const auto& d = step->items[0]->items;
            for (size_t k = 0; k < d.size(); k += 2) {
                if (d[k]->kind != K::Str) return std::nullopt;
                auto a = test::referenceArray(d[k + 1]);
                if (!a) return std::nullopt;
                s.obs[d[k]->s] = *a;
            }
            auto action = test::referenceArray(step->items[1]);
            if (!action) return std::nullopt;
            s.action = *action;
            const PyRef& r = step->items[2];
            if (r->kind == K::Bool || r->kind == K::Int) s.reward = static_cast<double>(r->i);
            else if (r->kind == K::Float) s.reward = r->f;
            else return std::nullopt;
            out.back().push_back(s);
        }
    }
    return out;
}

// The element of a C- or Fortran-ordered array at logical C index `i`, as a double.
double elementAt(const test::RefArray& a, int64_t i) {
    DType dtype;
    EXPECT_TRUE(DType::fromCode(a.code, dtype));
    dtype.bigEndian = a.bigEndian;
    int64_t stored = i;
    if (a.fortran && a.shape.size() > 1) {
        std::vector<int64_t> idx(a.shape.size());
        int64_t rest = i;
        for (size_t d = a.shape.size(); d-- > 0;) idx[d] = rest % a.shape[d], rest /= a.shape[d];
        stored = 0;
        for (size_t d = a.shape.size(); d-- > 0;) stored = stored * a.shape[d] + idx[d];
    }
    return readElementAsDouble(reinterpret_cast<const uint8_t*>(a.raw.data()) + stored * dtype.itemSize(), dtype);
}

bool same(double x, double y) { return (std::isnan(x) && std::isnan(y)) || x == y; }

// "" when the loaded buffer is what the reference read, else the first difference.
std::string compare(const ReplayBuffer& b, const std::vector<std::vector<RefStep>>& ref) {
    if (b.episodeCount() != static_cast<int64_t>(ref.size())) return "episode count";
    int64_t step = 0;
    for (size_t e = 0; e < ref.size(); ++e) {
        if (b.episodeLength(static_cast<int64_t>(e)) != static_cast<int64_t>(ref[e].size())) return "episode length";
        for (const RefStep& s : ref[e]) {
            if (s.obs.size() != b.observations().size()) return "obs keys";
            auto check = [&](const NumericColumn& c, const test::RefArray& a, const std::string& what) -> std::string {
                DType dtype;
                DType::fromCode(a.code, dtype);
                if (c.dtype().type != dtype.type) return what + " dtype";
                if (c.stepShape() != a.shape) return what + " shape";
                for (int64_t i = 0; i < c.width(); ++i)
                    if (!same(c.value(step, i), elementAt(a, i))) return what + " value at step " + std::to_string(step);
                return {};
            };
            for (const auto& [key, a] : s.obs) {
                const NumericColumn* c = b.observation(key);
                if (!c) return "obs key " + key;
                if (auto d = check(*c, a, "obs " + key); !d.empty()) return d;
            }
            if (auto d = check(b.actions(), s.action, "action"); !d.empty()) return d;
            if (!same(b.rewards().value(step, 0), s.reward)) return "reward at step " + std::to_string(step);
            ++step;
        }
    }
    return {};
}

bool saysWhere(const std::string& error) {
    return error.find(": byte ") != std::string::npos || error.find(", step ") != std::string::npos ||
           error.find(": transition ") != std::string::npos;
}

class PickleMutants : public ::testing::TestWithParam<const char*> {};

TEST_P(PickleMutants, EachIsLoadedAsTheReferenceReadsItOrRefusedSayingWhere) {
    const auto original = test::readBytes(test::fixture(GetParam()));
    ASSERT_TRUE(referenceBuffer(original)) << "the reference cannot read the fixture itself";
    ASSERT_EQ(compare(loadReplayBuffer(test::fixture(GetParam())), *referenceBuffer(original)), "");
    test::TempDir dir;
    const std::string path = dir.file("mutant.pkl");
    int loaded = 0, refused = 0;
    for (size_t i = 0; i < original.size(); ++i) {
        for (const uint8_t value : {uint8_t{0x00}, uint8_t{0xFF}, static_cast<uint8_t>(original[i] ^ 0x01)}) {
            if (value == original[i]) continue;
            auto bytes = original;
            bytes[i] = value;
            test::writeBytes(path, bytes);
            std::string error;
            std::optional<ReplayBuffer> buffer;
            try {
                buffer = loadReplayBuffer(path);
            } catch (const Error& e) {
                error = e.what();
            }
            if (!buffer) {
                ++refused;
                EXPECT_TRUE(saysWhere(error)) << "byte " << i << " = " << int(value) << ": " << error;
                continue;
            }
            ++loaded;
            const auto ref = referenceBuffer(bytes);
            if (!ref) {
                ADD_FAILURE() << "byte " << i << " = " << int(value) << ": loaded, but Python and numpy would refuse it";
                continue;
            }
            const std::string difference = compare(*buffer, *ref);
            EXPECT_EQ(difference, "") << "byte " << i << " = " << int(value) << ": loaded unlike the reference";
        }
    }
    std::printf("%s: %d mutants loaded as the reference reads them, %d refused saying where\n", GetParam(), loaded, refused);
}

// numpy's _reconstruct(ndarray, (0,), code) refuses a code that names no
// dtype; so does the reader, on the fused path and the generic one alike.
TEST(PickleTypecode, AReconstructCodeNumpyRefusesIsRefused) {
    auto bytes = test::readBytes(test::fixture("single_step_p4.pkl"));
    ASSERT_EQ(bytes[90], 'C');  // SHORT_BINBYTES b'b': _reconstruct's code, memoised as 11 and used again
    ASSERT_EQ(bytes[92], 'b');
    test::TempDir dir;
    for (const uint8_t code : {uint8_t{'z'}, uint8_t{0x00}, uint8_t{'O'}}) {
        bytes[92] = code;
        test::writeBytes(dir.file("code.pkl"), bytes);
        std::string error;
        try {
            loadReplayBuffer(dir.file("code.pkl"));
        } catch (const Error& e) {
            error = e.what();
        }
        EXPECT_NE(error.find(": byte "), std::string::npos) << error;
        EXPECT_NE(error.find("_reconstruct's dtype code b'"), std::string::npos) << error;
        EXPECT_NE(error.find("names no numeric numpy dtype"), std::string::npos) << error;
    }
    bytes[92] = 'B';  // uint8: numpy takes it, and the state's dtype decides the array's
    test::writeBytes(dir.file("code.pkl"), bytes);
    EXPECT_EQ(loadReplayBuffer(dir.file("code.pkl")).transitionCount(), 1);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, PickleMutants, ::testing::Values("traj_p4.pkl", "single_step_p4.pkl"),
                         [](const auto& info) { return std::string(info.param).substr(0, std::string(info.param).find('.')); });

}  // namespace
}  // namespace rssm
