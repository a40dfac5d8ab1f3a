#include "comparison/ComparisonPane.h"

#include <algorithm>

#include "comparison/CheckpointEvaluationQueue.h"
#include "comparison/ComparisonCharts.h"
#include "comparison/MetricsComparisonTable.h"
#include "config/Config.h"
#include "eval/Evaluator.h"

#include <QComboBox>
#include <QDataStream>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSpinBox>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace rssm::ui {

namespace {

constexpr quint32 kLayoutMagic = 0x52434d50;  // "RCMP"
constexpr quint16 kLayoutVersion = 1;

}  // namespace

ComparisonPane::ComparisonPane(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("comparisonPane"));
    queue_ = new CheckpointEvaluationQueue(this);

    topSplitter_ = new QSplitter(Qt::Horizontal);
    topSplitter_->setObjectName(QStringLiteral("comparisonTopSplitter"));
    topSplitter_->addWidget(buildCheckpointPanel());
    topSplitter_->addWidget(buildTablePanel());
    topSplitter_->setStretchFactor(0, 2);
    topSplitter_->setStretchFactor(1, 5);
    charts_ = new ComparisonCharts();
    mainSplitter_ = new QSplitter(Qt::Vertical);
    mainSplitter_->setObjectName(QStringLiteral("comparisonSplitter"));
    mainSplitter_->addWidget(topSplitter_);
    mainSplitter_->addWidget(charts_);
    mainSplitter_->setStretchFactor(0, 4);
    mainSplitter_->setStretchFactor(1, 5);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(mainSplitter_);
    queue_->setConfig(evaluationConfig());

    connect(queue_, &CheckpointEvaluationQueue::started, this, [this](const QString& path) {
        if (Entry* e = find(path)) {
            e->status = Entry::Status::Evaluating;
            updateEntryItem(*e);
        }
    });
    connect(queue_, &CheckpointEvaluationQueue::progress, this, [this](const QString& path, double fraction) {
        if (Entry* e = find(path); e && e->status == Entry::Status::Evaluating)
            e->item->setText(1, tr("evaluating %1%").arg(static_cast<int>(fraction * 100.0)));
    });
    connect(queue_, &CheckpointEvaluationQueue::evaluated, this, &ComparisonPane::onEvaluated);
    connect(queue_, &CheckpointEvaluationQueue::failed, this, &ComparisonPane::onFailed);
    connect(queue_, &CheckpointEvaluationQueue::predicted, this, &ComparisonPane::onPredicted);
    connect(queue_, &CheckpointEvaluationQueue::predictionFailed, this,
            [this](const QString& message) { charts_->setPredictionProblem(tr("Prediction failed: %1").arg(message)); });
    connect(charts_, &ComparisonCharts::windowChanged, this, [this](qint64 episode, qint64 start) {
        queue_->setWindow(episode, start);
        queue_->predict(episode, start);
    });
    refreshAll();
}

ComparisonPane::~ComparisonPane() = default;

