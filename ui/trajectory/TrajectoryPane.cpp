#include "trajectory/TrajectoryPane.h"

#include <algorithm>
#include <cmath>

#include <QComboBox>
#include <QDataStream>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>

#include "charts/ChartImage.h"
#include "common/FrameView.h"
#include "config/Config.h"
#include "trajectory/TrajectoryChartStack.h"
#include "trajectory/TrajectoryCursorTable.h"
#include "trajectory/TrajectoryImage.h"
#include "trajectory/TrajectoryPredictor.h"
#include "trajectory/TrajectoryTimeCursor.h"
#include "util/Error.h"
#include "workers/BackgroundTask.h"

namespace rssm::ui {

namespace {

constexpr quint32 kLayoutMagic = 0x54524a31;  // "TRJ1"
constexpr int kRecomputeDelayMs = 200;  // spin box arrows held down send a burst

QSpinBox* spinBox(const QString& name, int min, int max, int value, const QString& tip) {
    auto* s = new QSpinBox();
    s->setObjectName(name);
    s->setRange(min, max);
    s->setValue(value);
    s->setToolTip(tip);
    s->setKeyboardTracking(false);  // typing "120" predicts once, not for 1, 12 and 120
    return s;
}

QString checkpointLabel(const QString& path) {
    const QFileInfo info(path);
    return info.dir().dirName() + QLatin1Char('/') + info.fileName();
}

}  // namespace

TrajectoryPane::TrajectoryPane(QWidget* parent) : QWidget(parent), predictor_(std::make_shared<TrajectoryPredictor>()) {
    setObjectName(QStringLiteral("trajectoryPane"));
    setFocusPolicy(Qt::StrongFocus);
    task_ = new BackgroundTask(this);
    recomputeTimer_ = new QTimer(this);
    recomputeTimer_->setSingleShot(true);
    recomputeTimer_->setInterval(kRecomputeDelayMs);
    connect(recomputeTimer_, &QTimer::timeout, this, &TrajectoryPane::startPrediction);

    splitter_ = new QSplitter(Qt::Horizontal);
    splitter_->setObjectName(QStringLiteral("trajectorySplitter"));
    splitter_->addWidget(buildCharts());
    splitter_->addWidget(buildCursorPanel());
    splitter_->setStretchFactor(0, 3);
    splitter_->setStretchFactor(1, 1);
    splitter_->setSizes({1150, 430});

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(buildControls());
    layout->addWidget(status_);
    layout->addWidget(splitter_, 1);

    // Busy until the last request is answered; a change may already wait for the next.
    connect(task_, &BackgroundTask::failed, this, [this](const QString& message) {
        busy_->setVisible(recomputeTimer_->isActive());
        clearPrediction();
        showError(message);
    });
    connect(task_, &BackgroundTask::succeeded, this, [this] { busy_->setVisible(recomputeTimer_->isActive()); });

    // The cursor keys work anywhere in the pane except in fields that take them for editing.
    auto shortcut = [this](QKeySequence keys, auto action) {
        auto* s = new QShortcut(keys, this);
        s->setContext(Qt::WidgetWithChildrenShortcut);
        connect(s, &QShortcut::activated, this, action);
    };
    shortcut(QKeySequence(Qt::Key_Left), [this] { cursor_->moveBy(-1); });
    shortcut(QKeySequence(Qt::Key_Right), [this] { cursor_->moveBy(1); });
    shortcut(QKeySequence(Qt::Key_Space), [this] { cursor_->setPlaying(!cursor_->isPlaying()); });
    clearPrediction();
    setBusy(false);
}

TrajectoryPane::~TrajectoryPane() {
    // Stop a running job before the widgets its continuation would touch go.
    task_->cancel();
    task_->waitForIdle();
}

QWidget* TrajectoryPane::buildControls() {
    auto* bar = new QWidget();
    auto* row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    checkpointCombo_ = new QComboBox();
    checkpointCombo_->setObjectName(QStringLiteral("checkpointCombo"));
    checkpointCombo_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    checkpointCombo_->setMinimumContentsLength(24);
    const Config defaults;
    episodeSpin_ = spinBox(QStringLiteral("episodeSpin"), 0, 0, 0, tr("Episode of the checkpoint's buffer"));
    splitLabel_ = new QLabel();
    splitLabel_->setObjectName(QStringLiteral("splitLabel"));
    startSpin_ = spinBox(QStringLiteral("startSpin"), 0, 0, 0, tr("First step of the window within the episode"));
    contextSpin_ = spinBox(QStringLiteral("contextSpin"), 1, 100000, static_cast<int>(defaults.getInt("eval.context")),
                           tr("Steps the posterior sees before the open loop starts"));
    horizonSpin_ = spinBox(QStringLiteral("horizonSpin"), 1, 100000, static_cast<int>(defaults.getInt("eval.horizon")),
                           tr("Steps predicted open loop, from the recorded actions alone"));
    busy_ = new QProgressBar();
    busy_->setObjectName(QStringLiteral("busyIndicator"));
    busy_->setRange(0, 0);
    busy_->setMaximumWidth(120);
    busy_->setTextVisible(false);
    exportPngButton_ = new QPushButton(tr("Export PNG\u2026"));
    exportPngButton_->setObjectName(QStringLiteral("exportPngButton"));
    exportCsvButton_ = new QPushButton(tr("Export CSV\u2026"));
    exportCsvButton_->setObjectName(QStringLiteral("exportCsvButton"));

    row->addWidget(new QLabel(tr("Checkpoint")));
    row->addWidget(checkpointCombo_, 1);
    for (auto [label, widget] : {std::pair<QString, QWidget*>{tr("Episode"), episodeSpin_}, {QString(), splitLabel_},
                                 {tr("Start step"), startSpin_}, {tr("Context"), contextSpin_}, {tr("Horizon"), horizonSpin_}}) {
        if (!label.isEmpty()) row->addWidget(new QLabel(label));
        row->addWidget(widget);
    }
    row->addWidget(busy_);
    row->addWidget(exportPngButton_);
    row->addWidget(exportCsvButton_);

    status_ = new QLabel();
    status_->setObjectName(QStringLiteral("statusLabel"));
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    connect(checkpointCombo_, &QComboBox::currentIndexChanged, this, [this] {
        episodeChosen_ = false;  // each checkpoint starts on its own first validation episode
        scheduleRecompute();
    });
    connect(episodeSpin_, &QSpinBox::valueChanged, this, [this] {
        episodeChosen_ = true;
        scheduleRecompute();
    });
    for (QSpinBox* s : {startSpin_, contextSpin_, horizonSpin_})
        connect(s, &QSpinBox::valueChanged, this, &TrajectoryPane::scheduleRecompute);
    connect(exportPngButton_, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export the charts as PNG"), QStringLiteral("trajectory.png"),
                                                          tr("PNG images (*.png)"));
        if (!path.isEmpty()) exportPng(path);
    });
    connect(exportCsvButton_, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export the window as CSV"), QStringLiteral("trajectory.csv"),
                                                          tr("CSV files (*.csv)"));
        if (!path.isEmpty()) exportCsv(path);
    });
    return bar;
}

