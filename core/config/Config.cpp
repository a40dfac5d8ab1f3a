#include "config/Config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include <unistd.h>

#include "util/Error.h"
#include "util/YamlFile.h"

namespace rssm {

namespace {

// Why a value was refused, in the two halves the messages need: `problem`
// follows the quoted value when reading a file ("'abc' is not an integer"),
// `rule` says what is accepted and stands alone after key=value.
struct Rejection {
    std::string problem;
    std::string rule;
};

[[noreturn]] void reject(const ConfigField& field, const std::string& problem) {
    throw Rejection{problem, "expected " + describeAccepted(field)};
}

const char* typeName(ConfigType type) {
    switch (type) {
        case ConfigType::Bool: return "a boolean";
        case ConfigType::Int: return "an integer";
        case ConfigType::Float: return "a number";
        case ConfigType::String: return "a string";
        case ConfigType::StringList: return "a list of strings";
        case ConfigType::Choice: return "a choice";
    }
    return "?";
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

// A string setting's value from the text of an override or a form: the text
// itself, byte for byte, so a path may hold " #", ": ", brackets or anything
// else YAML would read as syntax. The one exception is text that is wholly one
// quoted YAML scalar, as text() writes strings and as Hydra users quote
// values ('a: b' or "a: b"): its quotes come off and its escapes are undone
// ('' in single quotes; \\ \" \n \t \r \0 \xNN in double quotes). Anything
// else that starts with a quote, say 'a'b', is taken as it stands.
std::string stringFromText(const std::string& text) {
    if (text.size() < 2 || text.front() != text.back() || (text.front() != '\'' && text.front() != '"')) return text;
    const std::string inner = text.substr(1, text.size() - 2);
    std::string out;
    if (text.front() == '\'') {
        for (size_t i = 0; i < inner.size(); ++i) {
            if (inner[i] != '\'') {
                out += inner[i];
            } else if (i + 1 < inner.size() && inner[i + 1] == '\'') {
                out += '\'';
                ++i;
            } else {
                return text;
            }
        }
        return out;
    }
    for (size_t i = 0; i < inner.size(); ++i) {
        const char c = inner[i];
        if (c == '"') return text;
        if (c != '\\') {
            out += c;
            continue;
        }
        if (++i >= inner.size()) return text;
        switch (inner[i]) {
            case '\\': out += '\\'; break;
            case '"': out += '"'; break;
            case 'n': out += '\n'; break;
            case 't': out += '\t'; break;
            case 'r': out += '\r'; break;
            case '0': out += '\0'; break;
            case 'x': {
                if (i + 2 >= inner.size()) return text;
                const std::string hex = inner.substr(i + 1, 2);
                if (hex.size() != 2 || !std::isxdigit(static_cast<unsigned char>(hex[0])) || !std::isxdigit(static_cast<unsigned char>(hex[1])))
                    return text;
                out += static_cast<char>(std::stoi(hex, nullptr, 16));
                i += 2;
                break;
            }
            default: return text;
        }
    }
    return out;
}

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

bool isPlainSafe(const std::string& s) {
    // Words any YAML reader (1.1 or 1.2) resolves to a boolean or null.
    static const char* const kSpecial[] = {"true", "false", "yes", "no", "on", "off", "y", "n", "null"};
    if (s.empty()) return false;
    const unsigned char c0 = static_cast<unsigned char>(s[0]);
    if (!std::isalpha(c0) && c0 != '_' && c0 != '/') return false;  // no numbers, '-' items, '.5'
    for (char c : s)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '/' && c != '-') return false;
    std::string lower;
    for (char c : s) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char* w : kSpecial)
        if (lower == w) return false;
    return true;
}

// A string as a YAML scalar that every reader takes back as the same string:
// plain when that is unambiguous, else single-quoted, or double-quoted with
// escapes when it holds control characters single quotes cannot carry.
std::string quoteYaml(const std::string& s) {
    if (isPlainSafe(s)) return s;
    bool control = false;
    for (char c : s) control = control || static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    if (!control) {
        std::string out = "'";
        for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
        return out + "'";
    }
    std::string out = "\"";
    for (char c : s) {
        const unsigned char u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') out += std::string("\\") + c;
        else if (c == '\n') out += "\\n";
        else if (c == '\t') out += "\\t";
        else if (u < 0x20 || u == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", u);
            out += buf;
        } else out += c;
    }
    return out + "\"";
}

// Shortest text that reads back to the same double, always with a '.' so
// PyYAML also reads it as a float ("3.0e-04", not "3e-04", which it takes as
// a string).
std::string floatText(double v) {
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    std::string s(buf, res.ptr);
    if (s.find_first_of(".ni") != std::string::npos) return s;  // has a point, or inf/nan (never stored)
    const size_t e = s.find('e');
    return e == std::string::npos ? s + ".0" : s.substr(0, e) + ".0" + s.substr(e);
}

std::string valueText(const ConfigValue& value) {
    struct Visitor {
        std::string operator()(bool b) const { return b ? "true" : "false"; }
        std::string operator()(int64_t i) const { return std::to_string(i); }
        std::string operator()(double d) const { return floatText(d); }
        std::string operator()(const std::string& s) const { return quoteYaml(s); }
        std::string operator()(const std::vector<std::string>& list) const {
            std::string out = "[";
            for (size_t i = 0; i < list.size(); ++i) out += (i ? ", " : "") + quoteYaml(list[i]);
            return out + "]";
        }
    };
    return std::visit(Visitor{}, value);
}

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

struct YamlTree {
    std::string name;
    int field = -1;  // index into the schema for a leaf
    std::vector<YamlTree> children;
};

void writeTree(std::ostringstream& out, const YamlTree& node, const std::vector<ConfigValue>& values, int depth) {
    for (const auto& child : node.children) {
        out << std::string(2 * depth, ' ') << child.name << ":";
        if (child.field >= 0) {
            out << " " << valueText(values[static_cast<size_t>(child.field)]) << "\n";
        } else {
            out << "\n";
            writeTree(out, child, values, depth + 1);
        }
    }
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

}  // namespace

Config::Config() : values_(defaultValues()) {}

Config Config::defaults() { return Config(); }

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

void Config::set(const std::string& key, const std::string& valueText) {
    const ConfigField* field = findConfigField(key);
    if (!field) {
        if (isConfigGroup(key))
            throw Error(key + ": is a group of settings; set one of its keys, such as " + firstKeyOf(key) + "=" +
                        findConfigField(firstKeyOf(key))->defaultValue);
        throw Error(unknownKeyMessage(key));
    }
    // Strings (paths above all) are never read as YAML: " #" would start a
    // comment and ": " a map. Only numbers, booleans and lists are.
    if (field->type == ConfigType::String || field->type == ConfigType::Choice) {
        const std::string value = stringFromText(valueText);
        if (field->type == ConfigType::Choice &&
            std::find(field->choices.begin(), field->choices.end(), value) == field->choices.end())
            throw Error(key + "=" + valueText + ": expected " + describeAccepted(*field));
        values_[static_cast<size_t>(field - configSchema().data())] = value;
        return;
    }
    YAML::Node node;
    try {
        node = YAML::Load(valueText);
    } catch (const YAML::Exception& e) {
        throw Error(key + "=" + valueText + ": not valid YAML (" + e.msg + "); expected " + describeAccepted(*field));
    }
    try {
        values_[static_cast<size_t>(field - configSchema().data())] = parseValue(*field, node);
    } catch (const Rejection& r) {
        throw Error(key + "=" + valueText + ": " + r.rule);
    }
}

void Config::applyOverrides(const std::vector<std::string>& args) {
    for (const auto& arg : args) {
        std::string text = arg;
        // Hydra's +key (add) and ++key (add or override): every key here
        // always exists, so both mean a plain set.
        if (text.compare(0, 2, "++") == 0) text.erase(0, 2);
        else if (!text.empty() && text[0] == '+') text.erase(0, 1);
        if (!text.empty() && text[0] == '~')
            throw Error(arg + ": removing a setting (Hydra's ~key) is not supported; every setting has a value, so set "
                              "it with key=value instead");
        const size_t eq = text.find('=');
        std::string key = eq == std::string::npos ? text : text.substr(0, eq);
        key.erase(0, key.find_first_not_of(" \t"));
        key.erase(key.find_last_not_of(" \t") + 1);
        if (eq == std::string::npos || key.empty())
            throw Error(arg + ": an override must be key=value, such as training.lr=1e-3");
        set(key, text.substr(eq + 1));
    }
}

size_t Config::indexOf(const std::string& key, const char* caller) const {
    const ConfigField* field = findConfigField(key);
    if (!field) throw Error(std::string("Config::") + caller + ": '" + key + "' is not a setting");
    return static_cast<size_t>(field - configSchema().data());
}

namespace {

template <typename T>
const T& typed(const std::vector<ConfigValue>& values, size_t index, const char* caller, const char* wanted) {
    if (const T* v = std::get_if<T>(&values[index])) return *v;
    const ConfigField& field = configSchema()[index];
    throw Error(std::string("Config::") + caller + "(" + field.key + "): the setting is " + typeName(field.type) +
                ", not " + wanted);
}

}  // namespace

bool Config::getBool(const std::string& key) const {
    return typed<bool>(values_, indexOf(key, "getBool"), "getBool", "a boolean");
}
int64_t Config::getInt(const std::string& key) const {
    return typed<int64_t>(values_, indexOf(key, "getInt"), "getInt", "an integer");
}
double Config::getFloat(const std::string& key) const {
    return typed<double>(values_, indexOf(key, "getFloat"), "getFloat", "a number");
}
std::string Config::getString(const std::string& key) const {
    return typed<std::string>(values_, indexOf(key, "getString"), "getString", "a string or choice");
}
std::vector<std::string> Config::getList(const std::string& key) const {
    return typed<std::vector<std::string>>(values_, indexOf(key, "getList"), "getList", "a list of strings");
}

const ConfigValue& Config::value(const std::string& key) const { return values_[indexOf(key, "value")]; }

std::string Config::text(const std::string& key) const { return valueText(values_[indexOf(key, "text")]); }

std::string Config::toYaml() const {
    // A tree in first-seen order, so nesting follows the schema whatever
    // order its keys come in.
    YamlTree root;
    const auto& schema = configSchema();
    for (size_t i = 0; i < schema.size(); ++i) {
        YamlTree* node = &root;
        const std::string& key = schema[i].key;
        size_t start = 0;
        while (true) {
            const size_t dot = key.find('.', start);
            const std::string part = key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
            YamlTree* next = nullptr;
            for (auto& child : node->children)
                if (child.name == part) next = &child;
            if (!next) {
                node->children.push_back(YamlTree{part, -1, {}});
                next = &node->children.back();
            }
            node = next;
            if (dot == std::string::npos) break;
            start = dot + 1;
        }
        node->field = static_cast<int>(i);
    }
    std::ostringstream out;
    writeTree(out, root, values_, 0);
    return out.str();
}

void Config::save(const std::string& path) const {
    const std::string tmp = path + ".tmp-" + std::to_string(static_cast<long>(getpid()));
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) throw Error(path + ": cannot create the temporary file " + tmp + ": " + std::strerror(errno));
        out << toYaml();
        out.close();
        if (!out) {
            const int err = errno;
            std::remove(tmp.c_str());
            throw Error(path + ": cannot write the temporary file " + tmp + ": " + std::strerror(err));
        }
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        std::remove(tmp.c_str());
        throw Error(path + ": cannot move the finished file " + tmp + " into place: " + std::strerror(err));
    }
}

