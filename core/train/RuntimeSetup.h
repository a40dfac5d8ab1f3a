#pragma once
#include <cstdint>
#include <string>

namespace rssm {

struct RuntimeSettings {
    int intraOpThreads = 1;  // LibTorch's
    int blasThreads = 1;     // OpenBLAS's own pool
    int sliceThreads = 1;    // the fused recurrence's batch slices
    std::string blasCore;    // the kernels OpenBLAS chose for this CPU ("" without OpenBLAS)
};

// A line for the user when OpenBLAS runs its generic kernels on a CPU that
// has AVX2 (OpenBLAS 0.3.21 does not recognise the newest Xeons and falls
// back to "Prescott", several times slower); empty otherwise.
std::string blasSpeedNote(const RuntimeSettings& settings);

// Process settings that decide how fast a training step runs on a CPU:
// - threads: LibTorch's intra-op pool and OpenBLAS's must not both take every
//   core (a small RSSM step on 2 cores then runs about 4x slower). Measured on
//   2 cores (bench/train_step.sh), 1 LibTorch thread with OpenBLAS on every
//   core is fastest, so that is what 0 (automatic) chooses; N > 0 gives
//   LibTorch N threads and OpenBLAS one. Local ranks of a data-parallel run
//   (LOCAL_WORLD_SIZE) split the cores between them.
// - glibc keeps freed tensor memory instead of unmapping it and faulting it
//   back in at every step.
// - the fused engine's recurrence runs its batch in slices, one thread and one
//   BLAS thread each; automatic gives every core a slice when each gets at
//   least kMinSliceRows rows (fewer rows make BLAS calls too small to pay for
//   a thread), and N > 0 gives N slices with OpenBLAS on N threads.
RuntimeSettings applyRuntimeSettings(int requestedThreads, bool fusedEngine = false, int64_t batchSize = 0);
constexpr int64_t kMinSliceRows = 16;

}  // namespace rssm
