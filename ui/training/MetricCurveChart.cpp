#include "training/MetricCurveChart.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QElapsedTimer>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QTimer>
#include <QValueAxis>

#include "series/ColumnDecimation.h"
#include "charts/ChartInteraction.h"
#include "charts/ChartStyle.h"
#include "series/CurveBuckets.h"
#include "series/EmaSmoothing.h"

namespace rssm::ui {

namespace {

constexpr int kRedrawIntervalMs = 66;  // ~15 frames a second at most
constexpr int kTurnGapMs = 20;         // between redraws of two charts

// When the last chart redraw ended, on the GUI thread's clock. Charts take
// turns, at least kTurnGapMs apart, so the event loop (and the paint of the
// chart just redrawn) runs between them instead of after all of them.
QElapsedTimer& chartClock() {
    static QElapsedTimer clock;
    if (!clock.isValid()) clock.start();
    return clock;
}
qint64 lastChartRedrawEnd = -kTurnGapMs;
constexpr int kFallbackColumns = 800;   // before the chart has been laid out
constexpr double kRawAlpha = 0.25;
constexpr int kPointBudget = 12000;     // points one chart hands Qt Charts per redraw, at most

// 1, 2 or 5 times a power of ten, giving about `ticks` intervals over `span`.
double niceInterval(double span, int ticks) {
    if (!(span > 0) || !std::isfinite(span)) return 1.0;
    const double raw = span / ticks;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    const double f = raw / power;
    return (f < 1.5 ? 1.0 : f < 3.5 ? 2.0 : f < 7.5 ? 5.0 : 10.0) * power;
}

// Seconds as the unit that keeps tick labels short.
struct WallUnit {
    double seconds;
    const char* name;
};
WallUnit wallUnitFor(double maxSeconds) {
    if (maxSeconds > 3 * 3600.0) return {3600.0, "h"};
    if (maxSeconds > 3 * 60.0) return {60.0, "min"};
    return {1.0, "s"};
}

}  // namespace

struct MetricCurveChart::Curve {
    QString name;
    QColor color;
    std::vector<double> steps, walls, values;
    // Derived from the vectors above as points arrive; rebuilt from them only
    // when the smoothing, the x axis or the y scale changes (valid == false).
    bool valid = false;
    EmaSmoother ema;
    std::vector<double> smoothed;           // emaSmooth(values)
    CurveBuckets rawBuckets, smoothBuckets;  // in the x of the axis mode, log-drawable points only when log y
    QLineSeries* raw = nullptr;
    QLineSeries* smooth = nullptr;
    QScatterSeries* end = nullptr;  // with setEndMarkers(true)
};

MetricCurveChart::MetricCurveChart(const QString& title, QWidget* parent) : QChartView(parent) {
    auto* c = new QChart();
    c->setTitle(title);
    QFont titleFont = c->titleFont();
    titleFont.setBold(true);  // as every other chart of the workbench
    c->setTitleFont(titleFont);
    c->setMargins(QMargins(4, 4, 4, 4));
    c->legend()->setAlignment(Qt::AlignTop);
    c->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    QFont legendFont = c->legend()->font();
    legendFont.setPointSizeF(legendFont.pointSizeF() * 0.9);
    c->legend()->setFont(legendFont);
    c->legend()->setVisible(false);
    setChart(c);
    applyChartViewStyle(*this);
    setMinimumSize(240, 180);
    ChartInteraction::install(this);  // hover readout of the smoothed curves, legend toggles

    xAxis_ = new QValueAxis();
    xAxis_->setTitleText(QStringLiteral("step"));
    xAxis_->setLabelFormat(QStringLiteral("%.0f"));
    xAxis_->setTickType(QValueAxis::TicksDynamic);
    xAxis_->setTickAnchor(0.0);
    xAxis_->setTickInterval(0.2);
    xAxis_->setRange(0.0, 1.0);
    c->addAxis(xAxis_, Qt::AlignBottom);

    yLinear_ = new QValueAxis();
    yLinear_->setLabelFormat(QStringLiteral("%.3g"));
    yLinear_->setTickType(QValueAxis::TicksDynamic);
    yLinear_->setTickAnchor(0.0);
    yLinear_->setTickInterval(0.2);
    yLinear_->setRange(0.0, 1.0);
    c->addAxis(yLinear_, Qt::AlignLeft);
    yLog_ = new QLogValueAxis();  // attached while log scale is on
    yLog_->setBase(10.0);
    yLog_->setLabelFormat(QStringLiteral("%g"));
    yLog_->setMinorTickCount(-1);
    yLog_->setRange(1.0, 10.0);

    redrawTimer_ = new QTimer(this);
    redrawTimer_->setSingleShot(true);
    redrawTimer_->setInterval(kRedrawIntervalMs);
    connect(redrawTimer_, &QTimer::timeout, this, [this] {
        const qint64 wait = lastChartRedrawEnd + kTurnGapMs - chartClock().elapsed();
        if (wait > 0) redrawTimer_->start(static_cast<int>(wait));  // another chart just had its turn
        else redrawNow();
    });
}

MetricCurveChart::~MetricCurveChart() {
    // The y axis not attached to the chart is not the chart's to delete.
    if (logY_) delete yLinear_;
    else delete yLog_;
}

QAbstractAxis* MetricCurveChart::yAxis() const {
    if (logY_) return yLog_;
    return yLinear_;
}

MetricCurveChart::Curve* MetricCurveChart::curve(const QString& name) const {
    for (const auto& c : curves_)
        if (c->name == name) return c.get();
    return nullptr;
}

MetricCurveChart::Curve& MetricCurveChart::curveFor(const QString& name, const QColor& color) {
    auto applyPens = [](Curve& c) {
        QColor faint = c.color;
        faint.setAlphaF(kRawAlpha);
        c.raw->setPen(QPen(faint, 1.0));
        c.smooth->setPen(QPen(c.color, 2.0));
    };
    if (Curve* existing = curve(name)) {
        if (existing->color != color) {
            existing->color = color;
            applyPens(*existing);
        }
        return *existing;
    }
    auto c = std::make_unique<Curve>();
    c->name = name;
    c->color = color;
    c->raw = new QLineSeries();
    c->smooth = new QLineSeries();
    c->smooth->setName(name);
    // Raw first, so the smoothed line is drawn over it.
    for (QLineSeries* s : {c->raw, c->smooth}) {
        chart()->addSeries(s);
        s->attachAxis(xAxis_);
        s->attachAxis(yAxis());
    }
    applyPens(*c);
    for (QLegendMarker* m : chart()->legend()->markers(c->raw)) m->setVisible(false);
    curves_.push_back(std::move(c));
    if (endMarkers_) addEndMarker(*curves_.back());
    if (ownLegend_) chart()->legend()->setVisible(curves_.size() > 1);
    return *curves_.back();
}

void MetricCurveChart::setCurve(const QString& name, const QColor& color, const std::vector<double>& steps,
                                const std::vector<double>& wallTimes, const std::vector<double>& values) {
    Curve& c = curveFor(name, color);
    c.steps.clear();
    c.walls.clear();
    c.values.clear();
    c.valid = false;
    appendToCurve(name, color, steps, wallTimes, values);
}

void MetricCurveChart::appendToCurve(const QString& name, const QColor& color, const std::vector<double>& steps,
                                     const std::vector<double>& wallTimes, const std::vector<double>& values) {
    Curve& c = curveFor(name, color);
    const size_t n = std::min({steps.size(), wallTimes.size(), values.size()});
    c.steps.reserve(c.steps.size() + n);
    c.walls.reserve(c.walls.size() + n);
    c.values.reserve(c.values.size() + n);
    const size_t from = c.values.size();
    for (size_t i = 0; i < n; ++i) {
        if (!std::isfinite(values[i])) continue;  // a step without validation, say
        c.steps.push_back(steps[i]);
        c.walls.push_back(wallTimes[i]);
        c.values.push_back(values[i]);
    }
    if (c.valid) extendDerived(c, from);
    scheduleRedraw();
}

void MetricCurveChart::clearCurves() {
    for (const auto& c : curves_) {
        for (QAbstractSeries* s : {static_cast<QAbstractSeries*>(c->raw), static_cast<QAbstractSeries*>(c->smooth),
                                   static_cast<QAbstractSeries*>(c->end)}) {
            if (!s) continue;
            chart()->removeSeries(s);
            delete s;
        }
    }
    curves_.clear();
    if (ownLegend_) chart()->legend()->setVisible(false);
    scheduleRedraw();
}

QStringList MetricCurveChart::curveNames() const {
    QStringList names;
    for (const auto& c : curves_) names << c->name;
    return names;
}

size_t MetricCurveChart::dataPointCount(const QString& name) const {
    const Curve* c = curve(name);
    return c ? c->values.size() : 0;
}

QLineSeries* MetricCurveChart::smoothedSeries(const QString& name) const {
    const Curve* c = curve(name);
    return c ? c->smooth : nullptr;
}

QLineSeries* MetricCurveChart::rawSeries(const QString& name) const {
    const Curve* c = curve(name);
    return c ? c->raw : nullptr;
}

void MetricCurveChart::setSmoothing(double weight) {
    weight = std::clamp(weight, 0.0, 0.999);
    if (weight == smoothing_) return;
    smoothing_ = weight;
    for (const auto& c : curves_) c->valid = false;
    scheduleRedraw();
}

void MetricCurveChart::setLogY(bool on) {
    if (on == logY_) return;
    // Emptied first: a log axis must never see the points at or below zero,
    // and the next redraw refills every series anyway.
    for (const auto& c : curves_) {
        c->raw->clear();
        c->smooth->clear();
        if (c->end) c->end->clear();
    }
    QAbstractAxis* old = yAxis();
    chart()->removeAxis(old);  // detaches the series; the axis is ours again
    logY_ = on;
    for (const auto& c : curves_) c->valid = false;  // the buckets keep positive points only on a log scale
    chart()->addAxis(yAxis(), Qt::AlignLeft);
    for (const auto& c : curves_) {
        c->raw->attachAxis(yAxis());
        c->smooth->attachAxis(yAxis());
        if (c->end) c->end->attachAxis(yAxis());
    }
    scheduleRedraw();
}

void MetricCurveChart::setOwnLegend(bool on) {
    ownLegend_ = on;
    chart()->legend()->setVisible(on && curves_.size() > 1);
}

void MetricCurveChart::setEndMarkers(bool on) {
    if (on == endMarkers_) return;
    endMarkers_ = on;
    for (const auto& c : curves_) {
        if (on) {
            addEndMarker(*c);
        } else {
            chart()->removeSeries(c->end);
            delete c->end;
            c->end = nullptr;
        }
    }
    scheduleRedraw();
}

void MetricCurveChart::addEndMarker(Curve& c) {
    c.end = new QScatterSeries();
    c.end->setMarkerSize(8.0);
    c.end->setColor(c.color);
    c.end->setBorderColor(c.color);
    chart()->addSeries(c.end);
    c.end->attachAxis(xAxis_);
    c.end->attachAxis(yAxis());
    for (QLegendMarker* m : chart()->legend()->markers(c.end)) m->setVisible(false);
}

QScatterSeries* MetricCurveChart::endMarker(const QString& name) const {
    const Curve* c = curve(name);
    return c ? c->end : nullptr;
}

void MetricCurveChart::setXAxisMode(XAxisMode mode) {
    if (mode == xMode_) return;
    xMode_ = mode;
    for (const auto& c : curves_) c->valid = false;
    scheduleRedraw();
}

void MetricCurveChart::scheduleRedraw() {
    if (!redrawTimer_->isActive()) redrawTimer_->start(nextRedrawDelayMs_);
}

void MetricCurveChart::resizeEvent(QResizeEvent* event) {
    QChartView::resizeEvent(event);
    scheduleRedraw();  // the reduction depends on the plot's pixel width
}

void MetricCurveChart::redrawNow() {
    redrawTimer_->stop();
    const qint64 began = chartClock().elapsed();
    drawCurves();
    lastChartRedrawEnd = chartClock().elapsed();
    // A chart slow to draw (many curves, a slow machine) is drawn less often,
    // so it never takes more than about a fifth of the GUI thread.
    nextRedrawDelayMs_ = static_cast<int>(std::max<qint64>(kRedrawIntervalMs, 5 * (lastChartRedrawEnd - began)));
}

void MetricCurveChart::rebuildDerived(Curve& c) const {
    c.ema = EmaSmoother(smoothing_);
    c.smoothed.clear();
    c.rawBuckets.clear();
    c.smoothBuckets.clear();
    c.valid = true;
    extendDerived(c, 0);
}

void MetricCurveChart::extendDerived(Curve& c, size_t from) const {
    const std::vector<double>& xs = xMode_ == XAxisMode::Step ? c.steps : c.walls;
    for (size_t i = from; i < c.values.size(); ++i) {
        const double v = c.values[i];
        const double s = smoothing_ > 0 ? c.ema.push(v) : v;
        c.smoothed.push_back(s);
        // A log axis must never see a point at or below zero.
        if (!logY_ || v > 0) c.rawBuckets.append(xs[i], v);
        if (!logY_ || s > 0) c.smoothBuckets.append(xs[i], s);
    }
}

void MetricCurveChart::drawCurves() {
    const bool byStep = xMode_ == XAxisMode::Step;
    double xMin = std::numeric_limits<double>::infinity(), xMax = -xMin;
    for (const auto& c : curves_) {
        const std::vector<double>& xs = byStep ? c->steps : c->walls;
        if (xs.empty()) continue;
        xMin = std::min(xMin, xs.front());
        xMax = std::max(xMax, xs.back());
    }
    const bool empty = !(xMin <= xMax);
    if (empty) {
        xMin = 0;
        xMax = 1;
    } else if (xMax - xMin <= 1e-9 * std::max(std::fabs(xMin), std::fabs(xMax))) {
        xMax = xMin + std::max(1.0, std::fabs(xMin) * 0.1);
    }
    const WallUnit unit = byStep ? WallUnit{1.0, ""} : wallUnitFor(xMax);
    xAxis_->setTitleText(byStep ? QStringLiteral("step") : QStringLiteral("wall time (%1)").arg(QLatin1String(unit.name)));
    xAxis_->setLabelFormat(byStep ? QStringLiteral("%.0f") : QStringLiteral("%.3g"));

    int columns = static_cast<int>(chart()->plotArea().width());
    if (columns < 16) columns = kFallbackColumns;
    // Qt Charts spends a few microseconds per point on each update, so a
    // chart of many curves gets columns a few pixels wide rather than one:
    // the lowest and highest point of each still show every spike.
    const int seriesDrawn = static_cast<int>(curves_.size()) * (smoothing_ > 0 ? 2 : 1);
    if (seriesDrawn > 0) columns = std::max(64, std::min(columns, kPointBudget / (4 * seriesDrawn)));

    double yLo = std::numeric_limits<double>::infinity(), yHi = -yLo;
    std::vector<std::pair<QLineSeries*, QList<QPointF>>> drawn;
    auto reduce = [&](const CurveBuckets& buckets, QLineSeries* series) {
        const DecimatedCurve d = buckets.reduced(xMin, xMax, columns);
        QList<QPointF> points;
        points.reserve(static_cast<qsizetype>(d.x.size()));
        for (size_t i = 0; i < d.x.size(); ++i) {
            points.append(QPointF(d.x[i] / unit.seconds, d.y[i]));
            yLo = std::min(yLo, d.y[i]);
            yHi = std::max(yHi, d.y[i]);
        }
        drawn.emplace_back(series, std::move(points));
    };
    for (const auto& c : curves_) {
        if (!c->valid) rebuildDerived(*c);
        c->raw->setVisible(smoothing_ > 0);
        if (smoothing_ > 0) reduce(c->rawBuckets, c->raw);
        else drawn.emplace_back(c->raw, QList<QPointF>());
        reduce(c->smoothBuckets, c->smooth);
    }

    // Qt Charts recomputes every series' outline when an axis range changes,
    // which costs far more than taking new points: so the old points go
    // first, then the ranges change, then each series gets its new points once.
    const double lo = xMin / unit.seconds, hi = xMax / unit.seconds;
    const std::pair<double, double> yRange = yRangeFor(yLo, yHi);
    const bool rangesChange = xAxis_->min() != lo || xAxis_->max() != hi ||
                              (logY_ ? yLog_->min() != yRange.first || yLog_->max() != yRange.second
                                     : yLinear_->min() != yRange.first || yLinear_->max() != yRange.second);
    if (rangesChange) {
        for (auto& [series, points] : drawn) series->clear();
        setAxisRange(xAxis_, lo, hi, niceInterval(hi - lo, 6));
        applyYRange(yRange);
    }
    for (auto& [series, points] : drawn) {
        // A line needs two points: the first validation of a run would not show.
        series->setPointsVisible(points.size() == 1);
        // Each replace recomputes the line's outline (a stroke of every point):
        // a curve that has not changed (another run ticked in) keeps its own.
        if (rangesChange || series->points() != points) series->replace(points);
    }
    for (const auto& c : curves_) {
        if (!c->end) continue;
        if (c->smooth->count() > 0) c->end->replace(QList<QPointF>{c->smooth->at(c->smooth->count() - 1)});
        else c->end->clear();
    }
}

std::pair<double, double> MetricCurveChart::yRangeFor(double lo, double hi) const {
    if (logY_) {
        if (!(lo > 0 && lo <= hi)) {
            lo = 1.0;
            hi = 10.0;
        }
        // Whole decades: the log axis labels only powers of ten, so both ends
        // get a label (a range inside one decade showed a single "1"). The
        // bottom is nudged below its power of ten, which floating point would
        // otherwise leave a hair above and unlabelled.
        return {std::pow(10.0, std::floor(std::log10(lo / 1.15))) * (1.0 - 1e-9),
                std::pow(10.0, std::ceil(std::log10(hi * 1.15)))};
    }
    if (!(lo <= hi)) return {0.0, 1.0};
    if (hi - lo <= 1e-9 * std::max(std::fabs(lo), std::fabs(hi))) {
        // A flat curve (a constant learning rate, whose EMA still wobbles by
        // an ulp): a span that small would give Qt ticks it cannot step over.
        const double pad = lo == 0 ? 1.0 : std::fabs(lo) * 0.1;
        return {lo - pad, hi + pad};
    }
    const double pad = (hi - lo) * 0.05;
    return {lo - pad, hi + pad};
}

void MetricCurveChart::applyYRange(std::pair<double, double> range) {
    if (logY_) yLog_->setRange(range.first, range.second);
    else setAxisRange(yLinear_, range.first, range.second, niceInterval(range.second - range.first, 5));
}

}  // namespace rssm::ui
