#include "model/LatentDistribution.h"

#include <torch/torch.h>

namespace rssm {

namespace {

struct Gaussian {
    torch::Tensor mean, std;
};

Gaussian gaussian(const torch::Tensor& stats, double minStd) {
    auto parts = stats.chunk(2, -1);
    return {parts[0], torch::nn::functional::softplus(parts[1]) + minStd};
}

}  // namespace

torch::Tensor LatentDistribution::probs(const torch::Tensor& stats) const {
    auto sizes = stats.sizes().vec();
    sizes.back() = o_.stochDim / o_.discreteClasses;
    sizes.push_back(o_.discreteClasses);
    auto p = torch::softmax(stats.view(sizes), -1);
    if (o_.unimix > 0) p = (1.0 - o_.unimix) * p + o_.unimix / static_cast<double>(o_.discreteClasses);
    return p;
}

torch::Tensor LatentDistribution::noiseFor(const torch::Tensor& stats, const c10::optional<at::Generator>& generator) const {
    auto sizes = stats.sizes().vec();
    sizes.back() = o_.discrete ? o_.stochDim / o_.discreteClasses : o_.stochDim;
    return o_.discrete ? at::rand(sizes, generator, stats.options()) : at::randn(sizes, generator, stats.options());
}

torch::Tensor LatentDistribution::sample(const torch::Tensor& stats, const torch::Tensor& noise) const {
    if (!o_.discrete) {
        const Gaussian g = gaussian(stats, o_.minStd);
        return g.mean + g.std * noise;
    }
    // Inverse-CDF sampling with the given uniforms: the class whose cumulative
    // probability first exceeds u. Straight-through: the one-hot forward,
    // the probabilities' gradient backward.
    const auto p = probs(stats);
    const auto cdf = p.cumsum(-1);
    const auto index = (cdf < noise.unsqueeze(-1)).sum(-1, /*keepdim=*/true).clamp_max(o_.discreteClasses - 1);
    const auto onehot = torch::zeros_like(p).scatter_(-1, index, 1.0);
    const auto st = onehot + p - p.detach();
    auto sizes = stats.sizes().vec();
    return st.reshape(sizes);
}

torch::Tensor LatentDistribution::mode(const torch::Tensor& stats) const {
    if (!o_.discrete) return gaussian(stats, o_.minStd).mean;
    const auto p = probs(stats);
    const auto onehot = torch::zeros_like(p).scatter_(-1, p.argmax(-1, true), 1.0);
    return onehot.reshape(stats.sizes());
}

torch::Tensor LatentDistribution::kl(const torch::Tensor& postStats, const torch::Tensor& priorStats) const {
    if (!o_.discrete) {
        const Gaussian q = gaussian(postStats, o_.minStd);
        const Gaussian p = gaussian(priorStats, o_.minStd);
        // KL of diagonal Gaussians, summed over dimensions.
        const auto ratio = (q.std / p.std).pow(2);
        const auto term = (q.mean - p.mean) / p.std;
        return (0.5 * (ratio + term.pow(2) - 1.0 - ratio.log())).sum(-1);
    }
    const auto q = probs(postStats);
    const auto p = probs(priorStats);
    return (q * (q.log() - p.log())).sum({-2, -1});
}

torch::Tensor LatentDistribution::stddev(const torch::Tensor& stats) const {
    if (!o_.discrete) return gaussian(stats, o_.minStd).std;
    const auto p = probs(stats);
    return (p * (1.0 - p)).sqrt().reshape(stats.sizes());
}

}  // namespace rssm
