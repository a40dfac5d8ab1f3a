#include "model/RecurrenceTape.h"

#include <ATen/ATen.h>

#include "util/Error.h"

namespace rssm::fused {

Activation activationFromName(const std::string& name) {
    if (name == "elu") return Activation::Elu;
    if (name == "silu") return Activation::Silu;
    if (name == "relu") return Activation::Relu;
    if (name == "tanh") return Activation::Tanh;
    throw Error("model.act: unknown activation '" + name + "'");
}

namespace {

// A saved list holds no undefined tensors: an empty one stands in for them.
at::Tensor orEmpty(const at::Tensor& t) { return t.defined() ? t : at::empty({0}); }
at::Tensor orUndefined(const at::Tensor& t) { return t.dim() == 1 && t.numel() == 0 ? at::Tensor() : t; }

}  // namespace

std::vector<at::Tensor> RecurrenceTape::saved() const {
    std::vector<at::Tensor> out = {h0,  keep, noise, wz,    wih,     whh,  wh,       wp2,     imgGain,  postGain,
                                   zin, hin,  xa,    x,     gates,   pa,   p,        imgXhat, imgRstd,  postXhat, postRstd};
    for (auto& t : out) t = orEmpty(t);
    return out;
}

void RecurrenceTape::restore(const std::vector<at::Tensor>& s) {
    at::Tensor* fields[] = {&h0, &keep, &noise, &wz, &wih, &whh, &wh, &wp2, &imgGain, &postGain, &zin,
                            &hin, &xa, &x, &gates, &pa, &p, &imgXhat, &imgRstd, &postXhat, &postRstd};
    if (s.size() != std::size(fields)) throw Error("fused recurrence: the saved tape has the wrong length");
    for (size_t i = 0; i < s.size(); ++i) *fields[i] = orUndefined(s[i]);
    T = zin.size(0);
    B = zin.size(1);
    S = zin.size(2);
    D = hin.size(2);
    H = x.size(2);
    SD = wp2.size(0);
}

void allocateTape(RecurrenceTape& tp, const RecurrenceSettings& s) {
    tp.T = tp.actionPart.size(0);
    tp.B = tp.actionPart.size(1);
    tp.H = tp.actionPart.size(2);
    tp.S = tp.wz.size(1);
    tp.D = tp.whh.size(1);
    tp.SD = tp.wp2.size(0);
    const auto opts = tp.actionPart.options();
    auto buf = [&](int64_t width) { return at::empty({tp.T, tp.B, width}, opts); };
    tp.hs = buf(tp.D);
    tp.zs = buf(tp.S);
    tp.posts = buf(tp.SD);
    tp.zin = buf(tp.S);
    tp.hin = buf(tp.D);
    tp.xa = buf(tp.H);
    tp.x = buf(tp.H);
    tp.gates = buf(4 * tp.D);
    tp.pa = buf(tp.H);
    tp.p = buf(tp.H);
    if (s.layerNorm) {
        tp.imgXhat = buf(tp.H);
        tp.postXhat = buf(tp.H);
        tp.imgRstd = at::empty({tp.T, tp.B}, opts);
        tp.postRstd = at::empty({tp.T, tp.B}, opts);
    }
}

void allocateGrads(const RecurrenceTape& tp, RecurrenceGrads& g, const RecurrenceSettings& s) {
    const auto opts = tp.zin.options();
    auto buf = [&](int64_t width) { return at::empty({tp.T, tp.B, width}, opts); };
    g.dstats = buf(tp.SD);
    g.dppre = buf(tp.H);
    g.dgi = buf(3 * tp.D);
    g.dgh = buf(3 * tp.D);
    g.dxpre = buf(tp.H);
    if (s.layerNorm) {
        g.dpa = buf(tp.H);
        g.dxa = buf(tp.H);
    }
    g.dh0 = at::zeros({tp.B, tp.D}, opts);
}

namespace {

bool hasAvx2() {
#if defined(__x86_64__) && defined(__GNUC__)
    static const bool yes = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return yes;
#else
    return false;
#endif
}

}  // namespace

void forwardCpu(RecurrenceTape& tape, const RecurrenceSettings& s) {
    if (hasAvx2()) cpu_avx2::forward(tape, s);
    else cpu_baseline::forward(tape, s);
}

void backwardCpu(const RecurrenceTape& tape, RecurrenceGrads& g, const RecurrenceSettings& s) {
    if (hasAvx2()) cpu_avx2::backward(tape, g, s);
    else cpu_baseline::backward(tape, g, s);
}

}  // namespace rssm::fused
