#include "model/WorldModel.h"

#include <torch/torch.h>

namespace rssm {

torch::Tensor symlog(const torch::Tensor& x) { return torch::sign(x) * torch::log1p(torch::abs(x)); }
torch::Tensor symexp(const torch::Tensor& x) { return torch::sign(x) * torch::expm1(torch::abs(x)); }

std::map<std::string, double> LossTerms::values() const {
    auto v = [](const torch::Tensor& t) { return t.defined() ? t.item<double>() : 0.0; };
    return {{"loss", v(total)}, {"recon", v(recon)},        {"kl", v(kl)},
            {"kl_value", v(klValue)}, {"vae_recon", v(vaeRecon)}, {"vae_kl", v(vaeKl)}};
}

void WorldModelImpl::setGenerator(c10::optional<at::Generator> generator) {
    generator_ = generator;
    rssm->setGenerator(std::move(generator));
}

WorldModelImpl::WorldModelImpl(const ModelOptions& options) : o_(options) {
    if (o_.useVae) vae = register_module("vae", Vae(o_));
    rssm = register_module("rssm", Rssm(o_));
}

torch::Tensor WorldModelImpl::features(const torch::Tensor& obs) {
    if (!o_.useVae) return obs;
    torch::NoGradGuard noGrad;
    return vae->encode(obs).first;
}

torch::Tensor WorldModelImpl::stackedFeatures(const torch::Tensor& obsStack) {
    if (!o_.useVae) return obsStack;
    auto sizes = obsStack.sizes().vec();
    const int64_t k = sizes.back() / o_.obsDim;
    auto perObs = obsStack.view({sizes[0], sizes[1], k, o_.obsDim});
    sizes.back() = k * o_.latentDim;
    return features(perObs).reshape(sizes);
}

torch::Tensor WorldModelImpl::previousActions(const torch::Tensor& action, const torch::Tensor& isFirst) {
    // action [B, L, A] -> [B, L+1, A]: nothing before step 0, action[t-1] at t.
    auto prev = torch::cat({torch::zeros_like(action.narrow(1, 0, 1)), action}, 1);
    return prev * (~isFirst).unsqueeze(-1).to(prev.dtype());
}

torch::Tensor WorldModelImpl::toObservation(const torch::Tensor& decoded) {
    auto features = o_.symlogTargets ? symexp(decoded) : decoded;
    return o_.useVae ? vae->decode(features) : features;
}

KlLoss klLoss(const LatentDistribution& dist, const torch::Tensor& postStats, const torch::Tensor& priorStats, const ModelOptions& o) {
    auto freeNats = [&](const torch::Tensor& kl) {
        return o.freeNatsPerSample ? kl.clamp_min(o.freeNats).mean() : kl.mean().clamp_min(o.freeNats);
    };
    KlLoss out;
    const auto klPerStep = dist.kl(postStats, priorStats);  // [B, T]
    out.value = klPerStep.mean().detach();
    if (o.klBalance) {
        // Train the prior towards the posterior harder than the reverse.
        const auto dyn = dist.kl(postStats.detach(), priorStats);
        const auto rep = dist.kl(postStats, priorStats.detach());
        out.term = o.klDynScale * freeNats(dyn) + o.klRepScale * freeNats(rep);
        out.weight = 1.0;
    } else {
        out.term = freeNats(klPerStep);
        out.weight = o.klScale;
    }
    return out;
}

LossTerms WorldModelImpl::loss(const SequenceBatch& batch) {
    LossTerms terms;
    const auto zero = torch::zeros({}, batch.obs.options());
    // The VAE encodes the observations once: its mean, detached, is both the
    // RSSM's target and (one observation per step) the posterior's input, and
    // the same pass is the VAE loss's.
    torch::Tensor vaeMean, vaeLogvar, target, stacked;
    if (o_.useVae) {
        std::tie(vaeMean, vaeLogvar) = vae->encode(batch.obs);
        target = vaeMean.detach();
        stacked = o_.obsWindow == 1 ? target : stackedFeatures(batch.obsStack);
    } else {
        target = batch.obs;
        stacked = batch.obsStack;
    }
    if (o_.symlogTargets) target = symlog(target);
    const auto embed = rssm->obs_embed->forward(stacked);
    const auto observed = rssm->observe(embed, previousActions(batch.action, batch.isFirst), batch.isFirst);
    terms.recon = torch::mse_loss(rssm->decode(observed.h, observed.z), target);

    const KlLoss kl = klLoss(rssm->distribution(), observed.postStats, observed.priorStats, o_);
    terms.klValue = kl.value;
    terms.kl = kl.term;
    terms.total = o_.reconScale * terms.recon + kl.weight * terms.kl;

    if (o_.useVae) {
        const auto latent = vaeMean + torch::exp(0.5 * vaeLogvar) * at::randn(vaeMean.sizes(), generator_, vaeMean.options());
        terms.vaeRecon = torch::mse_loss(vae->decode(latent), batch.obs);
        terms.vaeKl = (-0.5 * (1.0 + vaeLogvar - vaeMean.pow(2) - vaeLogvar.exp())).sum(-1).mean();
        terms.total = terms.total + terms.vaeRecon + o_.vaeBeta * terms.vaeKl;
    } else {
        terms.vaeRecon = zero;
        terms.vaeKl = zero;
    }
    return terms;
}

}  // namespace rssm
