#pragma once
#include <cstdint>
#include <vector>

#include "data/NumericColumn.h"

namespace rssm {

// Summary of one element of a column over a range of steps. Non-finite
// values are counted and left out of the other figures.
struct DimensionStats {
    double mean = 0.0;
    double std = 0.0;  // population standard deviation, as numpy's default
    double min = 0.0;
    double max = 0.0;
    int64_t count = 0;  // finite values
    int64_t nonFinite = 0;
};

// Statistics for every element of the column, over steps [first, first+count)
// (all steps when count < 0).
std::vector<DimensionStats> computeDimensionStats(const NumericColumn& column, int64_t first = 0, int64_t count = -1);

}  // namespace rssm
