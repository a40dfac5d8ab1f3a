// Untrusted bytes on a terminal: names and keys from a file are escaped in
// every message and listing, so none can forge a line, send an escape
// sequence or cut a message short.
#include <gtest/gtest.h>

#include <string>

#include "TestSupport.h"
#include "data/BufferSummary.h"
#include "data/ReplayBuffer.h"
#include "io/PickleReader.h"
#include "util/Error.h"
#include "util/TerminalText.h"

namespace rssm {
namespace {

TEST(TerminalText, EscapesControlCharactersAndBadBytes) {
    EXPECT_EQ(terminalSafe("plain text, ü and 日本"), "plain text, ü and 日本");
    EXPECT_EQ(terminalSafe("a\nrssm inspect: buffer OK"), "a\\nrssm inspect: buffer OK");
    EXPECT_EQ(terminalSafe("\x1b[2J\x1b]0;title\x07"), "\\x1b[2J\\x1b]0;title\\x07");
    EXPECT_EQ(terminalSafe(std::string("cut\0here", 8)), "cut\\x00here");
    EXPECT_EQ(terminalSafe("tab\tcr\r del\x7f"), "tab\\tcr\\r del\\x7f");
    EXPECT_EQ(terminalSafe("\xc2\x9b" "31m"), "\\xc2\\x9b31m");  // C1 CSI, UTF-8 encoded
    EXPECT_EQ(terminalSafe("\x9b" "31m \xff"), "\\x9b31m \\xff");  // bare 8-bit CSI, a stray byte
    const std::string once = terminalSafe("x\n\x1b\xff");
    EXPECT_EQ(terminalSafe(once), once);
}

TEST(TerminalText, TheReadersErrorsAreOneSafeLine) {
    const pickle::PickleError e(5, std::string("obs key 'a\nrssm inspect: buffer OK\x1b[31m\0tail' is bad", 52));
    const std::string what = e.what();
    EXPECT_EQ(what.find('\n'), std::string::npos) << what;
    EXPECT_EQ(what.find('\x1b'), std::string::npos) << what;
    EXPECT_NE(what.find("tail' is bad"), std::string::npos) << "a NUL cut the message: " << what;
}

TEST(TerminalText, InspectListingEscapesKeyNames) {
    ReplayBuffer b;
    b.setSource("evil\x1b[2J.pkl", "pickle");
    b.setEpisodeLengths({2});
    NumericColumn& c = b.addObservation("state\nrssm inspect: buffer OK", DType{ScalarType::Float32, false}, {1});
    const float v[] = {1.0f};
    c.setStep(0, reinterpret_cast<const uint8_t*>(v), false);
    c.setStep(1, reinterpret_cast<const uint8_t*>(v), false);
    b.setActions(DType{ScalarType::Float32, false}, {1});
    b.setRewards(DType{ScalarType::Float64, false});
    const std::string text = BufferSummary::of(b).toText();
    EXPECT_EQ(text.find('\x1b'), std::string::npos) << text;
    EXPECT_EQ(text.find("\nrssm inspect: buffer OK"), std::string::npos) << text;
    EXPECT_NE(text.find("state\\nrssm inspect: buffer OK"), std::string::npos) << text;
}

}  // namespace
}  // namespace rssm
