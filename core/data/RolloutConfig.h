#pragma once
#include <map>
#include <string>
#include <vector>

namespace rssm {

// Mean and standard deviation per dimension of one key.
struct NormStats {
    std::vector<double> mean;
    std::vector<double> std;
};

// FACTR's rollout_config.yaml: which topics made the observation and action,
// and the Gaussian normalisation statistics the buffer was written with.
struct RolloutConfig {
    std::string path;
    std::vector<std::string> stateTopics;
    std::vector<std::string> cameraTopics;
    std::vector<std::pair<std::string, int>> actionTopics;  // topic and its dimension
    std::map<std::string, NormStats> normStats;              // "state", "action", ...

    const NormStats* stats(const std::string& key) const;

    // Throws rssm::Error naming the file and the key when the YAML is malformed.
    static RolloutConfig load(const std::string& path);
};

}  // namespace rssm
