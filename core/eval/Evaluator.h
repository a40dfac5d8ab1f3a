#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <torch/types.h>

#include "data/RolloutConfig.h"
#include "data/SequenceDataset.h"
#include "model/WorldModel.h"
#include "util/Progress.h"

namespace rssm {

// The config's eval.* keys that shape an evaluation.
struct EvalOptions {
    std::string split = "validation";  // validation, train or all
    int64_t context = 16;              // posterior steps before the open loop
    int64_t horizon = 32;              // open-loop steps with the recorded actions
    int64_t samples = 8;               // prior rollouts sampled for the spread
    int64_t maxWindows = 256;
    int64_t batchSize = 64;
    uint64_t seed = 0;
};

// Mean squared errors of one predictor: overall, per dimension, and (for
// open-loop predictors) per horizon step and per (step, dimension).
struct ErrorTable {
    double mean = 0.0;
    std::vector<double> byDim;
    std::vector<double> byHorizon;
    std::vector<std::vector<double>> byHorizonDim;  // [horizon][dim]
};

// The seed's posterior-vs-prior comparison, made precise.
struct EvalResult {
    int64_t windows = 0;
    int64_t context = 0;
    int64_t horizon = 0;
    std::vector<std::string> dimNames;  // "state[0]", ...
    // In the units the model sees (the buffer's, normalised if asked).
    ErrorTable posterior;  // reconstruction of every step of the window
    ErrorTable prior;      // open loop from the last context step
    ErrorTable holdLast;   // the last context observation held
    std::vector<double> priorSpreadByHorizon;  // mean std of sampled rollouts
    // The same in physical units, when rollout_config.yaml has the statistics.
    bool physical = false;
    ErrorTable posteriorPhysical, priorPhysical, holdLastPhysical;

    std::string toJson() const;
};

// A single window's predictions, for the trajectory viewers and plots:
// [steps, dim] tensors in model units on the CPU.
struct TrajectoryPrediction {
    int64_t episode = 0, start = 0, context = 0, horizon = 0;
    torch::Tensor truth;      // context + horizon steps
    torch::Tensor posterior;  // context + horizon steps
    torch::Tensor priorMean;  // horizon steps: the mode rollout
    torch::Tensor priorStd;   // horizon steps: spread of the sampled rollouts
    torch::Tensor priorSamples;  // [samples, horizon, dim]
};

// Evaluates a trained world model on a dataset's windows.
class Evaluator {
public:
    // `physical`: rollout_config.yaml's statistics for the model input, or null.
    Evaluator(WorldModel& model, const SequenceDataset& data, EvalOptions options, const NormStats* physical = nullptr);

    // Windows of context + horizon steps from the split's episodes, spread
    // evenly, at most eval.max_windows. Throws rssm::Error when none fits.
    std::vector<std::pair<int64_t, int64_t>> windows() const;
    EvalResult evaluate(const ProgressReporter* progress = nullptr);
    TrajectoryPrediction predict(int64_t episode, int64_t start);

private:
    struct BatchOutputs {
        torch::Tensor truth, posterior, prior, samples;  // [B, steps, D]; samples [S, B, H, D]
    };
    BatchOutputs run(const std::vector<std::pair<int64_t, int64_t>>& windows);

    WorldModel& model_;
    const SequenceDataset& data_;
    EvalOptions o_;
    std::vector<double> physicalScale_;  // std per dimension, squared errors times its square
};

}  // namespace rssm
