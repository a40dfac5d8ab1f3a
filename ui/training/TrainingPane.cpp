#include "training/TrainingPane.h"

#include <cmath>

#include <QAction>
#include <QDataStream>
#include <QDir>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QIODevice>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

#include "config/Config.h"
#include "config/ConfigPane.h"
#include "train/RunFolder.h"
#include "training/CheckpointList.h"
#include "training/MetricsFileFollower.h"
#include "training/TrainingChartGrid.h"
#include "training/TrainingWorker.h"
#include "util/Error.h"

namespace rssm::ui {

namespace {

constexpr quint32 kLayoutVersion = 1;
constexpr size_t kRateRows = 30;  // rows the steps/s for the ETA is measured over

QString durationText(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0) return QStringLiteral("?");
    const qint64 s = static_cast<qint64>(std::llround(seconds));
    if (s >= 3600) return QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
    if (s >= 60) return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1 s").arg(s);
}

QToolButton* actionButton(QAction* action, const QString& name, QWidget* parent) {
    auto* button = new QToolButton(parent);
    button->setDefaultAction(action);
    button->setObjectName(name);
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    return button;
}

}  // namespace

TrainingPane::TrainingPane(ConfigPane* config, QWidget* parent) : QWidget(parent), config_(config) {
    setObjectName(QStringLiteral("trainingPane"));
    worker_ = new TrainingWorker(this);
    follower_ = new MetricsFileFollower(this);

    start_ = new QAction(style()->standardIcon(QStyle::SP_MediaPlay), QStringLiteral("Start"), this);
    start_->setObjectName(QStringLiteral("startTrainingAction"));
    start_->setShortcut(QKeySequence(QStringLiteral("Ctrl+R")));
    pause_ = new QAction(style()->standardIcon(QStyle::SP_MediaPause), QStringLiteral("Pause"), this);
    pause_->setObjectName(QStringLiteral("pauseTrainingAction"));
    pause_->setShortcut(QKeySequence(QStringLiteral("Ctrl+P")));
    pause_->setToolTip(QStringLiteral("Pause training between steps (Ctrl+P)"));
    resume_ = new QAction(style()->standardIcon(QStyle::SP_MediaSeekForward), QStringLiteral("Resume"), this);
    resume_->setObjectName(QStringLiteral("resumeTrainingAction"));
    resume_->setShortcut(QKeySequence(QStringLiteral("Ctrl+P")));  // only one of pause and resume is enabled at a time
    resume_->setToolTip(QStringLiteral("Continue a paused run (Ctrl+P)"));
    stop_ = new QAction(style()->standardIcon(QStyle::SP_MediaStop), QStringLiteral("Stop"), this);
    stop_->setObjectName(QStringLiteral("stopTrainingAction"));
    stop_->setShortcut(QKeySequence(QStringLiteral("Ctrl+.")));
    stop_->setToolTip(QStringLiteral("Stop training; the trainer saves a checkpoint of the last step (Ctrl+.)"));
    addActions({start_, pause_, resume_, stop_});  // the shortcuts work without a toolbar too

    auto* openRun = new QPushButton(QStringLiteral("Open run folder…"), this);
    openRun->setObjectName(QStringLiteral("openRunButton"));
    openRun->setToolTip(QStringLiteral("Show a finished run, or follow one that `rssm train` is still writing."));
    blockedReason_ = new QLabel(this);
    blockedReason_->setObjectName(QStringLiteral("startBlockedReason"));
    blockedReason_->setStyleSheet(QStringLiteral("color: #c62828;"));
    blockedReason_->setWordWrap(true);

    auto* controls = new QHBoxLayout();
    controls->addWidget(actionButton(start_, QStringLiteral("startButton"), this));
    controls->addWidget(actionButton(pause_, QStringLiteral("pauseButton"), this));
    controls->addWidget(actionButton(resume_, QStringLiteral("resumeButton"), this));
    controls->addWidget(actionButton(stop_, QStringLiteral("stopButton"), this));
    controls->addWidget(blockedReason_, 1);
    controls->addWidget(openRun);

    progress_ = new QProgressBar(this);
    progress_->setObjectName(QStringLiteral("trainingProgress"));
    progress_->setRange(0, 1);
    progress_->setValue(0);
    progress_->setMaximumWidth(420);
    progressText_ = new QLabel(this);
    progressText_->setObjectName(QStringLiteral("progressLabel"));
    runLabel_ = new QLabel(this);
    runLabel_->setObjectName(QStringLiteral("runPathLabel"));
    runLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* progressRow = new QHBoxLayout();
    progressRow->addWidget(progress_, 1);
    progressRow->addWidget(progressText_, 1);
    progressRow->addWidget(runLabel_, 1);

    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("trainingStatus"));
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    charts_ = new TrainingChartGrid(this);
    checkpoints_ = new CheckpointList(this);
    split_ = new QSplitter(Qt::Horizontal, this);
    split_->setObjectName(QStringLiteral("trainingSplit"));
    split_->addWidget(charts_);
    split_->addWidget(checkpoints_);
    split_->setStretchFactor(0, 5);
    split_->setStretchFactor(1, 1);
    split_->setSizes({1250, 300});

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addLayout(progressRow);
    layout->addWidget(status_);
    layout->addWidget(split_, 1);

    connect(start_, &QAction::triggered, this, &TrainingPane::startTraining);
    connect(stop_, &QAction::triggered, this, &TrainingPane::stopTraining);
    connect(pause_, &QAction::triggered, this, [this] { setPaused(true); });
    connect(resume_, &QAction::triggered, this, [this] { setPaused(false); });
    connect(openRun, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, QStringLiteral("Open run folder"));
        if (!dir.isEmpty()) openRunFolder(dir);
    });
    connect(config_, &ConfigPane::configChanged, this, &TrainingPane::updateActions);

    connect(worker_, &TrainingWorker::loadingProgress, this, [this](double fraction) {
        progress_->setRange(0, 100);
        progress_->setValue(static_cast<int>(fraction * 100));
        progressText_->setText(QStringLiteral("Loading the buffer…"));
    });
    connect(worker_, &TrainingWorker::setUp, this,
            [this](const QString& dir, const QString& device, int torchThreads, int blasThreads, qint64 steps) {
                runPath_ = dir;
                totalSteps_ = steps;
                runLabel_->setText(QDir::toNativeSeparators(dir));
                showStatus(QStringLiteral("Training on %1 (%2 LibTorch threads, %3 OpenBLAS threads).")
                               .arg(device)
                               .arg(torchThreads)
                               .arg(blasThreads),
                           false);
                showProgress();
                Q_EMIT runChanged(dir);
                Q_EMIT runtimeChanged(device, torchThreads, blasThreads);
            });
    connect(worker_, &TrainingWorker::metricsArrived, this, &TrainingPane::showRows);
    connect(worker_, &TrainingWorker::checkpointSaved, this, [this](qint64 step, const QString& path) {
        checkpoints_->addCheckpoint({step, path});
        Q_EMIT checkpointSaved(path);
    });
    connect(worker_, &TrainingWorker::finished, this, [this](const QString& error) {
        if (!error.isEmpty()) showStatus(QStringLiteral("Training failed: ") + error, true);
        else if (lastStep_ >= totalSteps_ && totalSteps_ > 0) showStatus(QStringLiteral("Training finished."), false);
        else showStatus(QStringLiteral("Training stopped at step %1; the last step is saved.").arg(std::max<qint64>(lastStep_, 0)), false);
        showProgress();
        updateActions();
        Q_EMIT trainingStateChanged(false);
    });

    connect(follower_, &MetricsFileFollower::rowsRead, this, &TrainingPane::showRows);
    connect(follower_, &MetricsFileFollower::restarted, this, [this] {
        charts_->clear();
        recent_.clear();
        lastStep_ = -1;
    });
    connect(follower_, &MetricsFileFollower::checkpointsChanged, checkpoints_, &CheckpointList::setCheckpoints);
    connect(follower_, &MetricsFileFollower::failed, this, [this](const QString& message) { showStatus(message, true); });

    connect(checkpoints_, &CheckpointList::openInTrajectory, this, &TrainingPane::openInTrajectory);
    connect(checkpoints_, &CheckpointList::addToComparison, this, &TrainingPane::addToComparison);

    updateActions();
}

