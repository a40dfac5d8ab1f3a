#include "training/TrainingChartGrid.h"

#include <cmath>
#include <limits>

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QVBoxLayout>

namespace rssm::ui {

namespace {

constexpr int kSmoothingSteps = 100;  // the slider's ticks: weight = value / 100, 0 .. 0.99

}  // namespace

TrainingChartGrid::TrainingChartGrid(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("trainingCharts"));
    auto make = [this](const QString& title, const QString& name) {
        auto* chart = new MetricCurveChart(title, this);
        chart->setObjectName(name);
        return chart;
    };
    loss_ = make(QStringLiteral("Training losses"), QStringLiteral("lossChart"));
    validation_ = make(QStringLiteral("Validation losses"), QStringLiteral("validationChart"));
    gradNorm_ = make(QStringLiteral("Gradient norm (before clipping)"), QStringLiteral("gradNormChart"));
    lr_ = make(QStringLiteral("Learning rate"), QStringLiteral("lrChart"));
    speed_ = make(QStringLiteral("Steps per second"), QStringLiteral("speedChart"));

    smoothingSlider_ = new QSlider(Qt::Horizontal, this);
    smoothingSlider_->setObjectName(QStringLiteral("smoothingSlider"));
    smoothingSlider_->setRange(0, kSmoothingSteps - 1);
    smoothingSlider_->setValue(60);
    smoothingSlider_->setMaximumWidth(220);
    smoothingSlider_->setToolTip(
        QStringLiteral("Weight of the exponential moving average on the past (as in TensorBoard, corrected at the start "
                       "of the curve); the raw curve stays faint behind. 0 shows the raw curve only."));
    smoothingValue_ = new QLabel(this);
    smoothingValue_->setObjectName(QStringLiteral("smoothingValue"));
    smoothingValue_->setMinimumWidth(32);
    logY_ = new QCheckBox(QStringLiteral("Log scale y"), this);
    logY_->setObjectName(QStringLiteral("logYCheck"));
    logY_->setToolTip(QStringLiteral("Logarithmic y axes; points at or below zero are left out."));
    xAxis_ = new QComboBox(this);
    xAxis_->setObjectName(QStringLiteral("xAxisCombo"));
    xAxis_->addItem(QStringLiteral("x: step"));
    xAxis_->addItem(QStringLiteral("x: wall time"));
    xAxis_->setToolTip(QStringLiteral("Plot against the gradient step or the training time."));

    auto* controls = new QHBoxLayout();
    controls->addWidget(new QLabel(QStringLiteral("Smoothing"), this));
    controls->addWidget(smoothingSlider_);
    controls->addWidget(smoothingValue_);
    controls->addSpacing(16);
    controls->addWidget(logY_);
    controls->addSpacing(16);
    controls->addWidget(xAxis_);
    controls->addStretch(1);