QWidget* ComparisonPane::buildCheckpointPanel() {
    auto* panel = new QWidget();
    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* heading = new QLabel(tr("<b>Checkpoints compared</b>"));
    list_ = new QTreeWidget();
    list_->setObjectName(QStringLiteral("checkpointList"));
    list_->setColumnCount(2);
    list_->setHeaderLabels({tr("checkpoint"), tr("status")});
    list_->setRootIsDecorated(false);
    list_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    list_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    list_->header()->setStretchLastSection(true);
    addButton_ = new QPushButton(tr("Add checkpoints\u2026"));
    addButton_->setObjectName(QStringLiteral("addCheckpointButton"));
    addButton_->setToolTip(tr("Choose one or more rssm_step_<N>.pt files, of one run or several"));
    removeButton_ = new QPushButton(tr("Remove"));
    removeButton_->setObjectName(QStringLiteral("removeCheckpointButton"));
    removeButton_->setEnabled(false);
    auto* buttons = new QHBoxLayout();
    buttons->addWidget(addButton_);
    buttons->addWidget(removeButton_);
    buttons->addStretch();

    maxWindowsSpin_ = new QSpinBox();
    maxWindowsSpin_->setObjectName(QStringLiteral("maxWindowsSpin"));
    maxWindowsSpin_->setRange(1, 100000);
    maxWindowsSpin_->setValue(64);
    maxWindowsSpin_->setToolTip(tr("eval.max_windows: windows evaluated per checkpoint, spread evenly over the "
                                   "validation episodes; more is slower and steadier"));
    usedMaxWindows_ = maxWindowsSpin_->value();
    reevaluateButton_ = new QPushButton(tr("Re-evaluate all"));
    reevaluateButton_->setObjectName(QStringLiteral("reevaluateButton"));
    reevaluateButton_->setEnabled(false);
    auto* windows = new QHBoxLayout();
    windows->addWidget(new QLabel(tr("Windows per checkpoint:")));
    windows->addWidget(maxWindowsSpin_);
    windows->addWidget(reevaluateButton_);
    windows->addStretch();
    const Config defaults;
    auto* settings = new QLabel(tr("Each checkpoint is evaluated on its run's %1 episodes: %2 context steps, then %3 "
                                   "open-loop steps.")
                                    .arg(QString::fromStdString(defaults.getString("eval.split")))
                                    .arg(defaults.getInt("eval.context"))
                                    .arg(defaults.getInt("eval.horizon")));
    settings->setObjectName(QStringLiteral("evalSettingsLabel"));
    settings->setWordWrap(true);

    layout->addWidget(heading);
    layout->addWidget(list_, 1);
    layout->addLayout(buttons);
    layout->addLayout(windows);
    layout->addWidget(settings);

    connect(addButton_, &QPushButton::clicked, this, &ComparisonPane::chooseCheckpoints);
    connect(removeButton_, &QPushButton::clicked, this, &ComparisonPane::removeSelected);
    connect(list_, &QTreeWidget::itemSelectionChanged, this,
            [this] { removeButton_->setEnabled(!list_->selectedItems().isEmpty()); });
    connect(maxWindowsSpin_, &QSpinBox::valueChanged, this, [this](int value) {
        if (entries_.empty()) {  // nothing shown yet to keep consistent: applies from the next checkpoint on
            usedMaxWindows_ = value;
            queue_->setConfig(evaluationConfig());
        }
        reevaluateButton_->setEnabled(!entries_.empty() && value != usedMaxWindows_);
    });
    connect(reevaluateButton_, &QPushButton::clicked, this, &ComparisonPane::reevaluateAll);
    return panel;
}

QWidget* ComparisonPane::buildTablePanel() {
    auto* panel = new QWidget();
    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    unitsCombo_ = new QComboBox();
    unitsCombo_->setObjectName(QStringLiteral("unitsCombo"));
    unitsCombo_->addItems({tr("model units"), tr("physical units")});
    unitsCombo_->setToolTip(tr("Physical units scale each dimension's errors by rollout_config.yaml's standard "
                               "deviation squared; available when every checkpoint's run has one"));
    auto* legend = new QLabel(tr("%1 best (lowest) and %2 worst (highest) in each row; the hold-last row is a reference")
                                  .arg(MetricsComparisonTable::bestMark(), MetricsComparisonTable::worstMark()));
    legend->setObjectName(QStringLiteral("rankLegend"));
    auto* controls = new QHBoxLayout();
    controls->addWidget(new QLabel(tr("<b>Evaluation metrics</b> (MSE)")));
    controls->addSpacing(12);
    controls->addWidget(new QLabel(tr("Units:")));
    controls->addWidget(unitsCombo_);
    controls->addSpacing(12);
    controls->addWidget(legend);
    controls->addStretch();
    tableStatus_ = new QLabel();
    tableStatus_->setObjectName(QStringLiteral("tableStatus"));
    auto* exportButton = new QPushButton(tr("Export CSV\u2026"));
    exportButton->setObjectName(QStringLiteral("exportCsvButton"));
    exportButton->setToolTip(tr("The metrics as shown, unrounded, a checkpoint per column"));
    controls->addWidget(tableStatus_);
    controls->addWidget(exportButton);
    connect(exportButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export the metrics as CSV"),
                                                          QStringLiteral("comparison.csv"), tr("CSV files (*.csv)"));
        if (!path.isEmpty()) exportCsv(path);
    });
    table_ = new MetricsComparisonTable();
    table_->setObjectName(QStringLiteral("metricsTable"));
    layout->addLayout(controls);
    layout->addWidget(table_, 1);
    connect(unitsCombo_, &QComboBox::currentIndexChanged, this, &ComparisonPane::refreshAll);
    return panel;
}

