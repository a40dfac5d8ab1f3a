#pragma once
#include <torch/types.h>

#include "model/ModelOptions.h"

namespace rssm {

// The stochastic state's distribution, from the prior's or posterior's output
// ("stats"): a diagonal Gaussian (mean, softplus(s) + min_std), or groups of
// categoricals (logits, mixed with a uniform by `unimix`) sampled as one-hots
// with straight-through gradients.
class LatentDistribution {
public:
    explicit LatentDistribution(const ModelOptions& options) : o_(options) {}

    // A differentiable sample; `noise` is standard normal of the latent's
    // shape (Gaussian) or uniform in [0, 1) of shape [..., groups] (discrete).
    torch::Tensor sample(const torch::Tensor& stats, const torch::Tensor& noise) const;
    // The noise sample() needs for stats of the given leading shape, from
    // `generator` (LibTorch's default one when none).
    torch::Tensor noiseFor(const torch::Tensor& stats, const c10::optional<at::Generator>& generator = c10::nullopt) const;
    // The mean (Gaussian) or most likely one-hot (discrete).
    torch::Tensor mode(const torch::Tensor& stats) const;
    // KL(q || p) summed over the latent, one value per leading index.
    torch::Tensor kl(const torch::Tensor& postStats, const torch::Tensor& priorStats) const;
    // The Gaussian's standard deviation (for spread displays); for a discrete
    // latent, the per-unit standard deviation of the one-hots.
    torch::Tensor stddev(const torch::Tensor& stats) const;
    // Discrete: the categoricals' probabilities [..., groups, classes], the
    // softmax of the logits mixed with a uniform: (1 - unimix) p + unimix / K.
    torch::Tensor probs(const torch::Tensor& stats) const;

private:
    ModelOptions o_;  // a copy, so copying the RSSM that holds this leaves no dangling reference
};

}  // namespace rssm
