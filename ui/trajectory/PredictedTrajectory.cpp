#include "trajectory/PredictedTrajectory.h"

#include <cmath>
#include <limits>

namespace rssm::ui {

namespace {

// Shortest text that reads back to the same double, empty for a missing value.
QByteArray number(double v) {
    if (!std::isfinite(v)) return {};
    return QByteArray::number(v, 'g', 17);
}

// A dimension name as a CSV header cell: quoted when it holds a separator.
QByteArray headerCell(const QString& name) {
    QByteArray text = name.toUtf8();
    if (text.contains(',') || text.contains('"') || text.contains('\n'))
        text = '"' + text.replace("\"", "\"\"") + '"';
    return text;
}

}  // namespace

double PredictedTrajectory::priorMeanAt(int64_t t, int d) const {
    if (inContext(t)) return std::numeric_limits<double>::quiet_NaN();
    return priorMean[static_cast<size_t>((t - context) * dims + d)];
}

double PredictedTrajectory::priorStdAt(int64_t t, int d) const {
    if (inContext(t)) return std::numeric_limits<double>::quiet_NaN();
    return priorStd[static_cast<size_t>((t - context) * dims + d)];
}

TrajectoryTrace PredictedTrajectory::trace(int d) const {
    TrajectoryTrace out;
    out.start = start;
    out.context = context;
    out.horizon = horizon;
    for (int64_t t = 0; t < steps(); ++t) {
        out.truth.push_back(truthAt(t, d));
        out.posterior.push_back(posteriorAt(t, d));
    }
    for (int64_t h = 0; h < horizon; ++h) {
        out.priorMean.push_back(priorMean[static_cast<size_t>(h * dims + d)]);
        out.priorStd.push_back(priorStd[static_cast<size_t>(h * dims + d)]);
    }
    return out;
}

QByteArray PredictedTrajectory::toCsv(const std::vector<int>& shownDims) const {
    QByteArray csv = "step";
    for (int d : shownDims) {
        const QByteArray name = headerCell(d < dimNames.size() ? dimNames[d] : QStringLiteral("dim[%1]").arg(d));
        for (const char* what : {"truth", "posterior", "prior_mean", "prior_std"}) csv += ',' + name + ' ' + what;
    }
    csv += '\n';
    for (int64_t t = 0; t < steps(); ++t) {
        csv += QByteArray::number(static_cast<qlonglong>(start + t));
        for (int d : shownDims) {
            csv += ',' + number(truthAt(t, d));
            csv += ',' + number(posteriorAt(t, d));
            csv += ',' + number(priorMeanAt(t, d));
            csv += ',' + number(priorStdAt(t, d));
        }
        csv += '\n';
    }
    return csv;
}

}  // namespace rssm::ui