Config ComparisonPane::evaluationConfig() const {
    Config config;
    config.set("eval.max_windows", std::to_string(maxWindowsSpin_->value()));
    return config;
}

ComparisonPane::Entry* ComparisonPane::find(const QString& path) {
    for (auto& e : entries_)
        if (e->path == path) return e.get();
    return nullptr;
}

QString ComparisonPane::labelOf(const Entry& e) const {
    if (e.results) return QStringLiteral("%1 \u00b7 step %2").arg(QString::fromStdString(e.results->runName)).arg(e.results->step);
    // Before it is read: the folder and the step its name gives.
    const QFileInfo file(e.path);
    const auto match = QRegularExpression(QStringLiteral("^rssm_step_(\\d+)\\.pt$")).match(file.fileName());
    const QString run = file.dir().dirName();
    return match.hasMatch() ? QStringLiteral("%1 \u00b7 step %2").arg(run, match.captured(1)) : QStringLiteral("%1/%2").arg(run, file.fileName());
}

void ComparisonPane::addCheckpoint(const QString& checkpointPath) {
    const QString path = QFileInfo(checkpointPath).absoluteFilePath();
    if (find(path)) return;
    auto entry = std::make_unique<Entry>();
    entry->path = path;
    entry->item = new QTreeWidgetItem(list_);
    entry->item->setIcon(0, CheckpointPalette::swatch(palette_.assign(path)));
    entry->item->setToolTip(0, path);
    entry->item->setData(0, Qt::UserRole, path);
    updateEntryItem(*entry);
    entries_.push_back(std::move(entry));
    lastDir_ = QFileInfo(path).absolutePath();
    reevaluateButton_->setEnabled(maxWindowsSpin_->value() != usedMaxWindows_);
    queue_->enqueue(path);
}

void ComparisonPane::addCheckpoints(const QStringList& checkpointPaths) {
    for (const QString& path : checkpointPaths) addCheckpoint(path);
}

bool ComparisonPane::exportCsv(const QString& path) {
    QSaveFile file(path);  // a temporary file beside it, renamed on commit
    if (table_->columnCount() == 0) {
        tableStatus_->setText(tr("%1: nothing to export; add checkpoints first").arg(path));
        return false;
    }
    if (!file.open(QIODevice::WriteOnly) || file.write(table_->toCsv()) < 0 || !file.commit()) {
        tableStatus_->setText(tr("%1: cannot write: %2").arg(path, file.errorString()));
        return false;
    }
    tableStatus_->setText(tr("wrote %1").arg(QDir::toNativeSeparators(path)));
    return true;
}

void ComparisonPane::removeCheckpoint(const QString& checkpointPath) {
    const QString path = QFileInfo(checkpointPath).absoluteFilePath();
    const auto it = std::find_if(entries_.begin(), entries_.end(), [&](const auto& e) { return e->path == path; });
    if (it == entries_.end()) return;
    queue_->remove(path);
    palette_.release(path);
    delete (*it)->item;
    entries_.erase(it);
    if (entries_.empty()) {  // the next checkpoint chooses the window again
        charts_->resetWindow();
        queue_->setWindow(-1, 0);
    }
    refreshAll();
}

QStringList ComparisonPane::checkpoints() const {
    QStringList paths;
    for (const auto& e : entries_) paths << e->path;
    return paths;
}

QColor ComparisonPane::colorOf(const QString& checkpointPath) const {
    return palette_.colorOf(QFileInfo(checkpointPath).absoluteFilePath());
}

void ComparisonPane::chooseCheckpoints() {
    const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Add checkpoints to compare"), lastDir_,
                                                            tr("Checkpoints (*.pt);;All files (*)"));
    addCheckpoints(paths);
}

void ComparisonPane::removeSelected() {
    QStringList paths;
    for (QTreeWidgetItem* item : list_->selectedItems()) paths << item->data(0, Qt::UserRole).toString();
    for (const QString& path : paths) removeCheckpoint(path);
}

void ComparisonPane::reevaluateAll() {
    usedMaxWindows_ = maxWindowsSpin_->value();
    reevaluateButton_->setEnabled(false);
    queue_->setConfig(evaluationConfig());
    queue_->setWindow(charts_->episode(), charts_->start());
    for (auto& e : entries_) {
        e->status = Entry::Status::Queued;
        e->results.reset();
        updateEntryItem(*e);
    }
    refreshAll();
    for (auto& e : entries_) queue_->enqueue(e->path);
}

