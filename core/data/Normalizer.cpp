#include "data/Normalizer.h"

#include <algorithm>

#include "util/Error.h"

namespace rssm {

Normalizer::Normalizer(const NormStats& stats, int64_t width, const std::string& what) {
    if (static_cast<int64_t>(stats.mean.size()) != width || static_cast<int64_t>(stats.std.size()) != width)
        throw Error(what + ": normalisation statistics have " + std::to_string(stats.mean.size()) + " entries but the data has " +
                    std::to_string(width) + " dimensions");
    mean_ = stats.mean;
    std_ = stats.std;
    for (double& s : std_) s = std::max(s, kMinStd);
}

Normalizer Normalizer::identity(int64_t width) {
    Normalizer n;
    n.mean_.assign(static_cast<size_t>(width), 0.0);
    n.std_.assign(static_cast<size_t>(width), 1.0);
    return n;
}

void Normalizer::normalize(float* data, int64_t rows) const {
    const int64_t w = width();
    for (int64_t r = 0; r < rows; ++r)
        for (int64_t d = 0; d < w; ++d) data[r * w + d] = static_cast<float>((data[r * w + d] - mean_[d]) / std_[d]);
}

void Normalizer::denormalize(float* data, int64_t rows) const {
    const int64_t w = width();
    for (int64_t r = 0; r < rows; ++r)
        for (int64_t d = 0; d < w; ++d) data[r * w + d] = static_cast<float>(data[r * w + d] * std_[d] + mean_[d]);
}

}  // namespace rssm
