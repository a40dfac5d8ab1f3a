#include "model/JobRandom.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/cuda.h>
#include <torch/utils.h>

namespace rssm {

c10::optional<at::Generator> jobGenerator(uint64_t seed, const c10::Device& device) {
    if (device.is_cpu()) return at::make_generator<at::CPUGeneratorImpl>(seed);
    torch::cuda::manual_seed(seed);
    return c10::nullopt;
}

std::mutex& modelConstructionLock() {
    static std::mutex lock;
    return lock;
}

}  // namespace rssm