void ComparisonPane::updateEntryItem(Entry& e) {
    if (!e.item) return;
    e.item->setText(0, labelOf(e));
    e.item->setForeground(1, QBrush());
    e.item->setToolTip(1, QString());
    switch (e.status) {
    case Entry::Status::Queued: e.item->setText(1, tr("queued")); break;
    case Entry::Status::Evaluating: e.item->setText(1, tr("evaluating")); break;
    case Entry::Status::Done:
        e.item->setText(1, tr("done (%1 windows)").arg(e.results && e.results->evaluation ? e.results->evaluation->windows : 0));
        break;
    case Entry::Status::Failed:
        e.item->setText(1, tr("error: %1").arg(e.message));
        e.item->setToolTip(1, e.message);
        e.item->setForeground(1, QColor(0xb0, 0x20, 0x20));
        break;
    }
}

void ComparisonPane::onEvaluated(const QString& path, const CheckpointResults& results) {
    Entry* e = find(path);
    if (!e) return;
    e->status = Entry::Status::Done;
    e->results = results;
    updateEntryItem(*e);
    charts_->adoptWindow(results.prediction.episode, results.prediction.start);
    queue_->setWindow(charts_->episode(), charts_->start());
    refreshAll();
    // Chosen another window while this one was being evaluated: predict that one.
    if (results.prediction.episode != charts_->episode() || results.prediction.start != charts_->start())
        queue_->predict(charts_->episode(), charts_->start());
    Q_EMIT evaluated(path);
}

void ComparisonPane::onFailed(const QString& path, const QString& message) {
    Entry* e = find(path);
    if (!e) return;
    e->status = Entry::Status::Failed;
    e->message = message;
    updateEntryItem(*e);
    Q_EMIT failed(path, message);
}

void ComparisonPane::onPredicted(const QString& path, const PredictionCurves& curves) {
    Entry* e = find(path);
    if (!e || !e->results) return;
    e->results->prediction = curves;
    refreshAll();
}

void ComparisonPane::refreshAll() {
    std::vector<MetricsComparisonTable::Column> columns;
    std::vector<ComparisonCurves::Checkpoint> checkpoints;
    bool allPhysical = true;
    for (const auto& e : entries_) {
        if (e->status != Entry::Status::Done || !e->results || !e->results->evaluation) continue;
        const QColor color = palette_.colorOf(e->path);
        columns.push_back({QStringLiteral("%1\nstep %2").arg(QString::fromStdString(e->results->runName)).arg(e->results->step),
                           color, e->results->evaluation});
        checkpoints.push_back({labelOf(*e), color, &*e->results});
        allPhysical = allPhysical && e->results->evaluation->physical;
    }
    // Physical units only where every checkpoint has them, so no column mixes units.
    unitsCombo_->setEnabled(!columns.empty() && allPhysical);
    const bool physical = unitsCombo_->isEnabled() && unitsCombo_->currentIndex() == 1;
    table_->setColumns(columns, physical);
    charts_->setCheckpoints(checkpoints, physical);
}

QByteArray ComparisonPane::saveLayout() const {
    QByteArray state;
    QDataStream out(&state, QIODevice::WriteOnly);
    out << kLayoutMagic << kLayoutVersion << mainSplitter_->saveState() << topSplitter_->saveState()
        << charts_->saveSettings() << unitsCombo_->currentIndex() << maxWindowsSpin_->value();
    return state;
}

void ComparisonPane::restoreLayout(const QByteArray& state) {
    QDataStream in(state);
    quint32 magic = 0;
    quint16 version = 0;
    QByteArray main, top, charts;
    int units = 0, windows = 0;
    in >> magic >> version >> main >> top >> charts >> units >> windows;
    // A layout from another version or another widget is ignored, not half applied.
    if (in.status() != QDataStream::Ok || magic != kLayoutMagic || version != kLayoutVersion) return;
    mainSplitter_->restoreState(main);
    topSplitter_->restoreState(top);
    charts_->restoreSettings(charts);
    if (units >= 0 && units < unitsCombo_->count()) unitsCombo_->setCurrentIndex(units);
    if (windows >= maxWindowsSpin_->minimum() && windows <= maxWindowsSpin_->maximum()) maxWindowsSpin_->setValue(windows);
}

}  // namespace rssm::ui
