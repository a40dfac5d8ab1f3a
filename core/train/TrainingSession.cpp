#include "train/TrainingSession.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>

#include <torch/version.h>
#include <yaml-cpp/yaml.h>

#include "config/ConfigOptions.h"
#include "data/BufferSource.h"
#include "train/TensorBoardWriter.h"
#include "data/BufferValidation.h"
#include "util/Error.h"
#include "util/ShippedFiles.h"
#include "util/TerminalText.h"
#include "util/YamlText.h"

namespace fs = std::filesystem;

namespace rssm {

namespace {

std::string absolute(const std::string& path) {
    if (path.empty()) return path;
    std::error_code ec;
    const auto p = fs::absolute(path, ec);
    return ec ? path : p.lexically_normal().string();
}

std::string now() {
    const std::time_t t = std::time(nullptr);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S%z", std::localtime(&t));
    return buf;
}

// Logs each metrics row to the run's TensorBoard file, then passes it on.
class TensorBoardObserver : public TrainingObserver {
public:
    TensorBoardObserver(TensorBoardWriter& writer, TrainingObserver* next) : writer_(writer), next_(next) {}
    void onMetrics(const TrainingMetrics& m) override {
        writer_.writeMetrics(m);
        if (next_) next_->onMetrics(m);
    }
    void onCheckpoint(int64_t step, const std::string& path) override {
        if (next_) next_->onCheckpoint(step, path);
    }

private:
    TensorBoardWriter& writer_;
    TrainingObserver* next_;
};

}  // namespace

ModelOptions modelOptionsFrom(const Config& c, int64_t obsDim, int64_t actionDim) {
    ModelOptions o;
    applyConfig(c, o);
    o.obsDim = obsDim;
    o.actionDim = actionDim;
    return o;
}

TrainerOptions trainerOptionsFrom(const Config& c) {
    TrainerOptions t;
    applyConfig(c, t);
    return t;
}

SequenceDatasetOptions datasetOptionsFrom(const Config& c, const RolloutConfig* rollout) {
    SequenceDatasetOptions d;
    d.obsKeys = c.getList("data.obs_keys");
    d.seqLen = c.getInt("data.seq_len");
    d.obsWindow = c.getInt("model.obs_window");
    d.valFraction = c.getFloat("data.val_fraction");
    d.splitSeed = static_cast<uint64_t>(c.getInt("data.split_seed"));
    d.normalizeObs = c.getBool("data.normalize_obs");
    d.normalizeAction = c.getBool("data.normalize_action");
    d.rollout = rollout;
    return d;
}

void TrainingSession::setUp(const ProgressReporter* loading, DistributedContext* dist) {
    config_.validate();
    buffer_ = std::make_unique<ReplayBuffer>(loadReplayBuffer(config_.getString("data.buffer_path"), loading));
    const std::string rolloutPath = config_.getString("data.rollout_config_path");
    if (!rolloutPath.empty()) rollout_ = RolloutConfig::load(rolloutPath);
    // Bad values would surface only as a LibTorch backtrace or "the loss is
    // nan" at step 1; named here by file, episode, step and key instead.
    std::vector<std::string> keys = config_.getList("data.obs_keys");
    keys.push_back("action");
    validateForTraining(*buffer_, keys);
    dataset_ = std::make_unique<SequenceDataset>(*buffer_, datasetOptionsFrom(config_, rollout_ ? &*rollout_ : nullptr));
    makeTrainer(dist);
}

void TrainingSession::makeTrainer(DistributedContext* dist) {
    TrainerOptions options = trainerOptionsFrom(config_);
    if (dist) options.deviceIndex = dist->localRank();
    trainer_ = std::make_unique<Trainer>(*dataset_, modelOptionsFrom(config_, dataset_->obsDim(), dataset_->actionDim()), options);
    if (dist) trainer_->attach(*dist);
}

void TrainingSession::removeStaleTemporaries() {
    for (const std::string& name : folder_->removeStaleTemporaries())
        notes_.push_back(folder_->file(name) + ": removed, a temporary file that a killed writer left");
}

std::unique_ptr<TrainingSession> TrainingSession::start(Config config, const ProgressReporter* loading, DistributedContext* dist) {
    std::unique_ptr<TrainingSession> s(new TrainingSession());
    config.set("data.buffer_path", absolute(resolveShippedPath(config.getString("data.buffer_path"))));
    std::string rollout = resolveShippedPath(config.getString("data.rollout_config_path"));
    if (rollout.empty()) {
        // Not the bundled sample's statistics for another buffer: its own, or none.
        const fs::path beside = fs::path(config.getString("data.buffer_path")).parent_path() / "rollout_config.yaml";
        if (fs::exists(beside)) {
            rollout = beside.string();
            s->rolloutNote_ = "data.rollout_config_path: " + rollout + " (the buffer's own, beside it)";
        } else {
            s->rolloutNote_ = "data.rollout_config_path: none (no rollout_config.yaml beside " +
                              config.getString("data.buffer_path") + "; no physical units or normalisation statistics)";
        }
    } else {
        s->rolloutNote_ = "data.rollout_config_path: " + absolute(rollout);
    }
    config.set("data.rollout_config_path", absolute(rollout));
    s->config_ = std::move(config);
    const std::string dir = RunFolder::pathFor(s->config_.getString("logging.dir"), s->config_.getString("logging.name"));
    if (dist && !dist->isRoot()) {
        s->setUp(loading, dist);
        s->folder_ = RunFolder::at(dir);
        return s;
    }
    if (fs::exists(dir + "/config.yaml") && !RunFolder::open(dir).checkpoints().empty())
        throw Error(dir + ": already holds checkpoints of another run; choose another logging.name, or resume it with --resume " + dir);
    s->setUp(loading, dist);
    s->folder_ = RunFolder::create(dir, s->config_.toYaml(), s->config_.getString("data.rollout_config_path"));
    s->removeStaleTemporaries();
    s->folder_->writeText("train_logging.yaml", s->describe());
    return s;
}

std::unique_ptr<TrainingSession> TrainingSession::resume(const std::string& runDir, const std::vector<std::string>& overrides,
                                                         const ProgressReporter* loading, DistributedContext* dist) {
    const RunFolder folder = RunFolder::open(runDir);
    const auto checkpoints = folder.checkpoints();
    if (checkpoints.empty()) throw Error(runDir + ": no rssm_step_<N>.pt to resume from");
    std::unique_ptr<TrainingSession> s(new TrainingSession());
    s->config_ = Config::load(folder.configPath());
    s->config_.applyOverrides(overrides);
    s->setUp(loading, dist);
    s->folder_ = folder;
    if (!dist || dist->isRoot()) s->removeStaleTemporaries();
    // The newest checkpoint that loads: one cut short (a full disk, a crash
    // of the machine) is skipped, and said so, rather than ending the run.
    std::string lastError;
    for (auto it = checkpoints.rbegin(); it != checkpoints.rend(); ++it) {
        try {
            if (!lastError.empty()) s->makeTrainer(dist);  // nothing of the failed load carries over
            s->trainer_->resume(it->second);
        } catch (const Cancelled&) {
            throw;
        } catch (const std::exception& e) {
            lastError = terminalSafe(std::string(e.what()).substr(0, 300));
            s->notes_.push_back(it->second + ": cannot be loaded, skipped (" + lastError + ")");
            continue;
        }
        if (!lastError.empty()) s->notes_.push_back("resuming from " + it->second + ", the newest checkpoint that loads");
        if (!dist || dist->isRoot()) s->folder_->writeText("config.yaml", s->config_.toYaml());
        return s;
    }
    throw Error(runDir + ": none of its " + std::to_string(checkpoints.size()) + " checkpoints can be loaded; the newest: " + lastError);
}

void TrainingSession::run(TrainingObserver* observer, TrainingControl* control) {
    // Rank 0 alone writes the run folder (data-parallel runs).
    const bool root = trainer_->distributed().isRoot();
    std::optional<TensorBoardWriter> events;
    std::optional<TensorBoardObserver> logged;
    if (root && config_.getBool("logging.tensorboard")) {
        events.emplace(folder_->path());
        const int64_t step = trainer_->step();
        if (step == 0) events->writeText("config", config_.toYaml(), 0, TensorBoardWriter::now());
        else events->writeSessionStart(step, TensorBoardWriter::now());
        logged.emplace(*events, observer);
    }
    // error.txt marks a run that ended in an error (a diverged loss), for the
    // Runs pane; a resumed run clears it.
    if (root) std::remove(folder_->file("error.txt").c_str());
    try {
        trainer_->run(*folder_, config_.toYaml(), logged ? &*logged : observer, control);
    } catch (const std::exception& e) {
        if (root) folder_->writeText("error.txt", std::string(e.what()) + "\n");
        throw;
    }
}

std::string TrainingSession::describe() const {
    // Through the emitter: a path may hold " #", ": ", a tab or a control
    // byte, and PyYAML as well as yaml-cpp must read the file back.
    const RuntimeSettings& runtime = trainer_->runtime();
    YAML::Emitter y;
    y << YAML::Comment("What this run trained on, and where.") << YAML::BeginMap;
    y << YAML::Key << "started" << YAML::Value << now();
    y << YAML::Key << "libtorch" << YAML::Value << TORCH_VERSION;
    y << YAML::Key << "device" << YAML::Value << trainer_->device().str();
    y << YAML::Key << "libtorch_threads" << YAML::Value << runtime.intraOpThreads;
    y << YAML::Key << "blas_threads" << YAML::Value << runtime.blasThreads;
    y << YAML::Key << "blas_core" << YAML::Value;
    emitString(y, runtime.blasCore.empty() ? std::string("unknown") : runtime.blasCore);
    y << YAML::Key << "engine" << YAML::Value << config_.getString("training.engine");
    y << YAML::Key << "recurrence_slices" << YAML::Value << runtime.sliceThreads;
    // A data-parallel run: this is rank 0's record; every rank ran the same.
    y << YAML::Key << "world_size" << YAML::Value << trainer_->distributed().worldSize();
    y << YAML::Key << "backend" << YAML::Value << trainer_->distributed().backend();
    y << YAML::Key << "parameters" << YAML::Value << trainer_->parameterCount();
    // A comment may hold no control character (PyYAML refuses the file), so
    // the note's paths are escaped as on a terminal.
    if (!rolloutNote_.empty()) y << YAML::Newline << YAML::Comment(terminalSafe(rolloutNote_));  // a line of its own
    y << YAML::Key << "buffer" << YAML::Value << YAML::BeginMap;
    y << YAML::Key << "path" << YAML::Value;
    emitString(y, buffer_->sourcePath());
    y << YAML::Key << "episodes" << YAML::Value << buffer_->episodeCount();
    y << YAML::Key << "transitions" << YAML::Value << buffer_->transitionCount() << YAML::EndMap;
    y << YAML::Key << "dataset" << YAML::Value << YAML::BeginMap;
    y << YAML::Key << "obs_dim" << YAML::Value << dataset_->obsDim();
    y << YAML::Key << "action_dim" << YAML::Value << dataset_->actionDim();
    y << YAML::Key << "train_episodes" << YAML::Value << dataset_->episodes(Split::Train).size();
    y << YAML::Key << "val_episodes" << YAML::Value << dataset_->episodes(Split::Validation).size();
    y << YAML::Key << "train_windows" << YAML::Value << dataset_->windowCount(Split::Train);
    y << YAML::Key << "val_windows" << YAML::Value << dataset_->windowCount(Split::Validation);
    y << YAML::EndMap << YAML::EndMap;
    return std::string(y.c_str()) + "\n";
}

}  // namespace rssm
