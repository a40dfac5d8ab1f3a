#include "charts/TrajectoryChart.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "charts/ChartStyle.h"
#include "eval/Evaluator.h"
#include "model/TensorValues.h"
#include "util/Error.h"

#include <QAreaSeries>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPen>
#include <QValueAxis>

namespace rssm::ui {

namespace {

// Column `dim` of a [steps, D] tensor as doubles on the CPU.
std::vector<double> column(const torch::Tensor& t, int64_t dim) { return tensorValues(t.select(1, dim)); }

void requireShape(const torch::Tensor& t, const char* what, int64_t steps, int64_t dims) {
    if (!t.defined() || t.dim() != 2 || t.size(0) != steps || t.size(1) != dims)
        throw Error(std::string("trajectory chart: ") + what + " should be [" + std::to_string(steps) + ", " +
                    std::to_string(dims) + "]");
}

QLineSeries* line(const QString& name, const QPen& pen) {
    auto* s = new QLineSeries();
    s->setName(name);
    s->setPen(pen);
    return s;
}

}  // namespace

QColor TrajectoryChart::dimensionColor(int64_t dim) {
    // Distinct, print-safe hues without red (the prior's) or a grey (the posterior's).
    static const QColor palette[] = {QColor(0x1f, 0x77, 0xb4), QColor(0x2c, 0xa0, 0x2c), QColor(0x94, 0x67, 0xbd),
                                     QColor(0x17, 0xa2, 0xb8), QColor(0x8c, 0x56, 0x4b), QColor(0xb8, 0x9b, 0x00),
                                     QColor(0x1a, 0x3a, 0x8f), QColor(0x00, 0x80, 0x66)};
    const int64_t n = static_cast<int64_t>(sizeof(palette) / sizeof(palette[0]));
    return palette[((dim % n) + n) % n];
}

QColor TrajectoryChart::priorColor() { return QColor(0xd6, 0x27, 0x28); }

double TrajectoryChart::stepTickInterval(double span) {
    double interval = 1.0;
    while (span / interval > 8.0) {
        // 1, 2, 5, 10, 20, 50, ...
        const double mantissa = interval / std::pow(10.0, std::floor(std::log10(interval) + 1e-9));
        interval *= (mantissa < 1.5 || mantissa > 4.5) ? 2.0 : 2.5;
    }
    return interval;
}

TrajectoryTrace TrajectoryTrace::fromPrediction(const TrajectoryPrediction& p, int64_t dim) {
    const int64_t steps = p.context + p.horizon;
    const int64_t dims = p.truth.defined() && p.truth.dim() == 2 ? p.truth.size(1) : 0;
    if (p.context < 1 || p.horizon < 1) throw Error("trajectory chart: context and horizon must both be at least 1");
    if (dim < 0 || dim >= dims)
        throw Error("trajectory chart: dimension " + std::to_string(dim) + " is not among the " + std::to_string(dims));
    requireShape(p.truth, "truth", steps, dims);
    requireShape(p.posterior, "posterior", steps, dims);
    requireShape(p.priorMean, "priorMean", p.horizon, dims);
    requireShape(p.priorStd, "priorStd", p.horizon, dims);
    TrajectoryTrace trace;
    trace.start = p.start;
    trace.context = p.context;
    trace.horizon = p.horizon;
    trace.truth = column(p.truth, dim);
    trace.posterior = column(p.posterior, dim);
    trace.priorMean = column(p.priorMean, dim);
    trace.priorStd = column(p.priorStd, dim);
    return trace;
}

TrajectoryChart::TrajectoryChart(const TrajectoryPrediction& p, int64_t dim, const QString& name, QGraphicsItem* parent)
    : TrajectoryChart(TrajectoryTrace::fromPrediction(p, dim), dim, name, parent) {}

TrajectoryChart::TrajectoryChart(const TrajectoryTrace& p, int64_t dim, const QString& name, QGraphicsItem* parent)
    : QChart(parent) {
    // Colour and line style both differ, so the lines stay apart in grey print too.
    const QColor hue = dimensionColor(dim);
    truth_ = line(QStringLiteral("truth"), QPen(hue, 2.2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    posterior_ = line(QStringLiteral("posterior"), QPen(QColor(0x30, 0x30, 0x30), 1.6, Qt::DotLine, Qt::RoundCap, Qt::RoundJoin));
    prior_ = line(QStringLiteral("open-loop prior \u00b1 std"), QPen(priorColor(), 2.0, Qt::DashLine, Qt::FlatCap, Qt::RoundJoin));
    band_ = new QAreaSeries();
    band_->setName(QStringLiteral("prior \u00b1 1 std"));
    band_->setUpperSeries(new QLineSeries(band_));  // owned by the band
    band_->setLowerSeries(new QLineSeries(band_));
    QColor fill = priorColor();
    fill.setAlpha(48);
    band_->setBrush(fill);
    band_->setPen(Qt::NoPen);
    // Between the last observed step and the first predicted one: left of it
    // the model saw the observations, right of it only the actions.
    marker_ = line(QStringLiteral("end of context"), QPen(QColor(0x70, 0x70, 0x70), 1.2, Qt::DashDotLine));

    stepAxis_ = makeStepAxis(QStringLiteral("step"), 0.0, 1.0);
    // No title on the value axis: the chart's own title names the dimension,
    // and every label is a text layout that a stack of a hundred charts pays for.
    valueAxis_ = makeValueAxis(QString(), 0.0, 1.0);
    addAxis(stepAxis_, Qt::AlignBottom);
    addAxis(valueAxis_, Qt::AlignLeft);
    // The band first, so the lines are drawn over it. Its legend entry would
    // then come first too; the prior's name speaks for it instead.
    for (QAbstractSeries* s : std::initializer_list<QAbstractSeries*>{band_, truth_, posterior_, prior_, marker_}) {
        addSeries(s);
        s->attachAxis(stepAxis_);
        s->attachAxis(valueAxis_);
    }
    for (QLegendMarker* m : legend()->markers(band_)) m->setVisible(false);
    applyChartStyle(*this, name, Qt::AlignRight);
    setTrace(p);
}

void TrajectoryChart::setTrace(const TrajectoryTrace& p) {
    const int64_t steps = p.context + p.horizon;
    if (p.context < 1 || p.horizon < 1) throw Error("trajectory chart: context and horizon must both be at least 1");
    auto requireLength = [](const std::vector<double>& v, const char* what, int64_t n) {
        if (static_cast<int64_t>(v.size()) != n)
            throw Error(std::string("trajectory chart: ") + what + " should have " + std::to_string(n) + " values, not " +
                        std::to_string(v.size()));
    };
    requireLength(p.truth, "truth", steps);
    requireLength(p.posterior, "posterior", steps);
    requireLength(p.priorMean, "priorMean", p.horizon);
    requireLength(p.priorStd, "priorStd", p.horizon);

    // The points are built aside and handed over once per series: Qt Charts
    // redoes a series' geometry on every change, so append() point by point
    // would cost that many times over (the freeze at a hundred dimensions).
    const double x0 = static_cast<double>(p.start);
    QList<QPointF> truth, posterior, prior, upper, lower;
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    auto add = [&](QList<QPointF>& to, double x, double y) {
        if (!std::isfinite(y)) return;  // Qt Charts draws a NaN as a jump to nowhere: a gap instead
        to.append(QPointF(x, y));
        lo = std::min(lo, y);
        hi = std::max(hi, y);
    };
    for (int64_t t = 0; t < steps; ++t) {
        add(truth, x0 + t, p.truth[t]);
        add(posterior, x0 + t, p.posterior[t]);
    }
    for (int64_t h = 0; h < p.horizon; ++h) {
        const double x = x0 + static_cast<double>(p.context + h);
        add(prior, x, p.priorMean[h]);
        if (std::isfinite(p.priorMean[h]) && std::isfinite(p.priorStd[h])) {
            add(upper, x, p.priorMean[h] + p.priorStd[h]);
            add(lower, x, p.priorMean[h] - p.priorStd[h]);
        }
    }
    // The y range covers every line and the whole band, padded so nothing sits on the frame.
    if (!(lo <= hi)) lo = -1.0, hi = 1.0;
    const double pad = hi > lo ? 0.06 * (hi - lo) : std::max(1.0, std::abs(hi)) * 0.1;
    const double xMax = x0 + static_cast<double>(steps - 1);
    // Emptied before the ranges change, filled once after: a range change redraws every series.
    for (QLineSeries* s : {truth_, posterior_, prior_, band_->upperSeries(), band_->lowerSeries(), marker_}) s->clear();
    setStepRange(stepAxis_, x0, xMax);
    valueAxis_->setRange(lo - pad, hi + pad);
    valueAxis_->applyNiceNumbers();  // as makeValueAxis does
    const double yMin = valueAxis_->min(), yMax = valueAxis_->max();
    truth_->replace(truth);
    posterior_->replace(posterior);
    prior_->replace(prior);
    band_->upperSeries()->replace(upper);
    band_->lowerSeries()->replace(lower);
    const double boundary = x0 + static_cast<double>(p.context) - 0.5;
    marker_->replace(QList<QPointF>{{boundary, yMin}, {boundary, yMax}});
}

}  // namespace rssm::ui
