#pragma once
#include <string>
#include <vector>

namespace rssm::cli {

// `rssm train --nproc N ...`: the single-machine case of torchrun
// (--standalone). Starts N copies of this rssm with `args` and torchrun's
// variables (RANK, LOCAL_RANK, WORLD_SIZE, LOCAL_WORLD_SIZE, MASTER_ADDR
// 127.0.0.1, MASTER_PORT a free port unless set) and watches them:
// - a rank that exits with an error or a signal is named, and the others are
//   stopped (SIGTERM, then SIGKILL after a grace period) - never a hang;
// - Ctrl-C (or SIGTERM) is passed on, so every rank stops after the same step
//   and rank 0 saves a checkpoint; a second one kills them.
// Returns the exit status: 0 when every rank succeeded, else the first
// failing rank's (128 + signal for a signal).
int launchLocalRanks(int nproc, const std::vector<std::string>& args);

}  // namespace rssm::cli
