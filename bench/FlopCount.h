#pragma once
#include <cstdint>

#include "model/ModelOptions.h"

namespace rssm::bench {

// Floating-point operations of one training step, counted from the shapes:
// every Linear layer (and the GRU's two products) over all B x (L+1) rows,
// forward (2 R in out), weight gradient (the same) and input gradient (the
// same again, unless its input takes no gradient: observations, actions,
// detached VAE features). Elementwise work, the loss and Adam are left out:
// this is what the matrix units must do, the roofline's numerator.
inline double stepFlops(const ModelOptions& o, int64_t batch, int64_t seqLen) {
    const double rows = static_cast<double>(batch) * static_cast<double>(seqLen + 1);
    double flops = 0.0;
    auto linear = [&](double in, double out, double inputGradIn) { flops += 2.0 * rows * out * (2.0 * in + inputGradIn); };
    const double S = o.stochDim, D = o.deterDim, H = o.hiddenDim, E = o.embedDim, A = o.actionDim, F = o.featureDim();
    const double SD = o.statsDim();
    if (o.useVae) {
        const double V = o.vaeHiddenDim, L = o.latentDim, X = o.obsDim;
        linear(X, V, 0), linear(V, V, V), linear(V, 2 * L, V);  // encoder
        linear(L, V, L), linear(V, V, V), linear(V, X, V);      // decoder
    }
    linear(o.obsWindow * F, H, 0), linear(H, E, H);             // obs_embed
    linear(S + A, H, S);                                        // img_in: the action part takes no gradient
    linear(H, 3 * D, H), linear(D, 3 * D, D);                   // GRU
    linear(D + E, H, D + E), linear(H, SD, H);                  // posterior
    linear(D, H, D), linear(H, SD, H);                          // prior
    linear(D + S, H, D + S), linear(H, H, H), linear(H, F, H);  // decoder
    return flops;
}

}  // namespace rssm::bench