QWidget* TrajectoryPane::buildCharts() {
    auto* panel = new QWidget();
    auto* column = new QVBoxLayout(panel);
    column->setContentsMargins(0, 0, 0, 0);
    stack_ = new TrajectoryChartStack();
    stack_->setObjectName(QStringLiteral("chartStack"));
    column->addWidget(stack_, 1);
    cursor_ = new TrajectoryTimeCursor();
    cursor_->setObjectName(QStringLiteral("timeCursor"));
    column->addWidget(cursor_);

    connect(stack_, &TrajectoryChartStack::shownDimsChanged, this, &TrajectoryPane::showShownDims);
    connect(stack_, &TrajectoryChartStack::cursorDragged, cursor_, &TrajectoryTimeCursor::setNearestStep);
    connect(cursor_, &TrajectoryTimeCursor::moved, this, &TrajectoryPane::showCursor);
    return panel;
}

QWidget* TrajectoryPane::buildCursorPanel() {
    auto* panel = new QWidget();
    auto* column = new QVBoxLayout(panel);
    column->setContentsMargins(0, 0, 0, 0);
    table_ = new TrajectoryCursorTable();
    table_->setObjectName(QStringLiteral("cursorTable"));
    frameCaption_ = new QLabel();
    frameCaption_->setObjectName(QStringLiteral("frameCaption"));
    frame_ = new FrameView();
    frame_->setObjectName(QStringLiteral("cameraFrame"));
    frame_->setMinimumSize(160, 160);
    column->addWidget(table_, 3);
    column->addWidget(frameCaption_);
    column->addWidget(frame_, 2);
    return panel;
}

void TrajectoryPane::addCheckpoint(const QString& checkpointPath) {
    if (checkpointCombo_->findData(checkpointPath) >= 0) return;
    const QSignalBlocker quiet(checkpointCombo_);  // adding the first item selects it; that is no switch
    checkpointCombo_->addItem(checkpointLabel(checkpointPath), checkpointPath);
    checkpointCombo_->setItemData(checkpointCombo_->count() - 1, checkpointPath, Qt::ToolTipRole);
}

