// The fused array paths (io/ArrayBuildPattern.h) must give exactly what the
// opcodes one by one give: same values, same arrays, same refusals.
#include <gtest/gtest.h>

#include <cstring>

#include "TestSupport.h"
#include "io/PickleReader.h"

using namespace rssm;
using namespace rssm::pickle;

namespace {

std::unique_ptr<PickleDocument> parse(const std::string& path, bool fused) {
    PickleLimits limits;
    limits.fuseArrayBuilds = fused;
    return readPickle(MappedFile::open(path), limits);
}

// Structural equality of two documents' values, to a fixed depth.
void expectSame(const PickleDocument& a, Handle x, const PickleDocument& b, Handle y, const std::string& where, int depth = 0) {
    ASSERT_LT(depth, 16) << where;
    ASSERT_EQ(x.kind(), y.kind()) << where << ": " << a.describe(x) << " vs " << b.describe(y);
    switch (x.kind()) {
        case Kind::Tuple:
        case Kind::List: {
            const HandleRange l = x.kind() == Kind::Tuple ? a.tuple(x) : a.list(x);
            const HandleRange r = y.kind() == Kind::Tuple ? b.tuple(y) : b.list(y);
            ASSERT_EQ(l.size(), r.size()) << where;
            for (uint32_t i = 0; i < l.size(); ++i) expectSame(a, l[i], b, r[i], where + "/" + std::to_string(i), depth + 1);
            break;
        }
        case Kind::Dict: {
            const auto l = a.dict(x);
            const auto r = b.dict(y);
            ASSERT_EQ(l.size(), r.size()) << where;
            for (uint32_t i = 0; i < l.size(); ++i) {
                expectSame(a, l[i].first, b, r[i].first, where + "/key", depth + 1);
                expectSame(a, l[i].second, b, r[i].second, where + "/" + a.describe(l[i].first), depth + 1);
            }
            break;
        }
        case Kind::Array: {
            const ArrayView l = a.array(x), r = b.array(y);
            EXPECT_EQ(l.dtype.str(), r.dtype.str()) << where;
            ASSERT_EQ(l.ndim, r.ndim) << where;
            for (int i = 0; i < l.ndim; ++i) EXPECT_EQ(l.shape[i], r.shape[i]) << where;
            EXPECT_EQ(l.order, r.order) << where;
            ASSERT_EQ(l.byteLength, r.byteLength) << where;
            EXPECT_EQ(0, std::memcmp(l.data, r.data, l.byteLength)) << where;
            break;
        }
        case Kind::String: EXPECT_EQ(a.string(x), b.string(y)) << where; break;
        case Kind::Bytes: {
            const ByteView l = a.bytes(x), r = b.bytes(y);
            ASSERT_EQ(l.size, r.size) << where;
            EXPECT_EQ(0, std::memcmp(l.data, r.data, l.size)) << where;
            break;
        }
        case Kind::SmallInt:
        case Kind::BigInt:
        case Kind::Bool: EXPECT_EQ(a.intValue(x), b.intValue(y)) << where; break;
        case Kind::Float: EXPECT_EQ(a.floatValue(x), b.floatValue(y)) << where; break;
        case Kind::Scalar: EXPECT_EQ(a.scalar(x).asDouble(), b.scalar(y).asDouble()) << where; break;
        default: EXPECT_EQ(a.describe(x), b.describe(y)) << where; break;
    }
}

struct Case {
    std::string path;
    bool fuses;  // big-endian arrays carry a fresh dtype each time: no idiom to fuse
};

class FusedPath : public ::testing::TestWithParam<Case> {};

TEST_P(FusedPath, GivesTheSameDocumentAsTheOpcodesOneByOne) {
    const auto fused = parse(GetParam().path, true);
    const auto plain = parse(GetParam().path, false);
    if (GetParam().fuses) EXPECT_GT(fused->fusedArrays(), 0u) << "the fused path never ran";
    EXPECT_EQ(plain->fusedArrays(), 0u);
    expectSame(*fused, fused->root(), *plain, plain->root(), "root");
}

INSTANTIATE_TEST_SUITE_P(Fixtures, FusedPath,
                         ::testing::Values(Case{test::fixture("traj_p3.pkl"), true}, Case{test::fixture("traj_p4.pkl"), true},
                                           Case{test::fixture("traj_p4_numpy2.pkl"), true}, Case{test::fixture("fortran_p4.pkl"), true},
                                           Case{test::fixture("dtypes_p4.pkl"), true}, Case{test::fixture("camera_p4.pkl"), true},
                                           Case{test::fixture("bigendian_p4.pkl"), false}, Case{test::fixture("flat_isfirst_p4.pkl"), true},
                                           Case{std::string(RSSM_SOURCE_DIR) + "/resources/sample/buf.pkl", true}),
                         [](const auto& info) { return "case" + std::to_string(info.index); });

// Cutting a file anywhere inside an idiom makes both paths refuse it at the same byte.
TEST(FusedPath, TruncationInsideTheIdiomIsRefusedAlike) {
    const auto bytes = test::readBytes(test::fixture("camera_p4.pkl"));
    test::TempDir dir;
    const std::string path = dir.file("cut.pkl");
    for (size_t n = bytes.size() / 2; n < bytes.size(); n += 7) {
        test::writeBytes(path, std::vector<uint8_t>(bytes.begin(), bytes.begin() + n));
        std::string fusedError, plainError;
        try { parse(path, true); } catch (const PickleError& e) { fusedError = e.what(); }
        try { parse(path, false); } catch (const PickleError& e) { plainError = e.what(); }
        ASSERT_FALSE(fusedError.empty()) << n;
        ASSERT_EQ(fusedError, plainError) << "cut at " << n;
    }
}

}  // namespace
