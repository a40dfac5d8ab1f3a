#include "series/CurveBuckets.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace rssm {

void CurveBuckets::clear() {
    buckets_.clear();
    origin_ = width_ = 0.0;
    points_ = 0;
}

void CurveBuckets::append(double x, double y) {
    if (!std::isfinite(y) || !std::isfinite(x)) return;
    ++points_;
    const Point p{x, y};
    if (buckets_.empty()) {
        origin_ = x;
        buckets_.push_back({0, p, p, p, p});
        return;
    }
    if (width_ == 0.0) {
        if (x == origin_) {
            Bucket& b = buckets_.back();
            if (y < b.lowest.y) b.lowest = p;
            if (y > b.highest.y) b.highest = p;
            b.last = p;
            return;
        }
        // The first step between distinct x sets the finest width: a bucket per
        // point while the curve is short (steps logged every N give width N).
        width_ = x - origin_;
    }
    long index = static_cast<long>(std::floor((x - origin_) / width_));
    while (static_cast<size_t>(index) >= maxBuckets_) {
        mergePairs();
        index = static_cast<long>(std::floor((x - origin_) / width_));
    }
    Bucket& b = buckets_.back();
    if (b.index == index) {
        if (y < b.lowest.y) b.lowest = p;
        if (y > b.highest.y) b.highest = p;
        b.last = p;
    } else {
        buckets_.push_back({index, p, p, p, p});
    }
}

void CurveBuckets::mergePairs() {
    width_ *= 2.0;
    std::vector<Bucket> merged;
    merged.reserve(buckets_.size() / 2 + 1);
    for (const Bucket& b : buckets_) {
        const long index = b.index / 2;
        if (!merged.empty() && merged.back().index == index) {
            Bucket& m = merged.back();
            if (b.lowest.y < m.lowest.y) m.lowest = b.lowest;
            if (b.highest.y > m.highest.y) m.highest = b.highest;
            m.last = b.last;
        } else {
            merged.push_back({index, b.first, b.lowest, b.highest, b.last});
        }
    }
    buckets_ = std::move(merged);
}

DecimatedCurve CurveBuckets::reduced(double xMin, double xMax, int columns) const {
    std::vector<double> xs, ys;
    xs.reserve(buckets_.size() * 4);
    ys.reserve(buckets_.size() * 4);
    for (const Bucket& b : buckets_) {
        std::array<Point, 4> picks{b.first, b.lowest, b.highest, b.last};
        std::stable_sort(picks.begin(), picks.end(), [](const Point& a, const Point& c) { return a.x < c.x; });
        for (size_t i = 0; i < picks.size(); ++i) {
            // The same point picked twice (a bucket of one point) is kept once.
            if (i > 0 && picks[i].x == picks[i - 1].x && picks[i].y == picks[i - 1].y) continue;
            xs.push_back(picks[i].x);
            ys.push_back(picks[i].y);
        }
    }
    return decimateByColumn(xs, ys, xMin, xMax, columns);
}

}  // namespace rssm
