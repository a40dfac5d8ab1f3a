#include "series/ColumnDecimation.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace rssm {

namespace {

// The indices of one column's points that a polyline needs, in x order.
void keepColumn(size_t first, size_t last, size_t lowest, size_t highest,
                std::vector<size_t>& kept) {
    std::array<size_t, 4> picks{first, lowest, highest, last};
    std::sort(picks.begin(), picks.end());
    for (size_t i = 0; i < picks.size(); ++i) {
        if (i > 0 && picks[i] == picks[i - 1]) continue;
        kept.push_back(picks[i]);
    }
}

}  // namespace

DecimatedCurve decimateByColumn(const std::vector<double>& x, const std::vector<double>& y, double xMin, double xMax,
                                int columns) {
    DecimatedCurve out;
    const size_t n = std::min(x.size(), y.size());
    // The visible range, widened by one point either side.
    size_t begin = static_cast<size_t>(std::lower_bound(x.begin(), x.begin() + n, xMin) - x.begin());
    size_t end = static_cast<size_t>(std::upper_bound(x.begin(), x.begin() + n, xMax) - x.begin());
    if (begin > 0) --begin;
    if (end < n) ++end;

    std::vector<size_t> kept;
    const bool reduce = columns >= 1 && xMax > xMin && end - begin > 4 * static_cast<size_t>(columns);
    if (!reduce) {
        for (size_t i = begin; i < end; ++i) kept.push_back(i);
    } else {
        const double width = (xMax - xMin) / columns;
        auto columnOf = [&](double v) { return static_cast<long>(std::floor((v - xMin) / width)); };
        size_t i = begin;
        while (i < end) {
            if (!std::isfinite(y[i])) {
                ++i;
                continue;
            }
            const long column = columnOf(x[i]);
            size_t first = i, last = i, lowest = i, highest = i;
            for (++i; i < end && columnOf(x[i]) == column; ++i) {
                if (!std::isfinite(y[i])) continue;
                last = i;
                if (y[i] < y[lowest]) lowest = i;
                if (y[i] > y[highest]) highest = i;
            }
            keepColumn(first, last, lowest, highest, kept);
        }
    }
    for (size_t i : kept) {
        if (!std::isfinite(y[i])) continue;
        out.x.push_back(x[i]);
        out.y.push_back(y[i]);
    }
    return out;
}

}  // namespace rssm
