#include "train/TrainingSession.h"

#include <chrono>
#include <ctime>
#include <filesystem>

#include <torch/version.h>

#include "data/BufferSource.h"
#include "util/Error.h"

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

void TrainingSession::setUp(const ProgressReporter* loading) {
    config_.validate();
    buffer_ = std::make_unique<ReplayBuffer>(loadReplayBuffer(config_.getString("data.buffer_path"), loading));
    const std::string rolloutPath = config_.getString("data.rollout_config_path");
    if (!rolloutPath.empty()) rollout_ = RolloutConfig::load(rolloutPath);
    dataset_ = std::make_unique<SequenceDataset>(*buffer_, datasetOptionsFrom(config_, rollout_ ? &*rollout_ : nullptr));
    trainer_ = std::make_unique<Trainer>(*dataset_, modelOptionsFrom(config_, dataset_->obsDim(), dataset_->actionDim()),
                                         trainerOptionsFrom(config_));
}

std::unique_ptr<TrainingSession> TrainingSession::start(Config config, const ProgressReporter* loading) {
    std::unique_ptr<TrainingSession> s(new TrainingSession());
    config.set("data.buffer_path", absolute(config.getString("data.buffer_path")));
    std::string rollout = config.getString("data.rollout_config_path");
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
    s->setUp(loading);
    const std::string dir = s->config_.getString("logging.dir") + "/" + s->config_.getString("logging.name");
    if (fs::exists(dir + "/config.yaml") && !RunFolder::open(dir).checkpoints().empty())
        throw Error(dir + ": already holds checkpoints of another run; choose another logging.name, or resume it with --resume " + dir);
    s->folder_ = RunFolder::create(dir, s->config_.toYaml(), s->config_.getString("data.rollout_config_path"));
    s->folder_->writeText("train_logging.yaml", s->describe());
    return s;
}

std::unique_ptr<TrainingSession> TrainingSession::resume(const std::string& runDir, const std::vector<std::string>& overrides,
                                                         const ProgressReporter* loading) {
    const RunFolder folder = RunFolder::open(runDir);
    const auto checkpoints = folder.checkpoints();
    if (checkpoints.empty()) throw Error(runDir + ": no rssm_step_<N>.pt to resume from");
    std::unique_ptr<TrainingSession> s(new TrainingSession());
    s->config_ = Config::load(folder.configPath());
    s->config_.applyOverrides(overrides);
    s->setUp(loading);
    s->folder_ = folder;
    s->trainer_->resume(checkpoints.back().second);
    s->folder_->writeText("config.yaml", s->config_.toYaml());
    return s;
}

void TrainingSession::run(TrainingObserver* observer, TrainingControl* control) {
    trainer_->run(*folder_, config_.toYaml(), observer, control);
}

std::string TrainingSession::describe() const {
    std::string y = "# What this run trained on, and where.\n";
    y += "started: " + now() + "\n";
    y += "libtorch: " + std::string(TORCH_VERSION) + "\n";
    y += "device: " + trainer_->device().str() + "\n";
    y += "libtorch_threads: " + std::to_string(trainer_->runtime().intraOpThreads) + "\n";
    y += "blas_threads: " + std::to_string(trainer_->runtime().blasThreads) + "\n";
    y += "parameters: " + std::to_string(trainer_->parameterCount()) + "\n";
    if (!rolloutNote_.empty()) y += "# " + rolloutNote_ + "\n";
    y += "buffer:\n  path: " + buffer_->sourcePath() + "\n  episodes: " + std::to_string(buffer_->episodeCount()) +
         "\n  transitions: " + std::to_string(buffer_->transitionCount()) + "\n";
    y += "dataset:\n  obs_dim: " + std::to_string(dataset_->obsDim()) + "\n  action_dim: " + std::to_string(dataset_->actionDim()) +
         "\n  train_episodes: " + std::to_string(dataset_->episodes(Split::Train).size()) +
         "\n  val_episodes: " + std::to_string(dataset_->episodes(Split::Validation).size()) +
         "\n  train_windows: " + std::to_string(dataset_->windowCount(Split::Train)) +
         "\n  val_windows: " + std::to_string(dataset_->windowCount(Split::Validation)) + "\n";
    return y;
}

}  // namespace rssm