    auto* grid = new QGridLayout();
    grid->setSpacing(4);
    grid->addWidget(loss_, 0, 0, 1, 2);
    grid->addWidget(validation_, 0, 2);
    grid->addWidget(gradNorm_, 1, 0);
    grid->addWidget(lr_, 1, 1);
    grid->addWidget(speed_, 1, 2);
    grid->setRowStretch(0, 3);
    grid->setRowStretch(1, 2);
    for (int c = 0; c < 3; ++c) grid->setColumnStretch(c, 1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(controls);
    layout->addLayout(grid, 1);

    connect(smoothingSlider_, &QSlider::valueChanged, this, &TrainingChartGrid::applyControls);
    connect(logY_, &QCheckBox::toggled, this, &TrainingChartGrid::applyControls);
    connect(xAxis_, &QComboBox::currentIndexChanged, this, &TrainingChartGrid::applyControls);
    applyControls();
}

void TrainingChartGrid::applyControls() {
    // A choice made by hand (or restored) is not overridden by the automatic one.
    if (logY_->isChecked() != autoLogState_) autoLogDone_ = true;
    autoLogState_ = logY_->isChecked();
    const double weight = smoothing();
    smoothingValue_->setText(QString::number(weight, 'f', 2));
    for (MetricCurveChart* chart : charts()) {
        chart->setSmoothing(weight);
        chart->setLogY(logY_->isChecked());
        chart->setXAxisMode(xAxisMode());
    }
}

double TrainingChartGrid::smoothing() const { return smoothingSlider_->value() / static_cast<double>(kSmoothingSteps); }

void TrainingChartGrid::setSmoothing(double weight) {
    smoothingSlider_->setValue(static_cast<int>(std::lround(weight * kSmoothingSteps)));
}

bool TrainingChartGrid::logY() const { return logY_->isChecked(); }
void TrainingChartGrid::setLogY(bool on) { logY_->setChecked(on); }

MetricCurveChart::XAxisMode TrainingChartGrid::xAxisMode() const {
    return xAxis_->currentIndex() == 1 ? MetricCurveChart::XAxisMode::WallTime : MetricCurveChart::XAxisMode::Step;
}

void TrainingChartGrid::setXAxisMode(MetricCurveChart::XAxisMode mode) {
    xAxis_->setCurrentIndex(mode == MetricCurveChart::XAxisMode::WallTime ? 1 : 0);
}

void TrainingChartGrid::clear() {
    for (MetricCurveChart* chart : charts()) chart->clearCurves();
    lossLow_ = std::numeric_limits<double>::infinity();
    lossHigh_ = 0.0;
    autoLogDone_ = false;
}

QColor TrainingChartGrid::colorOf(const QString& column) {
    static const QStringList terms = [] {
        QStringList t;
        for (const std::string& term : MetricsLog::lossTerms()) t << QString::fromStdString(term);
        return t;
    }();
    static const QColor palette[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c),
                                     QColor(0xd6, 0x27, 0x28), QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b),
                                     QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f), QColor(0xbc, 0xbd, 0x22),
                                     QColor(0x17, 0xbe, 0xcf)};
    const QString term = column.startsWith(QLatin1String("val_")) ? column.mid(4) : column;
    const int index = terms.indexOf(term);
    if (index >= 0) return palette[index];
    return palette[qHash(term) % (sizeof palette / sizeof palette[0])];
}

MetricCurveChart* TrainingChartGrid::chartFor(const QString& column) const {
    // Time columns (the x axis's, and time spent training) are no curve of their own.
    if (column == QLatin1String("step") || column == QLatin1String("wall_time") || column == QLatin1String("train_time"))
        return nullptr;
    if (column.startsWith(QLatin1String("val_"))) return validation_;
    if (column == QLatin1String("grad_norm")) return gradNorm_;
    if (column == QLatin1String("lr")) return lr_;
    if (column == QLatin1String("steps_per_s")) return speed_;
    return loss_;  // every loss term, including ones added to the log later
}

void TrainingChartGrid::append(const MetricsLog::Table& rows) {
    const int stepColumn = rows.column("step");
    const int wallColumn = rows.column("wall_time");
    if (stepColumn < 0 || rows.rows.empty()) return;
    std::vector<double> steps, walls;
    steps.reserve(rows.rows.size());
    walls.reserve(rows.rows.size());
    for (const auto& row : rows.rows) {
        steps.push_back(row[static_cast<size_t>(stepColumn)]);
        walls.push_back(wallColumn >= 0 ? row[static_cast<size_t>(wallColumn)] : row[static_cast<size_t>(stepColumn)]);
    }
    for (size_t c = 0; c < rows.columns.size(); ++c) {
        const QString name = QString::fromStdString(rows.columns[c]);
        MetricCurveChart* chart = chartFor(name);
        if (!chart) continue;
        std::vector<double> values;
        values.reserve(rows.rows.size());
        for (const auto& row : rows.rows) values.push_back(row[c]);
        if (chart == loss_ || chart == validation_)
            for (double v : values)
                if (v > 0 && std::isfinite(v)) lossLow_ = std::min(lossLow_, v), lossHigh_ = std::max(lossHigh_, v);
        chart->appendToCurve(name, colorOf(name), steps, walls, values);
    }
    // Loss terms a thousand times apart would sit flat on a linear axis: the
    // charts switch to log y once, by themselves; the user's choice stands after.
    if (!autoLogDone_ && lossHigh_ >= kAutoLogSpan * lossLow_) {
        autoLogDone_ = true;
        if (!logY_->isChecked()) logY_->setChecked(true);
    }
}

}  // namespace rssm::ui
