// libFuzzer target: YAML config text, then command-line overrides (the input
// is the YAML, a NUL byte, then one key=value per line). Any rssm::Error is a
// refusal. A config that parses must write YAML that reads back to an equal
// config, and every path value must be taken verbatim: a failure of either
// aborts, which libFuzzer reports as a finding.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "config/Config.h"
#include "util/Error.h"

namespace {

// NaN is never equal to itself; a config holding one is compared by its text.
bool same(const rssm::Config& a, const rssm::Config& b) {
    if (a == b) return true;
    return a.toYaml() == b.toYaml();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string input(reinterpret_cast<const char*>(data), size);
    const size_t split = input.find('\0');
    const std::string yaml = input.substr(0, split);
    std::vector<std::string> overrides;
    if (split != std::string::npos) {
        size_t at = split + 1;
        while (at <= input.size()) {
            const size_t end = std::min(input.find('\n', at), input.size());
            overrides.push_back(input.substr(at, end - at));
            at = end + 1;
        }
    }
    rssm::Config config;
    try {
        config = rssm::Config::parse(yaml, "fuzz.yaml");
        config.applyOverrides(overrides);
    } catch (const rssm::Error&) {
        return 0;
    }
    // Whatever was accepted must survive a round trip through the run folder's config.yaml.
    rssm::Config back;
    try {
        back = rssm::Config::parse(config.toYaml(), "written");
    } catch (const rssm::Error&) {
        std::abort();
    }
    if (!same(config, back)) std::abort();
    // A path given as an override is the path, byte for byte (unless it is
    // wholly one quoted YAML scalar, whose quotes come off).
    for (const std::string& o : overrides) {
        const std::string key = "data.buffer_path=";
        const std::string value = o.substr(std::min(o.size(), key.size()));
        const bool quoted = value.size() >= 2 && value.front() == value.back() && (value.front() == '\'' || value.front() == '"');
        if (o.rfind(key, 0) == 0 && !quoted) {
            rssm::Config c;
            try {
                c.applyOverrides({o});
            } catch (const rssm::Error&) {
                continue;
            }
            if (c.getString("data.buffer_path") != o.substr(key.size())) std::abort();
        }
    }
    return 0;
}
