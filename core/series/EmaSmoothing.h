#pragma once
#include <vector>

namespace rssm {

// TensorBoard's smoothing of a training curve: an exponential moving average
// with weight `weight` in [0, 1) on the past, divided by (1 - weight^n) after
// n finite points so the start of the curve is not pulled towards zero.
// Non-finite points (a skipped validation, a diverged loss) are passed through
// as they are and do not disturb the average.
std::vector<double> emaSmooth(const std::vector<double>& values, double weight);

}  // namespace rssm
