#include "series/EmaSmoothing.h"

#include <cmath>

namespace rssm {

double EmaSmoother::push(double v) {
    if (!std::isfinite(v)) return v;  // passed through, the average undisturbed
    average_ = average_ * weight_ + (1.0 - weight_) * v;
    debias_ *= weight_;
    return debias_ < 1.0 ? average_ / (1.0 - debias_) : v;  // weight 0: no smoothing
}

std::vector<double> emaSmooth(const std::vector<double>& values, double weight) {
    std::vector<double> out;
    out.reserve(values.size());
    EmaSmoother ema(weight);
    for (double v : values) out.push_back(ema.push(v));
    return out;
}

}  // namespace rssm
