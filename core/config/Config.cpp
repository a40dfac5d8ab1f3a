#include "config/Config.h"

// The Config itself: every key at its default, typed reads, and the checks
// across fields. Reading is in ConfigParse.cpp, writing in ConfigWrite.cpp,
// key=value overrides in ConfigOverrides.cpp.

#include "config/ConfigValueText.h"
#include "util/Error.h"

namespace rssm {

namespace {

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

}  // namespace

Config::Config() : values_(configtext::defaultValues()) {}

Config Config::defaults() { return Config(); }

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
