#pragma once
#include <cstddef>
#include <vector>

#include "series/ColumnDecimation.h"

namespace rssm {

// A growing curve kept reduced as its points arrive, so a chart redrawn at
// every training step does work in proportion to its pixel width, not to the
// length of the run. Up to `maxBuckets` points are kept as they are; past
// that, points fall into buckets of equal x width from the first point's x;
// each bucket keeps its first, lowest, highest and last
// point. When the buckets would exceed `maxBuckets`, neighbours merge in
// pairs and the width doubles, so memory stays bounded and every spike stays.
// Appending is O(1) amortised; reduced() is O(maxBuckets).
class CurveBuckets {
public:
    explicit CurveBuckets(size_t maxBuckets = 4096) : maxBuckets_(maxBuckets < 2 ? 2 : maxBuckets) {}

    void clear();
    // `x` must not decrease; a non-finite `y` is left out.
    void append(double x, double y);
    size_t pointCount() const { return points_; }

    // The kept points in x order (up to 4 per bucket), then reduced per
    // column of [xMin, xMax] as decimateByColumn does.
    DecimatedCurve reduced(double xMin, double xMax, int columns) const;

private:
    struct Point {
        double x, y;
    };
    struct Bucket {
        long index;
        Point first, lowest, highest, last;
    };
    void mergePairs();
    void addToBuckets(const Point& p);

    size_t maxBuckets_;
    std::vector<Bucket> buckets_;
    bool exact_ = true;          // still every point, in exactPoints_
    std::vector<Point> exactPoints_;
    double origin_ = 0.0, width_ = 1.0;
    size_t points_ = 0;
};

}  // namespace rssm
