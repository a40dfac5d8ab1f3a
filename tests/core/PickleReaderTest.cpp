// The unpickling machine on hand-assembled opcode streams: values, limits and
// the exact refusals.
#include <gtest/gtest.h>

#include <cstring>

#include "TestSupport.h"
#include "io/PickleReader.h"

using namespace rssm;
using namespace rssm::pickle;

namespace {

std::unique_ptr<PickleDocument> parseBytes(const std::vector<uint8_t>& bytes, test::TempDir& dir, PickleLimits limits = {}) {
    const std::string path = dir.file("input.pkl");
    test::writeBytes(path, bytes);
    return readPickle(MappedFile::open(path), limits);
}

using namespace std::string_literals;

std::vector<uint8_t> bytesOf(const std::string& s) { return {s.begin(), s.end()}; }
// A literal keeps its embedded NUL bytes (all but the terminating one).
template <size_t N>
std::vector<uint8_t> bytesOf(const char (&literal)[N]) {
    return {literal, literal + N - 1};
}

// Expects a PickleError at `offset` whose message contains `needle`.
void expectRefused(const std::vector<uint8_t>& bytes, uint64_t offset, const std::string& needle, PickleLimits limits = {}) {
    test::TempDir dir;
    try {
        parseBytes(bytes, dir, limits);
        FAIL() << "expected a refusal mentioning '" << needle << "'";
    } catch (const PickleError& e) {
        EXPECT_EQ(e.offset(), offset) << e.what();
        EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
}

TEST(PickleReader, ReadsScalarsOfEveryEncoding) {
    test::TempDir dir;
    // (LONG1 -256, BININT -7, BININT2 65535, BINFLOAT 1.5, True, None, 'héllo')
    std::string s = "\x80\x02(";
    s += std::string("\x8a\x02\x00\xff", 4);
    s += std::string("J\xf9\xff\xff\xff", 5);
    s += std::string("M\xff\xff", 3);
    s += std::string("G\x3f\xf8\x00\x00\x00\x00\x00\x00", 9);
    s += "\x88N";
    s += std::string("X\x06\x00\x00\x00h\xc3\xa9llo", 11);
    s += "t.";
    const auto doc = parseBytes(bytesOf(s), dir);
    const HandleRange t = doc->tuple(doc->root());
    ASSERT_EQ(t.size(), 7u);
    EXPECT_EQ(doc->intValue(t[0]), -256);
    EXPECT_EQ(doc->intValue(t[1]), -7);
    EXPECT_EQ(doc->intValue(t[2]), 65535);
    EXPECT_EQ(doc->floatValue(t[3]), 1.5);
    EXPECT_EQ(t[4], Handle::boolean(true));
    EXPECT_EQ(t[5].kind(), Kind::None);
    EXPECT_EQ(doc->string(t[6]), "h\xc3\xa9llo");
}

TEST(PickleReader, LargeIntegersKeepAll64Bits) {
    test::TempDir dir;
    const auto doc = parseBytes(bytesOf(std::string("\x80\x02\x8a\x08\xff\xff\xff\xff\xff\xff\xff\x7f.", 13)), dir);
    EXPECT_EQ(doc->intValue(doc->root()), INT64_MAX);
    expectRefused(bytesOf(std::string("\x80\x02\x8a\x09\0\0\0\0\0\0\0\0\0.", 14)), 2, "wider than 64 bits");
}

TEST(PickleReader, RefusesUnsupportedProtocolsAndMisplacedProto) {
    expectRefused(bytesOf("\x80\x06N."), 0, "protocol 6");
    expectRefused(bytesOf("\x80\x01N."), 0, "protocol 1");
    expectRefused(bytesOf("\x80\x02N\x80\x02."), 3, "start of the file");
}

TEST(PickleReader, MemoIdsMustBeDense) {
    expectRefused(bytesOf("\x80\x02Nq\x05."), 3, "memo id 5");
    expectRefused(bytesOf("\x80\x02h\x00."), 2, "never stored");
}

TEST(PickleReader, StackDisciplineIsEnforced) {
    expectRefused(bytesOf("\x80\x02(N."), 4, "MARK is still open");
    expectRefused(bytesOf("\x80\x02NN."), 4, "leaves 2 values");
    expectRefused(bytesOf("\x80\x02\x85."), 2, "needs 1 values");
    expectRefused(bytesOf("\x80\x02(a."), 3, "stack is empty");
    expectRefused(bytesOf("\x80\x02NNa."), 4, "appends to a None");
    expectRefused(bytesOf("\x80\x02}(Nu."), 5, "odd number");
}

TEST(PickleReader, NestingIsBounded) {
    std::string s = "\x80\x02N";
    for (int i = 0; i < 300; ++i) s += "\x85";  // 300 nested 1-tuples
    s += ".";
    PickleLimits limits;
    limits.maxDepth = 100;
    expectRefused(bytesOf(s), 3 + 100, "nested deeper than 100", limits);
}

TEST(PickleReader, StackSizeIsBounded) {
    std::string s = "\x80\x02";
    for (int i = 0; i < 50; ++i) s += "N";
    s += ".";
    PickleLimits limits;
    limits.maxStack = 40;
    expectRefused(bytesOf(s), 2 + 40, "more than 40 values", limits);
}

TEST(PickleReader, UnknownBytesAreNotOpcodes) {
    expectRefused(bytesOf("\x80\x02\xff."), 2, "unknown opcode 0xff");
    expectRefused(bytesOf(""), 0, "empty");
}

TEST(PickleReader, FramesAreCheckedThenIgnored) {
    test::TempDir dir;
    const auto doc = parseBytes(bytesOf(std::string("\x80\x04\x95\x02\0\0\0\0\0\0\0N.", 13)), dir);
    EXPECT_EQ(doc->root().kind(), Kind::None);
    expectRefused(bytesOf(std::string("\x80\x04\x95\xff\0\0\0\0\0\0\0N.", 13)), 2, "past the end");
}

TEST(PickleReader, ConsumedArgumentsAreFreedAndCannotBeFetched) {
    // numpy.dtype('f8', False, True) with its argument tuple memoised as 2, then
    // BINGET 2 after REDUCE consumed it.
    std::string s = "\x80\x02"s + "cnumpy\ndtype\nq\x00"s + "X\x02\0\0\0f8q\x01\x89\x88\x87q\x02R"s;
    s += "h\x02."s;
    expectRefused(bytesOf(s), static_cast<uint64_t>(s.size() - 3), "already consumed");
}

TEST(PickleReader, SharedArgumentsSurviveConsumption) {
    test::TempDir dir;
    // args = ('f8', False, True) memoised as 1; then dtype(*args) with args
    // fetched back from the memo, so REDUCE consumes a shared copy:
    // the root (args, dtype) must still hold args whole.
    const std::string s = "\x80\x02"s + "X\x02\0\0\0f8q\x00\x89\x88\x87q\x01"s + "cnumpy\ndtype\nq\x02"s + "h\x01R\x86."s;
    const auto doc = parseBytes(bytesOf(s), dir);
    const HandleRange pair = doc->tuple(doc->root());
    ASSERT_EQ(pair.size(), 2u);
    ASSERT_EQ(pair[0].kind(), Kind::Tuple);
    EXPECT_EQ(doc->string(doc->tuple(pair[0])[0]), "f8");
    EXPECT_EQ(pair[1].kind(), Kind::DType);
}

}  // namespace
