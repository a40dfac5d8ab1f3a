#pragma once
#include <memory>

#include <QObject>
#include <QString>

#include "config/Config.h"
#include "train/MetricsLog.h"

class QThread;

namespace rssm {
struct TrainingControl;
}

namespace rssm::ui {

// One training run on a thread of its own: sets up a TrainingSession from a
// config (loading the buffer there too) and runs it. Metrics reach the GUI
// thread in batches, at most about 20 times a second, as plain rows, so a fast
// trainer cannot flood the event loop; checkpoints as they are saved. Stop and
// pause act between steps; a stopped run saves a checkpoint before it ends.
class TrainingWorker : public QObject {
    Q_OBJECT
public:
    explicit TrainingWorker(QObject* parent = nullptr);
    ~TrainingWorker() override;  // stops the run and waits for its thread

    // Starts a run unless one is running (then returns false).
    bool start(const rssm::Config& config);
    void stop();
    void setPaused(bool paused);
    bool isPaused() const;
    // From start() until finished() has been emitted.
    bool isRunning() const { return running_; }

Q_SIGNALS:
    void loadingProgress(double fraction);
    void setUp(const QString& runDir, const QString& device, int torchThreads, int blasThreads, qint64 totalSteps);
    void metricsArrived(const rssm::MetricsLog::Table& rows);
    void checkpointSaved(qint64 step, const QString& path);
    // `error` is empty when the run reached training.steps or was stopped.
    void finished(const QString& error);

private:
    std::shared_ptr<TrainingControl> control_;
    QThread* thread_ = nullptr;
    bool running_ = false;
};

}  // namespace rssm::ui
