#include "config/ConfigValueText.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>

#include "util/Error.h"

// Changing settings: key=value overrides from the command line, the window's
// form and sweeps, and the overrides that turn the defaults into a Config.

namespace rssm {

using namespace configtext;

namespace {

// A string setting's value from the text of an override or a form: the text
// itself, byte for byte, so a path may hold " #", ": ", brackets or anything
// else YAML would read as syntax. The one exception is text that is wholly one
// quoted YAML scalar, as text() writes strings and as Hydra users quote
// values ('a: b' or "a: b"): its quotes come off and its escapes are undone
// ('' in single quotes; YAML's escapes in double quotes, read by yaml-cpp as
// the files are, so what text() writes reads back). Anything else that starts
// with a quote, say 'a'b', is taken as it stands.
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
        if (inner[i] == '\\') ++i;              // skips the escaped character
        else if (inner[i] == '"') return text;  // "a"b" or "a" # b": not one scalar
    }
    try {
        const YAML::Node node = YAML::Load(text);
        if (node.IsScalar()) return node.Scalar();
    } catch (const YAML::Exception&) {
    }
    return text;
}

}  // namespace

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

std::vector<std::pair<std::string, std::string>> Config::differencesFromDefaults() const {
    const Config base = defaults();
    std::vector<std::pair<std::string, std::string>> out;
    const auto& schema = configSchema();
    for (size_t i = 0; i < schema.size(); ++i)
        if (values_[i] != base.values_[i]) out.emplace_back(schema[i].key, valueText(values_[i]));
    return out;
}

}  // namespace rssm
