#include "charts/ErrorByHorizonChart.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "charts/ChartStyle.h"
#include "charts/TrajectoryChart.h"
#include "eval/Evaluator.h"
#include "util/Error.h"

#include <QLegend>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPen>
#include <QValueAxis>

namespace rssm::ui {

namespace {

std::vector<double> horizonColumn(const ErrorTable& table, int64_t dim) {
    if (dim < 0) return table.byHorizon;
    std::vector<double> v;
    for (const auto& row : table.byHorizonDim) v.push_back(dim < static_cast<int64_t>(row.size()) ? row[dim] : NAN);
    return v;
}

}  // namespace

ErrorByHorizonChart::ErrorByHorizonChart(const EvalResult& r, int64_t dim, Scale scale, QGraphicsItem* parent)
    : QChart(parent) {
    const int64_t dims = static_cast<int64_t>(r.prior.byDim.size());
    if (dim >= dims) throw Error("error chart: dimension " + std::to_string(dim) + " is not among the " + std::to_string(dims));
    const std::vector<double> prior = horizonColumn(r.prior, dim), hold = horizonColumn(r.holdLast, dim);
    const int64_t horizon = static_cast<int64_t>(prior.size());
    if (horizon < 1 || static_cast<int64_t>(hold.size()) != horizon) throw Error("error chart: the result has no errors by horizon");

    const bool log = scale == Scale::Log;
    // Markers on the points while they are far enough apart to read one by one.
    const bool dots = horizon <= 40;
    prior_ = new QLineSeries();
    prior_->setName(QStringLiteral("open-loop prior"));
    prior_->setPen(QPen(TrajectoryChart::priorColor(), 2.2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    holdLast_ = new QLineSeries();
    holdLast_->setName(QStringLiteral("hold last observation"));
    holdLast_->setPen(QPen(QColor(0x50, 0x50, 0x50), 1.8, Qt::DashLine, Qt::FlatCap, Qt::RoundJoin));
    double lo = std::numeric_limits<double>::infinity(), hi = 0.0;
    for (int64_t h = 0; h < horizon; ++h) {
        for (auto [series, value] : {std::pair{prior_, prior[h]}, std::pair{holdLast_, hold[h]}}) {
            // A log axis has no place for zero, and NaN has none on either.
            if (!std::isfinite(value) || (log && value <= 0.0)) continue;
            series->append(static_cast<double>(h + 1), value);
            if (value > 0.0) lo = std::min(lo, value);
            hi = std::max(hi, value);
        }
    }
    for (QLineSeries* s : {prior_, holdLast_}) {
        s->setPointsVisible(dots);
        s->setMarkerSize(5.0);
    }

    // Padded by half a step so the first and last markers are not cut by the frame.
    horizonAxis_ = makeStepAxis(QStringLiteral("horizon step"), dots ? 0.5 : 1.0,
                                dots ? horizon + 0.5 : static_cast<double>(horizon));
    errorAxis_ = makeErrorAxis(log, lo, hi);
    addAxis(horizonAxis_, Qt::AlignBottom);
    addAxis(errorAxis_, Qt::AlignLeft);
    for (QLineSeries* s : {holdLast_, prior_}) {
        addSeries(s);
        s->attachAxis(horizonAxis_);
        s->attachAxis(errorAxis_);
    }

    QString name;
    if (dim < 0) name = QStringLiteral("MSE by horizon, mean over %1 dimensions").arg(dims);
    else if (dim < static_cast<int64_t>(r.dimNames.size())) name = QString::fromStdString(r.dimNames[dim]);
    else name = QStringLiteral("obs[%1]").arg(dim);
    applyChartStyle(*this, name);
}

}  // namespace rssm::ui
