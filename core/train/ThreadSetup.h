#pragma once

namespace rssm {

// Sets LibTorch's intra-op threads (0 = choose) and keeps OpenBLAS's own
// thread pool from competing with them. When both take every core, a small
// RSSM step on 2 cores runs about 4x slower than with either at one.
// Returns the intra-op thread count in effect.
int applyThreadSettings(int requested);

}  // namespace rssm
