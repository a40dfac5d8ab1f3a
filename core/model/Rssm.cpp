#include "model/Rssm.h"

#include <torch/torch.h>

#include "model/Mlp.h"
#include "model/RecurrenceTape.h"

namespace rssm {

namespace {

// The Sequential after its first (Linear) layer: that layer is computed by
// parts outside, the rest (norm, activation, further layers) here.
torch::Tensor forwardAfterFirst(torch::nn::Sequential& seq, torch::Tensor x) {
    for (auto it = seq->begin() + 1; it != seq->end(); ++it) x = it->forward(x);
    return x;
}

std::shared_ptr<torch::nn::LinearImpl> firstLinear(torch::nn::Sequential& seq) { return seq->ptr<torch::nn::LinearImpl>(0); }
std::shared_ptr<torch::nn::LinearImpl> lastLinear(torch::nn::Sequential& seq) { return seq->ptr<torch::nn::LinearImpl>(seq->size() - 1); }
std::shared_ptr<torch::nn::LayerNormImpl> firstNorm(torch::nn::Sequential& seq) { return seq->ptr<torch::nn::LayerNormImpl>(1); }

}  // namespace

RssmImpl::RssmImpl(const ModelOptions& o) : o_(o), dist_(o_) {
    const int64_t input = o_.obsWindow * o_.featureDim();
    obs_embed = register_module("obs_embed", makeMlp({input, o_.hiddenDim, o_.embedDim}, o_.act, o_.layerNorm, true));
    img_in = register_module("img_in", makeMlp({o_.stochDim + o_.actionDim, o_.hiddenDim}, o_.act, o_.layerNorm, true));
    gru = register_module("gru", torch::nn::GRUCell(o_.hiddenDim, o_.deterDim));
    prior = register_module("prior", makeMlp({o_.deterDim, o_.hiddenDim, o_.statsDim()}, o_.act, o_.layerNorm));
    post = register_module("post", makeMlp({o_.deterDim + o_.embedDim, o_.hiddenDim, o_.statsDim()}, o_.act, o_.layerNorm));
    decoder = register_module("decoder", makeMlp({o_.deterDim + o_.stochDim, o_.hiddenDim, o_.hiddenDim, o_.featureDim()}, o_.act, o_.layerNorm));
    if (o_.learnedInitialState) initial_h = register_parameter("initial_h", torch::zeros({o_.deterDim}));
}

torch::Tensor RssmImpl::initialH(int64_t batch) {
    if (o_.learnedInitialState) return torch::tanh(initial_h).unsqueeze(0).expand({batch, o_.deterDim});
    return torch::zeros({batch, o_.deterDim}, gru->weight_hh.options());
}

torch::Tensor RssmImpl::actionParts(const torch::Tensor& actions) {
    const int64_t batch = actions.size(0), steps = actions.size(1);
    const auto imgW = firstLinear(img_in)->weight, imgB = firstLinear(img_in)->bias;
    return torch::addmm(imgB, actions.transpose(0, 1).reshape({-1, o_.actionDim}), imgW.narrow(1, o_.stochDim, o_.actionDim).t())
        .view({steps, batch, -1});
}

torch::Tensor RssmImpl::transition(const torch::Tensor& h, const torch::Tensor& z, const torch::Tensor& actionPart, const torch::Tensor& wzT) {
    const auto x = forwardAfterFirst(img_in, torch::addmm(actionPart, z, wzT));
    return gru->forward(x, h);
}

RssmImpl::Unrolled RssmImpl::unroll(torch::Tensor h, torch::Tensor z, const torch::Tensor& actionPart, const Resets& resets,
                                    const StepHead& head, const StepLatent& latent) {
    const int64_t steps = actionPart.size(0);
    const auto wzT = firstLinear(img_in)->weight.narrow(1, 0, o_.stochDim).t();
    // Slices taken once: indexing [T, B, H] tensors inside the loop makes the
    // backward pass allocate and sum a whole-tensor gradient for every step.
    const auto actionSteps = actionPart.unbind(0);
    std::vector<torch::Tensor> hs, zs, stats;
    hs.reserve(steps);
    zs.reserve(steps);
    stats.reserve(steps);
    for (int64_t t = 0; t < steps; ++t) {
        if (resets.keep.defined()) {
            const auto k = resets.keep[t];
            h = k * h + (1.0 - k) * resets.h0;
            z = k * z;
        }
        h = transition(h, z, actionSteps[t], wzT);
        stats.push_back(head(t, h));
        z = latent(t, stats.back());
        hs.push_back(h);
        zs.push_back(z);
    }
    return {torch::stack(hs, 1), torch::stack(zs, 1), torch::stack(stats, 1)};
}

RssmImpl::Observed RssmImpl::observe(const torch::Tensor& embed, const torch::Tensor& prevAction, const torch::Tensor& isFirst, bool sample) {
    const int64_t batch = embed.size(0), steps = embed.size(1);
    // Split the first layers' weights: [W_z | W_a] for img_in, [W_h | W_e]
    // for the posterior. The action and embedding parts, and the biases, are
    // one matrix product each for all steps, time-major for the loop.
    const auto postW = firstLinear(post)->weight, postB = firstLinear(post)->bias;
    const auto whT = postW.narrow(1, 0, o_.deterDim).t();
    const auto actionPart = actionParts(prevAction);
    const auto embedPart = torch::addmm(postB, embed.transpose(0, 1).reshape({-1, o_.embedDim}),
                                        postW.narrow(1, o_.deterDim, o_.embedDim).t()).view({steps, batch, -1});
    // Training windows never cross an episode: then only step 0 can start
    // one, where h and z already are the initial state, and the masks can go.
    // Asking would wait for a GPU, so there the masks stay.
    const bool resets = steps > 1 && (!isFirst.is_cpu() || isFirst.narrow(1, 1, steps - 1).any().item<bool>());
    if (sample && engine_.kind == EngineKind::Fused) return observeFused(actionPart, embedPart, isFirst, resets);
    Resets r;
    r.h0 = initialH(batch);
    if (resets) r.keep = (~isFirst).to(embed.dtype()).transpose(0, 1).unsqueeze(-1);  // [T, B, 1]
    torch::Tensor noise;
    if (sample) noise = dist_.noiseFor(torch::empty({steps, batch, o_.statsDim()}, embed.options()), generator_);
    const auto embedSteps = embedPart.unbind(0);
    // The posterior's head: h and the observation's embedding.
    const Unrolled u = unroll(
        r.h0, torch::zeros({batch, o_.stochDim}, embed.options()), actionPart, r,
        [&](int64_t t, const torch::Tensor& h) { return forwardAfterFirst(post, torch::addmm(embedSteps[t], h, whT)); },
        [&](int64_t t, const torch::Tensor& stats) { return sample ? dist_.sample(stats, noise[t]) : dist_.mode(stats); });
    Observed out;
    out.h = u.h;
    out.z = u.z;
    out.postStats = u.stats;
    out.priorStats = prior->forward(out.h);  // the prior head of every step at once, as imagine's per step
    return out;
}

RecurrenceWeights RssmImpl::recurrenceWeights() {
    RecurrenceWeights w;
    w.wz = firstLinear(img_in)->weight.narrow(1, 0, o_.stochDim);
    w.wih = gru->weight_ih;
    w.bih = gru->bias_ih;
    w.whh = gru->weight_hh;
    w.bhh = gru->bias_hh;
    w.wh = firstLinear(post)->weight.narrow(1, 0, o_.deterDim);
    w.wp2 = lastLinear(post)->weight;
    w.bp2 = lastLinear(post)->bias;
    if (o_.layerNorm) {
        w.imgGain = firstNorm(img_in)->weight;
        w.imgBias = firstNorm(img_in)->bias;
        w.postGain = firstNorm(post)->weight;
        w.postBias = firstNorm(post)->bias;
    }
    return w;
}

RssmImpl::Observed RssmImpl::observeFused(const torch::Tensor& actionPart, const torch::Tensor& embedPart, const torch::Tensor& isFirst,
                                          bool resets) {
    const int64_t steps = actionPart.size(0), batch = actionPart.size(1);
    fused::RecurrenceSettings s;
    s.act = fused::activationFromName(o_.act);
    s.layerNorm = o_.layerNorm;
    s.discrete = o_.discrete;
    s.classes = o_.discreteClasses;
    s.unimix = o_.unimix;
    s.minStd = o_.minStd;
    s.resets = resets;
    RecurrenceInputs in;
    in.actionPart = actionPart;
    in.embedPart = embedPart;
    in.h0 = initialH(batch);
    if (resets) in.keep = (~isFirst).to(actionPart.dtype()).transpose(0, 1).contiguous();
    // The same draw, in the same order, as the step-by-step path.
    in.noise = dist_.noiseFor(torch::empty({steps, batch, o_.statsDim()}, actionPart.options()), generator_);
    const RecurrenceOutputs r = fusedRecurrence(in, recurrenceWeights(), s, engine_);
    Observed out;
    out.h = r.h.transpose(0, 1);
    out.z = r.z.transpose(0, 1);
    out.postStats = r.postStats.transpose(0, 1);
    out.priorStats = prior->forward(out.h);
    return out;
}

RssmImpl::Imagined RssmImpl::imagine(torch::Tensor h, torch::Tensor z, const torch::Tensor& actions, bool sample) {
    // The prior's head: h alone; noise drawn step by step.
    const Unrolled u = unroll(
        std::move(h), std::move(z), actionParts(actions), Resets{},
        [&](int64_t, const torch::Tensor& next) { return prior->forward(next); },
        [&](int64_t, const torch::Tensor& stats) { return sample ? dist_.sample(stats, dist_.noiseFor(stats, generator_)) : dist_.mode(stats); });
    return {u.h, u.z, u.stats};
}

torch::Tensor RssmImpl::decode(const torch::Tensor& h, const torch::Tensor& z) { return decoder->forward(torch::cat({h, z}, -1)); }

}  // namespace rssm
