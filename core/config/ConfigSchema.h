#pragma once
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "model/ModelOptions.h"
#include "train/TrainerOptions.h"

namespace rssm {

// How a setting's text is read and checked. Choice is a string from a fixed
// list; StringList is a YAML list of names such as [state, goals].
enum class ConfigType { Bool, Int, Float, String, StringList, Choice };

// The options-struct member a setting configures (model.* in ModelOptions,
// training.* in TrainerOptions), or none. A Choice bound to a bool member is
// true for its second choice (model.latent: discrete).
using OptionMember = std::variant<std::monostate, bool ModelOptions::*, int64_t ModelOptions::*, double ModelOptions::*,
                                  std::string ModelOptions::*, int64_t TrainerOptions::*, uint64_t TrainerOptions::*,
                                  int TrainerOptions::*, double TrainerOptions::*, std::string TrainerOptions::*>;

// One setting of a training or evaluation run. The schema is plain data so the
// same table drives loading, command-line overrides, the shipped YAML files and
// (later) the settings form, where min/max become the spin box range and help
// the tooltip.
struct ConfigField {
    std::string key;            // dotted: group.name, e.g. "model.stoch_dim"
    ConfigType type = ConfigType::String;
    std::string defaultValue;   // as YAML text, read with the same rules as a file
    double min = 0;             // numeric range for Int and Float, inclusive unless
    double max = 0;             // the matching flag below says otherwise
    bool minExclusive = false;  // e.g. a learning rate must be greater than 0
    // Not in the first sketch of this struct, but model.unimix needs it: a
    // uniform mixture of 1 would erase the categorical prediction entirely.
    bool maxExclusive = false;
    std::vector<std::string> choices;  // for Choice
    std::string help;                  // one sentence: what the setting does
    // Where the value goes (config/ConfigOptions.h); for a bound setting the
    // default above is the member's default in a default-constructed struct.
    OptionMember member;
};

// Every setting, grouped as data.*, model.*, training.*, logging.*, eval.*, in
// the order they are shown and written.
const std::vector<ConfigField>& configSchema();

// The field named `key`, or nullptr when the schema has none.
const ConfigField* findConfigField(const std::string& key);

// Whether `prefix` names a group of settings ("model", "eval.plot"): some key
// starts with prefix + ".".
bool isConfigGroup(const std::string& prefix);

// The schema key or group closest to a misspelt `unknown` (by edit distance,
// also trying the name under another group, so "model.lr" finds training.lr),
// or "" when nothing is close enough to be a likely typo.
std::string nearestConfigKey(const std::string& unknown);

// The accepted values in words, for errors and tooltips: "an integer from 1 to
// 4096", "a number greater than 0 and at most 1", "one of elu, silu, relu, tanh".
std::string describeAccepted(const ConfigField& field);

// Only the numeric range, "from 1 to 4096" or "greater than 0 and at most 1";
// empty for types without one.
std::string describeRange(const ConfigField& field);

}  // namespace rssm
