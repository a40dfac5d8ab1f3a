#pragma once
#include <cstdint>
#include <mutex>

#include <ATen/core/Generator.h>
#include <c10/core/Device.h>
#include <c10/util/Optional.h>
#include <torch/nn/module.h>

namespace rssm {

// Each job (a training run, a prediction, an evaluation) draws its noise from
// its own generator, so jobs running side by side in one process (the
// window) never change each other's random streams: a run trained there
// gives the same losses as the same run from the command line.
// A CPU generator seeded with `seed`; on other devices none, and LibTorch's
// default generator for that device is seeded instead.
c10::optional<at::Generator> jobGenerator(uint64_t seed, const c10::Device& device);

// LibTorch's layers initialise their weights from the global generator: a
// seeded construction holds this lock, so another job building a model at
// the same moment cannot interleave its draws.
std::mutex& modelConstructionLock();

// Draws every Linear and GRU cell weight of `model` again from `generator`,
// with PyTorch's default distributions (uniform in +-1/sqrt(fan_in), and
// +-1/sqrt(hidden) for the GRU): a seeded run's first weights then depend on
// its seed alone, whatever else the process draws from the global generator.
void initialiseWeights(torch::nn::Module& model, at::Generator& generator);

}  // namespace rssm
