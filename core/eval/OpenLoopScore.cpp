#include "eval/OpenLoopScore.h"

#include <filesystem>

#include <yaml-cpp/yaml.h>

#include "config/Config.h"
#include "eval/EvaluationSession.h"
#include "train/RunFolder.h"
#include "util/Error.h"
#include "util/YamlText.h"

namespace fs = std::filesystem;

namespace rssm {

const std::vector<int>& openLoopHorizons() {
    static const std::vector<int> h{1, 8, 16};
    return h;
}

std::string openLoopCacheName() { return "open_loop_mse.yaml"; }

OpenLoopScore evaluateOpenLoop(const std::string& checkpointPath, const ProgressReporter* progress) {
    Config evalConfig;
    evalConfig.set("eval.horizon", std::to_string(openLoopHorizons().back()));
    evalConfig.set("eval.samples", "1");  // the mean rollout's error needs no spread
    auto session = EvaluationSession::open(checkpointPath, evalConfig, progress);
    const EvalResult result = session->evaluate(progress);
    OpenLoopScore score;
    score.checkpoint = fs::path(checkpointPath).filename().string();
    score.horizons = openLoopHorizons();
    for (const int h : score.horizons)
        score.mse.push_back(static_cast<size_t>(h) <= result.prior.byHorizon.size() ? result.prior.byHorizon[h - 1] : NAN);
    return score;
}

std::optional<OpenLoopScore> readOpenLoopCache(const std::string& checkpointPath) {
    const fs::path cache = fs::path(checkpointPath).parent_path() / openLoopCacheName();
    std::error_code ec;
    if (!fs::exists(cache, ec) || fs::last_write_time(cache, ec) < fs::last_write_time(checkpointPath, ec)) return std::nullopt;
    try {
        const YAML::Node doc = YAML::LoadFile(cache.string());
        OpenLoopScore s;
        s.checkpoint = doc["checkpoint"].as<std::string>();
        if (s.checkpoint != fs::path(checkpointPath).filename().string()) return std::nullopt;
        for (const auto& item : doc["mse"]) {
            s.horizons.push_back(item.first.as<int>());
            s.mse.push_back(item.second.as<double>());
        }
        if (s.horizons != openLoopHorizons()) return std::nullopt;
        return s;
    } catch (const YAML::Exception&) {
        return std::nullopt;  // a damaged cache is computed again
    }
}

void writeOpenLoopCache(const std::string& checkpointPath, const OpenLoopScore& score) {
    YAML::Emitter out;
    out << YAML::Comment("Open-loop MSE of this run's best checkpoint by horizon (the Runs pane's cache).") << YAML::BeginMap;
    out << YAML::Key << "checkpoint" << YAML::Value;
    emitString(out, score.checkpoint);
    out << YAML::Key << "mse" << YAML::Value << YAML::BeginMap;
    for (size_t i = 0; i < score.horizons.size(); ++i) out << YAML::Key << score.horizons[i] << YAML::Value << score.mse[i];
    out << YAML::EndMap << YAML::EndMap;
    RunFolder::open(fs::path(checkpointPath).parent_path().string()).writeText(openLoopCacheName(), std::string(out.c_str()) + "\n");
}

}  // namespace rssm
