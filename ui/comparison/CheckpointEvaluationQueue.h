#pragma once
#include <cstdint>
#include <map>
#include <memory>

#include <QObject>
#include <QString>
#include <QStringList>

#include "comparison/CheckpointResults.h"

namespace rssm {
class Config;
}

namespace rssm::ui {

class BackgroundTask;
class CheckpointEvaluator;

// Evaluates checkpoints one after another off the GUI thread, keeps each
// one's model and buffer loaded afterwards, and predicts a window with all of
// them when asked, so a new window costs a prediction, not an evaluation.
// Outcomes arrive as signals on the GUI thread, as plain data.
class CheckpointEvaluationQueue : public QObject {
    Q_OBJECT
public:
    explicit CheckpointEvaluationQueue(QObject* parent = nullptr);
    ~CheckpointEvaluationQueue() override;

    // The eval.* settings of evaluations started from now on. Evaluations
    // made with other settings still under way are dropped when they end;
    // the caller enqueues again what it wants evaluated with these.
    void setConfig(const Config& config);
    const Config& config() const { return *config_; }
    // The window each new evaluation predicts; episode -1 takes the
    // checkpoint's first validation episode from step 0.
    void setWindow(int64_t episode, int64_t start);

    // Queues `path` for evaluation (again, when it was evaluated before).
    void enqueue(const QString& path);
    // Forgets `path`: its queued or running evaluation and its loaded model.
    void remove(const QString& path);
    QString evaluating() const { return evaluating_; }
    bool isIdle() const;

    // Predicts the window with every evaluated checkpoint; a newer request
    // supersedes one still under way.
    void predict(int64_t episode, int64_t start);

Q_SIGNALS:
    void started(const QString& path);
    void progress(const QString& path, double fraction);
    // `results` carries the prediction of the window set when it started.
    void evaluated(const QString& path, const rssm::ui::CheckpointResults& results);
    void failed(const QString& path, const QString& message);
    void predicted(const QString& path, const rssm::ui::PredictionCurves& curves);
    void predictionFailed(const QString& message);

private:
    void startNext();
    void ended(const QString& failure);

    std::unique_ptr<Config> config_;
    uint64_t generation_ = 0;  // bumped by setConfig
    uint64_t evaluatingGeneration_ = 0;
    int64_t episode_ = -1, start_ = 0;
    QStringList queue_;
    QString evaluating_;
    std::map<QString, std::shared_ptr<CheckpointEvaluator>> evaluators_;
    BackgroundTask* evalTask_ = nullptr;
    BackgroundTask* predictTask_ = nullptr;
};

}  // namespace rssm::ui
