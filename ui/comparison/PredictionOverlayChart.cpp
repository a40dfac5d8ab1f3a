#include "comparison/PredictionOverlayChart.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "charts/ChartStyle.h"
#include "charts/TrajectoryChart.h"

#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPen>
#include <QValueAxis>

namespace rssm::ui {

namespace {

// Non-finite values are left out (a gap) rather than drawn as a jump to nowhere.
QLineSeries* line(const OverlayCurve& c, const QString& name, const QPen& pen) {
    auto* s = new QLineSeries();
    s->setName(name);
    s->setPen(pen);
    for (size_t i = 0; i < c.x.size() && i < c.y.size(); ++i)
        if (std::isfinite(c.y[i])) s->append(c.x[i], c.y[i]);
    return s;
}

}  // namespace

PredictionOverlayChart::PredictionOverlayChart(const OverlayCurve& truth, const std::vector<OverlayCurve>& priors,
                                               const std::vector<OverlayCurve>& posteriors, double contextBoundary,
                                               const QString& title, QGraphicsItem* parent)
    : QChart(parent) {
    truth_ = line(truth, QStringLiteral("truth"), QPen(Qt::black, 2.4, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    for (size_t i = 0; i < posteriors.size(); ++i) {
        QColor lighter = posteriors[i].color;
        lighter.setAlpha(150);
        posteriors_.push_back(line(posteriors[i], posteriors[i].name + QStringLiteral(" posterior"),
                                   QPen(lighter, 1.4, Qt::DashLine, Qt::FlatCap, Qt::RoundJoin)));
    }
    for (const OverlayCurve& c : priors)
        priors_.push_back(line(c, c.name + QStringLiteral(" prior"), QPen(c.color, 2.2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin)));

    double xLo = std::numeric_limits<double>::infinity(), xHi = -xLo, lo = xLo, hi = -xLo;
    std::vector<QLineSeries*> all{truth_};
    all.insert(all.end(), posteriors_.begin(), posteriors_.end());
    all.insert(all.end(), priors_.begin(), priors_.end());
    for (const QLineSeries* s : all) {
        for (const QPointF& q : s->points()) {
            xLo = std::min(xLo, q.x());
            xHi = std::max(xHi, q.x());
            lo = std::min(lo, q.y());
            hi = std::max(hi, q.y());
        }
    }
    if (!(xLo < xHi)) xLo = 0.0, xHi = 1.0;
    stepAxis_ = makeStepAxis(QStringLiteral("step"), xLo, xHi);
    valueAxis_ = makeValueAxis(QStringLiteral("value"), lo, hi);
    addAxis(stepAxis_, Qt::AlignBottom);
    addAxis(valueAxis_, Qt::AlignLeft);

    // Left of it the models saw the observations, right of it only the actions.
    marker_ = new QLineSeries();
    marker_->setName(QStringLiteral("end of context"));
    marker_->setPen(QPen(QColor(0x70, 0x70, 0x70), 1.2, Qt::DashDotLine));
    marker_->append(contextBoundary, valueAxis_->min());
    marker_->append(contextBoundary, valueAxis_->max());
    all.push_back(marker_);
    for (QLineSeries* s : all) {
        addSeries(s);
        s->attachAxis(stepAxis_);
        s->attachAxis(valueAxis_);
    }
    // The checkpoints' colours are keyed outside the chart; long names would not fit in its legend.
    for (const auto* group : {&priors_, &posteriors_})
        for (QLineSeries* s : *group)
            for (QLegendMarker* m : legend()->markers(s)) m->setVisible(false);

    applyChartStyle(*this, title);
}

}  // namespace rssm::ui
