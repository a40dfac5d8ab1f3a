#pragma once
#include <string>
#include <string_view>

namespace rssm {

// Text that is safe to print on a terminal as one line: every control
// character (C0, DEL, and C1 such as the 8-bit CSI) and every byte that is not
// well-formed UTF-8 is written as an escape (\n, \t, \r, \x1b, \x00, \xc2\x9b),
// so a name or key taken from a file can neither forge an output line, reach
// the terminal as an escape sequence, nor cut a message short (NUL). Text
// without such characters is returned unchanged, so applying it twice is the
// same as once. Backslashes are left as they are.
std::string terminalSafe(std::string_view text);

}  // namespace rssm
