#include "comparison/ComparisonCharts.h"

#include "charts/ChartStyle.h"

#include <algorithm>
#include <cstdlib>

#include "comparison/ErrorOverlayChart.h"
#include "training/MetricCurveChart.h"
#include "comparison/PredictionOverlayChart.h"
#include "eval/Evaluator.h"
#include "train/MetricsLog.h"

#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDataStream>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>

namespace rssm::ui {

namespace {

constexpr quint32 kSettingsMagic = 0x52434349;  // "RCCI": with the loss chart's log and x axis

QChartView* chartView(const QString& name, QWidget* parent) {
    auto* view = new QChartView(parent);
    view->setObjectName(name);
    applyChartViewStyle(*view);
    view->setMinimumSize(320, 260);
    return view;
}

QLabel* note(const QString& name, QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("color: #a03030;"));
    label->hide();
    return label;
}

void showNote(QLabel* label, const QStringList& lines) {
    label->setText(lines.join(QLatin1Char('\n')));
    label->setVisible(!lines.isEmpty());
}

// QChartView::setChart hands the old chart back to the caller, who deletes it.
void replaceChart(QChartView* view, QChart* chart) {
    QChart* old = view->chart();
    view->setChart(chart);
    delete old;
}

QWidget* panelWith(QLayout* controls, QWidget* view, QLabel* problems) {
    auto* panel = new QWidget();
    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(controls);
    layout->addWidget(view, 1);
    if (problems) layout->addWidget(problems);
    return panel;
}

void setSpin(QSpinBox* spin, int lo, int hi, int value) {
    const QSignalBlocker block(spin);
    spin->setRange(lo, hi);
    spin->setValue(value);
}

}  // namespace

ComparisonCharts::ComparisonCharts(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("comparisonCharts"));
    windowTimer_ = new QTimer(this);
    windowTimer_->setSingleShot(true);
    windowTimer_->setInterval(150);
    connect(windowTimer_, &QTimer::timeout, this, [this] { Q_EMIT windowChanged(episode_, start_); });
    key_ = new QLabel();
    key_->setObjectName(QStringLiteral("checkpointKey"));
    key_->setWordWrap(true);
    key_->setTextFormat(Qt::RichText);
    splitter_ = new QSplitter(Qt::Horizontal);
    splitter_->setObjectName(QStringLiteral("comparisonChartSplitter"));
    splitter_->addWidget(buildErrorPanel());
    splitter_->addWidget(buildPredictionPanel());
    splitter_->addWidget(buildLossPanel());
    splitter_->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(key_);
    layout->addWidget(splitter_, 1);
    setCheckpoints({}, false);
}

QWidget* ComparisonCharts::buildErrorPanel() {
    logScaleCheck_ = new QCheckBox(tr("Log scale"));
    logScaleCheck_->setObjectName(QStringLiteral("errorLogScaleCheck"));
    auto* controls = new QHBoxLayout();
    controls->addWidget(logScaleCheck_);
    controls->addStretch();
    errorView_ = chartView(QStringLiteral("errorByHorizonChartView"), this);
    connect(logScaleCheck_, &QCheckBox::toggled, this, &ComparisonCharts::refreshErrorChart);
    return panelWith(controls, errorView_, nullptr);
}

QWidget* ComparisonCharts::buildPredictionPanel() {
    episodeSpin_ = new QSpinBox();
    episodeSpin_->setObjectName(QStringLiteral("episodeSpin"));
    episodeSpin_->setToolTip(tr("Episode of the buffer whose window every checkpoint predicts"));
    startSpin_ = new QSpinBox();
    startSpin_->setObjectName(QStringLiteral("startSpin"));
    startSpin_->setToolTip(tr("First step of the window: the context from here, then the open loop"));
    dimensionCombo_ = new QComboBox();
    dimensionCombo_->setObjectName(QStringLiteral("dimensionCombo"));
    dimensionCombo_->setToolTip(tr("Observation dimension drawn"));
    auto* controls = new QHBoxLayout();
    controls->addWidget(new QLabel(tr("Episode")));
    controls->addWidget(episodeSpin_);
    controls->addWidget(new QLabel(tr("start")));
    controls->addWidget(startSpin_);
    controls->addWidget(dimensionCombo_, 1);
    predictionView_ = chartView(QStringLiteral("predictionChartView"), this);
    predictionNote_ = note(QStringLiteral("predictionNote"), this);
    connect(episodeSpin_, &QSpinBox::valueChanged, this, [this](int value) {
        episode_ = value;
        updateWindowControls();  // the start's range follows the episode's length
        windowTimer_->start();
    });
    connect(startSpin_, &QSpinBox::valueChanged, this, [this](int value) {
        start_ = value;
        windowTimer_->start();
    });
    connect(dimensionCombo_, &QComboBox::currentIndexChanged, this, &ComparisonCharts::refreshPredictionChart);
    return panelWith(controls, predictionView_, predictionNote_);
}

