#include "series/CurveBuckets.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace rssm {

void CurveBuckets::clear() {
    buckets_.clear();
    exactPoints_.clear();
    exact_ = true;
    origin_ = width_ = 0.0;
    points_ = 0;
}

void CurveBuckets::append(double x, double y) {
    if (!std::isfinite(y) || !std::isfinite(x)) return;
    ++points_;
    const Point p{x, y};
    if (exact_) {
        // A short curve is kept as it is: bucket widths guessed from its first
        // gaps (a slow first step on a wall-time axis) would merge later points.
        exactPoints_.push_back(p);
        if (exactPoints_.size() <= maxBuckets_) return;
        exact_ = false;
        origin_ = exactPoints_.front().x;
        const double span = exactPoints_.back().x - origin_;
        width_ = span > 0 ? span / static_cast<double>(maxBuckets_ / 2) : 1.0;
        std::vector<Point> all;
        all.swap(exactPoints_);
        for (const Point& q : all) addToBuckets(q);
        return;
    }
    addToBuckets(p);
}

void CurveBuckets::addToBuckets(const Point& p) {
    long index = static_cast<long>(std::floor((p.x - origin_) / width_));
    while (static_cast<size_t>(index) >= maxBuckets_) {
        mergePairs();
        index = static_cast<long>(std::floor((p.x - origin_) / width_));
    }
    if (!buckets_.empty() && buckets_.back().index == index) {
        Bucket& b = buckets_.back();
        if (p.y < b.lowest.y) b.lowest = p;
        if (p.y > b.highest.y) b.highest = p;
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
    if (exact_) {
        for (const Point& p : exactPoints_) xs.push_back(p.x), ys.push_back(p.y);
        return decimateByColumn(xs, ys, xMin, xMax, columns);
    }
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
