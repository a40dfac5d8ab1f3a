#pragma once
#include <limits>
#include <random>
#include <vector>

#include "data/ReplayBuffer.h"
#include "data/SequenceDataset.h"
#include "model/ModelOptions.h"

namespace rssm::test {

// A hand-made linear system: x_{t+1} = x_t + a_t in each of `dims`
// dimensions, with random actions in [-1, 1]. Holding the last observation
// is off by a_t (mean squared error 1/3); a model that uses action[t] to
// predict obs[t+1] can be exact.
// With `nanStates` every state is NaN instead (a poisoned buffer).
inline ReplayBuffer integratorBuffer(int episodes, int length, int dims, uint64_t seed = 1, bool nanStates = false) {
    ReplayBuffer b;
    b.setEpisodeLengths(std::vector<int64_t>(episodes, length));
    const DType f8{ScalarType::Float64, false};
    NumericColumn& state = b.addObservation("state", f8, {dims});
    NumericColumn& action = b.setActions(f8, {dims});
    b.setRewards(f8);
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    for (int e = 0; e < episodes; ++e) {
        std::vector<double> x(dims);
        for (auto& v : x) v = u(rng);
        for (int t = 0; t < length; ++t) {
            const int64_t s = b.episodeStart(e) + t;
            std::vector<double> a(dims);
            for (auto& v : a) v = u(rng);
            std::vector<double> observed = x;
            if (nanStates) observed.assign(dims, std::numeric_limits<double>::quiet_NaN());
            state.setStep(s, reinterpret_cast<const uint8_t*>(observed.data()), false);
            action.setStep(s, reinterpret_cast<const uint8_t*>(a.data()), false);
            for (int d = 0; d < dims; ++d) x[d] += a[d];
        }
    }
    return b;
}

// Windows of `seqLen` actions, `valFraction` of the episodes held out.
inline SequenceDatasetOptions windowOptions(int64_t seqLen, double valFraction = 0.0) {
    SequenceDatasetOptions d;
    d.seqLen = seqLen;
    d.valFraction = valFraction;
    return d;
}

inline ModelOptions smallModel(int64_t obsDim, int64_t actionDim) {
    ModelOptions o;
    o.obsDim = obsDim;
    o.actionDim = actionDim;
    o.useVae = false;
    o.embedDim = 32;
    o.hiddenDim = 64;
    o.deterDim = 64;
    o.stochDim = 8;
    return o;
}

}  // namespace rssm::test