void TrajectoryPane::openCheckpoint(const QString& checkpointPath) {
    addCheckpoint(checkpointPath);
    const int index = checkpointCombo_->findData(checkpointPath);
    if (checkpointCombo_->currentIndex() != index) {
        checkpointCombo_->setCurrentIndex(index);  // schedules through currentIndexChanged
    } else {
        episodeChosen_ = false;
        scheduleRecompute();
    }
}

QStringList TrajectoryPane::checkpoints() const {
    QStringList paths;
    for (int i = 0; i < checkpointCombo_->count(); ++i) paths << checkpointCombo_->itemData(i).toString();
    return paths;
}

void TrajectoryPane::scheduleRecompute() {
    if (checkpointCombo_->currentIndex() < 0) return;
    setBusy(true, tr("waiting\u2026"));
    recomputeTimer_->start();
}

void TrajectoryPane::startPrediction() {
    TrajectoryRequest request;
    request.checkpointPath = checkpointCombo_->currentData().toString();
    if (request.checkpointPath.isEmpty()) return setBusy(false);
    request.episode = episodeChosen_ ? episodeSpin_->value() : -1;
    request.start = startSpin_->value();
    request.context = contextSpin_->value();
    request.horizon = horizonSpin_->value();
    setBusy(true, tr("predicting with %1\u2026").arg(checkpointLabel(request.checkpointPath)));
    const std::shared_ptr<TrajectoryPredictor> predictor = predictor_;
    task_->start([this, predictor, request](const ProgressReporter& progress) -> BackgroundTask::Continuation {
        auto outcome = std::make_shared<TrajectoryOutcome>(predictor->predict(request, progress));
        return [this, outcome] { showOutcome(*outcome); };
    });
}

void TrajectoryPane::setBusy(bool busy, const QString& what) {
    busy_->setVisible(busy);
    if (busy) {
        status_->setStyleSheet(QString());
        status_->setText(what);
    }
}

void TrajectoryPane::showError(const QString& message) {
    status_->setStyleSheet(QStringLiteral("color: #b00020;"));
    status_->setText(message);
    Q_EMIT failed(message);
}

void TrajectoryPane::clearPrediction() {
    cursor_->clearWindow();
    trajectory_ = PredictedTrajectory();
    stack_->setTrajectory(trajectory_, 0.0);
    table_->clearRows();
    frameCaption_->clear();
    frame_->clearFrame(tr("no camera frame"));
}

void TrajectoryPane::showOutcome(const TrajectoryOutcome& outcome) {
    const EpisodeCatalog& catalog = outcome.catalog;
    const TrajectoryRequest& window = outcome.resolved;
    const int64_t length = catalog.lengths.at(static_cast<size_t>(window.episode));
    {
        // The window the worker settled on, without asking for it again.
        const QSignalBlocker a(episodeSpin_), b(startSpin_);
        episodeSpin_->setRange(0, static_cast<int>(catalog.lengths.size()) - 1);
        episodeSpin_->setValue(static_cast<int>(window.episode));
        startSpin_->setRange(0, static_cast<int>(std::max<int64_t>(0, length - window.context - window.horizon)));
        startSpin_->setValue(static_cast<int>(window.start));
    }
    splitLabel_->setText(tr("%1, %2 steps").arg(catalog.isValidation(window.episode) ? tr("validation") : tr("train")).arg(length));
    if (!outcome.error.isEmpty()) {
        clearPrediction();
        showError(outcome.error);
        return;
    }

    // Keep the cursor on the same step of the same episode when the window still holds it.
    const bool sameEpisode = !trajectory_.empty() && trajectory_.episode == outcome.trajectory.episode &&
                             trajectory_.checkpointPath == outcome.trajectory.checkpointPath;
    const int64_t previousStep = cursor_->step();
    trajectory_ = outcome.trajectory;
    int64_t t = trajectory_.context - 1;  // the last step the model saw
    if (sameEpisode && previousStep >= trajectory_.start && previousStep < trajectory_.start + trajectory_.steps())
        t = previousStep - trajectory_.start;

    status_->setStyleSheet(QString());
    status_->setText(tr("%1: episode %2, steps %3\u2013%4; context %5, open loop %6 steps")
                         .arg(checkpointLabel(trajectory_.checkpointPath))
                         .arg(trajectory_.episode)
                         .arg(trajectory_.start)
                         .arg(trajectory_.start + trajectory_.steps() - 1)
                         .arg(trajectory_.context)
                         .arg(trajectory_.horizon));
    cursor_->setWindow(trajectory_.start, trajectory_.context, trajectory_.steps(), static_cast<int>(t));
    stack_->setTrajectory(trajectory_, static_cast<double>(trajectory_.start + t));
    showCursor(static_cast<int>(t));
    Q_EMIT predictionShown();
}

