#pragma once
#include <functional>

#include <torch/nn/module.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/rnn.h>
#include <torch/nn/pimpl.h>

#include "model/FusedRecurrence.h"
#include "model/LatentDistribution.h"
#include "model/ModelOptions.h"

namespace rssm {

// The recurrent state-space model: a GRU deterministic state h and a
// stochastic state z.
//   x_t = act(W [z_{t-1}; a_{t-1}]),  h_t = GRU(x_t, h_{t-1})
//   prior p(z_t | h_t),  posterior q(z_t | h_t, e_t),  decoder(h_t, z_t)
// At an episode start h, z and the previous action are reset to the initial
// state. Only what depends on the previous step runs inside the recurrence:
// the action and embedding halves of the first layers, the prior, the
// decoder and the KL are computed for all steps at once.
class RssmImpl : public torch::nn::Module {
public:
    explicit RssmImpl(const ModelOptions& options);

    struct Observed {
        torch::Tensor h, z;               // [B, T, deter], [B, T, stoch]
        torch::Tensor postStats, priorStats;  // [B, T, statsDim]
    };
    // embed [B, T, embedDim]; prevAction [B, T, A] (the action that led to
    // step t, zero at t = 0 and at resets); isFirst [B, T]. With sample false
    // the posterior's mode is used (evaluation). Sampled passes run on the
    // engine set by setEngine (the fused recurrence by default).
    Observed observe(const torch::Tensor& embed, const torch::Tensor& prevAction, const torch::Tensor& isFirst, bool sample = true);

    struct Imagined {
        torch::Tensor h, z, priorStats;  // [B, H, ...]
    };
    // Open loop from (h, z) [B, deter], [B, stoch] with actions [B, H, A]:
    // step k uses actions[:, k] to reach the next state.
    Imagined imagine(torch::Tensor h, torch::Tensor z, const torch::Tensor& actions, bool sample);

    void setEngine(const EngineOptions& engine) { engine_ = engine; }
    // Where sampled passes draw their noise (model/JobRandom.h); LibTorch's
    // default generator when none.
    void setGenerator(c10::optional<at::Generator> generator) { generator_ = std::move(generator); }
    const EngineOptions& engine() const { return engine_; }

    torch::Tensor decode(const torch::Tensor& h, const torch::Tensor& z);
    torch::Tensor initialH(int64_t batch);
    const LatentDistribution& distribution() const { return dist_; }

    torch::nn::Sequential obs_embed{nullptr};
    torch::nn::Sequential img_in{nullptr};
    torch::nn::GRUCell gru{nullptr};
    torch::nn::Sequential prior{nullptr};
    torch::nn::Sequential post{nullptr};
    torch::nn::Sequential decoder{nullptr};
    torch::Tensor initial_h;  // registered only with learned_initial_state

private:
    // The action half of img_in's first layer, with its bias, for every step
    // at once: actions [B, T, A] -> [T, B, hidden], time-major for the loop.
    torch::Tensor actionParts(const torch::Tensor& actions);
    // One step of the deterministic state (dreamerv3's _core):
    // h' = GRU(img_in([z; a]), h), given the action's part of img_in's first
    // layer and the transposed z half of its weight.
    torch::Tensor transition(const torch::Tensor& h, const torch::Tensor& z, const torch::Tensor& actionPart, const torch::Tensor& wzT);
    // The loop observe and imagine share: at each step the resets (when keep
    // [T, B, 1] is given), the transition, then a head's statistics from the
    // new h (the posterior's, which also sees the observation, or the
    // prior's) and the next z drawn from them.
    struct Resets {
        torch::Tensor keep, h0;
    };
    struct Unrolled {
        torch::Tensor h, z, stats;  // [B, T, ...]
    };
    using StepHead = std::function<torch::Tensor(int64_t t, const torch::Tensor& h)>;
    using StepLatent = std::function<torch::Tensor(int64_t t, const torch::Tensor& stats)>;
    Unrolled unroll(torch::Tensor h, torch::Tensor z, const torch::Tensor& actionPart, const Resets& resets, const StepHead& head,
                    const StepLatent& latent);
    Observed observeFused(const torch::Tensor& actionPart, const torch::Tensor& embedPart, const torch::Tensor& isFirst, bool resets);
    RecurrenceWeights recurrenceWeights();

    ModelOptions o_;
    EngineOptions engine_;
    c10::optional<at::Generator> generator_;
    LatentDistribution dist_;
};
TORCH_MODULE(Rssm);

}  // namespace rssm
