#pragma once
#include <deque>
#include <utility>

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QWidget>

#include "train/MetricsLog.h"

class QAction;
class QLabel;
class QProgressBar;
class QSplitter;

namespace rssm::ui {

class CheckpointList;
class ConfigPane;
class MetricsFileFollower;
class TrainingChartGrid;
class TrainingWorker;

// Trains the config pane's settings on a worker thread, with Start, Pause,
// Resume and Stop, live charts of every metric, progress with an ETA and the
// checkpoints as they are saved; or shows a run folder trained elsewhere,
// following its metrics.csv while `rssm train` still writes it.
class TrainingPane : public QWidget {
    Q_OBJECT
public:
    explicit TrainingPane(ConfigPane* config, QWidget* parent = nullptr);
    ~TrainingPane() override;

    QAction* startAction() const { return start_; }
    QAction* pauseAction() const { return pause_; }
    QAction* resumeAction() const { return resume_; }
    QAction* stopAction() const { return stop_; }
    bool isTraining() const;
    QString runPath() const { return runPath_; }  // the run shown (training or opened); empty when none
    void openRunFolder(const QString& dir);       // a finished or growing run; follows metrics.csv
    QByteArray saveLayout() const;
    void restoreLayout(const QByteArray& state);

    TrainingChartGrid* charts() const { return charts_; }
    CheckpointList* checkpointList() const { return checkpoints_; }

Q_SIGNALS:
    void runChanged(const QString& runDir);
    void runtimeChanged(const QString& device, int torchThreads, int blasThreads);  // once training set up
    void trainingStateChanged(bool running);
    void checkpointSaved(const QString& path);
    void openInTrajectory(const QString& checkpointPath);
    void addToComparison(const QStringList& checkpointPaths);

private:
    void startTraining();
    void stopTraining();
    void setPaused(bool paused);
    void updateActions();
    void showRows(const MetricsLog::Table& rows);
    void showProgress();
    void resetRun();
    void showStatus(const QString& text, bool isError);

    ConfigPane* config_;
    TrainingWorker* worker_ = nullptr;
    MetricsFileFollower* follower_ = nullptr;
    QAction* start_ = nullptr;
    QAction* pause_ = nullptr;
    QAction* resume_ = nullptr;
    QAction* stop_ = nullptr;
    QLabel* blockedReason_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* progressText_ = nullptr;
    QLabel* runLabel_ = nullptr;
    QLabel* status_ = nullptr;
    TrainingChartGrid* charts_ = nullptr;
    CheckpointList* checkpoints_ = nullptr;
    QSplitter* split_ = nullptr;

    QString runPath_;
    qint64 totalSteps_ = 0;
    qint64 lastStep_ = -1;
    // (step, wall time, seconds paused so far) of the latest rows, for steps/s
    // and the ETA: time spent paused is taken out, so a pause does not look
    // like a slow run (the trainer's wall clock runs on while it waits).
    struct RateRow {
        double step, wall, paused;
    };
    std::deque<RateRow> recent_;
    double pausedSeconds_ = 0.0;
    qint64 pausedSince_ = -1;  // when the pause began (ms on a steady clock), while paused
};

}  // namespace rssm::ui
