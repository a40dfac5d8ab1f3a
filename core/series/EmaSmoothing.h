#pragma once
#include <vector>

namespace rssm {

// TensorBoard's smoothing of a training curve: an exponential moving average
// with weight `weight` in [0, 1) on the past, divided by (1 - weight^n) after
// n finite points so the start of the curve is not pulled towards zero.
// Non-finite points (a skipped validation, a diverged loss) are passed through
// as they are and do not disturb the average.
std::vector<double> emaSmooth(const std::vector<double>& values, double weight);

// The same average carried point by point, for a curve that grows: push()
// gives what emaSmooth would give at that point, without going over the
// curve again.
class EmaSmoother {
public:
    explicit EmaSmoother(double weight = 0.0) : weight_(weight) {}
    double push(double value);

private:
    double weight_;
    double average_ = 0.0;
    double debias_ = 1.0;  // weight^n
};

}  // namespace rssm
