#include "util/Utf8.h"

namespace rssm {

bool isValidUtf8(const uint8_t* p, size_t n) {
    size_t i = 0;
    while (i < n) {
        const uint8_t c = p[i];
        if (c < 0x80) { ++i; continue; }
        size_t extra;
        uint32_t cp;
        if ((c & 0xE0) == 0xC0) { extra = 1; cp = c & 0x1Fu; }
        else if ((c & 0xF0) == 0xE0) { extra = 2; cp = c & 0x0Fu; }
        else if ((c & 0xF8) == 0xF0) { extra = 3; cp = c & 0x07u; }
        else return false;
        if (n - i <= extra) return false;
        for (size_t k = 1; k <= extra; ++k) {
            if ((p[i + k] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (p[i + k] & 0x3Fu);
        }
        const uint32_t smallest[] = {0, 0x80, 0x800, 0x10000};
        if (cp < smallest[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += extra + 1;
    }
    return true;
}

long decodeLatin1FromUtf8(const uint8_t* p, size_t n, uint8_t* out) {
    long written = 0;
    for (size_t i = 0; i < n;) {
        const uint8_t c = p[i];
        if (c < 0x80) {
            out[written++] = c;
            i += 1;
        } else if ((c & 0xE0) == 0xC0 && i + 1 < n) {
            const uint32_t cp = ((c & 0x1Fu) << 6) | (p[i + 1] & 0x3Fu);
            if (cp > 0xFF) return -1;
            out[written++] = static_cast<uint8_t>(cp);
            i += 2;
        } else {
            return -1;
        }
    }
    return written;
}

}  // namespace rssm
