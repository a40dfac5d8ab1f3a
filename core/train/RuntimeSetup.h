#pragma once

namespace rssm {

struct RuntimeSettings {
    int intraOpThreads = 1;  // LibTorch's
    int blasThreads = 1;     // OpenBLAS's own pool
};

// Process settings that decide how fast a training step runs on a CPU:
// - threads: LibTorch's intra-op pool and OpenBLAS's must not both take every
//   core (a small RSSM step on 2 cores then runs about 4x slower). Measured on
//   2 cores (bench/train_step.sh), 1 LibTorch thread with OpenBLAS on every
//   core is fastest, so that is what 0 (automatic) chooses; N > 0 gives
//   LibTorch N threads and OpenBLAS one. Local ranks of a data-parallel run
//   (LOCAL_WORLD_SIZE) split the cores between them.
// - glibc keeps freed tensor memory instead of unmapping it and faulting it
//   back in at every step.
RuntimeSettings applyRuntimeSettings(int requestedThreads);

}  // namespace rssm
