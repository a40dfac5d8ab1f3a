#include "config/ConfigValueText.h"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>
#include <set>

#include "util/Error.h"
#include "util/YamlFile.h"

// Reading settings: a YAML file or text into a Config, each value checked
// against its field.

namespace rssm {

namespace configtext {

namespace {

[[noreturn]] void reject(const ConfigField& field, const std::string& problem) {
    throw Rejection{problem, "expected " + describeAccepted(field)};
}


// YAML 1.1 (PyYAML, which the Python seed used) also reads yes/no/on/off as
// booleans, so a file written for the seed means the same here.
bool parseBool(const ConfigField& field, const std::string& s) {
    static const char* const kTrue[] = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"};
    static const char* const kFalse[] = {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"};
    for (const char* t : kTrue)
        if (s == t) return true;
    for (const char* f : kFalse)
        if (s == f) return false;
    reject(field, "is not true or false");
}

// std::from_chars, not strtod: it ignores the C locale, which Qt sets from the
// environment, so "0.1" reads the same on a German desktop.
bool readDouble(const std::string& s, double& out) {
    const char* first = s.data();
    const char* last = s.data() + s.size();
    if (first != last && *first == '+') ++first;
    const auto res = std::from_chars(first, last, out);
    return res.ec == std::errc() && res.ptr == last && first != last;
}

void checkRange(const ConfigField& field, double v) {
    const bool aboveMin = field.minExclusive ? v > field.min : v >= field.min;
    const bool belowMax = field.maxExclusive ? v < field.max : v <= field.max;
    if (!aboveMin || !belowMax) throw Rejection{"is out of range", "must be " + describeRange(field)};
}

int64_t parseInt(const ConfigField& field, const std::string& s) {
    const char* first = s.data();
    const char* last = s.data() + s.size();
    if (first != last && *first == '+') ++first;
    int64_t v = 0;
    const auto res = std::from_chars(first, last, v);
    if (res.ec == std::errc::result_out_of_range) throw Rejection{"is out of range", "must be " + describeRange(field)};
    if (res.ec != std::errc() || res.ptr != last || first == last) {
        // Whole numbers written as floats (training.steps=1e6) are meant as
        // integers; anything with a fraction is not.
        double d = 0;
        if (!readDouble(s, d) || !std::isfinite(d) || d != std::floor(d)) reject(field, "is not an integer");
        if (std::fabs(d) > 9e18) throw Rejection{"is out of range", "must be " + describeRange(field)};
        v = static_cast<int64_t>(d);
    }
    checkRange(field, static_cast<double>(v));
    return v;
}

double parseFloat(const ConfigField& field, const std::string& s) {
    double v = 0;
    if (!readDouble(s, v) || std::isnan(v)) reject(field, "is not a number");
    checkRange(field, v);
    return v;
}

}  // namespace

// A YAML node's value as a field's type; throws Rejection.
ConfigValue parseValue(const ConfigField& field, const YAML::Node& node) {
    if (field.type == ConfigType::String) {
        if (node.IsNull()) return std::string();  // "key:" with nothing after it: empty, i.e. none
        if (!node.IsScalar()) reject(field, "is not a string");
        return node.Scalar();
    }
    if (field.type == ConfigType::StringList) {
        std::vector<std::string> out;
        // A single name (obs_keys: state) can only mean a list of one.
        if (node.IsScalar() && !node.Scalar().empty()) return std::vector<std::string>{node.Scalar()};
        if (!node.IsSequence()) reject(field, "is not a list of names");
        for (const auto& item : node) {
            if (!item.IsScalar() || item.Scalar().empty()) reject(field, "is not a list of names");
            out.push_back(item.Scalar());
        }
        return out;
    }
    const std::string s = node.IsScalar() ? node.Scalar() : std::string();
    const bool scalar = node.IsScalar();
    switch (field.type) {
        case ConfigType::Bool:
            if (!scalar) reject(field, "is not true or false");
            return parseBool(field, s);
        case ConfigType::Int:
            if (!scalar) reject(field, "is not an integer");
            return parseInt(field, s);
        case ConfigType::Float:
            if (!scalar) reject(field, "is not a number");
            return parseFloat(field, s);
        case ConfigType::Choice:
            for (const auto& choice : field.choices)
                if (scalar && s == choice) return s;
            reject(field, "is not a valid choice");
        default: break;
    }
    reject(field, "has an unknown type");
}

namespace {

// A node as the user wrote it, for messages: scalars as is, collections in
// flow style.
std::string nodeText(const YAML::Node& node) {
    if (!node.IsDefined() || node.IsNull()) return "";
    if (node.IsScalar()) return node.Scalar();
    YAML::Emitter out;
    out.SetSeqFormat(YAML::Flow);
    out.SetMapFormat(YAML::Flow);
    out << node;
    return out.c_str();
}

}  // namespace

std::string topGroups() {
    std::vector<std::string> groups;
    for (const auto& field : configSchema()) {
        const std::string g = field.key.substr(0, field.key.find('.'));
        if (groups.empty() || groups.back() != g) groups.push_back(g);
    }
    std::string out;
    for (size_t i = 0; i < groups.size(); ++i) out += (i ? ", " : "") + groups[i];
    return out;
}

std::string firstKeyOf(const std::string& group) {
    for (const auto& field : configSchema())
        if (field.key.compare(0, group.size() + 1, group + ".") == 0) return field.key;
    return group;
}

std::string unknownKeyMessage(const std::string& key) {
    const std::string nearest = nearestConfigKey(key);
    if (!nearest.empty()) return key + ": unknown key (did you mean " + nearest + "?)";
    if (!isConfigGroup(key.substr(0, key.find('.'))))
        return key + ": unknown key (settings are in the groups " + topGroups() + ")";
    return key + ": unknown key";
}

// Parsed once from the schema's YAML text, with the same rules as a file, so
// a default that does not satisfy its own field fails loudly.
const std::vector<ConfigValue>& defaultValues() {
    static const std::vector<ConfigValue> values = [] {
        std::vector<ConfigValue> v;
        for (const auto& field : configSchema()) {
            try {
                v.push_back(parseValue(field, YAML::Load(field.defaultValue)));
            } catch (const Rejection& r) {
                throw Error("config schema: " + field.key + ": default '" + field.defaultValue + "' " + r.problem);
            } catch (const YAML::Exception& e) {
                throw Error("config schema: " + field.key + ": default '" + field.defaultValue + "' is not YAML: " + e.msg);
            }
        }
        return v;
    }();
    return values;
}

namespace {

// Reads one map of a file into `values`: keys are schema keys or groups,
// relative to `prefix`, so nested maps and dotted keys mix freely.
void loadMap(const YAML::Node& map, const std::string& prefix, const std::string& path,
             std::vector<ConfigValue>& values, std::set<std::string>& seen) {
    const auto& schema = configSchema();
    for (const auto& kv : map) {
        if (!kv.first.IsScalar())
            throw Error(path + ": " + (prefix.empty() ? "the top level" : prefix) + ": a key must be a plain name, not '" +
                        nodeText(kv.first) + "'");
        const std::string key = prefix.empty() ? kv.first.Scalar() : prefix + "." + kv.first.Scalar();
        const YAML::Node& node = kv.second;
        if (const ConfigField* field = findConfigField(key)) {
            // YAML allows the same key twice, and a dotted key can repeat a
            // nested one; which one wins would be a guess, so neither does.
            if (!seen.insert(key).second) throw Error(path + ": " + key + ": given twice");
            try {
                values[static_cast<size_t>(field - schema.data())] = parseValue(*field, node);
            } catch (const Rejection& r) {
                throw Error(path + ": " + key + ": '" + nodeText(node) + "' " + r.problem + " (" + r.rule + ")");
            }
        } else if (isConfigGroup(key)) {
            if (node.IsNull()) continue;  // "logging:" with nothing under it: all defaults
            if (!node.IsMap())
                throw Error(path + ": " + key + ": expected a map of " + key + " settings (such as " + firstKeyOf(key) +
                            "), not '" + nodeText(node) + "'");
            loadMap(node, key, path, values, seen);
        } else {
            throw Error(path + ": " + unknownKeyMessage(key));
        }
    }
}
}  // namespace

}  // namespace configtext

using namespace configtext;

Config Config::load(const std::string& path) { return fromNode(loadYamlFile(path), path); }

Config Config::parse(const std::string& yaml, const std::string& origin) {
    YAML::Node root;
    try {
        root = YAML::Load(yaml);
    } catch (const YAML::Exception& e) {
        throw Error(origin + ": line " + std::to_string(e.mark.line + 1) + ": not valid YAML: " + e.msg);
    }
    return fromNode(root, origin);
}

Config Config::fromNode(const YAML::Node& root, const std::string& path) {
    Config config = defaults();
    if (root.IsNull()) return config;  // an empty file: every default
    if (!root.IsMap())
        throw Error(path + ": the top level: expected a map of the groups " + topGroups() + ", not '" + nodeText(root) +
                    "'");
    std::set<std::string> seen;
    try {
        loadMap(root, "", path, config.values_, seen);
    } catch (const YAML::Exception& e) {
        throw Error(path + ": line " + std::to_string(e.mark.line + 1) + ": " + e.msg);
    }
    return config;
}

}  // namespace rssm
