#include "model/FusedRecurrence.h"

#include <torch/autograd.h>
#include <torch/torch.h>

#include "util/Error.h"

namespace rssm {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

EngineKind engineFromName(const std::string& name) {
    if (name == "fused") return EngineKind::Fused;
    if (name == "autograd") return EngineKind::Autograd;
    throw Error("training.engine=" + name + ": expected fused or autograd");
}

const char* engineName(EngineKind kind) { return kind == EngineKind::Fused ? "fused" : "autograd"; }

namespace {

// The forward's tensor arguments, in order; backward returns one gradient each.
enum Arg { ActionPart, EmbedPart, H0, Wz, Wih, Bih, Whh, Bhh, Wh, Wp2, Bp2, ImgGain, ImgBias, PostGain, PostBias, ArgCount };
// Arguments before the tensors: the inputs that take no gradient, the settings, the kernel choice.
constexpr int kLeadingArgs = 3;

// Autograd takes no undefined tensor arguments: an empty one stands in for a
// weight the model does not have (the LayerNorms without model.layer_norm).
torch::Tensor orEmpty(const torch::Tensor& t) { return t.defined() ? t : torch::empty({0}); }
torch::Tensor contiguous(const torch::Tensor& t) { return t.defined() && t.numel() > 0 ? t.contiguous() : torch::Tensor(); }

void storeSettings(AutogradContext* ctx, const fused::RecurrenceSettings& s, bool cpuKernel) {
    ctx->saved_data["act"] = static_cast<int64_t>(s.act);
    ctx->saved_data["layer_norm"] = s.layerNorm;
    ctx->saved_data["discrete"] = s.discrete;
    ctx->saved_data["classes"] = s.classes;
    ctx->saved_data["unimix"] = s.unimix;
    ctx->saved_data["min_std"] = s.minStd;
    ctx->saved_data["eps"] = s.layerNormEps;
    ctx->saved_data["resets"] = s.resets;
    ctx->saved_data["threads"] = static_cast<int64_t>(s.threads);
    ctx->saved_data["cpu_kernel"] = cpuKernel;
}

fused::RecurrenceSettings loadSettings(AutogradContext* ctx) {
    fused::RecurrenceSettings s;
    s.act = static_cast<fused::Activation>(ctx->saved_data["act"].toInt());
    s.layerNorm = ctx->saved_data["layer_norm"].toBool();
    s.discrete = ctx->saved_data["discrete"].toBool();
    s.classes = ctx->saved_data["classes"].toInt();
    s.unimix = ctx->saved_data["unimix"].toDouble();
    s.minStd = ctx->saved_data["min_std"].toDouble();
    s.layerNormEps = ctx->saved_data["eps"].toDouble();
    s.resets = ctx->saved_data["resets"].toBool();
    s.threads = static_cast<int>(ctx->saved_data["threads"].toInt());
    return s;
}

class FusedRecurrenceFunction : public torch::autograd::Function<FusedRecurrenceFunction> {
public:
    static variable_list forward(AutogradContext* ctx, const RecurrenceInputs& in, const fused::RecurrenceSettings& s, bool cpuKernel, torch::Tensor actionPart, torch::Tensor embedPart,
                                 torch::Tensor h0, torch::Tensor wz, torch::Tensor wih, torch::Tensor bih, torch::Tensor whh,
                                 torch::Tensor bhh, torch::Tensor wh, torch::Tensor wp2, torch::Tensor bp2, torch::Tensor imgGain,
                                 torch::Tensor imgBias, torch::Tensor postGain, torch::Tensor postBias) {
        fused::RecurrenceTape tp;
        tp.actionPart = actionPart.contiguous();
        tp.embedPart = embedPart.contiguous();
        tp.h0 = h0.contiguous();
        tp.keep = contiguous(in.keep);
        tp.noise = in.noise.contiguous();
        tp.wz = wz.contiguous();
        tp.wih = wih.contiguous();
        tp.bih = bih.contiguous();
        tp.whh = whh.contiguous();
        tp.bhh = bhh.contiguous();
        tp.wh = wh.contiguous();
        tp.wp2 = wp2.contiguous();
        tp.bp2 = bp2.contiguous();
        tp.imgGain = contiguous(imgGain);
        tp.imgBias = contiguous(imgBias);
        tp.postGain = contiguous(postGain);
        tp.postBias = contiguous(postBias);
        fused::allocateTape(tp, s);
        if (cpuKernel) fused::forwardCpu(tp, s);
        else fused::forwardTensor(tp, s);
        storeSettings(ctx, s, cpuKernel);
        ctx->saved_data["tape"] = tp.saved();
        ctx->save_for_backward({tp.hs, tp.posts});
        return {tp.hs, tp.zs, tp.posts};
    }

