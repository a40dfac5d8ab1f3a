// The posterior recurrence on raw CPU memory: per step, a few BLAS products
// on the batch slice and one fused pass for each elementwise stage. Batch
// rows never interact inside the recurrence, so each slice runs the whole
// loop on its own thread, with no synchronisation between steps.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "model/RecurrenceTape.h"
#include "model/Sgemm.h"
#include "model/VectorMath.h"

// Built twice: for the baseline x86-64 and, as RecurrenceKernelCpuAvx2.cpp,
// for AVX2 and FMA; RecurrenceTape.cpp picks one for the CPU at run time.
#ifndef RSSM_CPU_KERNEL_NS
#define RSSM_CPU_KERNEL_NS cpu_baseline
#endif

namespace rssm::fused::RSSM_CPU_KERNEL_NS {

namespace {

using vm::exp;

// --- elementwise passes ------------------------------------------------------

void activate(Activation act, const float* __restrict a, float* __restrict y, int64_t n) {
    switch (act) {
    case Activation::Elu:
        for (int64_t i = 0; i < n; ++i) y[i] = a[i] > 0.0f ? a[i] : exp(a[i]) - 1.0f;
        break;
    case Activation::Silu:
        for (int64_t i = 0; i < n; ++i) y[i] = a[i] * vm::sigmoid(a[i]);
        break;
    case Activation::Relu:
        for (int64_t i = 0; i < n; ++i) y[i] = a[i] > 0.0f ? a[i] : 0.0f;
        break;
    case Activation::Tanh:
        for (int64_t i = 0; i < n; ++i) y[i] = vm::tanh(a[i]);
        break;
    }
}

// da = dy * act'(a), from the input a and the output y.
void activationGrad(Activation act, const float* __restrict a, const float* __restrict y, const float* __restrict dy,
                                float* __restrict da, int64_t n) {
    switch (act) {
    case Activation::Elu:
        for (int64_t i = 0; i < n; ++i) da[i] = a[i] > 0.0f ? dy[i] : dy[i] * (y[i] + 1.0f);
        break;
    case Activation::Silu:
        for (int64_t i = 0; i < n; ++i) {
            const float s = vm::sigmoid(a[i]);
            da[i] = dy[i] * s * (1.0f + a[i] * (1.0f - s));
        }
        break;
    case Activation::Relu:
        for (int64_t i = 0; i < n; ++i) da[i] = a[i] > 0.0f ? dy[i] : 0.0f;
        break;
    case Activation::Tanh:
        for (int64_t i = 0; i < n; ++i) da[i] = dy[i] * (1.0f - y[i] * y[i]);
        break;
    }
}

// Row-wise LayerNorm: out = xhat * gain + bias, keeping xhat and 1/std.
void layerNormForward(const float* __restrict in, const float* __restrict gain, const float* __restrict bias, int64_t rows,
                                  int64_t w, float eps, float* __restrict xhat, float* __restrict rstd, float* __restrict out) {
    for (int64_t r = 0; r < rows; ++r) {
        const float* x = in + r * w;
        float mean = 0.0f;
        for (int64_t i = 0; i < w; ++i) mean += x[i];
        mean /= static_cast<float>(w);
        float var = 0.0f;
        for (int64_t i = 0; i < w; ++i) var += (x[i] - mean) * (x[i] - mean);
        const float rs = 1.0f / std::sqrt(var / static_cast<float>(w) + eps);
        rstd[r] = rs;
        float* xh = xhat + r * w;
        float* o = out + r * w;
        for (int64_t i = 0; i < w; ++i) {
            xh[i] = (x[i] - mean) * rs;
            o[i] = xh[i] * gain[i] + bias[i];
        }
    }
}

// din from dout: dxhat = dout * gain; din = rstd (dxhat - mean(dxhat) - xhat mean(dxhat xhat)).
void layerNormBackward(const float* __restrict dout, const float* __restrict gain, const float* __restrict xhat,
                                   const float* __restrict rstd, int64_t rows, int64_t w, float* __restrict din) {
    for (int64_t r = 0; r < rows; ++r) {
        const float* dy = dout + r * w;
        const float* xh = xhat + r * w;
        float sum = 0.0f, dot = 0.0f;
        for (int64_t i = 0; i < w; ++i) {
            const float g = dy[i] * gain[i];
            sum += g;
            dot += g * xh[i];
        }
        const float ms = sum / static_cast<float>(w), md = dot / static_cast<float>(w);
        float* dx = din + r * w;
        for (int64_t i = 0; i < w; ++i) dx[i] = rstd[r] * (dy[i] * gain[i] - ms - xh[i] * md);
    }
}

// PyTorch's GRU cell from the two gate products (gate order r, u, n):
// h' = (h - n) u + n. Keeps r, u, n and W_hn h + b_hn for backward.
void gruForward(const float* __restrict gi, const float* __restrict gh, const float* __restrict hin, int64_t rows, int64_t d,
                            float* __restrict gates, float* __restrict hout) {
    for (int64_t row = 0; row < rows; ++row) {
        const float* i = gi + row * 3 * d;
        const float* g = gh + row * 3 * d;
        const float* h = hin + row * d;
        float* kept = gates + row * 4 * d;
        float* out = hout + row * d;
        for (int64_t j = 0; j < d; ++j) {
            const float r = vm::sigmoid(g[j] + i[j]);
            const float u = vm::sigmoid(g[d + j] + i[d + j]);
            const float n = vm::tanh(i[2 * d + j] + g[2 * d + j] * r);
            kept[j] = r;
            kept[d + j] = u;
            kept[2 * d + j] = n;
            kept[3 * d + j] = g[2 * d + j];
            out[j] = (h[j] - n) * u + n;
        }
    }
}

// From dL/dh' to the gate pre-activations' gradients and dL/dh through the
// direct path (the product with W_hh is added by the caller).
void gruBackward(const float* __restrict dh, const float* __restrict gates, const float* __restrict hin, int64_t rows, int64_t d,
                             float* __restrict dgi, float* __restrict dgh, float* __restrict dhin) {
    for (int64_t row = 0; row < rows; ++row) {
        const float* kept = gates + row * 4 * d;
        const float* h = hin + row * d;
        const float* g = dh + row * d;
        float* di = dgi + row * 3 * d;
        float* dhh = dgh + row * 3 * d;
        float* dprev = dhin + row * d;
        for (int64_t j = 0; j < d; ++j) {
            const float r = kept[j], u = kept[d + j], n = kept[2 * d + j], ghn = kept[3 * d + j];
            const float dn = g[j] * (1.0f - u);
            const float du = g[j] * (h[j] - n);
            const float dan = dn * (1.0f - n * n);
            const float dau = du * u * (1.0f - u);
            const float dar = dan * ghn * r * (1.0f - r);
            di[j] = dar;
            di[d + j] = dau;
            di[2 * d + j] = dan;
            dhh[j] = dar;
            dhh[d + j] = dau;
            dhh[2 * d + j] = dan * r;
            dprev[j] = g[j] * u;
        }
    }
}

// z = mean + (softplus(s) + minStd) noise, stats = [mean | s].
void gaussianSample(const float* __restrict stats, const float* __restrict noise, int64_t rows, int64_t s, float minStd,
                                float* __restrict z) {
    for (int64_t r = 0; r < rows; ++r)
        for (int64_t j = 0; j < s; ++j)
            z[r * s + j] = stats[r * 2 * s + j] + (vm::softplus(stats[r * 2 * s + s + j]) + minStd) * noise[r * s + j];
}

void gaussianBackward(const float* __restrict stats, const float* __restrict noise, const float* __restrict dz,
                                  const float* __restrict gStats, int64_t rows, int64_t s, float* __restrict dStats) {
    for (int64_t r = 0; r < rows; ++r)
        for (int64_t j = 0; j < s; ++j) {
            const float g = dz[r * s + j];
            dStats[r * 2 * s + j] = gStats[r * 2 * s + j] + g;
            dStats[r * 2 * s + s + j] = gStats[r * 2 * s + s + j] + g * noise[r * s + j] * vm::softplusSlope(stats[r * 2 * s + s + j]);
        }
}

// Categorical groups: softmax mixed with a uniform; the one-hot of the class
// whose cumulative probability first exceeds the uniform noise, with the
// probabilities' straight-through gradient (z = onehot + p - p).
void softmaxGroup(const float* logits, int64_t c, float* sm) {
    float mx = logits[0];
    for (int64_t k = 1; k < c; ++k) mx = std::max(mx, logits[k]);
    float sum = 0.0f;
    for (int64_t k = 0; k < c; ++k) sum += sm[k] = std::exp(logits[k] - mx);
    for (int64_t k = 0; k < c; ++k) sm[k] /= sum;
}

void discreteSample(const float* stats, const float* noise, int64_t rows, int64_t s, int64_t c, float unimix, float* z) {
    std::vector<float> sm(c);
    const int64_t groups = s / c;
    for (int64_t r = 0; r < rows; ++r)
        for (int64_t g = 0; g < groups; ++g) {
            const int64_t at = r * s + g * c;
            softmaxGroup(stats + at, c, sm.data());
            float cdf = 0.0f;
            int64_t index = 0;
            const float u = noise[r * groups + g];
            for (int64_t k = 0; k < c; ++k) {
                const float p = unimix > 0.0f ? (1.0f - unimix) * sm[k] + unimix / static_cast<float>(c) : sm[k];
                sm[k] = p;
                cdf += p;
                if (cdf < u) ++index;
            }
            index = std::min(index, c - 1);
            for (int64_t k = 0; k < c; ++k) z[at + k] = ((k == index ? 1.0f : 0.0f) + sm[k]) - sm[k];
        }
}

void discreteBackward(const float* stats, const float* dz, const float* gStats, int64_t rows, int64_t s, int64_t c, float unimix,
                      float* dStats) {
    std::vector<float> sm(c);
    const float scale = unimix > 0.0f ? 1.0f - unimix : 1.0f;
    for (int64_t r = 0; r < rows; ++r)
        for (int64_t g = 0; g < s / c; ++g) {
            const int64_t at = r * s + g * c;
            softmaxGroup(stats + at, c, sm.data());
            float dot = 0.0f;
            for (int64_t k = 0; k < c; ++k) dot += sm[k] * dz[at + k] * scale;
            for (int64_t k = 0; k < c; ++k) dStats[at + k] = gStats[at + k] + sm[k] * (dz[at + k] * scale - dot);
        }
}

void fillRows(float* out, const float* row, int64_t rows, int64_t w) {
    for (int64_t r = 0; r < rows; ++r) std::memcpy(out + r * w, row, w * sizeof(float));
}

void add(float* out, const float* a, const float* b, int64_t n) {
    for (int64_t i = 0; i < n; ++i) out[i] = a[i] + b[i];
}

// --- the loops on one batch slice ---------------------------------------------

// img_in's and the posterior's first block, whose other input's product (and
// the bias) was formed for all steps beforehand: a = LN(part + in W^T),
// y = act(a); keeps LayerNorm's normalised input and 1/std.
struct FirstBlock {
    const float* w;       // [width, k]
    const float* gain;    // LayerNorm, or null
    const float* bias;
};

void firstBlockForward(const FirstBlock& f, const RecurrenceSettings& s, const float* part, const float* in, int64_t nb, int64_t k,
                       int64_t width, float* scratch, float* xhat, float* rstd, float* a, float* y) {
    float* pre = s.layerNorm ? scratch : a;
    std::memcpy(pre, part, nb * width * sizeof(float));
    sgemm(false, true, nb, width, k, 1.0f, in, k, f.w, k, 1.0f, pre, width);
    if (s.layerNorm) layerNormForward(pre, f.gain, f.bias, nb, width, static_cast<float>(s.layerNormEps), xhat, rstd, a);
    activate(s.act, a, y, nb * width);
}

// From dL/dy to dL/d(part) (kept as `dpre`), keeping dL/da for LayerNorm's
// own gradients (`da`, used only with LayerNorm).
void firstBlockBackward(const FirstBlock& f, const RecurrenceSettings& s, const float* a, const float* y, const float* dy, const float* xhat,
                        const float* rstd, int64_t nb, int64_t width, float* da, float* dpre) {
    float* dact = s.layerNorm ? da : dpre;
    activationGrad(s.act, a, y, dy, dact, nb * width);
    if (s.layerNorm) layerNormBackward(dact, f.gain, xhat, rstd, nb, width, dpre);
}

FirstBlock firstBlock(const at::Tensor& w, const at::Tensor& gain, const at::Tensor& bias) {
    return {w.data_ptr<float>(), gain.defined() ? gain.data_ptr<float>() : nullptr, bias.defined() ? bias.data_ptr<float>() : nullptr};
}

// One batch slice's view of the tape: its rows of each step, and the weights.
struct SliceView {
    SliceView(const RecurrenceTape& tp, int64_t first)
        : B(tp.B), b0(first), wih(tp.wih.data_ptr<float>()), whh(tp.whh.data_ptr<float>()), wp2(tp.wp2.data_ptr<float>()),
          img(firstBlock(tp.wz, tp.imgGain, tp.imgBias)), post(firstBlock(tp.wh, tp.postGain, tp.postBias)),
          keep(tp.keep.defined() ? tp.keep.data_ptr<float>() : nullptr), noiseWidth(tp.noise.size(2)) {}
    float* at(const at::Tensor& x, int64_t t, int64_t w) const { return x.data_ptr<float>() + (t * B + b0) * w; }
    // A LayerNorm buffer's rows, or null without LayerNorm.
    float* ln(const at::Tensor& x, int64_t t, int64_t w) const { return x.defined() ? at(x, t, w) : nullptr; }