QWidget* ComparisonCharts::buildLossPanel() {
    lossColumnCombo_ = new QComboBox();
    lossColumnCombo_->setObjectName(QStringLiteral("lossColumnCombo"));
    for (const std::string& c : MetricsLog::columns())
        if (c != "step") lossColumnCombo_->addItem(QString::fromStdString(c));
    lossColumnCombo_->setCurrentText(QStringLiteral("loss"));
    lossColumnCombo_->setToolTip(tr("Column of the runs' metrics.csv to draw"));
    smoothingSpin_ = new QDoubleSpinBox();
    smoothingSpin_->setObjectName(QStringLiteral("smoothingSpin"));
    smoothingSpin_->setRange(0.0, 0.99);
    smoothingSpin_->setSingleStep(0.05);
    smoothingSpin_->setDecimals(2);
    smoothingSpin_->setValue(0.6);
    smoothingSpin_->setToolTip(tr("Weight of the moving average, as TensorBoard's smoothing; 0 draws the logged values"));
    lossLogScaleCheck_ = new QCheckBox(tr("Log"));
    lossLogScaleCheck_->setObjectName(QStringLiteral("lossLogScaleCheck"));
    lossXAxisCombo_ = new QComboBox();
    lossXAxisCombo_->setObjectName(QStringLiteral("lossXAxisCombo"));
    lossXAxisCombo_->addItems({tr("x: step"), tr("x: wall time")});
    lossXAxisCombo_->setToolTip(tr("Runs of different speeds line up by step; by wall time, the faster run shows"));
    auto* controls = new QHBoxLayout();
    controls->addWidget(new QLabel(tr("Run metric")));
    controls->addWidget(lossColumnCombo_);
    controls->addWidget(new QLabel(tr("smoothing")));
    controls->addWidget(smoothingSpin_);
    controls->addWidget(lossLogScaleCheck_);
    controls->addWidget(lossXAxisCombo_);
    controls->addStretch();
    // The training pane's chart: smoothing over the faint raw curve, per-pixel-column reduction.
    lossChart_ = new MetricCurveChart(QString(), this);
    lossChart_->setObjectName(QStringLiteral("lossChartView"));
    lossChart_->setMinimumSize(320, 260);
    lossChart_->setEndMarkers(true);
    lossNote_ = note(QStringLiteral("lossNote"), this);
    connect(lossColumnCombo_, &QComboBox::currentIndexChanged, this, &ComparisonCharts::refreshLossChart);
    connect(smoothingSpin_, &QDoubleSpinBox::valueChanged, this, &ComparisonCharts::refreshLossChart);
    connect(lossLogScaleCheck_, &QCheckBox::toggled, this, &ComparisonCharts::refreshLossChart);
    connect(lossXAxisCombo_, &QComboBox::currentIndexChanged, this, &ComparisonCharts::refreshLossChart);
    return panelWith(controls, lossChart_, lossNote_);
}

void ComparisonCharts::setCheckpoints(const std::vector<ComparisonCurves::Checkpoint>& checkpoints, bool physical) {
    checkpoints_ = checkpoints;
    physical_ = physical;
    updateKey();
    updateWindowControls();
    refreshErrorChart();
    refreshPredictionChart();
    refreshLossChart();
}

void ComparisonCharts::updateKey() {
    QStringList parts;
    for (const auto& c : checkpoints_)
        parts << QStringLiteral("<span style=\"color:%1; font-size:large;\">&#9632;</span>&nbsp;%2")
                     .arg(c.color.name(), c.label.toHtmlEscaped());
    if (parts.isEmpty()) {
        key_->setText(tr("Add checkpoints to compare their error by horizon, their predictions of one window and their runs' metrics."));
        return;
    }
    key_->setText(parts.join(QStringLiteral("&nbsp;&nbsp;&nbsp; ")) +
                  tr("&nbsp;&nbsp;&nbsp;&nbsp;|&nbsp; solid: open-loop prior, dashed: posterior, black: truth, "
                     "grey dashed: hold last observation"));
}

void ComparisonCharts::adoptWindow(int64_t episode, int64_t start) {
    if (episode_ >= 0) return;
    episode_ = episode;
    start_ = start;
    updateWindowControls();
}

void ComparisonCharts::setPredictionProblem(const QString& message) {
    showNote(predictionNote_, message.isEmpty() ? QStringList() : QStringList{message});
}

