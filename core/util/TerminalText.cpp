#include "util/TerminalText.h"

#include <cstdint>

namespace rssm {

namespace {

void appendHex(std::string& out, uint8_t byte) {
    static const char kDigits[] = "0123456789abcdef";
    out += "\\x";
    out += kDigits[byte >> 4];
    out += kDigits[byte & 15];
}

// Length of the well-formed UTF-8 sequence at p (at most n bytes), 0 if none.
size_t sequenceLength(const uint8_t* p, size_t n) {
    const uint8_t b = p[0];
    size_t len = 0;
    uint32_t min = 0;
    uint32_t cp = 0;
    if (b >= 0xC2 && b <= 0xDF) len = 2, min = 0x80, cp = b & 0x1F;
    else if (b >= 0xE0 && b <= 0xEF) len = 3, min = 0x800, cp = b & 0x0F;
    else if (b >= 0xF0 && b <= 0xF4) len = 4, min = 0x10000, cp = b & 0x07;
    else return 0;
    if (len > n) return 0;
    for (size_t i = 1; i < len; ++i) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    if (cp >= 0x80 && cp <= 0x9F) return 0;  // C1 controls: escaped like bad bytes
    return len;
}

}  // namespace

std::string terminalSafe(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    const auto* p = reinterpret_cast<const uint8_t*>(text.data());
    const size_t n = text.size();
    for (size_t i = 0; i < n;) {
        const uint8_t b = p[i];
        if (b >= 0x20 && b < 0x7F) {
            out += static_cast<char>(b);
            ++i;
        } else if (b == '\n') {
            out += "\\n", ++i;
        } else if (b == '\t') {
            out += "\\t", ++i;
        } else if (b == '\r') {
            out += "\\r", ++i;
        } else if (b < 0x80) {
            appendHex(out, b), ++i;  // the rest of C0, and DEL
        } else if (const size_t len = sequenceLength(p + i, n - i)) {
            out.append(text.data() + i, len);
            i += len;
        } else {
            appendHex(out, b), ++i;
        }
    }
    return out;
}

}  // namespace rssm
