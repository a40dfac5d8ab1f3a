#include "train/ThreadSetup.h"

#include <dlfcn.h>

#include <thread>

#include <torch/torch.h>

namespace rssm {

namespace {

// OpenBLAS may or may not be the BLAS in use (Debian switches it by
// alternatives), so its setter is looked up rather than linked.
void setBlasThreads(int n) {
    using Setter = void (*)(int);
    if (auto set = reinterpret_cast<Setter>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) set(n);
}

}  // namespace

int applyThreadSettings(int requested) {
    const int cores = std::max(1u, std::thread::hardware_concurrency());
    const int threads = requested > 0 ? requested : cores;
    torch::set_num_threads(threads);
    // LibTorch's OpenMP threads already split the work; BLAS calls made from
    // inside them must not spawn a second set.
    setBlasThreads(1);
    return torch::get_num_threads();
}

}  // namespace rssm
