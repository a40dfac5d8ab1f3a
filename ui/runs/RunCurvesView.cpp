#include "runs/RunCurvesView.h"

#include <cmath>

#include <QChart>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

#include "comparison/CheckpointPalette.h"
#include "training/MetricCurveChart.h"

namespace rssm::ui {

namespace {

// The value at the row nearest `step`, or NaN when the run has none there.
double valueNear(const std::vector<double>& steps, const std::vector<double>& values, double step) {
    if (steps.empty()) return NAN;
    const auto it = std::lower_bound(steps.begin(), steps.end(), step);
    size_t i = static_cast<size_t>(it - steps.begin());
    if (i == steps.size()) i = steps.size() - 1;
    else if (i > 0 && step - steps[i - 1] < steps[i] - step) --i;
    return values[i];
}

}  // namespace

RunCurvesView::RunCurvesView(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    legend_ = new QHBoxLayout();
    legend_->addWidget(new QLabel(tr("Runs shown:"), this));
    legend_->addStretch(1);
    layout->addLayout(legend_);
    auto* charts = new QSplitter(Qt::Horizontal, this);
    loss_ = new MetricCurveChart(tr("Training loss"), charts);
    validation_ = new MetricCurveChart(tr("Validation loss"), charts);
    for (auto* chart : {loss_, validation_}) {
        chart->setOwnLegend(false);  // the buttons above are the legend
        chart->setMouseTracking(true);
        chart->viewport()->setMouseTracking(true);
        chart->viewport()->installEventFilter(this);
        charts->addWidget(chart);
    }
    layout->addWidget(charts, 1);
    hover_ = new QLabel(tr("Tick runs in the table to overlay their curves; hover a chart for every run's value at a step."), this);
    hover_->setTextFormat(Qt::RichText);
    layout->addWidget(hover_);
}

void RunCurvesView::setRun(const QString& id, const QString& label, const QColor& color, const MetricsLog::Table& metrics) {
    auto [it, added] = runs_.try_emplace(id);
    Run& r = it->second;
    r.label = label;
    r.color = color;
    r.steps.clear(), r.wall.clear(), r.loss.clear(), r.valSteps.clear(), r.valWall.clear(), r.val.clear();
    const int step = metrics.column("step"), wall = metrics.column("wall_time");
    const int loss = metrics.column("loss"), val = metrics.column("val_loss");
    for (const auto& row : metrics.rows) {
        if (step < 0) break;
        const double w = wall >= 0 ? row[wall] : 0.0;
        if (loss >= 0 && !std::isnan(row[loss])) r.steps.push_back(row[step]), r.wall.push_back(w), r.loss.push_back(row[loss]);
        if (val >= 0 && !std::isnan(row[val])) r.valSteps.push_back(row[step]), r.valWall.push_back(w), r.val.push_back(row[val]);
    }
    if (added) {
        order_.append(id);
        r.button = new QToolButton(this);
        r.button->setCheckable(true);
        r.button->setChecked(true);
        r.button->setAutoRaise(true);
        r.button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        r.button->setToolTip(tr("Show or hide this run's curves"));
        connect(r.button, &QToolButton::toggled, this, [this, id](bool on) { setRunVisible(id, on); });
        legend_->insertWidget(legend_->count() - 1, r.button);
    }
    r.button->setText(label);
    r.button->setIcon(CheckpointPalette::swatch(color));
    draw(r);
}

void RunCurvesView::removeRun(const QString& id) {
    const auto it = runs_.find(id);
    if (it == runs_.end()) return;
    it->second.visible = false;
    draw(it->second);
    delete it->second.button;
    runs_.erase(it);
    order_.removeAll(id);
}

void RunCurvesView::clear() {
    for (auto& [id, r] : runs_) delete r.button;
    runs_.clear();
    order_.clear();
    loss_->clearCurves();
    validation_->clearCurves();
}

QStringList RunCurvesView::runs() const { return order_; }

QStringList RunCurvesView::drawnCurves(const MetricCurveChart* chart) {
    QStringList names;
    for (const QString& name : chart->curveNames())
        if (chart->dataPointCount(name) > 0) names << name;
    return names;
}

bool RunCurvesView::isRunVisible(const QString& id) const {
    const auto it = runs_.find(id);
    return it != runs_.end() && it->second.visible;
}

void RunCurvesView::setRunVisible(const QString& id, bool visible) {
    const auto it = runs_.find(id);
    if (it == runs_.end() || it->second.visible == visible) return;
    it->second.visible = visible;
    it->second.button->setChecked(visible);
    draw(it->second);
}

QToolButton* RunCurvesView::legendButton(const QString& id) const {
    const auto it = runs_.find(id);
    return it == runs_.end() ? nullptr : it->second.button;
}

void RunCurvesView::draw(const Run& r) {
    // Only this run's curves change: a hidden or removed run keeps its
    // (emptied) series, since taking series out of a chart with many costs
    // more than drawing an empty one.
    static const std::vector<double> none;
    loss_->setCurve(r.label, r.color, r.visible ? r.steps : none, r.visible ? r.wall : none, r.visible ? r.loss : none);
    validation_->setCurve(r.label, r.color, r.visible ? r.valSteps : none, r.visible ? r.valWall : none, r.visible ? r.val : none);
}

QString RunCurvesView::describeStep(double step, bool validation) const {
    QStringList parts;
    for (const QString& id : order_) {
        const Run& r = runs_.at(id);
        if (!r.visible) continue;
        const double v = validation ? valueNear(r.valSteps, r.val, step) : valueNear(r.steps, r.loss, step);
        if (std::isnan(v)) continue;
        parts << QStringLiteral("<span style=\"color:%1\">&#9632;</span> %2: %3").arg(r.color.name(), r.label.toHtmlEscaped(),
                                                                                      QString::number(v, 'g', 4));
    }
    return tr("%1 at step %2: ").arg(validation ? tr("Validation loss") : tr("Training loss")).arg(std::lround(step)) +
           parts.join(QStringLiteral(" &nbsp; "));
}

bool RunCurvesView::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::MouseMove) {
        for (auto* chart : {loss_, validation_}) {
            if (watched != chart->viewport()) continue;
            const auto* move = static_cast<QMouseEvent*>(event);
            const QPointF value = chart->chart()->mapToValue(chart->mapToScene(move->position().toPoint()));
            if (chart->xAxisMode() == MetricCurveChart::XAxisMode::Step) hover_->setText(describeStep(value.x(), chart == validation_));
        }
    }
    return QWidget::eventFilter(watched, event);
}

}  // namespace rssm::ui
