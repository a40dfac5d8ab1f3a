#pragma once

namespace rssm {

// Process settings that decide how fast a training step runs on a CPU:
// - LibTorch's intra-op threads (0 = choose), with OpenBLAS's own pool kept
//   from competing (when both take every core, a small RSSM step on 2 cores
//   runs about 4x slower than with either at one);
// - glibc keeping freed tensor memory instead of unmapping and faulting it
//   back in at every step.
// Returns the intra-op thread count in effect.
int applyRuntimeSettings(int requestedThreads);

}  // namespace rssm