    static variable_list backward(AutogradContext* ctx, variable_list grads) {
        const fused::RecurrenceSettings s = loadSettings(ctx);
        fused::RecurrenceTape tp;
        tp.restore(ctx->saved_data["tape"].toTensorVector());
        const auto outputs = ctx->get_saved_variables();
        tp.hs = outputs[0];
        tp.posts = outputs[1];

        fused::RecurrenceGrads g;
        g.gH = grads[0].contiguous();
        g.gZ = grads[1].contiguous();
        g.gPost = grads[2].contiguous();
        fused::allocateGrads(tp, g, s);
        if (ctx->saved_data["cpu_kernel"].toBool()) fused::backwardCpu(tp, g, s);
        else fused::backwardTensor(tp, g, s);

        // Weight gradients: one product each over every (step, batch) row.
        const int64_t rows = tp.T * tp.B;
        auto flat = [rows](const torch::Tensor& x) { return x.view({rows, -1}); };
        auto need = [ctx](Arg a) { return ctx->needs_input_grad(a); };  // counts tensor arguments only
        variable_list out(kLeadingArgs + ArgCount);
        auto set = [&out](Arg a, torch::Tensor t) { out[kLeadingArgs + a] = std::move(t); };
        if (need(ActionPart)) set(ActionPart, g.dxpre);
        if (need(EmbedPart)) set(EmbedPart, g.dppre);
        if (need(H0)) set(H0, g.dh0);
        if (need(Wz)) set(Wz, flat(g.dxpre).t().mm(flat(tp.zin)));
        if (need(Wih)) set(Wih, flat(g.dgi).t().mm(flat(tp.x)));
        if (need(Bih)) set(Bih, flat(g.dgi).sum(0));
        if (need(Whh)) set(Whh, flat(g.dgh).t().mm(flat(tp.hin)));
        if (need(Bhh)) set(Bhh, flat(g.dgh).sum(0));
        if (need(Wh)) set(Wh, flat(g.dppre).t().mm(flat(tp.hs)));
        if (need(Wp2)) set(Wp2, flat(g.dstats).t().mm(flat(tp.p)));
        if (need(Bp2)) set(Bp2, flat(g.dstats).sum(0));
        if (s.layerNorm) {
            if (need(ImgGain)) set(ImgGain, (flat(g.dxa) * flat(tp.imgXhat)).sum(0));
            if (need(ImgBias)) set(ImgBias, flat(g.dxa).sum(0));
            if (need(PostGain)) set(PostGain, (flat(g.dpa) * flat(tp.postXhat)).sum(0));
            if (need(PostBias)) set(PostBias, flat(g.dpa).sum(0));
        }
        return out;
    }
};

}  // namespace

RecurrenceOutputs fusedRecurrence(const RecurrenceInputs& in, const RecurrenceWeights& w, const fused::RecurrenceSettings& settings,
                                  const EngineOptions& engine) {
    const bool cpuKernel = in.actionPart.is_cpu() && in.actionPart.scalar_type() == torch::kFloat && !engine.tensorKernel;
    fused::RecurrenceSettings s = settings;
    s.threads = cpuKernel ? std::max(1, engine.sliceThreads) : 1;
    // The differentiable inputs go as tensor arguments (autograd tracks
    // those); keep and noise, which take no gradient, ride in `in`.
    const auto outs = FusedRecurrenceFunction::apply(in, s, cpuKernel, in.actionPart, in.embedPart, in.h0, w.wz, w.wih, w.bih, w.whh,
                                                     w.bhh, w.wh, w.wp2, w.bp2, orEmpty(w.imgGain), orEmpty(w.imgBias),
                                                     orEmpty(w.postGain), orEmpty(w.postBias));
    return {outs[0], outs[1], outs[2]};
}

}  // namespace rssm