TrainingPane::~TrainingPane() = default;

bool TrainingPane::isTraining() const { return worker_->isRunning(); }

void TrainingPane::resetRun() {
    follower_->stop();
    charts_->clear();
    checkpoints_->clear();
    recent_.clear();
    pausedSeconds_ = 0.0;
    pausedSince_ = -1;
    lastStep_ = -1;
    totalSteps_ = 0;
    runPath_.clear();
    runLabel_->clear();
}

void TrainingPane::startTraining() {
    if (isTraining() || !config_->problems().isEmpty()) return;
    const Config config = config_->config();  // as it is at this moment
    resetRun();
    totalSteps_ = config.getInt("training.steps");
    progress_->setRange(0, 0);  // busy until the buffer reports progress
    progressText_->setText(QStringLiteral("Setting up…"));
    showStatus(QStringLiteral("Loading the buffer and building the model…"), false);
    worker_->start(config);
    updateActions();
    Q_EMIT trainingStateChanged(true);
}

void TrainingPane::stopTraining() {
    if (!isTraining()) return;
    worker_->stop();
    showStatus(QStringLiteral("Stopping after this step…"), false);
    stop_->setEnabled(false);
}

void TrainingPane::setPaused(bool paused) {
    if (!isTraining()) return;
    worker_->setPaused(paused);
    static QElapsedTimer pauseClock;
    if (!pauseClock.isValid()) pauseClock.start();
    if (paused && pausedSince_ < 0) {
        pausedSince_ = pauseClock.elapsed();
    } else if (!paused && pausedSince_ >= 0) {
        pausedSeconds_ += (pauseClock.elapsed() - pausedSince_) / 1000.0;
        pausedSince_ = -1;
    }
    showStatus(paused ? QStringLiteral("Paused between steps; Resume continues.") : QStringLiteral("Training resumed."), false);
    updateActions();
    showProgress();
}

