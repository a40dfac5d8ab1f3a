#pragma once
#include <string>

namespace YAML {
class Emitter;
}

namespace rssm {

// Strings written into YAML files (paths, run names, error messages) go
// through here, so that yaml-cpp and PyYAML both read each back as the same
// string, whatever it holds: plain when that is unambiguous ("runs/a"), in
// single quotes when it would read as something else ("123", "null", "a: b"),
// and in double quotes with escapes when it holds a control character (a tab,
// a newline, \x01, DEL), which PyYAML refuses anywhere else.
void emitString(YAML::Emitter& out, const std::string& s);

// The same scalar on its own, as text: what a key=value override or a form
// field shows, and what YAML::Load reads back to `s`.
std::string yamlScalar(const std::string& s);

}  // namespace rssm
