#include "comparison/ErrorOverlayChart.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "charts/ChartStyle.h"
#include "charts/TrajectoryChart.h"

#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPen>
#include <QValueAxis>

namespace rssm::ui {

QColor ErrorOverlayChart::baselineColor() { return QColor(0x80, 0x80, 0x80); }

ErrorOverlayChart::ErrorOverlayChart(const std::vector<OverlayCurve>& curves, const std::vector<double>& baseline,
                                     Scale scale, const QString& title, QGraphicsItem* parent)
    : QChart(parent) {
    const bool log = scale == Scale::Log;
    double lo = std::numeric_limits<double>::infinity(), hi = 0.0;
    int64_t horizon = static_cast<int64_t>(baseline.size());
    auto fill = [&](QLineSeries* s, const std::vector<double>& x, const std::vector<double>& y) {
        for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
            // A log axis has no place for zero, and NaN has none on either.
            if (!std::isfinite(y[i]) || (log && y[i] <= 0.0)) continue;
            s->append(x[i], y[i]);
            if (y[i] > 0.0) lo = std::min(lo, y[i]);
            hi = std::max(hi, y[i]);
        }
    };
    for (const OverlayCurve& c : curves) {
        auto* s = new QLineSeries();
        s->setName(c.name);
        s->setPen(QPen(c.color, 2.2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        fill(s, c.x, c.y);
        horizon = std::max(horizon, static_cast<int64_t>(c.x.size()));
        series_.push_back(s);
    }
    if (!baseline.empty()) {
        baseline_ = new QLineSeries();
        baseline_->setName(QStringLiteral("hold last observation"));
        baseline_->setPen(QPen(baselineColor(), 1.8, Qt::DashLine, Qt::FlatCap, Qt::RoundJoin));
        std::vector<double> steps;
        for (size_t h = 0; h < baseline.size(); ++h) steps.push_back(static_cast<double>(h + 1));
        fill(baseline_, steps, baseline);
    }
    horizon = std::max<int64_t>(horizon, 1);

    horizonAxis_ = makeStepAxis(QStringLiteral("horizon step"), 1.0, static_cast<double>(std::max<int64_t>(horizon, 2)));
    errorAxis_ = makeErrorAxis(log, lo, hi);
    addAxis(horizonAxis_, Qt::AlignBottom);
    addAxis(errorAxis_, Qt::AlignLeft);
    // The baseline first, so the checkpoints' lines are drawn over it.
    std::vector<QLineSeries*> all;
    if (baseline_) all.push_back(baseline_);
    all.insert(all.end(), series_.begin(), series_.end());
    for (QLineSeries* s : all) {
        addSeries(s);
        s->attachAxis(horizonAxis_);
        s->attachAxis(errorAxis_);
    }
    // The checkpoints' colours are keyed beside the chart; long names would not fit in its legend.
    for (QLineSeries* s : series_)
        for (QLegendMarker* m : legend()->markers(s)) m->setVisible(false);

    applyChartStyle(*this, title);
}

}  // namespace rssm::ui
