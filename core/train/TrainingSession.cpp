#include "train/TrainingSession.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>

#include <torch/version.h>

#include "data/BufferSource.h"
#include "train/TensorBoardWriter.h"
#include "data/BufferValidation.h"
#include "util/Error.h"
#include "util/ShippedFiles.h"
#include "util/TerminalText.h"

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
    o.obsDim = obsDim;
    o.actionDim = actionDim;
    o.obsWindow = c.getInt("model.obs_window");
    o.useVae = c.getBool("model.use_vae");
    o.latentDim = c.getInt("model.latent_dim");
    o.vaeHiddenDim = c.getInt("model.vae_hidden_dim");
    o.vaeBeta = c.getFloat("model.vae_beta");
    o.embedDim = c.getInt("model.embed_dim");
    o.hiddenDim = c.getInt("model.hidden_dim");
    o.deterDim = c.getInt("model.deter_dim");
    o.stochDim = c.getInt("model.stoch_dim");
    o.discrete = c.getString("model.latent") == "discrete";
    o.discreteClasses = c.getInt("model.discrete_classes");
    o.unimix = c.getFloat("model.unimix");
    o.minStd = c.getFloat("model.min_std");
    o.act = c.getString("model.act");
    o.layerNorm = c.getBool("model.layer_norm");
    o.learnedInitialState = c.getBool("model.learned_initial_state");
    o.symlogTargets = c.getBool("model.symlog_targets");
    o.freeNats = c.getFloat("model.free_nats");
    o.freeNatsPerSample = c.getString("model.free_nats_mode") == "per_sample";
    o.klScale = c.getFloat("model.kl_scale");
    o.klBalance = c.getBool("model.kl_balance");
    o.klDynScale = c.getFloat("model.kl_dyn_scale");
    o.klRepScale = c.getFloat("model.kl_rep_scale");
    o.reconScale = c.getFloat("model.recon_scale");
    return o;
}

TrainerOptions trainerOptionsFrom(const Config& c) {
    TrainerOptions t;
    t.steps = c.getInt("training.steps");
    t.batchSize = c.getInt("training.batch_size");
    t.lr = c.getFloat("training.lr");
    t.gradClip = c.getFloat("training.grad_clip");
    t.warmupSteps = c.getInt("training.warmup_steps");
    t.evalEvery = c.getInt("training.eval_every");
    t.valBatches = c.getInt("training.val_batches");
    t.saveEvery = c.getInt("training.save_every");
    t.logEvery = c.getInt("training.log_every");
    t.seed = static_cast<uint64_t>(c.getInt("training.seed"));
    t.device = c.getString("training.device");
    t.threads = static_cast<int>(c.getInt("training.threads"));
    t.engine = c.getString("training.engine");
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
    std::string y = "# What this run trained on, and where.\n";
    y += "started: " + now() + "\n";
    y += "libtorch: " + std::string(TORCH_VERSION) + "\n";
    y += "device: " + trainer_->device().str() + "\n";
    y += "libtorch_threads: " + std::to_string(trainer_->runtime().intraOpThreads) + "\n";
    y += "blas_threads: " + std::to_string(trainer_->runtime().blasThreads) + "\n";
    y += "blas_core: " + (trainer_->runtime().blasCore.empty() ? std::string("unknown") : trainer_->runtime().blasCore) + "\n";
    y += "engine: " + config_.getString("training.engine") + "\n";
    y += "recurrence_slices: " + std::to_string(trainer_->runtime().sliceThreads) + "\n";
    // A data-parallel run: this is rank 0's record; every rank ran the same.
    y += "world_size: " + std::to_string(trainer_->distributed().worldSize()) + "\n";
    y += "backend: " + trainer_->distributed().backend() + "\n";
    y += "parameters: " + std::to_string(trainer_->parameterCount()) + "\n";
    if (!rolloutNote_.empty()) y += "# " + rolloutNote_ + "\n";
    // Single-quoted: a path may hold " #" or ": ", which plain YAML would cut or misread.
    std::string quoted = "'";
    for (char c : buffer_->sourcePath()) quoted += c == '\'' ? std::string("''") : std::string(1, c);
    quoted += "'";
    y += "buffer:\n  path: " + quoted + "\n  episodes: " + std::to_string(buffer_->episodeCount()) +
         "\n  transitions: " + std::to_string(buffer_->transitionCount()) + "\n";
    y += "dataset:\n  obs_dim: " + std::to_string(dataset_->obsDim()) + "\n  action_dim: " + std::to_string(dataset_->actionDim()) +
         "\n  train_episodes: " + std::to_string(dataset_->episodes(Split::Train).size()) +
         "\n  val_episodes: " + std::to_string(dataset_->episodes(Split::Validation).size()) +
         "\n  train_windows: " + std::to_string(dataset_->windowCount(Split::Train)) +
         "\n  val_windows: " + std::to_string(dataset_->windowCount(Split::Validation)) + "\n";
    return y;
}

}  // namespace rssm
