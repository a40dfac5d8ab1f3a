#pragma once
#include <cstddef>
#include <cstdint>

namespace rssm {

// True when [p, p+n) is well-formed UTF-8 (no overlongs, no surrogates).
bool isValidUtf8(const uint8_t* p, size_t n);

// Decodes valid UTF-8 whose code points are all <= U+00FF into one byte each
// (protocol 2 stores bytes this way). Returns the number of bytes written to
// out (at most n), or -1 when a code point does not fit in a byte.
long decodeLatin1FromUtf8(const uint8_t* p, size_t n, uint8_t* out);

}  // namespace rssm
