#include "trajectory/TrajectoryPredictor.h"

#include <algorithm>

#include <torch/torch.h>

#include "config/Config.h"
#include "eval/EvaluationSession.h"
#include "eval/Evaluator.h"
#include "model/TensorValues.h"
#include "util/Error.h"

namespace rssm::ui {

namespace {

EpisodeCatalog catalogOf(const EvaluationSession& s) {
    EpisodeCatalog c;
    for (int64_t e = 0; e < s.buffer().episodeCount(); ++e) c.lengths.push_back(s.buffer().episodeLength(e));
    c.validationEpisodes = s.dataset().episodes(Split::Validation);
    return c;
}

// The first camera's encoded frames for the window's steps, copied out of the buffer.
void copyFrames(const ReplayBuffer& buffer, PredictedTrajectory& p) {
    if (buffer.frames().empty()) return;
    const auto& [key, column] = *buffer.frames().begin();
    const int64_t first = buffer.episodeStart(p.episode) + p.start;
    if (first + p.steps() > static_cast<int64_t>(column.frames.size())) return;  // fewer frames than steps
    p.frameKey = QString::fromStdString(key);
    for (int64_t t = 0; t < p.steps(); ++t) {
        const pickle::ByteView& f = column.frames[static_cast<size_t>(first + t)];
        p.frames.push_back(QByteArray(reinterpret_cast<const char*>(f.data), static_cast<qsizetype>(f.size)));
    }
}

}  // namespace

bool EpisodeCatalog::isValidation(int64_t episode) const {
    return std::find(validationEpisodes.begin(), validationEpisodes.end(), episode) != validationEpisodes.end();
}

TrajectoryPredictor::TrajectoryPredictor() = default;
TrajectoryPredictor::~TrajectoryPredictor() = default;

EvaluationSession& TrajectoryPredictor::session(const std::string& path, const ProgressReporter& progress) {
    auto found = std::find_if(sessions_.begin(), sessions_.end(), [&](const auto& s) { return s.first == path; });
    if (found != sessions_.end()) {
        std::rotate(found, found + 1, sessions_.end());  // now the most recently used
        return *sessions_.back().second;
    }
    // Each session holds its buffer; drop the oldest before loading another.
    while (sessions_.size() >= kOpenSessions) sessions_.erase(sessions_.begin());
    sessions_.emplace_back(path, EvaluationSession::open(path, Config(), &progress));
    return *sessions_.back().second;
}

TrajectoryOutcome TrajectoryPredictor::predict(const TrajectoryRequest& request, const ProgressReporter& progress) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (progress.cancelled()) throw Cancelled();  // superseded while it waited
    if (request.checkpointPath.isEmpty()) throw Error("no checkpoint chosen");
    EvaluationSession& s = session(request.checkpointPath.toStdString(), progress);
    if (progress.cancelled()) throw Cancelled();

    TrajectoryOutcome out;
    out.catalog = catalogOf(s);
    out.resolved = request;
    const int64_t episodes = static_cast<int64_t>(out.catalog.lengths.size());
    if (episodes == 0) throw Error(s.buffer().sourcePath() + ": has no episodes");
    int64_t episode = request.episode;
    if (episode < 0) episode = out.catalog.validationEpisodes.empty() ? 0 : out.catalog.validationEpisodes.front();
    episode = std::min(episode, episodes - 1);
    out.resolved.episode = episode;

    const int64_t length = out.catalog.lengths[static_cast<size_t>(episode)];
    const int64_t span = request.context + request.horizon;
    if (request.context < 1 || request.horizon < 1) {
        out.error = QStringLiteral("context and horizon must both be at least 1 step");
        return out;
    }
    if (span > length) {
        out.resolved.start = 0;
        out.error = QStringLiteral("episode %1 has %2 steps, fewer than context %3 + horizon %4 = %5; "
                                   "shorten them or choose a longer episode")
                        .arg(episode).arg(length).arg(request.context).arg(request.horizon).arg(span);
        return out;
    }
    out.resolved.start = std::clamp<int64_t>(request.start, 0, length - span);

    EvalOptions options = evalOptionsFrom(Config());
    options.context = request.context;
    options.horizon = request.horizon;
    // An Evaluator is a light view of the model and data; one per window size
    // keeps the session's own evaluator as it was opened.
    Evaluator evaluator(s.model(), s.dataset(), options);
    const TrajectoryPrediction p = evaluator.predict(episode, out.resolved.start);

    PredictedTrajectory& t = out.trajectory;
    t.checkpointPath = request.checkpointPath;
    t.episode = p.episode;
    t.start = p.start;
    t.context = p.context;
    t.horizon = p.horizon;
    t.dims = static_cast<int>(p.truth.size(1));
    t.truth = tensorValues(p.truth);
    t.posterior = tensorValues(p.posterior);
    t.priorMean = tensorValues(p.priorMean);
    t.priorStd = tensorValues(p.priorStd);
    const auto& names = s.dimNames();
    for (int d = 0; d < t.dims; ++d)
        t.dimNames << (static_cast<int>(names.size()) == t.dims ? QString::fromStdString(names[static_cast<size_t>(d)])
                                                              : QStringLiteral("dim[%1]").arg(d));
    copyFrames(s.buffer(), t);
    return out;
}

}  // namespace rssm::ui
