#include "model/JobRandom.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/cuda.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/rnn.h>
#include <torch/utils.h>

#include <cmath>

namespace rssm {

c10::optional<at::Generator> jobGenerator(uint64_t seed, const c10::Device& device) {
    if (device.is_cpu()) return at::make_generator<at::CPUGeneratorImpl>(seed);
    torch::cuda::manual_seed(seed);
    return c10::nullopt;
}

void initialiseWeights(torch::nn::Module& model, at::Generator& generator) {
    torch::NoGradGuard noGrad;
    for (const auto& module : model.modules(/*include_self=*/true)) {
        if (auto* linear = module->as<torch::nn::Linear>()) {
            const double bound = 1.0 / std::sqrt(static_cast<double>(linear->weight.size(1)));
            linear->weight.uniform_(-bound, bound, generator);
            if (linear->bias.defined()) linear->bias.uniform_(-bound, bound, generator);
        } else if (auto* gru = module->as<torch::nn::GRUCell>()) {
            const double bound = 1.0 / std::sqrt(static_cast<double>(gru->weight_hh.size(1)));
            for (auto& p : gru->parameters(/*recurse=*/false)) p.uniform_(-bound, bound, generator);
        }
    }
}

std::mutex& modelConstructionLock() {
    static std::mutex lock;
    return lock;
}

}  // namespace rssm
