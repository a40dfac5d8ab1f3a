// Curve smoothing and per-column decimation, as the training charts draw them.
#include <algorithm>
#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "series/ColumnDecimation.h"
#include "series/CurveBuckets.h"
#include "series/EmaSmoothing.h"

using namespace rssm;

TEST(EmaSmoothing, DebiasedStartEqualsTheFirstPointAndFollowsTensorBoard) {
    const std::vector<double> v{10.0, 20.0, 30.0};
    const auto s = emaSmooth(v, 0.6);
    // TensorBoard: last = last * w + (1 - w) * v; smoothed = last / (1 - w^n).
    EXPECT_DOUBLE_EQ(s[0], 10.0);  // not 4.0, which an uncorrected EMA from zero gives
    const double a1 = 0.4 * 10.0, a2 = a1 * 0.6 + 0.4 * 20.0, a3 = a2 * 0.6 + 0.4 * 30.0;
    EXPECT_NEAR(s[1], a2 / (1 - 0.36), 1e-12);
    EXPECT_NEAR(s[2], a3 / (1 - 0.216), 1e-12);
    EXPECT_LT(s[2], 30.0);  // still lags behind a rising curve
}

TEST(EmaSmoothing, WeightZeroIsTheRawCurveAndGapsPassThrough) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const std::vector<double> v{1.0, nan, 3.0};
    const auto raw = emaSmooth(v, 0.0);
    EXPECT_DOUBLE_EQ(raw[0], 1.0);
    EXPECT_TRUE(std::isnan(raw[1]));
    EXPECT_DOUBLE_EQ(raw[2], 3.0);
    const auto s = emaSmooth(v, 0.5);
    EXPECT_TRUE(std::isnan(s[1]));
    EXPECT_NEAR(s[2], (0.5 * 0.5 * 1.0 + 0.5 * 3.0) / (1 - 0.25), 1e-12);  // the gap is skipped, not zeroed
}

TEST(ColumnDecimation, AMillionPointsKeepTheirSpikeAndFitFourPerColumn) {
    const size_t n = 1'000'000;
    std::vector<double> x(n), y(n);
    for (size_t i = 0; i < n; ++i) {
        x[i] = static_cast<double>(i);
        y[i] = std::sin(i * 1e-4);
    }
    y[654'321] = 50.0;  // one spike
    y[123'457] = -40.0;
    const auto d = decimateByColumn(x, y, 0.0, n - 1.0, 800);
    EXPECT_LE(d.x.size(), 4u * 800u + 2u);
    EXPECT_GT(d.x.size(), 800u);
    double hi = -1e9, lo = 1e9;
    for (double v : d.y) {
        hi = std::max(hi, v);
        lo = std::min(lo, v);
    }
    EXPECT_EQ(hi, 50.0);
    EXPECT_EQ(lo, -40.0);
    EXPECT_TRUE(std::is_sorted(d.x.begin(), d.x.end()));
    EXPECT_EQ(d.x.front(), 0.0);  // first and last points survive
    EXPECT_EQ(d.x.back(), n - 1.0);
}

TEST(ColumnDecimation, ZoomedRangeKeepsOneNeighbourEachSideAndSmallCurvesPassUnchanged) {
    std::vector<double> x, y;
    for (int i = 0; i < 100; ++i) {
        x.push_back(i);
        y.push_back(i * 2.0);
    }
    const auto d = decimateByColumn(x, y, 10.5, 20.5, 500);
    ASSERT_FALSE(d.x.empty());
    EXPECT_EQ(d.x.front(), 10.0);
    EXPECT_EQ(d.x.back(), 21.0);
    EXPECT_EQ(d.x.size(), 12u);
    y[15] = std::numeric_limits<double>::infinity();
    EXPECT_EQ(decimateByColumn(x, y, 0, 99, 500).x.size(), 99u);  // the non-finite point is left out
}

TEST(EmaSmoothing, PointByPointEqualsTheWholeCurve) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const std::vector<double> v{3.0, 1.0, nan, 7.0, -2.0, 5.5};
    const auto whole = emaSmooth(v, 0.7);
    EmaSmoother ema(0.7);
    for (size_t i = 0; i < v.size(); ++i) {
        const double s = ema.push(v[i]);
        if (std::isnan(whole[i])) EXPECT_TRUE(std::isnan(s));
        else EXPECT_DOUBLE_EQ(s, whole[i]) << i;
    }
}

TEST(CurveBuckets, AGrowingCurveKeepsItsSpikesEndsAndShortCurvesExactly) {
    // Short: fewer points than buckets, so the reduction is the full curve's.
    CurveBuckets shortCurve(64);
    std::vector<double> x, y;
    for (int i = 0; i < 40; ++i) {
        x.push_back(10.0 * i);
        y.push_back(std::cos(i));
        shortCurve.append(x.back(), y.back());
    }
    const auto exact = decimateByColumn(x, y, 0.0, 390.0, 800);
    const auto kept = shortCurve.reduced(0.0, 390.0, 800);
    EXPECT_EQ(kept.x, exact.x);
    EXPECT_EQ(kept.y, exact.y);

    // Long: a million points in 1024 buckets at most, spikes and ends kept.
    CurveBuckets buckets(1024);
    const size_t n = 1'000'000;
    for (size_t i = 0; i < n; ++i) {
        double v = std::sin(i * 1e-4);
        if (i == 654'321) v = 50.0;
        if (i == 123'457) v = -40.0;
        buckets.append(static_cast<double>(i), i == 500'000 ? std::numeric_limits<double>::quiet_NaN() : v);
    }
    EXPECT_EQ(buckets.pointCount(), n - 1);
    const auto d = buckets.reduced(0.0, n - 1.0, 300);
    EXPECT_LE(d.x.size(), 4u * 300u + 2u);
    EXPECT_EQ(*std::max_element(d.y.begin(), d.y.end()), 50.0);
    EXPECT_EQ(*std::min_element(d.y.begin(), d.y.end()), -40.0);
    EXPECT_TRUE(std::is_sorted(d.x.begin(), d.x.end()));
    EXPECT_EQ(d.x.front(), 0.0);
    EXPECT_EQ(d.x.back(), n - 1.0);
}

TEST(CurveBuckets, AShortCurveWithASlowFirstStepKeepsEveryPoint) {
    // Wall time: the first step includes the set-up, the rest are quick.
    CurveBuckets buckets(64);
    std::vector<double> x{0.0, 5.0}, y{1.0, 2.0};
    for (int i = 0; i < 30; ++i) x.push_back(5.0 + 0.01 * (i + 1)), y.push_back(std::sin(i));
    for (size_t i = 0; i < x.size(); ++i) buckets.append(x[i], y[i]);
    const auto d = buckets.reduced(x.front(), x.back(), 800);
    EXPECT_EQ(d.x, x);
    EXPECT_EQ(d.y, y);
}
