#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace rssm {
struct EvalResult;
}

namespace rssm::ui {

// One window's predictions as plain numbers, [step][dim], in model units:
// what the GUI thread draws, copied out of the tensors on the worker.
struct PredictionCurves {
    bool valid = false;
    std::string problem;  // why there is no prediction (episode out of range, ...)
    int64_t episode = 0, start = 0, context = 0, horizon = 0;
    std::vector<std::vector<double>> truth;      // context + horizon steps
    std::vector<std::vector<double>> posterior;  // context + horizon steps
    std::vector<std::vector<double>> priorMean;  // horizon steps from the end of the context on
};

// The training run's logged metrics (its metrics.csv) as columns of numbers.
struct RunMetrics {
    std::string problem;  // why there are none (no metrics.csv beside the checkpoint, ...)
    std::vector<std::string> columns;
    std::vector<std::vector<double>> values;  // [column][row], NaN for empty cells

    const std::vector<double>* column(const std::string& name) const;
};

// Everything the comparison shows of one checkpoint, made on a worker thread
// and handed to the GUI thread by value. The evaluation is shared and never
// changed after it is made, so copies are cheap.
struct CheckpointResults {
    std::string checkpointPath;
    std::string runName;  // the checkpoint's folder
    int64_t step = 0;
    std::shared_ptr<const EvalResult> evaluation;
    std::vector<int64_t> episodeLengths;     // of the buffer the checkpoint is evaluated on
    std::vector<int64_t> validationEpisodes;  // held out in training
    RunMetrics metrics;
    PredictionCurves prediction;
};

}  // namespace rssm::ui
