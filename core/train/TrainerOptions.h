#pragma once
#include <cstdint>
#include <string>

namespace rssm {

// The config's training.* keys. These defaults are the config's: the schema
// (config/ConfigSchema.cpp) reads them from a default-constructed struct, so
// each is written only here.
struct TrainerOptions {
    int64_t steps = 10000;
    int64_t batchSize = 64;
    double lr = 3e-4;
    double gradClip = 100.0;  // 0: no clipping
    int64_t warmupSteps = 0;
    int64_t evalEvery = 500;
    int64_t valBatches = 8;
    int64_t saveEvery = 1000;
    int64_t logEvery = 10;
    uint64_t seed = 0;
    std::string device = "auto";  // auto, cpu or cuda
    int deviceIndex = 0;          // which GPU for cuda: a data-parallel rank's LOCAL_RANK
    int threads = 0;              // 0: choose
    std::string engine = "fused";  // fused or autograd (model/FusedRecurrence.h)
};

}  // namespace rssm
