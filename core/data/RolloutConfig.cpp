#include "data/RolloutConfig.h"

#include <yaml-cpp/yaml.h>

#include "util/Error.h"
#include "util/YamlFile.h"

namespace rssm {

namespace {

std::vector<double> numberList(const YAML::Node& node, const std::string& where) {
    if (!node.IsSequence()) throw Error(where + ": expected a list of numbers");
    std::vector<double> out;
    out.reserve(node.size());
    for (size_t i = 0; i < node.size(); ++i) {
        try {
            out.push_back(node[i].as<double>());
        } catch (const YAML::Exception&) {
            throw Error(where + "[" + std::to_string(i) + "]: expected a number");
        }
    }
    return out;
}

std::vector<std::string> stringList(const YAML::Node& node, const std::string& where) {
    std::vector<std::string> out;
    if (!node || node.IsNull()) return out;
    if (!node.IsSequence()) throw Error(where + ": expected a list of topic names");
    for (const auto& item : node) out.push_back(item.as<std::string>());
    return out;
}

}  // namespace

const NormStats* RolloutConfig::stats(const std::string& key) const {
    const auto it = normStats.find(key);
    return it == normStats.end() ? nullptr : &it->second;
}

RolloutConfig RolloutConfig::load(const std::string& path) {
    const YAML::Node root = loadYamlFile(path);
    if (!root.IsMap()) throw Error(path + ": expected a mapping at the top (obs_config, action_config, norm_stats)");
    RolloutConfig config;
    config.path = path;
    try {
        if (const auto obs = root["obs_config"]) {
            config.stateTopics = stringList(obs["state_topics"], path + ": obs_config.state_topics");
            config.cameraTopics = stringList(obs["camera_topics"], path + ": obs_config.camera_topics");
        }
        if (const auto action = root["action_config"]) {
            if (!action.IsMap()) throw Error(path + ": action_config: expected a mapping of topic to dimension");
            for (const auto& kv : action) config.actionTopics.emplace_back(kv.first.as<std::string>(), kv.second.as<int>());
        }
        if (const auto norm = root["norm_stats"]) {
            if (!norm.IsMap()) throw Error(path + ": norm_stats: expected a mapping of key to {mean, std}");
            for (const auto& kv : norm) {
                const std::string key = kv.first.as<std::string>();
                const std::string where = path + ": norm_stats." + key;
                NormStats stats;
                stats.mean = numberList(kv.second["mean"], where + ".mean");
                stats.std = numberList(kv.second["std"], where + ".std");
                if (stats.mean.size() != stats.std.size())
                    throw Error(where + ": mean has " + std::to_string(stats.mean.size()) + " entries but std has " +
                                std::to_string(stats.std.size()));
                config.normStats[key] = std::move(stats);
            }
        }
    } catch (const YAML::Exception& e) {
        throw Error(path + ": line " + std::to_string(e.mark.line + 1) + ": " + e.msg);
    }
    return config;
}

}  // namespace rssm
