#pragma once
#include <torch/types.h>

#include "model/RecurrenceTape.h"

namespace rssm {

// How the training loss runs the posterior recurrence (training.engine).
enum class EngineKind {
    Fused,     // one hand-differentiated operation (FusedRecurrence)
    Autograd,  // LibTorch's autograd, step by step: the reference
};
EngineKind engineFromName(const std::string& name);
const char* engineName(EngineKind kind);

struct EngineOptions {
    EngineKind kind = EngineKind::Fused;
    int sliceThreads = 1;       // CPU: batch slices the recurrence runs on at once
    bool tensorKernel = false;  // CPU: the ATen loop instead of the fused CPU loop (tests)
};

// The weights the recurrence uses, as the model holds them (views allowed).
struct RecurrenceWeights {
    torch::Tensor wz, wih, bih, whh, bhh, wh, wp2, bp2, imgGain, imgBias, postGain, postBias;
};

struct RecurrenceInputs {
    torch::Tensor actionPart, embedPart;  // [T, B, H]
    torch::Tensor h0;                     // [B, D]
    torch::Tensor keep;                   // [T, B] float, 0 at an episode start; undefined without resets
    torch::Tensor noise;                  // [T, B, S] standard normal, or [T, B, groups] uniform
};

struct RecurrenceOutputs {
    torch::Tensor h, z, postStats;  // [T, B, ·], time-major
};

// The posterior loop of RssmImpl::observe as one autograd operation: a
// forward that builds no graph and keeps only what backward reads, and a
// backward that runs the reverse loop for the data gradients alone, then
// forms each weight's gradient as one product over all T·B rows.
RecurrenceOutputs fusedRecurrence(const RecurrenceInputs& in, const RecurrenceWeights& w, const fused::RecurrenceSettings& settings,
                                  const EngineOptions& engine);

}  // namespace rssm