void TrainingPane::updateActions() {
    const bool training = isTraining();
    const bool paused = training && worker_->isPaused();
    const QStringList problems = config_->problems();
    start_->setEnabled(!training && problems.isEmpty());
    pause_->setEnabled(training && !paused);
    resume_->setEnabled(paused);
    stop_->setEnabled(training);

    QString reason;
    if (!training && !problems.isEmpty()) {
        reason = QStringLiteral("Cannot start: ") + problems.front();
        if (problems.size() > 1) reason += QStringLiteral(" (and %1 more in the config pane)").arg(problems.size() - 1);
    }
    blockedReason_->setText(reason);
    blockedReason_->setToolTip(problems.join(QLatin1Char('\n')));
    start_->setToolTip(reason.isEmpty() ? QStringLiteral("Train with the config pane's settings (Ctrl+R)") : reason);
}

void TrainingPane::showRows(const MetricsLog::Table& rows) {
    charts_->append(rows);
    const int stepColumn = rows.column("step");
    const int wallColumn = rows.column("wall_time");
    if (stepColumn < 0) return;
    for (const auto& row : rows.rows) {
        const double step = row[static_cast<size_t>(stepColumn)];
        const double wall = wallColumn >= 0 ? row[static_cast<size_t>(wallColumn)] : NAN;
        lastStep_ = static_cast<qint64>(step);
        if (std::isfinite(wall)) {
            recent_.push_back({step, wall, pausedSeconds_});
            if (recent_.size() > kRateRows) recent_.pop_front();
        }
    }
    showProgress();
}

