#pragma once
#include <string>

#include <yaml-cpp/yaml.h>

namespace rssm {

// Parses a YAML file; a missing file or bad YAML becomes an rssm::Error that
// names the file (and the line).
YAML::Node loadYamlFile(const std::string& path);

}  // namespace rssm