std::vector<std::pair<std::string, std::string>> Config::differencesFromDefaults() const {
    const Config base = defaults();
    std::vector<std::pair<std::string, std::string>> out;
    const auto& schema = configSchema();
    for (size_t i = 0; i < schema.size(); ++i)
        if (values_[i] != base.values_[i]) out.emplace_back(schema[i].key, valueText(values_[i]));
    return out;
}

std::vector<std::string> Config::problems() const {
    std::vector<std::string> out;
    const auto n = [](int64_t v) { return std::to_string(v); };
    if (getString("model.latent") == "discrete" && getInt("model.stoch_dim") % getInt("model.discrete_classes") != 0)
        out.push_back("model.stoch_dim (" + n(getInt("model.stoch_dim")) + ") must be divisible by model.discrete_classes (" +
                      n(getInt("model.discrete_classes")) + ") when model.latent is discrete");
    if (getInt("training.warmup_steps") > getInt("training.steps"))
        out.push_back("training.warmup_steps (" + n(getInt("training.warmup_steps")) + ") must be at most training.steps (" +
                      n(getInt("training.steps")) + ")");
    if (getInt("eval.context") + getInt("eval.horizon") > 100000)
        out.push_back("eval.context + eval.horizon (" + n(getInt("eval.context")) + " + " + n(getInt("eval.horizon")) +
                      ") must be at most 100000");
    // A window holds seq_len+1 observations; a longer stack could only repeat
    // the first one.
    if (getInt("model.obs_window") > getInt("data.seq_len") + 1)
        out.push_back("model.obs_window (" + n(getInt("model.obs_window")) + ") must be at most data.seq_len + 1 (" +
                      n(getInt("data.seq_len") + 1) + ")");
    return out;
}

void Config::validate() const {
    const auto found = problems();
    if (!found.empty()) throw Error(found.front());
}

}  // namespace rssm
