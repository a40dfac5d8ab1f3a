#include "trajectory/PredictedTrajectory.h"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "util/Csv.h"

namespace rssm::ui {

namespace {

// Text that reads back to the same double, empty for a missing value.
std::string number(double v) { return std::isfinite(v) ? csvNumber(v, 17) : std::string(); }

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
    std::vector<std::string> header{"step"};
    for (int d : shownDims) {
        const std::string name = (d < dimNames.size() ? dimNames[d] : QStringLiteral("dim[%1]").arg(d)).toStdString();
        for (const char* what : {"truth", "posterior", "prior_mean", "prior_std"}) header.push_back(name + ' ' + what);
    }
    std::string csv = csvRow(header);
    for (int64_t t = 0; t < steps(); ++t) {
        std::vector<std::string> cells{std::to_string(start + t)};
        for (int d : shownDims) {
            cells.push_back(number(truthAt(t, d)));
            cells.push_back(number(posteriorAt(t, d)));
            cells.push_back(number(priorMeanAt(t, d)));
            cells.push_back(number(priorStdAt(t, d)));
        }
        csv += csvRow(cells);
    }
    return QByteArray::fromStdString(csv);
}

}  // namespace rssm::ui
