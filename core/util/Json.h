#pragma once
#include <string>

#include <nlohmann/json.hpp>

namespace rssm {

// JSON output (inspect --json, eval --json) is built with nlohmann-json; keys
// stay in the order they were added, as the documentation lists them.
using Json = nlohmann::ordered_json;

// One line of JSON. NaN and infinities (JSON has neither) are written as
// null, and bytes that are not UTF-8 (a path from a Latin-1 file system) as
// U+FFFD rather than failing the whole output.
inline std::string jsonText(const Json& json) {
    return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace rssm
