#include "trajectory/TrajectoryChartView.h"

#include <algorithm>

#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMouseEvent>
#include <QPen>
#include <QValueAxis>
#include <QWheelEvent>

#include "charts/ChartInteraction.h"
#include "charts/ChartStyle.h"
#include "charts/TrajectoryChart.h"

namespace rssm::ui {

QLineSeries* addCursorLine(TrajectoryChart& chart) {
    auto* line = new QLineSeries();
    line->setName(QStringLiteral("cursor"));
    line->setPen(QPen(QColor(0xff, 0x8c, 0x00), 1.6));
    chart.addSeries(line);
    line->attachAxis(chart.stepAxis());
    line->attachAxis(chart.valueAxis());
    for (QLegendMarker* m : chart.legend()->markers(line)) m->setVisible(false);
    return line;
}

void placeCursorLine(QLineSeries* line, const TrajectoryChart& chart, double step) {
    // The value axis never zooms, so its range is the full height of the plot.
    line->replace(QList<QPointF>{{step, chart.valueAxis()->min()}, {step, chart.valueAxis()->max()}});
}

TrajectoryChartView::TrajectoryChartView(TrajectoryChart* chart, int dim, QWidget* parent)
    : QChartView(chart, parent), chart_(chart), dim_(dim) {
    fullMin_ = chart->stepAxis()->min();
    fullMax_ = chart->stepAxis()->max();
    cursor_ = addCursorLine(*chart);
    applyChartViewStyle(*this);
    setRubberBand(QChartView::HorizontalRubberBand);
    setFocusPolicy(Qt::ClickFocus);
    ChartInteraction::install(this);  // hover readout, legend entries that hide their line
    setToolTip(tr("Drag to zoom the steps, Ctrl+wheel to zoom, right-click to zoom out, double-click for the whole "
                  "window; Shift+drag moves the time cursor"));
}

void TrajectoryChartView::setCursorStep(double step) { placeCursorLine(cursor_, *chart_, step); }

void TrajectoryChartView::setTrace(const TrajectoryTrace& trace, double cursorStep) {
    cursor_->clear();  // off the old range while the axes change
    chart_->setTrace(trace);
    fullMin_ = chart_->stepAxis()->min();
    fullMax_ = chart_->stepAxis()->max();
    setCursorStep(cursorStep);
}

double TrajectoryChartView::stepAt(const QPointF& viewPoint) const {
    const QPointF inChart = chart_->mapFromScene(mapToScene(viewPoint.toPoint()));
    return chart_->mapToValue(inChart).x();
}

void TrajectoryChartView::zoomSteps(double factor, double anchor) {
    QValueAxis* axis = chart_->stepAxis();
    const double fullSpan = fullMax_ - fullMin_;
    // At least two steps stay in view; never wider than the window.
    const double span = std::clamp((axis->max() - axis->min()) * factor, std::min(2.0, fullSpan), fullSpan);
    const double share = axis->max() > axis->min() ? (anchor - axis->min()) / (axis->max() - axis->min()) : 0.5;
    double lo = anchor - std::clamp(share, 0.0, 1.0) * span;
    lo = std::clamp(lo, fullMin_, fullMax_ - span);
    axis->setRange(lo, lo + span);
}

void TrajectoryChartView::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton && (event->modifiers() & Qt::ShiftModifier)) {
        draggingCursor_ = true;
        Q_EMIT cursorDragged(stepAt(event->position()));
        event->accept();
        return;
    }
    QChartView::mousePressEvent(event);
}

void TrajectoryChartView::mouseMoveEvent(QMouseEvent* event) {
    if (draggingCursor_) {
        Q_EMIT cursorDragged(stepAt(event->position()));
        event->accept();
        return;
    }
    QChartView::mouseMoveEvent(event);
}

void TrajectoryChartView::mouseReleaseEvent(QMouseEvent* event) {
    if (draggingCursor_) {
        draggingCursor_ = false;
        event->accept();
        return;
    }
    if (event->button() == Qt::RightButton) {
        // QChartView's own zoom-out would widen the value axis too.
        zoomSteps(2.0, stepAt(event->position()));
        event->accept();
        return;
    }
    QChartView::mouseReleaseEvent(event);
}

void TrajectoryChartView::mouseDoubleClickEvent(QMouseEvent* event) {
    Q_EMIT zoomResetRequested();
    event->accept();
}

void TrajectoryChartView::wheelEvent(QWheelEvent* event) {
    // The plain wheel scrolls the stack of charts; with Ctrl it zooms.
    const int delta = event->angleDelta().y();
    if (!(event->modifiers() & Qt::ControlModifier) || delta == 0) {
        event->ignore();
        return;
    }
    zoomSteps(delta > 0 ? 0.8 : 1.25, stepAt(event->position()));
    event->accept();
}

}  // namespace rssm::ui
