#pragma once
#include <utility>

#include <torch/nn/module.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/pimpl.h>

#include "model/ModelOptions.h"

namespace rssm {

// A small MLP VAE: an observation to a diagonal Gaussian latent and back.
// The RSSM then models the latents (the seed's use_vae).
class VaeImpl : public torch::nn::Module {
public:
    explicit VaeImpl(const ModelOptions& options);

    // Mean and log-variance of q(latent | obs), for obs [..., obsDim].
    std::pair<torch::Tensor, torch::Tensor> encode(const torch::Tensor& obs);
    torch::Tensor decode(const torch::Tensor& latent);

    torch::nn::Sequential encoder{nullptr};
    torch::nn::Sequential decoder{nullptr};
};
TORCH_MODULE(Vae);

}  // namespace rssm
