#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <ATen/Tensor.h>

namespace rssm::fused {

// The hand-differentiated posterior recurrence (docs/model.md, "The training
// engine"): its settings, what one forward pass keeps for backward (the
// tape), and the gradients backward forms. Every tensor is float32,
// contiguous and time-major: [T, B, width].

enum class Activation { Elu, Silu, Relu, Tanh };
Activation activationFromName(const std::string& name);

struct RecurrenceSettings {
    Activation act = Activation::Elu;
    bool layerNorm = false;
    bool discrete = false;
    int64_t classes = 8;     // discrete: classes per group
    double unimix = 0.0;     // discrete: uniform share mixed into the probabilities
    double minStd = 0.1;     // Gaussian: added to softplus(s)
    double layerNormEps = 1e-5;
    bool resets = false;     // some window starts an episode after step 0
    int threads = 1;         // CPU: batch slices run in parallel, each on single-threaded BLAS
};

struct RecurrenceTape {
    int64_t T = 0, B = 0, S = 0, D = 0, H = 0, SD = 0;  // steps, batch, stoch, deter, hidden, stats width
    // Inputs. actionPart = a W_a^T + b_img and embedPart = e W_e^T + b_post
    // are computed for all steps outside; keep [T, B] is 0 where a step starts
    // an episode (defined with resets only); noise [T, B, S or groups].
    at::Tensor actionPart, embedPart, h0, keep, noise;
    // Weights: the z part of img_in's first layer [H, S], the GRU, the h part
    // of the posterior's first layer [H, D], its output layer [SD, H], and
    // the two LayerNorms' scales and shifts (defined with layerNorm only).
    at::Tensor wz, wih, bih, whh, bhh, wh, wp2, bp2, imgGain, imgBias, postGain, postBias;
    // Outputs.
    at::Tensor hs, zs, posts;
    // Kept for backward: each step's incoming z and h (after resets), img_in's
    // activation input and output, the GRU's r, u, n and W_hn h + b_hn
    // ([T, B, 4D]), the posterior hidden layer's activation input and output,
    // and the LayerNorms' normalised inputs and reciprocal deviations.
    at::Tensor zin, hin, xa, x, gates, pa, p, imgXhat, imgRstd, postXhat, postRstd;

    // The tensors saved between forward and backward, in a fixed order.
    std::vector<at::Tensor> saved() const;
    void restore(const std::vector<at::Tensor>& saved);
};

struct RecurrenceGrads {
    at::Tensor gH, gZ, gPost;  // incoming: dL/d hs, zs, posts
    // Per-step data gradients, [T, B, ·]: the posterior stats, the posterior
    // hidden layer's activation input (dpa; LayerNorm output) and first-layer
    // output (dppre), the GRU's input and hidden gate pre-activations, img_in's
    // activation input (dxa) and first-layer output (dxpre); and dL/d h0 [B, D].
    at::Tensor dstats, dpa, dppre, dgi, dgh, dxa, dxpre, dh0;
};

// Allocates the outputs and the tape's buffers for the inputs already set.
void allocateTape(RecurrenceTape& tape, const RecurrenceSettings& s);
void allocateGrads(const RecurrenceTape& tape, RecurrenceGrads& g, const RecurrenceSettings& s);

// The loops, on raw CPU memory (fused elementwise passes, BLAS per step on
// batch slices) or as ATen operations on any device.
void forwardCpu(RecurrenceTape& tape, const RecurrenceSettings& s);
void backwardCpu(const RecurrenceTape& tape, RecurrenceGrads& g, const RecurrenceSettings& s);
namespace cpu_baseline {
void forward(RecurrenceTape& tape, const RecurrenceSettings& s);
void backward(const RecurrenceTape& tape, RecurrenceGrads& g, const RecurrenceSettings& s);
}  // namespace cpu_baseline
namespace cpu_avx2 {
void forward(RecurrenceTape& tape, const RecurrenceSettings& s);
void backward(const RecurrenceTape& tape, RecurrenceGrads& g, const RecurrenceSettings& s);
}  // namespace cpu_avx2
void forwardTensor(RecurrenceTape& tape, const RecurrenceSettings& s);
void backwardTensor(const RecurrenceTape& tape, RecurrenceGrads& g, const RecurrenceSettings& s);

}  // namespace rssm::fused