    int64_t B, b0;
    const float *wih, *whh, *wp2;
    FirstBlock img, post;
    const float* keep;  // 0 where a step starts an episode; null without resets
    int64_t noiseWidth;
};

void forwardSlice(RecurrenceTape& tp, const RecurrenceSettings& s, int64_t b0, int64_t nb) {
    const int64_t T = tp.T, S = tp.S, D = tp.D, H = tp.H, SD = tp.SD, G3 = 3 * D;
    const SliceView v(tp, b0);
    const float* h0 = tp.h0.data_ptr<float>() + b0 * D;
    std::vector<float> gi(nb * G3), gh(nb * G3), pre(s.layerNorm ? nb * H : 0);
    for (int64_t t = 0; t < T; ++t) {
        float* zin = v.at(tp.zin, t, S);
        float* hin = v.at(tp.hin, t, D);
        if (t == 0) {
            std::fill(zin, zin + nb * S, 0.0f);
            std::memcpy(hin, h0, nb * D * sizeof(float));
        } else {
            const float* zp = v.at(tp.zs, t - 1, S);
            const float* hp = v.at(tp.hs, t - 1, D);
            for (int64_t b = 0; b < nb; ++b) {
                const float k = v.keep ? v.keep[t * tp.B + b0 + b] : 1.0f;
                for (int64_t j = 0; j < S; ++j) zin[b * S + j] = k * zp[b * S + j];
                for (int64_t j = 0; j < D; ++j) hin[b * D + j] = k * hp[b * D + j] + (1.0f - k) * h0[b * D + j];
            }
        }
        float* x = v.at(tp.x, t, H);
        firstBlockForward(v.img, s, v.at(tp.actionPart, t, H), zin, nb, S, H, pre.data(), v.ln(tp.imgXhat, t, H), v.ln(tp.imgRstd, t, 1),
                          v.at(tp.xa, t, H), x);

        fillRows(gi.data(), tp.bih.data_ptr<float>(), nb, G3);
        sgemm(false, true, nb, G3, H, 1.0f, x, H, v.wih, H, 1.0f, gi.data(), G3);
        fillRows(gh.data(), tp.bhh.data_ptr<float>(), nb, G3);
        sgemm(false, true, nb, G3, D, 1.0f, hin, D, v.whh, D, 1.0f, gh.data(), G3);
        float* h = v.at(tp.hs, t, D);
        gruForward(gi.data(), gh.data(), hin, nb, D, v.at(tp.gates, t, 4 * D), h);

        float* p = v.at(tp.p, t, H);
        firstBlockForward(v.post, s, v.at(tp.embedPart, t, H), h, nb, D, H, pre.data(), v.ln(tp.postXhat, t, H), v.ln(tp.postRstd, t, 1),
                          v.at(tp.pa, t, H), p);
        float* stats = v.at(tp.posts, t, SD);
        fillRows(stats, tp.bp2.data_ptr<float>(), nb, SD);
        sgemm(false, true, nb, SD, H, 1.0f, p, H, v.wp2, H, 1.0f, stats, SD);
        const float* noise = v.at(tp.noise, t, v.noiseWidth);
        if (s.discrete) discreteSample(stats, noise, nb, S, s.classes, static_cast<float>(s.unimix), v.at(tp.zs, t, S));
        else gaussianSample(stats, noise, nb, S, static_cast<float>(s.minStd), v.at(tp.zs, t, S));
    }
}

void backwardSlice(const RecurrenceTape& tp, RecurrenceGrads& g, const RecurrenceSettings& s, int64_t b0, int64_t nb) {
    const int64_t T = tp.T, S = tp.S, D = tp.D, H = tp.H, SD = tp.SD, G3 = 3 * D;
    const SliceView v(tp, b0);
    float* dh0 = g.dh0.data_ptr<float>() + b0 * D;
    std::vector<float> dz(nb * S), dzCarry(nb * S, 0.0f), dh(nb * D), dhCarry(nb * D, 0.0f), dhin(nb * D), dx(nb * H), dp(nb * H),
        dzin(nb * S);
    for (int64_t t = T - 1; t >= 0; --t) {
        const float* stats = v.at(tp.posts, t, SD);
        float* dStats = v.at(g.dstats, t, SD);
        add(dz.data(), v.at(g.gZ, t, S), dzCarry.data(), nb * S);
        if (s.discrete)
            discreteBackward(stats, dz.data(), v.at(g.gPost, t, SD), nb, S, s.classes, static_cast<float>(s.unimix), dStats);
        else
            gaussianBackward(stats, v.at(tp.noise, t, v.noiseWidth), dz.data(), v.at(g.gPost, t, SD), nb, S, dStats);

        sgemm(false, false, nb, H, SD, 1.0f, dStats, SD, v.wp2, H, 0.0f, dp.data(), H);
        float* dppre = v.at(g.dppre, t, H);
        firstBlockBackward(v.post, s, v.at(tp.pa, t, H), v.at(tp.p, t, H), dp.data(), v.ln(tp.postXhat, t, H), v.ln(tp.postRstd, t, 1), nb, H,
                           v.ln(g.dpa, t, H), dppre);

        add(dh.data(), v.at(g.gH, t, D), dhCarry.data(), nb * D);
        sgemm(false, false, nb, D, H, 1.0f, dppre, H, v.post.w, D, 1.0f, dh.data(), D);
        float* dgi = v.at(g.dgi, t, G3);
        float* dgh = v.at(g.dgh, t, G3);
        gruBackward(dh.data(), v.at(tp.gates, t, 4 * D), v.at(tp.hin, t, D), nb, D, dgi, dgh, dhin.data());
        sgemm(false, false, nb, D, G3, 1.0f, dgh, G3, v.whh, D, 1.0f, dhin.data(), D);

        sgemm(false, false, nb, H, G3, 1.0f, dgi, G3, v.wih, H, 0.0f, dx.data(), H);
        float* dxpre = v.at(g.dxpre, t, H);
        firstBlockBackward(v.img, s, v.at(tp.xa, t, H), v.at(tp.x, t, H), dx.data(), v.ln(tp.imgXhat, t, H), v.ln(tp.imgRstd, t, 1), nb, H,
                           v.ln(g.dxa, t, H), dxpre);

        if (t == 0) {
            add(dh0, dh0, dhin.data(), nb * D);
            break;
        }
        sgemm(false, false, nb, S, H, 1.0f, dxpre, H, v.img.w, S, 0.0f, dzin.data(), S);
        if (!v.keep) {
            dzCarry.swap(dzin);
            dhCarry.swap(dhin);
            continue;
        }
        // A step that starts an episode took h0 and a zero z, not the carry.
        for (int64_t b = 0; b < nb; ++b) {
            const float k = v.keep[t * tp.B + b0 + b];
            for (int64_t j = 0; j < S; ++j) dzCarry[b * S + j] = k * dzin[b * S + j];
            for (int64_t j = 0; j < D; ++j) {
                dhCarry[b * D + j] = k * dhin[b * D + j];
                dh0[b * D + j] += (1.0f - k) * dhin[b * D + j];
            }
        }
    }
}

// Splits the batch into `threads` slices and runs them at once, the last on
// the calling thread; one BLAS thread each while they run.
template <typename Fn>
void forSlices(int64_t batch, int threads, Fn fn) {
    const int n = static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(threads, batch)));
    if (n == 1) {
        fn(0, batch);
        return;
    }
    BlasThreadsScope oneEach(1);
    std::vector<std::thread> workers;
    std::exception_ptr failure;
    std::mutex failureLock;
    auto guarded = [&](int64_t b0, int64_t nb) {
        try {
            fn(b0, nb);
        } catch (...) {
            std::lock_guard<std::mutex> lock(failureLock);
            failure = std::current_exception();
        }
    };
    for (int i = 0; i < n; ++i) {
        const int64_t b0 = batch * i / n, b1 = batch * (i + 1) / n;
        if (i + 1 < n) workers.emplace_back(guarded, b0, b1 - b0);
        else guarded(b0, b1 - b0);
    }
    for (auto& w : workers) w.join();
    if (failure) std::rethrow_exception(failure);
}

}  // namespace

void forward(RecurrenceTape& tape, const RecurrenceSettings& s) {
    forSlices(tape.B, s.threads, [&](int64_t b0, int64_t nb) { forwardSlice(tape, s, b0, nb); });
}

void backward(const RecurrenceTape& tape, RecurrenceGrads& g, const RecurrenceSettings& s) {
    forSlices(tape.B, s.threads, [&](int64_t b0, int64_t nb) { backwardSlice(tape, g, s, b0, nb); });
}

}  // namespace rssm::fused::RSSM_CPU_KERNEL_NS