void TrajectoryPane::showShownDims() {
    const bool any = !stack_->shownDims().empty();
    exportPngButton_->setEnabled(any);
    exportCsvButton_->setEnabled(any);
    if (!trajectory_.empty()) table_->showStep(trajectory_, stack_->shownDims(), cursor_->position());
    else table_->clearRows();
}

bool TrajectoryPane::chartsUpToDate() const { return stack_->upToDate(); }

void TrajectoryPane::showCursor(int t) {
    if (trajectory_.empty()) return;
    const int64_t step = trajectory_.start + t;
    stack_->setCursorStep(static_cast<double>(step));
    table_->showStep(trajectory_, stack_->shownDims(), t);
    if (trajectory_.frames.isEmpty()) {
        frameCaption_->clear();
        frame_->clearFrame(tr("no camera frames in this buffer"));
    } else {
        frameCaption_->setText(tr("%1 at step %2").arg(trajectory_.frameKey).arg(step));
        const QByteArray& bytes = trajectory_.frames[t];
        frame_->showEncoded(reinterpret_cast<const unsigned char*>(bytes.constData()), static_cast<size_t>(bytes.size()),
                            tr("%1, step %2").arg(trajectory_.frameKey).arg(step));
    }
}

void TrajectoryPane::keyPressEvent(QKeyEvent* event) {
    // The same keys as the shortcuts, for when the pane itself has the focus outside an active window.
    switch (event->key()) {
    case Qt::Key_Left: cursor_->moveBy(-1); break;
    case Qt::Key_Right: cursor_->moveBy(1); break;
    case Qt::Key_Space: cursor_->setPlaying(!cursor_->isPlaying()); break;
    default: QWidget::keyPressEvent(event); return;
    }
    event->accept();
}

bool TrajectoryPane::exportPng(const QString& path) {
    if (trajectory_.empty() || stack_->shownDims().empty()) {
        showError(tr("%1: nothing to export; predict a window first").arg(path));
        return false;
    }
    try {
        const QImage image = TrajectoryImage::render(trajectory_, stack_->shownDims(), stack_->rangeMin(), stack_->rangeMax(),
                                                     static_cast<double>(cursor_->step()));
        ChartImage::savePng(image, path);
    } catch (const Error& e) {
        showError(QString::fromStdString(e.what()));
        return false;
    }
    status_->setStyleSheet(QString());
    status_->setText(tr("wrote %1").arg(QDir::toNativeSeparators(path)));
    return true;
}

bool TrajectoryPane::exportCsv(const QString& path) {
    if (trajectory_.empty() || stack_->shownDims().empty()) {
        showError(tr("%1: nothing to export; predict a window first").arg(path));
        return false;
    }
    QSaveFile file(path);  // a temporary file beside it, renamed on commit
    if (!file.open(QIODevice::WriteOnly) || file.write(trajectory_.toCsv(stack_->shownDims())) < 0 || !file.commit()) {
        showError(tr("%1: cannot write: %2").arg(path, file.errorString()));
        return false;
    }
    status_->setStyleSheet(QString());
    status_->setText(tr("wrote %1").arg(QDir::toNativeSeparators(path)));
    return true;
}

QByteArray TrajectoryPane::saveLayout() const {
    QByteArray state;
    QDataStream out(&state, QIODevice::WriteOnly);
    out << kLayoutMagic << splitter_->saveState() << static_cast<qint32>(contextSpin_->value())
        << static_cast<qint32>(horizonSpin_->value()) << stack_->filterText();
    return state;
}

void TrajectoryPane::restoreLayout(const QByteArray& state) {
    QDataStream in(state);
    quint32 magic = 0;
    QByteArray splitterState;
    qint32 context = 0, horizon = 0;
    QString filter;
    in >> magic >> splitterState >> context >> horizon >> filter;
    if (magic != kLayoutMagic || in.status() != QDataStream::Ok) return;  // another version's or no layout: keep defaults
    splitter_->restoreState(splitterState);
    contextSpin_->setValue(context);
    horizonSpin_->setValue(horizon);
    stack_->setFilterText(filter);
}

}  // namespace rssm::ui
