#include "data/DimensionStats.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace rssm {

std::vector<DimensionStats> computeDimensionStats(const NumericColumn& column, int64_t first, int64_t count) {
    if (count < 0) count = column.steps() - first;
    const int64_t width = column.width();
    std::vector<DimensionStats> stats(static_cast<size_t>(width));
    std::vector<double> mean(width, 0.0), m2(width, 0.0);
    std::vector<double> lo(width, std::numeric_limits<double>::infinity());
    std::vector<double> hi(width, -std::numeric_limits<double>::infinity());
    std::vector<double> row(static_cast<size_t>(width));
    // Welford's update keeps the variance exact enough over millions of steps.
    // It works on halves, so that values near the largest double (1e308) do
    // not overflow the mean into inf - inf = NaN: the mean stays exact, and a
    // variance too large for a double is inf, as numpy gives.
    for (int64_t s = first; s < first + count; ++s) {
        column.copyToDouble(s, 1, row.data());
        for (int64_t d = 0; d < width; ++d) {
            const double x = row[d];
            DimensionStats& st = stats[d];
            if (!std::isfinite(x)) { ++st.nonFinite; continue; }
            ++st.count;
            const double halfDelta = 0.5 * x - 0.5 * mean[d];
            mean[d] += (halfDelta / static_cast<double>(st.count)) * 2.0;
            m2[d] += 4.0 * (halfDelta * (0.5 * x - 0.5 * mean[d]));  // the product first: finite, or a true overflow
            lo[d] = std::min(lo[d], x);
            hi[d] = std::max(hi[d], x);
        }
    }
    for (int64_t d = 0; d < width; ++d) {
        DimensionStats& st = stats[d];
        if (st.count == 0) {
            st.mean = st.std = st.min = st.max = std::numeric_limits<double>::quiet_NaN();
            continue;
        }
        st.mean = mean[d];
        st.std = std::sqrt(m2[d] / static_cast<double>(st.count));
        st.min = lo[d];
        st.max = hi[d];
    }
    return stats;
}

}  // namespace rssm
