#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <torch/optim/adam.h>

#include "model/WorldModel.h"

namespace rssm {

// What a checkpoint holds besides the weights: enough to rebuild the model
// (config and data widths) and to continue training exactly (optimizer,
// step, random state, wall time).
struct CheckpointInfo {
    int64_t step = 0;
    double wallTime = 0.0;   // seconds of training before this checkpoint
    double trainTime = 0.0;  // the same, less pauses (its wall time, for a checkpoint from before it was kept)
    std::string configYaml;
    int64_t obsDim = 0;
    int64_t actionDim = 0;
    std::string batchRngState;   // std::mt19937_64, as its stream form
    torch::Tensor torchRngState;  // LibTorch's default CPU generator
    torch::Tensor rankRngStates;  // a data-parallel run's: each rank's generator, [ranks, bytes]
    torch::Tensor cudaRngState;   // the GPU's generator, when training ran on one
};

// Checkpoints are the zip format of torch.save: Python reads them with
// torch.load(path), a dict with "model" (name -> tensor, the PyTorch port's
// parameter names), "optimizer", "step", "config" and more (docs/checkpoints.md).
// Written to a temporary file and renamed into place.
void saveCheckpoint(const std::string& path, WorldModel& model, const torch::optim::Adam* optimizer, const CheckpointInfo& info);

// Reads the info (and nothing else) of a checkpoint. Throws rssm::Error naming the file.
CheckpointInfo readCheckpointInfo(const std::string& path);

// Loads weights into a model built with matching options; and the
// optimizer state, when given. Throws rssm::Error naming the file and the
// parameter that does not fit.
CheckpointInfo loadCheckpoint(const std::string& path, WorldModel& model, torch::optim::Adam* optimizer);

}  // namespace rssm
