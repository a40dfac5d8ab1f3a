#include "series/EmaSmoothing.h"

#include <cmath>

namespace rssm {

std::vector<double> emaSmooth(const std::vector<double>& values, double weight) {
    std::vector<double> out(values.size());
    double average = 0.0;
    double debias = 1.0;  // weight^n
    for (size_t i = 0; i < values.size(); ++i) {
        const double v = values[i];
        if (!std::isfinite(v)) {
            out[i] = v;
            continue;
        }
        average = average * weight + (1.0 - weight) * v;
        debias *= weight;
        out[i] = debias < 1.0 ? average / (1.0 - debias) : v;  // weight 0: no smoothing
    }
    return out;
}

}  // namespace rssm
