#include "util/YamlText.h"

#include <cctype>

#include <yaml-cpp/yaml.h>

namespace rssm {

namespace {

// Plain only for names no YAML reader (1.1 or 1.2) takes as a number, a
// boolean, null or syntax, block or flow ("runs/a", "model.obs_window=2");
// the emitter alone would write "123" or "yes" plain.
bool isPlainSafe(const std::string& s) {
    static const char* const kSpecial[] = {"true", "false", "yes", "no", "on", "off", "y", "n", "null"};
    if (s.empty()) return false;
    const unsigned char c0 = static_cast<unsigned char>(s[0]);
    if (!std::isalpha(c0) && c0 != '_' && c0 != '/') return false;  // no numbers, '-' items, '.5'
    for (char c : s)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '/' && c != '-' && c != '=' && c != '+')
            return false;
    std::string lower;
    for (char c : s) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char* w : kSpecial)
        if (lower == w) return false;
    return true;
}

bool hasControl(const std::string& s) {
    for (char c : s)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
    return false;
}

}  // namespace

void emitString(YAML::Emitter& out, const std::string& s) {
    if (isPlainSafe(s)) {
        out << s;
    } else if (!hasControl(s)) {
        out << YAML::SingleQuoted << s;
    } else {
        // EscapeNonAscii for this scalar only: yaml-cpp escapes DEL only then
        // (as \x7F); other non-ASCII text becomes \u escapes, read back the same.
        out << YAML::EscapeNonAscii << YAML::DoubleQuoted << s;
    }
}

std::string yamlScalar(const std::string& s) {
    YAML::Emitter out;
    emitString(out, s);
    return out.c_str();
}

}  // namespace rssm
