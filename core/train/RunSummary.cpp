#include "train/RunSummary.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>

#include "config/Config.h"
#include "train/RunFolder.h"
#include "train/SweepState.h"
#include "util/Error.h"

namespace fs = std::filesystem;

namespace rssm {

namespace {

double modifiedAt(const fs::path& p) {
    std::error_code ec;
    const auto t = fs::last_write_time(p, ec);
    if (ec) return 0.0;
    // file_time_type's clock is not system_clock before C++20; convert through now().
    const auto sys = std::chrono::system_clock::now() + std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                                            t - fs::file_time_type::clock::now());
    return std::chrono::duration<double>(sys.time_since_epoch()).count();
}

// Numbered folders (a sweep's 0, 1, ..., 10) by number, then the rest by name.
bool naturalLess(const std::string& a, const std::string& b) {
    const auto na = fs::path(a).filename().string(), nb = fs::path(b).filename().string();
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    const bool da = !na.empty() && std::all_of(na.begin(), na.end(), digit);
    const bool db = !nb.empty() && std::all_of(nb.begin(), nb.end(), digit);
    const auto pa = fs::path(a).parent_path().string(), pb = fs::path(b).parent_path().string();
    if (pa != pb) return pa < pb;
    if (da && db) return na.size() != nb.size() ? na.size() < nb.size() : na < nb;
    if (da != db) return da;
    return na < nb;
}

}  // namespace

const char* runStateName(RunState s) {
    switch (s) {
        case RunState::Running: return "running";
        case RunState::Finished: return "finished";
        case RunState::Stopped: return "stopped";
        case RunState::Failed: return "failed";
    }
    return "stopped";
}

std::string RunSummary::configValue(const std::string& key) const {
    for (const auto& [k, v] : config)
        if (k == key) return v;
    return {};
}

RunSummary summarizeRun(const std::string& dir, double now) {
    const RunFolder folder = RunFolder::open(dir);
    RunSummary r;
    r.dir = dir;
    const Config config = Config::load(folder.configPath());
    for (const auto& field : configSchema()) r.config.emplace_back(field.key, config.text(field.key));
    r.targetSteps = config.getInt("training.steps");

    double lastWrite = 0.0;
    if (fs::exists(folder.metricsPath())) {
        r.metrics = MetricsLog::read(folder.metricsPath());
        std::error_code ec;
        r.metricsBytes = static_cast<int64_t>(fs::file_size(folder.metricsPath(), ec));
        lastWrite = modifiedAt(folder.metricsPath());
    }
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.path().filename().string().rfind("events.out.tfevents.", 0) == 0) lastWrite = std::max(lastWrite, modifiedAt(e.path()));

    const int stepCol = r.metrics.column("step"), wallCol = r.metrics.column("wall_time");
    const int lossCol = r.metrics.column("loss"), valCol = r.metrics.column("val_loss");
    std::vector<std::pair<int64_t, double>> valAt;  // (step, validation loss)
    for (const auto& row : r.metrics.rows) {
        if (stepCol >= 0) r.step = static_cast<int64_t>(row[stepCol]);
        if (wallCol >= 0) r.wallTime = row[wallCol];
        if (lossCol >= 0 && !std::isnan(row[lossCol])) r.trainLoss = row[lossCol];
        if (valCol >= 0 && !std::isnan(row[valCol])) {
            r.valLoss = row[valCol];
            valAt.emplace_back(r.step, row[valCol]);
        }
    }

    const auto checkpoints = folder.checkpoints();
    double bestVal = INFINITY;
    for (const auto& [step, path] : checkpoints) {
        for (const auto& [s, v] : valAt)
            if (s == step && v < bestVal) bestVal = v, r.bestStep = step, r.bestCheckpoint = path;
    }
    if (r.bestCheckpoint.empty() && !checkpoints.empty()) std::tie(r.bestStep, r.bestCheckpoint) = checkpoints.back();

    if (std::ifstream err(folder.file("error.txt")); err) {
        std::getline(err, r.error);
        r.state = RunState::Failed;
    } else if (fs::exists(fs::path(dir).parent_path() / SweepState::fileName())) {
        try {
            const SweepState sweep = SweepState::load(fs::path(dir).parent_path().string());
            const std::string name = fs::path(dir).filename().string();
            for (const auto& run : sweep.runs())
                if (run.folder == name && run.status == SweepRunStatus::Failed) r.state = RunState::Failed, r.error = run.error;
        } catch (const Error&) {
            // A sweep file being rewritten or damaged says nothing about this run.
        }
    }
    if (r.state != RunState::Failed) {
        if (!checkpoints.empty() && checkpoints.back().first >= r.targetSteps) r.state = RunState::Finished;
        else if (lastWrite > 0 && now - lastWrite < kRunningWindowSeconds) r.state = RunState::Running;
        else r.state = RunState::Stopped;
    }
    return r;
}

std::vector<std::string> findRunFolders(const std::string& dir) {
    std::vector<std::string> runs;
    if (fs::exists(fs::path(dir) / "config.yaml")) return {fs::path(dir).lexically_normal().string()};
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        if (!e.is_directory()) continue;
        if (fs::exists(e.path() / "config.yaml")) {
            runs.push_back(e.path().string());
            continue;
        }
        std::error_code inner;
        for (const auto& sub : fs::directory_iterator(e.path(), inner))
            if (sub.is_directory() && fs::exists(sub.path() / "config.yaml")) runs.push_back(sub.path().string());
    }
    std::sort(runs.begin(), runs.end(), naturalLess);
    return runs;
}

std::vector<std::string> differingKeys(const std::vector<const RunSummary*>& runs) {
    std::vector<std::string> keys;
    if (runs.size() < 2) return keys;
    for (size_t k = 0; k < runs[0]->config.size(); ++k) {
        const std::string& key = runs[0]->config[k].first;
        if (key == "logging.dir" || key == "logging.name") continue;
        for (const auto* r : runs)
            if (k >= r->config.size() || r->config[k].second != runs[0]->config[k].second) {
                keys.push_back(key);
                break;
            }
    }
    return keys;
}

}  // namespace rssm
