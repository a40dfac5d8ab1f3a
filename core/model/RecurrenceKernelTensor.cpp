// The posterior recurrence as ATen operations on whole-batch steps: the same
// math as RecurrenceKernelCpu.cpp, on any device (CUDA's kernels fuse less,
// but nothing is sent back to the host inside the loop).
#include <ATen/ATen.h>

#include "model/RecurrenceTape.h"

namespace rssm::fused {

namespace {

at::Tensor activate(Activation act, const at::Tensor& a) {
    switch (act) {
    case Activation::Elu: return at::elu(a);
    case Activation::Silu: return at::silu(a);
    case Activation::Relu: return at::relu(a);
    case Activation::Tanh: return at::tanh(a);
    }
    return a;
}

// dy * act'(a), from the input a and the output y.
at::Tensor activationGrad(Activation act, const at::Tensor& a, const at::Tensor& y, const at::Tensor& dy) {
    switch (act) {
    case Activation::Elu: return at::where(a > 0, dy, dy * (y + 1.0));
    case Activation::Silu: {
        const auto s = at::sigmoid(a);
        return dy * s * (1.0 + a * (1.0 - s));
    }
    case Activation::Relu: return at::where(a > 0, dy, at::zeros_like(dy));
    case Activation::Tanh: return dy * (1.0 - y * y);
    }
    return dy;
}

void layerNormForward(const at::Tensor& in, const at::Tensor& gain, const at::Tensor& bias, double eps, const at::Tensor& xhat,
                      const at::Tensor& rstd, const at::Tensor& out) {
    const auto mean = in.mean(-1, true);
    const auto r = (in - mean).pow(2).mean(-1, true).add(eps).rsqrt();
    rstd.copy_(r.squeeze(-1));
    xhat.copy_((in - mean) * r);
    out.copy_(xhat * gain + bias);
}

at::Tensor layerNormBackward(const at::Tensor& dout, const at::Tensor& gain, const at::Tensor& xhat, const at::Tensor& rstd) {
    const auto dxhat = dout * gain;
    return rstd.unsqueeze(-1) * (dxhat - dxhat.mean(-1, true) - xhat * (dxhat * xhat).mean(-1, true));
}

// img_in's or the posterior's first block, backward: dL/dy to dL/d(its
// pre-activation) into `dpre`, keeping dL/da in `da` for LayerNorm's gradients.
void firstBlockBackward(const RecurrenceSettings& s, const at::Tensor& a, const at::Tensor& y, const at::Tensor& dy, const at::Tensor& gain,
                        const at::Tensor& xhat, const at::Tensor& rstd, const at::Tensor& da, const at::Tensor& dpre) {
    if (!s.layerNorm) {
        dpre.copy_(activationGrad(s.act, a, y, dy));
        return;
    }
    da.copy_(activationGrad(s.act, a, y, dy));
    dpre.copy_(layerNormBackward(da, gain, xhat, rstd));
}

at::Tensor groups(const at::Tensor& stats, const RecurrenceSettings& s) {
    return stats.view({stats.size(0), -1, s.classes});
}

at::Tensor mixed(const at::Tensor& softmax, const RecurrenceSettings& s) {
    return s.unimix > 0 ? (1.0 - s.unimix) * softmax + s.unimix / static_cast<double>(s.classes) : softmax;
}

at::Tensor sample(const at::Tensor& stats, const at::Tensor& noise, const RecurrenceSettings& s, int64_t stoch) {
    if (!s.discrete) {
        const auto parts = stats.chunk(2, -1);
        return parts[0] + (at::softplus(parts[1]) + s.minStd) * noise;
    }
    const auto p = mixed(at::softmax(groups(stats, s), -1), s);
    const auto index = (p.cumsum(-1) < noise.unsqueeze(-1)).sum(-1, true).clamp_max(s.classes - 1);
    const auto onehot = at::zeros_like(p).scatter_(-1, index, 1.0);
    return ((onehot + p) - p).reshape({stats.size(0), stoch});
}

at::Tensor sampleBackward(const at::Tensor& stats, const at::Tensor& noise, const at::Tensor& dz, const RecurrenceSettings& s) {
    if (!s.discrete) {
        const auto parts = stats.chunk(2, -1);
        const auto slope = at::where(parts[1] > 20.0, at::ones_like(parts[1]), at::sigmoid(parts[1]));
        return at::cat({dz, dz * noise * slope}, -1);
    }
    const auto sm = at::softmax(groups(stats, s), -1);
    const auto dsm = groups(dz, s) * (s.unimix > 0 ? 1.0 - s.unimix : 1.0);
    return (sm * (dsm - (sm * dsm).sum(-1, true))).reshape(stats.sizes());
}

}  // namespace

void forwardTensor(RecurrenceTape& tp, const RecurrenceSettings& s) {
    for (int64_t t = 0; t < tp.T; ++t) {
        if (t == 0) {
            tp.zin[0].zero_();
            tp.hin[0].copy_(tp.h0);
        } else if (s.resets) {
            const auto k = tp.keep[t].unsqueeze(-1);
            tp.zin[t].copy_(k * tp.zs[t - 1]);
            tp.hin[t].copy_(k * tp.hs[t - 1] + (1.0 - k) * tp.h0);
        } else {
            tp.zin[t].copy_(tp.zs[t - 1]);
            tp.hin[t].copy_(tp.hs[t - 1]);
        }
        const auto xpre = at::addmm(tp.actionPart[t], tp.zin[t], tp.wz.t());
        if (s.layerNorm) layerNormForward(xpre, tp.imgGain, tp.imgBias, s.layerNormEps, tp.imgXhat[t], tp.imgRstd[t], tp.xa[t]);
        else tp.xa[t].copy_(xpre);
        tp.x[t].copy_(activate(s.act, tp.xa[t]));

        const auto gi = at::addmm(tp.bih, tp.x[t], tp.wih.t()).chunk(3, -1);
        const auto gh = at::addmm(tp.bhh, tp.hin[t], tp.whh.t()).chunk(3, -1);
        const auto r = at::sigmoid(gh[0] + gi[0]);
        const auto u = at::sigmoid(gh[1] + gi[1]);
        const auto n = at::tanh(gi[2] + gh[2] * r);
        tp.gates[t].copy_(at::cat({r, u, n, gh[2]}, -1));
        tp.hs[t].copy_((tp.hin[t] - n) * u + n);

        const auto ppre = at::addmm(tp.embedPart[t], tp.hs[t], tp.wh.t());
        if (s.layerNorm) layerNormForward(ppre, tp.postGain, tp.postBias, s.layerNormEps, tp.postXhat[t], tp.postRstd[t], tp.pa[t]);
        else tp.pa[t].copy_(ppre);
        tp.p[t].copy_(activate(s.act, tp.pa[t]));
        tp.posts[t].copy_(at::addmm(tp.bp2, tp.p[t], tp.wp2.t()));
        tp.zs[t].copy_(sample(tp.posts[t], tp.noise[t], s, tp.S));
    }
}

void backwardTensor(const RecurrenceTape& tp, RecurrenceGrads& g, const RecurrenceSettings& s) {
    auto dzCarry = at::zeros_like(tp.zin[0]);
    auto dhCarry = at::zeros_like(tp.hin[0]);
    for (int64_t t = tp.T - 1; t >= 0; --t) {
        const auto dz = g.gZ[t] + dzCarry;
        g.dstats[t].copy_(g.gPost[t] + sampleBackward(tp.posts[t], tp.noise[t], dz, s));
        const auto dp = g.dstats[t].mm(tp.wp2);
        firstBlockBackward(s, tp.pa[t], tp.p[t], dp, tp.postGain, s.layerNorm ? tp.postXhat[t] : at::Tensor(),
                           s.layerNorm ? tp.postRstd[t] : at::Tensor(), s.layerNorm ? g.dpa[t] : at::Tensor(), g.dppre[t]);
        const auto dh = g.gH[t] + dhCarry + g.dppre[t].mm(tp.wh);
        const auto kept = tp.gates[t].chunk(4, -1);
        const auto &r = kept[0], &u = kept[1], &n = kept[2], &ghn = kept[3];
        const auto dan = dh * (1.0 - u) * (1.0 - n * n);
        const auto dau = dh * (tp.hin[t] - n) * u * (1.0 - u);
        const auto dar = dan * ghn * r * (1.0 - r);
        g.dgi[t].copy_(at::cat({dar, dau, dan}, -1));
        g.dgh[t].copy_(at::cat({dar, dau, dan * r}, -1));
        const auto dhin = dh * u + g.dgh[t].mm(tp.whh);
        const auto dx = g.dgi[t].mm(tp.wih);
        firstBlockBackward(s, tp.xa[t], tp.x[t], dx, tp.imgGain, s.layerNorm ? tp.imgXhat[t] : at::Tensor(),
                           s.layerNorm ? tp.imgRstd[t] : at::Tensor(), s.layerNorm ? g.dxa[t] : at::Tensor(), g.dxpre[t]);
        if (t == 0) {
            g.dh0.add_(dhin);
            break;
        }
        const auto dzin = g.dxpre[t].mm(tp.wz);
        if (s.resets) {
            const auto k = tp.keep[t].unsqueeze(-1);
            dzCarry = k * dzin;
            dhCarry = k * dhin;
            g.dh0.add_((1.0 - k) * dhin);
        } else {
            dzCarry = dzin;
            dhCarry = dhin;
        }
    }
}

}  // namespace rssm::fused
