#include "comparison/CheckpointEvaluator.h"

#include <filesystem>

#include <torch/torch.h>

#include "eval/EvaluationSession.h"
#include "model/TensorValues.h"
#include "train/MetricsLog.h"
#include "util/Error.h"

namespace fs = std::filesystem;

namespace rssm::ui {

std::mutex& CheckpointEvaluator::torchTurn() {
    static std::mutex turn;
    return turn;
}

CheckpointEvaluator::~CheckpointEvaluator() = default;

std::shared_ptr<CheckpointEvaluator> CheckpointEvaluator::open(const std::string& checkpointPath, const Config& evalConfig,
                                                               const ProgressReporter* progress) {
    std::shared_ptr<CheckpointEvaluator> e(new CheckpointEvaluator());
    std::lock_guard<std::mutex> lock(torchTurn());
    e->session_ = EvaluationSession::open(checkpointPath, evalConfig, progress);
    const EvalOptions options = evalOptionsFrom(evalConfig);
    e->span_ = options.context + options.horizon;
    return e;
}

RunMetrics CheckpointEvaluator::readRunMetrics(const std::string& checkpointPath) {
    RunMetrics m;
    const std::string path = (fs::path(checkpointPath).parent_path() / "metrics.csv").string();
    if (!fs::exists(path)) {
        m.problem = "no metrics.csv beside " + fs::path(checkpointPath).filename().string();
        return m;
    }
    try {
        const MetricsLog::Table table = MetricsLog::read(path);
        m.columns = table.columns;
        m.values.assign(table.columns.size(), {});
        for (const auto& row : table.rows)
            for (size_t c = 0; c < row.size() && c < m.values.size(); ++c) m.values[c].push_back(row[c]);
        if (table.column("step") < 0) m.problem = path + ": has no step column";
    } catch (const Error& e) {
        m.problem = e.what();
    }
    return m;
}

CheckpointResults CheckpointEvaluator::evaluate(const ProgressReporter* progress) {
    std::lock_guard<std::mutex> lock(torchTurn());
    CheckpointResults r;
    r.checkpointPath = session_->checkpointPath();
    r.runName = fs::path(r.checkpointPath).parent_path().filename().string();
    r.step = session_->checkpoint().step;
    r.evaluation = std::make_shared<const EvalResult>(session_->evaluate(progress));
    const ReplayBuffer& buffer = session_->buffer();
    for (int64_t e = 0; e < buffer.episodeCount(); ++e) r.episodeLengths.push_back(buffer.episodeLength(e));
    r.validationEpisodes = session_->dataset().episodes(Split::Validation);
    r.metrics = readRunMetrics(r.checkpointPath);
    return r;
}

PredictionCurves CheckpointEvaluator::predict(int64_t episode, int64_t start) {
    std::lock_guard<std::mutex> lock(torchTurn());
    PredictionCurves curves;
    curves.episode = episode;
    curves.start = start;
    const ReplayBuffer& buffer = session_->buffer();
    if (episode < 0 || episode >= buffer.episodeCount()) {
        curves.problem = "episode " + std::to_string(episode) + " is not in its buffer (" +
                         std::to_string(buffer.episodeCount()) + " episodes)";
        return curves;
    }
    if (start < 0 || start + span_ > buffer.episodeLength(episode)) {
        curves.problem = "episode " + std::to_string(episode) + " has " + std::to_string(buffer.episodeLength(episode)) +
                         " steps, too few for " + std::to_string(span_) + " from step " + std::to_string(start);
        return curves;
    }
    const TrajectoryPrediction p = [&] {
        torch::NoGradGuard noGrad;
        return session_->evaluator().predict(episode, start);
    }();
    curves.context = p.context;
    curves.horizon = p.horizon;
    curves.truth = tensorRows(p.truth);
    curves.posterior = tensorRows(p.posterior);
    curves.priorMean = tensorRows(p.priorMean);
    curves.valid = true;
    return curves;
}

}  // namespace rssm::ui
