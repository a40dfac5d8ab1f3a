#include "comparison/LossOverlayChart.h"

#include "charts/ChartStyle.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "charts/TrajectoryChart.h"
#include "series/ColumnDecimation.h"
#include "series/EmaSmoothing.h"

#include <QLegend>
#include <QLineSeries>
#include <QPen>
#include <QScatterSeries>
#include <QValueAxis>

namespace rssm::ui {

LossOverlayChart::LossOverlayChart(const std::vector<Run>& runs, const QString& column, double smoothing, int columns,
                                   QGraphicsItem* parent)
    : QChart(parent) {
    // Each run's points up to its checkpoint, smoothed (the EMA is causal, so
    // cutting first changes nothing).
    std::vector<std::vector<double>> xs, ys;
    double xLo = std::numeric_limits<double>::infinity(), xHi = -xLo;
    for (const Run& run : runs) {
        std::vector<double> x, y;
        for (size_t i = 0; i < run.curve.x.size() && i < run.curve.y.size(); ++i) {
            if (run.curve.x[i] > run.checkpointStep) break;
            x.push_back(run.curve.x[i]);
            y.push_back(run.curve.y[i]);
        }
        if (smoothing > 0.0) y = emaSmooth(y, std::min(smoothing, 0.999));
        if (!x.empty()) xLo = std::min(xLo, x.front()), xHi = std::max(xHi, x.back());
        xs.push_back(std::move(x));
        ys.push_back(std::move(y));
    }
    if (!(xLo < xHi)) xLo = std::isfinite(xLo) ? xLo - 1.0 : 0.0, xHi = xLo + 2.0;

    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (size_t r = 0; r < runs.size(); ++r) {
        const DecimatedCurve d = decimateByColumn(xs[r], ys[r], xLo, xHi, columns);
        auto* s = new QLineSeries();
        s->setName(runs[r].curve.name);
        s->setPen(QPen(runs[r].curve.color, 1.8, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        QList<QPointF> points;
        for (size_t i = 0; i < d.x.size(); ++i) {
            points.append(QPointF(d.x[i], d.y[i]));
            lo = std::min(lo, d.y[i]);
            hi = std::max(hi, d.y[i]);
        }
        s->replace(points);
        series_.push_back(s);
        // The dot sits on the line's last finite value, where the checkpoint was saved.
        auto* dot = new QScatterSeries();
        dot->setName(runs[r].curve.name + QStringLiteral(" checkpoint"));
        dot->setColor(runs[r].curve.color);
        dot->setBorderColor(Qt::white);
        dot->setMarkerSize(9.0);
        if (!points.isEmpty()) dot->append(points.back());
        markers_.push_back(dot);
    }
    if (!(lo <= hi)) lo = 0.0, hi = 1.0;
    const double pad = hi > lo ? 0.05 * (hi - lo) : std::max(1.0, std::abs(hi)) * 0.1;

    stepAxis_ = new QValueAxis();
    stepAxis_->setTitleText(QStringLiteral("training step"));
    // A little room right of the last step, so the checkpoints' dots there are not cut by the frame.
    stepAxis_->setRange(xLo, xHi + 0.02 * (xHi - xLo));
    stepAxis_->setTickType(QValueAxis::TicksDynamic);
    stepAxis_->setTickAnchor(0.0);
    stepAxis_->setTickInterval(TrajectoryChart::stepTickInterval(xHi - xLo));
    stepAxis_->setLabelFormat(QStringLiteral("%d"));
    valueAxis_ = new QValueAxis();
    valueAxis_->setTitleText(column);
    valueAxis_->setRange(lo - pad, hi + pad);
    valueAxis_->applyNiceNumbers();
    valueAxis_->setLabelFormat(QStringLiteral("%.3g"));
    addAxis(stepAxis_, Qt::AlignBottom);
    addAxis(valueAxis_, Qt::AlignLeft);
    // Later checkpoints first, so where checkpoints of one run share a curve
    // the shorter lies on top and stays visible.
    std::vector<size_t> order(series_.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return runs[a].checkpointStep > runs[b].checkpointStep; });
    for (size_t i : order) {
        QLineSeries* s = series_[i];
        addSeries(s);
        s->attachAxis(stepAxis_);
        s->attachAxis(valueAxis_);
    }
    for (QScatterSeries* s : markers_) {
        addSeries(s);
        s->attachAxis(stepAxis_);
        s->attachAxis(valueAxis_);
    }
    legend()->hide();  // the checkpoints' colours are keyed outside the chart

    applyChartStyle(*this, smoothing > 0.0
                               ? QStringLiteral("%1 by training step (smoothed %2)").arg(column).arg(smoothing)
                               : QStringLiteral("%1 by training step").arg(column));
}

}  // namespace rssm::ui
