#pragma once
// Inside the config library only: how a setting's value is read from YAML
// and text, and written back, shared by Config's parse, write and override
// halves (ConfigParse.cpp, ConfigWrite.cpp, ConfigOverrides.cpp).
#include <string>
#include <vector>

#include "config/Config.h"

namespace YAML {
class Emitter;
class Node;
}  // namespace YAML

namespace rssm::configtext {

// Why a value was refused, in the two halves the messages need: `problem`
// follows the quoted value when reading a file ("'abc' is not an integer"),
// `rule` says what is accepted and stands alone after key=value.
struct Rejection {
    std::string problem;
    std::string rule;
};

// A YAML node's value as `field`'s type; throws Rejection.
ConfigValue parseValue(const ConfigField& field, const YAML::Node& node);

// Every field's default, parsed once from the schema with the same rules as a
// file, so a default that does not satisfy its own field fails loudly.
const std::vector<ConfigValue>& defaultValues();

// The value as one YAML scalar or flow list, which set() reads back.
std::string valueText(const ConfigValue& value);
void emitValue(YAML::Emitter& out, const ConfigValue& value);

// Messages that name the schema's groups and keys.
std::string topGroups();
std::string firstKeyOf(const std::string& group);
std::string unknownKeyMessage(const std::string& key);

}  // namespace rssm::configtext
