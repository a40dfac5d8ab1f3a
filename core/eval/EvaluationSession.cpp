#include "eval/EvaluationSession.h"

#include <filesystem>

#include "data/BufferSource.h"
#include "model/JobRandom.h"
#include "train/TrainingSession.h"
#include "util/Error.h"

namespace fs = std::filesystem;

namespace rssm {

EvalOptions evalOptionsFrom(const Config& c) {
    EvalOptions o;
    o.split = c.getString("eval.split");
    o.context = c.getInt("eval.context");
    o.horizon = c.getInt("eval.horizon");
    o.samples = c.getInt("eval.samples");
    o.maxWindows = c.getInt("eval.max_windows");
    o.batchSize = c.getInt("eval.batch_size");
    o.seed = static_cast<uint64_t>(c.getInt("eval.seed"));
    return o;
}

std::unique_ptr<EvaluationSession> EvaluationSession::open(const Config& evalConfig, const ProgressReporter* loading) {
    const std::string path = evalConfig.getString("eval.checkpoint_path");
    if (path.empty()) throw Error("eval.checkpoint_path: which checkpoint to evaluate (eval.checkpoint_path=checkpoints/<run>/rssm_step_<N>.pt)");
    return open(path, evalConfig, loading);
}

std::unique_ptr<EvaluationSession> EvaluationSession::open(const std::string& checkpointPath, const Config& evalConfig,
                                                           const ProgressReporter* loading) {
    std::unique_ptr<EvaluationSession> s(new EvaluationSession());
    s->checkpointPath_ = checkpointPath;
    s->info_ = readCheckpointInfo(checkpointPath);
    // The run's own settings, from the config inside the checkpoint.
    s->runConfig_ = Config::parse(s->info_.configYaml, checkpointPath + " (its config)");

    std::string bufferPath = evalConfig.getString("eval.buffer_path");
    if (bufferPath.empty()) bufferPath = s->runConfig_.getString("data.buffer_path");
    s->buffer_ = std::make_unique<ReplayBuffer>(loadReplayBuffer(bufferPath, loading));
    // rollout_config.yaml: as the run named it, else the copy in the run folder.
    std::string rolloutPath = s->runConfig_.getString("data.rollout_config_path");
    const std::string besideCheckpoint = (fs::path(checkpointPath).parent_path() / "rollout_config.yaml").string();
    if ((rolloutPath.empty() || !fs::exists(rolloutPath)) && fs::exists(besideCheckpoint)) rolloutPath = besideCheckpoint;
    if (!rolloutPath.empty() && fs::exists(rolloutPath)) s->rollout_ = RolloutConfig::load(rolloutPath);

    s->dataset_ = std::make_unique<SequenceDataset>(*s->buffer_, datasetOptionsFrom(s->runConfig_, s->rollout()));
    if (s->dataset_->obsDim() != s->info_.obsDim || s->dataset_->actionDim() != s->info_.actionDim)
        throw Error(bufferPath + ": has observations of " + std::to_string(s->dataset_->obsDim()) + " and actions of " +
                    std::to_string(s->dataset_->actionDim()) + " dimensions, but " + checkpointPath + " was trained on " +
                    std::to_string(s->info_.obsDim) + " and " + std::to_string(s->info_.actionDim));
    {
        // Its initial weights are replaced, but drawing them must not interleave with a seeded construction.
        std::lock_guard<std::mutex> lock(modelConstructionLock());
        s->model_ = WorldModel(modelOptionsFrom(s->runConfig_, s->info_.obsDim, s->info_.actionDim));
    }
    loadCheckpoint(checkpointPath, s->model_, nullptr);
    s->model_->eval();

    const auto keys = s->runConfig_.getList("data.obs_keys");
    for (const auto& key : keys) {
        const NumericColumn* c = s->buffer_->column(key);
        for (int64_t d = 0; c && d < c->width(); ++d) s->dimNames_.push_back(key + "[" + std::to_string(d) + "]");
    }
    const NormStats* physical = (keys.size() == 1 && s->rollout_) ? s->rollout_->stats(keys[0]) : nullptr;
    s->evaluator_ = std::make_unique<Evaluator>(s->model_, *s->dataset_, evalOptionsFrom(evalConfig), physical);
    return s;
}

EvalResult EvaluationSession::evaluate(const ProgressReporter* progress) {
    EvalResult r = evaluator_->evaluate(progress);
    if (dimNames_.size() == r.dimNames.size()) r.dimNames = dimNames_;
    return r;
}

}  // namespace rssm