// The window's controls follow the first checkpoint's buffer and evaluation.
void ComparisonCharts::updateWindowControls() {
    const CheckpointResults* r = checkpoints_.empty() ? nullptr : checkpoints_.front().results;
    const bool any = r && r->evaluation && episode_ >= 0;
    for (QWidget* w : std::initializer_list<QWidget*>{episodeSpin_, startSpin_, dimensionCombo_}) w->setEnabled(any);
    if (!any) return;
    const int64_t last = std::max<int64_t>(0, static_cast<int64_t>(r->episodeLengths.size()) - 1);
    episode_ = std::clamp<int64_t>(episode_, 0, last);
    setSpin(episodeSpin_, 0, static_cast<int>(last), static_cast<int>(episode_));
    const int64_t span = r->evaluation->context + r->evaluation->horizon;
    const int64_t length = r->episodeLengths.empty() ? 0 : r->episodeLengths[static_cast<size_t>(episode_)];
    const int64_t lastStart = std::max<int64_t>(0, length - span);
    start_ = std::clamp<int64_t>(start_, 0, lastStart);
    setSpin(startSpin_, 0, static_cast<int>(lastStart), static_cast<int>(start_));

    QStringList names, current;
    for (const std::string& n : r->evaluation->dimNames) names << QString::fromStdString(n);
    for (int i = 0; i < dimensionCombo_->count(); ++i) current << dimensionCombo_->itemText(i);
    if (names != current) {
        const QSignalBlocker block(dimensionCombo_);
        const int keep = dimensionCombo_->currentIndex();
        dimensionCombo_->clear();
        dimensionCombo_->addItems(names);
        dimensionCombo_->setCurrentIndex(keep >= 0 && keep < names.size() ? keep : 0);
    }
}

void ComparisonCharts::refreshErrorChart() {
    const QString units = physical_ ? tr("physical units") : tr("model units");
    replaceChart(errorView_, new ErrorOverlayChart(ComparisonCurves::errorByHorizon(checkpoints_, physical_),
                                                   ComparisonCurves::holdLastByHorizon(checkpoints_, physical_),
                                                   logScaleCheck_->isChecked() ? ErrorOverlayChart::Scale::Log
                                                                               : ErrorOverlayChart::Scale::Linear,
                                                   tr("Open-loop MSE by horizon step (%1)").arg(units)));
}

void ComparisonCharts::refreshPredictionChart() {
    const int dim = std::max(0, dimensionCombo_->currentIndex());
    const ComparisonCurves::Predictions p = ComparisonCurves::predictions(checkpoints_, dim);
    const QString title = p.priors.empty() ? tr("Predictions of one window")
                                           : tr("Episode %1, %2").arg(episode_).arg(dimensionCombo_->currentText());
    replaceChart(predictionView_, new PredictionOverlayChart(p.truth, p.priors, p.posteriors, p.contextBoundary, title));
    showNote(predictionNote_, p.problems);
}

void ComparisonCharts::refreshLossChart() {
    QStringList problems;
    const QString column = lossColumnCombo_->currentText();
    std::vector<ComparisonCurves::LossRun> runs = ComparisonCurves::lossRuns(checkpoints_, column.toStdString(), &problems);
    // Longest first, so a checkpoint earlier in the same run is drawn over it and stays visible.
    std::stable_sort(runs.begin(), runs.end(), [](const auto& a, const auto& b) { return a.steps.size() > b.steps.size(); });
    const double smoothing = smoothingSpin_->value();
    lossChart_->clearCurves();
    lossChart_->setSmoothing(smoothing);
    lossChart_->setLogY(lossLogScaleCheck_->isChecked());
    lossChart_->setXAxisMode(lossXAxisCombo_->currentIndex() == 1 ? MetricCurveChart::XAxisMode::WallTime
                                                                 : MetricCurveChart::XAxisMode::Step);
    for (const auto& run : runs) lossChart_->setCurve(run.label, run.color, run.steps, run.wallTimes, run.values);
    // The checkpoints' colours are keyed above the charts; their long names would not fit a legend.
    lossChart_->chart()->legend()->setVisible(false);
    lossChart_->chart()->setTitle(smoothing > 0.0 ? tr("%1 of each run up to its checkpoint (smoothed %2)").arg(column).arg(smoothing)
                                                  : tr("%1 of each run up to its checkpoint").arg(column));
    lossChart_->redrawNow();
    showNote(lossNote_, problems);
}

QByteArray ComparisonCharts::saveSettings() const {
    QByteArray state;
    QDataStream out(&state, QIODevice::WriteOnly);
    out << kSettingsMagic << splitter_->saveState() << logScaleCheck_->isChecked() << lossColumnCombo_->currentText()
        << smoothingSpin_->value() << lossLogScaleCheck_->isChecked() << lossXAxisCombo_->currentIndex();
    return state;
}

bool ComparisonCharts::restoreSettings(const QByteArray& state) {
    QDataStream in(state);
    quint32 magic = 0;
    QByteArray splitter;
    bool log = false;
    QString column;
    double smoothing = 0.0;
    bool lossLog = false;
    int lossXAxis = 0;
    in >> magic >> splitter >> log >> column >> smoothing >> lossLog >> lossXAxis;
    if (in.status() != QDataStream::Ok || magic != kSettingsMagic) return false;
    splitter_->restoreState(splitter);
    logScaleCheck_->setChecked(log);
    if (lossColumnCombo_->findText(column) >= 0) lossColumnCombo_->setCurrentText(column);
    smoothingSpin_->setValue(smoothing);
    lossLogScaleCheck_->setChecked(lossLog);
    lossXAxisCombo_->setCurrentIndex(lossXAxis == 1 ? 1 : 0);
    return true;
}

}  // namespace rssm::ui
