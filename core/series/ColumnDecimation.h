#pragma once
#include <cstddef>
#include <vector>

namespace rssm {

// A curve reduced for drawing: within each pixel column of the x range, the
// first, the lowest, the highest and the last point, in x order. Drawn as a
// polyline it covers exactly the pixels the full curve covers, so spikes
// survive (random or every-Nth subsampling drops them) and a million points
// draw as at most 4 per column. Non-finite y values are left out.
struct DecimatedCurve {
    std::vector<double> x, y;
};

// `x` must be non-decreasing. Points outside [xMin, xMax] are dropped, except
// the nearest one either side, so a zoomed-in line still reaches the edges.
// With `columns` < 1 or fewer points than 4 * columns the finite points come
// back unchanged.
DecimatedCurve decimateByColumn(const std::vector<double>& x, const std::vector<double>& y, double xMin, double xMax,
                                int columns);

}  // namespace rssm
