#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "config/ConfigSchema.h"

namespace YAML {
class Node;
}

namespace rssm {

// One setting's value: bool for Bool, int64_t for Int, double for Float,
// std::string for String and Choice, a list for StringList.
using ConfigValue = std::variant<bool, int64_t, double, std::string, std::vector<std::string>>;

// The settings of a training or evaluation run: a typed value for every key of
// configSchema(), read from YAML laid out as the Python seed's (data.*,
// model.*, training.*, logging.*, eval.*) and from Hydra-style key=value
// overrides. Every value is checked against its field when it is set, so a
// Config never holds a value of the wrong type or out of range; checks that
// involve several fields are problems(), left to the caller because a later
// override may still fix them.
class Config {
public:
    // Every key at its schema default; the same as Config().
    Config();
    static Config defaults();

    // Reads a YAML file of nested maps (model: {stoch_dim: 32}), dotted keys at
    // any level (model.stoch_dim: 32), or both; keys absent from the file keep
    // their defaults and an empty file is all defaults. Throws rssm::Error
    // naming the file, the key, the value and what is accepted.
    static Config load(const std::string& path);
    // The same from YAML text; `origin` names it in errors (a checkpoint's config).
    static Config parse(const std::string& yaml, const std::string& origin);

    // Sets `key` from YAML scalar or flow text, read as the field's type:
    // "true", "64", "3e-4", "runs/a", "[state, goals]". Throws rssm::Error
    // as "key=value: what is accepted", or for an unknown key with the nearest
    // key when one is close.
    void set(const std::string& key, const std::string& valueText);

    // Hydra-style command-line overrides, each key=value; +key=value and
    // ++key=value are accepted as plain sets since every key already exists.
    void applyOverrides(const std::vector<std::string>& args);

    // Typed reads. The wrong type or an unknown key is a programming error, but
    // still an rssm::Error that says which key and which type.
    bool getBool(const std::string& key) const;
    int64_t getInt(const std::string& key) const;
    double getFloat(const std::string& key) const;
    std::string getString(const std::string& key) const;  // String and Choice
    std::vector<std::string> getList(const std::string& key) const;

    const ConfigValue& value(const std::string& key) const;
    // The value as YAML text, which set() reads back to the same value.
    std::string text(const std::string& key) const;

    // Nested by group in schema order; load() reads it back to an equal Config.
    std::string toYaml() const;
    // Writes toYaml() to a temporary file beside `path`, then renames it into
    // place, so a reader never sees half a file.
    void save(const std::string& path) const;

    // Keys whose value is not the default, with the value as text (so each
    // pair works as an override), in schema order.
    std::vector<std::pair<std::string, std::string>> differencesFromDefaults() const;

    // Checks across fields, as messages for the user; empty when none.
    std::vector<std::string> problems() const;
    // Throws the first of problems() as rssm::Error.
    void validate() const;

    bool operator==(const Config& other) const { return values_ == other.values_; }
    bool operator!=(const Config& other) const { return !(*this == other); }

private:
    size_t indexOf(const std::string& key, const char* caller) const;
    static Config fromNode(const YAML::Node& root, const std::string& origin);

    std::vector<ConfigValue> values_;  // one per configSchema() field, in its order
};

}  // namespace rssm
