#pragma once
#include <map>
#include <string>

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include "data/SequenceDataset.h"
#include "model/ModelOptions.h"
#include "model/Rssm.h"
#include "model/Vae.h"

namespace rssm {

// Every term of the training loss, each a scalar tensor (0 when unused).
struct LossTerms {
    torch::Tensor total;
    torch::Tensor recon;     // decoder MSE on the RSSM's targets
    torch::Tensor kl;        // the KL term as optimised (free nats, balancing)
    torch::Tensor klValue;   // mean KL(q || p) in nats, before free nats
    torch::Tensor vaeRecon;  // VAE reconstruction MSE
    torch::Tensor vaeKl;     // VAE KL to N(0, I)
    // Named values for logs: loss, recon, kl, kl_value, vae_recon, vae_kl.
    std::map<std::string, double> values() const;
};

// The KL part of the loss, from the posterior's and prior's statistics
// [..., statsDim]: `value` is the mean KL(q || p) in nats (logged as
// kl_value); `term` has free nats applied (per sample or to the mean) and,
// with balancing, is dyn_scale * KL(sg(q) || p) + rep_scale * KL(q || sg(p))
// (logged as kl); `weight` is term's factor in the total loss: model.kl_scale
// without balancing, 1 with it, whose two scales replace the single one (as
// in DreamerV3).
struct KlLoss {
    torch::Tensor value, term;
    double weight = 1.0;
};
KlLoss klLoss(const LatentDistribution& dist, const torch::Tensor& postStats, const torch::Tensor& priorStats, const ModelOptions& o);

// The optional VAE and the RSSM together: the seed's world model. Parameter
// names ("vae.encoder.0.weight", "rssm.gru.weight_ih", ...) are the PyTorch
// port's (bench/reference/rssm_port.py).
class WorldModelImpl : public torch::nn::Module {
public:
    explicit WorldModelImpl(const ModelOptions& options);

    const ModelOptions& options() const { return o_; }
    // The job's generator for every draw of the loss and of sampled passes.
    void setGenerator(c10::optional<at::Generator> generator);
    LossTerms loss(const SequenceBatch& batch);

    // What the RSSM models of observations [..., obsDim]: the VAE mean latent
    // (no gradient into the VAE from the RSSM) or the observation itself.
    torch::Tensor features(const torch::Tensor& obs);
    // Stacked observations [B, T, k*obsDim] to stacked features [B, T, k*F].
    torch::Tensor stackedFeatures(const torch::Tensor& obsStack);
    // The previous action at each step: zero at t = 0 and at episode starts.
    static torch::Tensor previousActions(const torch::Tensor& action, const torch::Tensor& isFirst);
    // The decoder's output back in observation space (symexp, VAE decoder).
    torch::Tensor toObservation(const torch::Tensor& decoded);

    Vae vae{nullptr};
    Rssm rssm{nullptr};

private:
    ModelOptions o_;
    c10::optional<at::Generator> generator_;
};
TORCH_MODULE(WorldModel);

torch::Tensor symlog(const torch::Tensor& x);
torch::Tensor symexp(const torch::Tensor& x);

}  // namespace rssm