void TrainingPane::showProgress() {
    if (lastStep_ < 0) return;
    const qint64 total = std::max<qint64>(totalSteps_, lastStep_);
    progress_->setRange(0, static_cast<int>(std::min<qint64>(total, 2000000000)));
    progress_->setValue(static_cast<int>(std::min<qint64>(lastStep_, 2000000000)));
    QString text = QStringLiteral("step %1 / %2").arg(lastStep_).arg(total);
    double rate = NAN;
    if (recent_.size() >= 2) {
        const double busy = (recent_.back().wall - recent_.front().wall) - (recent_.back().paused - recent_.front().paused);
        if (busy > 0) rate = (recent_.back().step - recent_.front().step) / busy;
    }
    if (std::isfinite(rate) && rate > 0) {
        text += QStringLiteral(" · %1 steps/s").arg(rate, 0, 'f', rate < 10 ? 2 : 1);
        if (lastStep_ < total) {
            const bool paused = isTraining() && worker_->isPaused();
            const bool live = isTraining() || follower_->isFollowing();
            if (paused) text += QStringLiteral(" · paused");
            else if (live) text += QStringLiteral(" · ETA ") + durationText(static_cast<double>(total - lastStep_) / rate);
        }
    }
    if (lastStep_ >= total && total > 0) text += QStringLiteral(" · done");
    progressText_->setText(text);
}

void TrainingPane::openRunFolder(const QString& dir) {
    if (isTraining()) {
        showStatus(QStringLiteral("Stop training before opening another run."), true);
        return;
    }
    qint64 steps = 0;
    QString configError;
    std::optional<RunRuntime> runtime;
    try {
        const RunFolder folder = RunFolder::open(dir.toStdString());
        try {
            steps = Config::load(folder.configPath()).getInt("training.steps");
            runtime = folder.runtime();
        } catch (const Error& e) {
            configError = QString::fromStdString(e.what());  // the rows can still be shown
        }
    } catch (const Error& e) {
        showStatus(QStringLiteral("Not a run folder: ") + QString::fromStdString(e.what()), true);
        return;
    }
    resetRun();
    totalSteps_ = steps;
    runPath_ = QDir(dir).absolutePath();
    runLabel_->setText(QDir::toNativeSeparators(runPath_));
    progress_->setRange(0, 1);
    progress_->setValue(0);
    progressText_->setText(QStringLiteral("Reading metrics.csv…"));
    if (configError.isEmpty())
        showStatus(QStringLiteral("Showing %1; new rows and checkpoints appear as they are written.")
                       .arg(QDir::toNativeSeparators(runPath_)),
                   false);
    else
        showStatus(configError, true);
    follower_->follow(runPath_);
    Q_EMIT runChanged(runPath_);
    // The status bar then says where this run trained (a server's GPU, say), not this machine's defaults.
    // A data-parallel run shows its ranks and their process group: "cpu, 2 ranks (gloo)".
    if (runtime) {
        QString device = QString::fromStdString(runtime->device);
        if (runtime->worldSize > 1)
            device += tr(", %1 ranks (%2)").arg(runtime->worldSize).arg(QString::fromStdString(runtime->backend));
        Q_EMIT runtimeChanged(device, runtime->libtorchThreads, runtime->blasThreads);
    }
}

void TrainingPane::showStatus(const QString& text, bool isError) {
    status_->setText(text);
    status_->setProperty("error", isError);
    status_->setStyleSheet(isError ? QStringLiteral("color: #c62828;") : QString());
}

QByteArray TrainingPane::saveLayout() const {
    QByteArray state;
    QDataStream out(&state, QIODevice::WriteOnly);
    out << kLayoutVersion << split_->saveState() << charts_->smoothing() << charts_->logY()
        << static_cast<qint32>(charts_->xAxisMode());
    return state;
}

void TrainingPane::restoreLayout(const QByteArray& state) {
    QDataStream in(state);
    quint32 version = 0;
    QByteArray split;
    double smoothing = 0.6;
    bool logY = false;
    qint32 xMode = 0;
    in >> version >> split >> smoothing >> logY >> xMode;
    if (in.status() != QDataStream::Ok || version != kLayoutVersion) return;
    split_->restoreState(split);
    charts_->setSmoothing(smoothing);
    charts_->setLogY(logY);
    charts_->setXAxisMode(xMode == 1 ? MetricCurveChart::XAxisMode::WallTime : MetricCurveChart::XAxisMode::Step);
}

}  // namespace rssm::ui
