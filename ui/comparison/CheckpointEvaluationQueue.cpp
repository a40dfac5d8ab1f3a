#include "comparison/CheckpointEvaluationQueue.h"

#include <utility>
#include <vector>

#include "comparison/CheckpointEvaluator.h"
#include "config/Config.h"
#include "util/Error.h"
#include "workers/BackgroundTask.h"

#include <QTimer>

namespace rssm::ui {

CheckpointEvaluationQueue::CheckpointEvaluationQueue(QObject* parent)
    : QObject(parent), config_(std::make_unique<Config>()) {
    evalTask_ = new BackgroundTask(this);
    predictTask_ = new BackgroundTask(this);
    connect(evalTask_, &BackgroundTask::progress, this, [this](double fraction) {
        if (!evaluating_.isEmpty()) Q_EMIT progress(evaluating_, fraction);
    });
    connect(evalTask_, &BackgroundTask::succeeded, this, [this] { ended({}); });
    connect(evalTask_, &BackgroundTask::cancelled, this, [this] { ended({}); });
    connect(evalTask_, &BackgroundTask::failed, this, [this](const QString& message) { ended(message); });
    connect(predictTask_, &BackgroundTask::failed, this, &CheckpointEvaluationQueue::predictionFailed);
}

// The tasks, children of this object, cancel and wait for their threads
// before the evaluators they use are released.
CheckpointEvaluationQueue::~CheckpointEvaluationQueue() {
    delete evalTask_;
    delete predictTask_;
}

void CheckpointEvaluationQueue::setConfig(const Config& config) {
    *config_ = config;
    ++generation_;
    queue_.clear();
    if (evalTask_->isRunning()) evalTask_->cancel();
}

void CheckpointEvaluationQueue::setWindow(int64_t episode, int64_t start) {
    episode_ = episode;
    start_ = start;
}

bool CheckpointEvaluationQueue::isIdle() const { return queue_.isEmpty() && !evalTask_->isRunning(); }

void CheckpointEvaluationQueue::enqueue(const QString& path) {
    if (!queue_.contains(path)) queue_.append(path);
    startNext();
}

void CheckpointEvaluationQueue::remove(const QString& path) {
    queue_.removeAll(path);
    evaluators_.erase(path);
    if (evaluating_ == path) {
        evaluating_.clear();  // so its outcome, should it still come, is dropped
        evalTask_->cancel();
    }
}

void CheckpointEvaluationQueue::startNext() {
    if (evalTask_->isRunning() || queue_.isEmpty()) return;
    const QString path = queue_.takeFirst();
    evaluating_ = path;
    evaluatingGeneration_ = generation_;
    const uint64_t generation = generation_;
    const std::string file = path.toStdString();
    const Config config = *config_;
    const int64_t episode = episode_, start = start_;
    Q_EMIT started(path);
    evalTask_->start([this, path, file, config, episode, start, generation](const ProgressReporter& progress) -> BackgroundTask::Continuation {
        // Loading the buffer is the first 30% of the bar, the evaluation the rest.
        ProgressReporter loading{[&progress](double f) { progress.report(0.3 * f); }, progress.cancelFlag};
        std::shared_ptr<CheckpointEvaluator> evaluator = CheckpointEvaluator::open(file, config, &loading);
        ProgressReporter evaluating{[&progress](double f) { progress.report(0.3 + 0.7 * f); }, progress.cancelFlag};
        CheckpointResults results = evaluator->evaluate(&evaluating);
        int64_t e = episode, s = start;
        if (e < 0) e = results.validationEpisodes.empty() ? 0 : results.validationEpisodes.front(), s = 0;
        results.prediction = evaluator->predict(e, s);
        return [this, path, evaluator, results = std::move(results), generation] {
            // Removed meanwhile, or made with settings since replaced: dropped.
            if (generation != generation_ || evaluating_ != path) return;
            evaluators_[path] = evaluator;
            Q_EMIT evaluated(path, results);
        };
    });
}

void CheckpointEvaluationQueue::ended(const QString& failure) {
    const QString path = evaluating_;
    const bool current = evaluatingGeneration_ == generation_;
    evaluating_.clear();
    if (!failure.isEmpty() && current && !path.isEmpty()) Q_EMIT failed(path, failure);
    // Started from the event loop, not from inside the task's own signal.
    QTimer::singleShot(0, this, &CheckpointEvaluationQueue::startNext);
}

void CheckpointEvaluationQueue::predict(int64_t episode, int64_t start) {
    episode_ = episode;
    start_ = start;
    std::vector<std::pair<QString, std::shared_ptr<CheckpointEvaluator>>> jobs(evaluators_.begin(), evaluators_.end());
    if (jobs.empty()) return;
    predictTask_->start([this, jobs, episode, start](const ProgressReporter& progress) -> BackgroundTask::Continuation {
        std::vector<std::pair<QString, PredictionCurves>> out;
        for (const auto& [path, evaluator] : jobs) {
            if (progress.cancelled()) throw Cancelled();
            out.emplace_back(path, evaluator->predict(episode, start));
            progress.report(static_cast<double>(out.size()) / static_cast<double>(jobs.size()));
        }
        return [this, out = std::move(out)] {
            for (const auto& [path, curves] : out)
                if (evaluators_.count(path)) Q_EMIT predicted(path, curves);
        };
    });
}

}  // namespace rssm::ui
