#include "data/BufferSummary.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "data/BufferValidation.h"
#include "data/Normalizer.h"
#include "util/Json.h"
#include "util/TerminalText.h"

namespace rssm {

namespace {

// The buffer stores normalised values; physical units are x * std + mean.
std::vector<DimensionStats> toPhysical(const std::vector<DimensionStats>& stats, const NormStats& norm) {
    const Normalizer n(norm, static_cast<int64_t>(stats.size()), "norm_stats");
    std::vector<DimensionStats> out = stats;
    for (size_t d = 0; d < out.size(); ++d) {
        out[d].mean = n.denormalizeValue(stats[d].mean, d);
        out[d].min = n.denormalizeValue(stats[d].min, d);
        out[d].max = n.denormalizeValue(stats[d].max, d);
        out[d].std = stats[d].std * n.std()[d];
    }
    return out;
}

BufferSummary::Key numericKey(const std::string& name, const std::string& role, const NumericColumn& column,
                              const RolloutConfig* rollout) {
    BufferSummary::Key key;
    key.name = name;
    key.role = role;
    key.dtype = column.dtype().str();
    key.shape = column.stepShape();
    key.stats = computeDimensionStats(column);
    const NormStats* norm = rollout ? rollout->stats(name) : nullptr;
    if (norm && norm->mean.size() == key.stats.size()) key.physicalStats = toPhysical(key.stats, *norm);
    return key;
}

Json statsJson(const std::vector<DimensionStats>& stats) {
    Json json = {{"mean", Json::array()}, {"std", Json::array()}, {"min", Json::array()}, {"max", Json::array()},
                 {"non_finite", Json::array()}};
    for (const auto& s : stats) {
        json["mean"].push_back(s.mean);
        json["std"].push_back(s.std);
        json["min"].push_back(s.min);
        json["max"].push_back(s.max);
        json["non_finite"].push_back(s.nonFinite);
    }
    return json;
}

std::string fmt(const char* format, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}

}  // namespace

BufferSummary BufferSummary::of(const ReplayBuffer& buffer, const RolloutConfig* rollout) {
    BufferSummary s;
    s.path = buffer.sourcePath();
    s.format = buffer.sourceFormat();
    s.episodes = buffer.episodeCount();
    s.transitions = buffer.transitionCount();
    if (s.episodes > 0) {
        s.minLength = s.maxLength = buffer.episodeLength(0);
        for (int64_t e = 0; e < s.episodes; ++e) {
            s.minLength = std::min(s.minLength, buffer.episodeLength(e));
            s.maxLength = std::max(s.maxLength, buffer.episodeLength(e));
        }
        s.meanLength = static_cast<double>(s.transitions) / static_cast<double>(s.episodes);
    }
    for (const auto& [name, column] : buffer.observations()) s.keys.push_back(numericKey(name, "observation", column, rollout));
    s.keys.push_back(numericKey("action", "action", buffer.actions(), rollout));
    s.keys.push_back(numericKey("reward", "reward", buffer.rewards(), nullptr));
    for (const auto& [name, column] : buffer.frames()) {
        Key key;
        key.name = name;
        key.role = "frames";
        key.dtype = "|u1";
        key.frameCount = static_cast<int64_t>(std::count_if(column.frames.begin(), column.frames.end(), [](const auto& f) { return f.size > 0; }));
        key.frameBytes = column.totalBytes();
        s.keys.push_back(key);
    }
    if (const NumericColumn* state = buffer.observation("state")) s.stateDim = state->width();
    s.actionDim = buffer.actions().width();
    // The statistics show whether anything is wrong; only then is the data
    // walked again to say where.
    const double floatMax = std::numeric_limits<float>::max();
    const bool suspect = std::any_of(s.keys.begin(), s.keys.end(), [&](const Key& k) {
        if (k.role == "frames") return false;
        if (k.stats.empty()) return true;  // 0 values per step
        return std::any_of(k.stats.begin(), k.stats.end(), [&](const DimensionStats& st) {
            return st.nonFinite > 0 || std::fabs(st.min) > floatMax || std::fabs(st.max) > floatMax;
        });
    });
    if (suspect) s.warnings = bufferProblems(buffer);
    return s;
}

std::string BufferSummary::toJson() const {
    Json json = {{"path", path},
                 {"format", format},
                 {"episodes", episodes},
                 {"transitions", transitions},
                 {"state_dim", stateDim},
                 {"action_dim", actionDim},
                 {"episode_length", {{"min", minLength}, {"mean", meanLength}, {"max", maxLength}}},
                 {"keys", Json::object()}};
    int64_t frames = 0;
    for (const Key& k : keys) {
        Json key = {{"role", k.role}, {"dtype", k.dtype}, {"shape", k.shape}};
        if (k.role == "frames") {
            key["frames"] = k.frameCount;
            key["bytes"] = static_cast<int64_t>(k.frameBytes);
            frames += k.frameCount;
        } else {
            key["stats"] = statsJson(k.stats);
            if (!k.physicalStats.empty()) key["physical_stats"] = statsJson(k.physicalStats);
        }
        json["keys"][k.name] = std::move(key);
    }
    json["camera_frames"] = frames;
    json["warnings"] = warnings;
    return jsonText(json) + "\n";
}

std::string BufferSummary::toText() const {
    std::string out;
    // Names come from the file: escaped, so none can forge a line or reach
    // the terminal as an escape sequence.
    out += "buffer       " + terminalSafe(path) + " (" + format + ")\n";
    out += "episodes     " + std::to_string(episodes) + "\n";
    out += "transitions  " + std::to_string(transitions) + "\n";
    out += "length       min " + std::to_string(minLength) + ", mean " + fmt("%.1f", meanLength) + ", max " + std::to_string(maxLength) + "\n";
    out += "state_dim    " + std::to_string(stateDim) + "\naction_dim   " + std::to_string(actionDim) + "\n\nkeys\n";
    for (const Key& k : keys) {
        std::string shape = "(";
        for (size_t i = 0; i < k.shape.size(); ++i) shape += (i ? ", " : "") + std::to_string(k.shape[i]);
        shape += k.shape.size() == 1 ? ",)" : ")";
        char line[160];
        if (k.role == "frames") {
            std::snprintf(line, sizeof line, "  %-14s %-12s %lld JPEG frames, %.1f KiB\n", terminalSafe(k.name).c_str(), k.role.c_str(),
                          static_cast<long long>(k.frameCount), k.frameBytes / 1024.0);
        } else {
            std::snprintf(line, sizeof line, "  %-14s %-12s %-5s %s\n", terminalSafe(k.name).c_str(), k.role.c_str(), terminalSafe(k.dtype).c_str(), shape.c_str());
        }
        out += line;
    }
    for (const Key& k : keys) {
        if (k.stats.empty()) continue;
        const bool physical = !k.physicalStats.empty();
        out += "\n" + terminalSafe(k.name) + (physical ? " (stored values; physical units after the bar)" : "") + "\n";
        out += "   dim         mean          std          min          max  nonfinite";
        out += physical ? " |  phys mean     phys std\n" : "\n";
        for (size_t d = 0; d < k.stats.size(); ++d) {
            const DimensionStats& st = k.stats[d];
            char line[200];
            std::snprintf(line, sizeof line, "  %4zu %12.5g %12.5g %12.5g %12.5g %10lld", d, st.mean, st.std, st.min, st.max,
                          static_cast<long long>(st.nonFinite));
            out += line;
            if (physical) {
                std::snprintf(line, sizeof line, " | %12.5g %12.5g", k.physicalStats[d].mean, k.physicalStats[d].std);
                out += line;
            }
            out += "\n";
        }
    }
    if (!warnings.empty()) {
        out += "\nwarnings (training would refuse this buffer)\n";
        for (const std::string& w : warnings) out += "  " + terminalSafe(w) + "\n";
    }
    return out;
}

}  // namespace rssm
