#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "data/RolloutConfig.h"

namespace rssm {

// Gaussian normalisation of one key: x' = (x - mean) / std, and back. A
// standard deviation below kMinStd is taken as kMinStd so constant
// dimensions do not divide by zero.
class Normalizer {
public:
    static constexpr double kMinStd = 1e-8;

    Normalizer() = default;
    // Throws rssm::Error when the statistics do not have `width` entries.
    Normalizer(const NormStats& stats, int64_t width, const std::string& what);
    static Normalizer identity(int64_t width);

    int64_t width() const { return static_cast<int64_t>(mean_.size()); }
    const std::vector<double>& mean() const { return mean_; }
    const std::vector<double>& std() const { return std_; }

    // In place, on `rows` rows of width() floats.
    void normalize(float* data, int64_t rows) const;
    void denormalize(float* data, int64_t rows) const;
    double denormalizeValue(double v, int64_t dim) const { return v * std_[dim] + mean_[dim]; }
    // Squared errors scale by std^2 on the way back to physical units.
    double denormalizeSquaredError(double e, int64_t dim) const { return e * std_[dim] * std_[dim]; }

private:
    std::vector<double> mean_;
    std::vector<double> std_;
};

}  // namespace rssm
