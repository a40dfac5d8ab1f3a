#include "train/SweepState.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

#include <yaml-cpp/yaml.h>

#include "util/AtomicFile.h"
#include "util/Error.h"
#include "util/YamlFile.h"
#include "util/YamlText.h"

namespace rssm {

namespace {

const SweepRunStatus kStatuses[] = {SweepRunStatus::Pending, SweepRunStatus::Running, SweepRunStatus::Finished,
                                    SweepRunStatus::Stopped, SweepRunStatus::Failed};

std::vector<std::string> stringList(const YAML::Node& node, const std::string& where) {
    if (!node) return {};
    if (!node.IsSequence()) throw Error(where + ": expected a list");
    std::vector<std::string> out;
    for (const auto& item : node) out.push_back(item.as<std::string>());
    return out;
}

}  // namespace

const char* sweepRunStatusName(SweepRunStatus s) {
    switch (s) {
        case SweepRunStatus::Pending: return "pending";
        case SweepRunStatus::Running: return "running";
        case SweepRunStatus::Finished: return "finished";
        case SweepRunStatus::Stopped: return "stopped";
        case SweepRunStatus::Failed: return "failed";
    }
    return "pending";
}

SweepState::SweepState(std::string root, std::vector<std::string> baseOverrides, const SweepPlan& plan)
    : root_(std::move(root)), base_(std::move(baseOverrides)), axes_(plan.axes()) {
    for (const auto& run : plan.runs()) runs_.push_back({run, std::to_string(run.index), SweepRunStatus::Pending, {}});
}

SweepState::SweepState(const SweepState& other) {
    std::lock_guard<std::mutex> lock(other.mutex_);
    root_ = other.root_;
    base_ = other.base_;
    axes_ = other.axes_;
    runs_ = other.runs_;
}

SweepState SweepState::load(const std::string& root) {
    const std::string path = root + "/" + fileName();
    const YAML::Node doc = loadYamlFile(path);
    SweepState s;
    s.root_ = root;
    try {
        if (!doc.IsMap()) throw Error(path + ": expected a map with base_overrides, swept and runs");
        s.base_ = stringList(doc["base_overrides"], path + ": base_overrides");
        if (const YAML::Node swept = doc["swept"]) {
            if (!swept.IsMap()) throw Error(path + ": swept: expected a map of key to a list of values");
            for (const auto& kv : swept) s.axes_.push_back({kv.first.as<std::string>(), stringList(kv.second, path + ": swept." + kv.first.as<std::string>())});
        }
        const YAML::Node runs = doc["runs"];
        if (!runs || !runs.IsSequence()) throw Error(path + ": runs: expected a list of runs");
        for (size_t i = 0; i < runs.size(); ++i) {
            const std::string where = path + ": runs[" + std::to_string(i) + "]";
            const YAML::Node r = runs[i];
            if (!r.IsMap() || !r["index"] || !r["folder"] || !r["status"]) throw Error(where + ": expected index, folder, overrides and status");
            Run run;
            run.run.index = r["index"].as<int>();
            run.run.overrides = stringList(r["overrides"], where + ".overrides");
            run.folder = r["folder"].as<std::string>();
            const std::string status = r["status"].as<std::string>();
            bool known = false;
            for (const auto st : kStatuses)
                if (status == sweepRunStatusName(st)) run.status = st, known = true;
            if (!known) throw Error(where + ".status: '" + status + "' is not one of pending, running, finished, stopped, failed");
            if (r["error"]) run.error = r["error"].as<std::string>();
            if (run.run.index != static_cast<int>(i)) throw Error(where + ".index: expected " + std::to_string(i));
            if (run.folder.find('/') != std::string::npos || run.folder == ".." || run.folder.empty())
                throw Error(where + ".folder: '" + run.folder + "' must be a folder name inside the sweep");
            s.runs_.push_back(std::move(run));
        }
    } catch (const YAML::Exception& e) {
        throw Error(path + ": line " + std::to_string(e.mark.line + 1) + ": expected text, a number or a list of them");
    }
    return s;
}

std::vector<SweepState::Run> SweepState::runs() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return runs_;
}

std::string SweepState::runDir(int index) const {
    std::lock_guard<std::mutex> lock(mutex_);
    return root_ + "/" + runs_.at(static_cast<size_t>(index)).folder;
}

void SweepState::setStatus(int index, SweepRunStatus status, const std::string& error) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto& run = runs_.at(static_cast<size_t>(index));
    run.status = status;
    run.error = error;
    saveLocked();
}

void SweepState::save() const {
    std::lock_guard<std::mutex> lock(mutex_);
    saveLocked();
}

void SweepState::saveLocked() const {
    YAML::Emitter out;
    out << YAML::Comment("A sweep of rssm train -m: its runs, their folders and where each stands.") << YAML::BeginMap;
    out << YAML::Key << "base_overrides" << YAML::Value << YAML::BeginSeq;
    for (const auto& o : base_) emitString(out, o);
    out << YAML::EndSeq;
    out << YAML::Key << "swept" << YAML::Value << YAML::BeginMap;
    for (const auto& axis : axes_) {
        out << YAML::Key << axis.key << YAML::Value << YAML::Flow << YAML::BeginSeq;
        for (const auto& v : axis.values) emitString(out, v);
        out << YAML::EndSeq;
    }
    out << YAML::EndMap;
    out << YAML::Key << "runs" << YAML::Value << YAML::BeginSeq;
    for (const auto& r : runs_) {
        out << YAML::BeginMap << YAML::Key << "index" << YAML::Value << r.run.index << YAML::Key << "folder" << YAML::Value;
        emitString(out, r.folder);
        out << YAML::Key << "overrides" << YAML::Value << YAML::Flow << YAML::BeginSeq;
        for (const auto& o : r.run.overrides) emitString(out, o);
        out << YAML::EndSeq << YAML::Key << "status" << YAML::Value << sweepRunStatusName(r.status);
        if (!r.error.empty()) {
            out << YAML::Key << "error" << YAML::Value;
            emitString(out, r.error);
        }
        out << YAML::EndMap;
    }
    out << YAML::EndSeq << YAML::EndMap;
    const std::string path = root_ + "/" + fileName();
    writeFileAtomically(path, std::string(out.c_str()) + "\n");
}

}  // namespace rssm
