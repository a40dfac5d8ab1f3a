#include "train/RuntimeSetup.h"

#include <dlfcn.h>
#include <malloc.h>

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

int applyRuntimeSettings(int requested) {
    // A step allocates the same few-hundred-KiB tensors every time; above
    // glibc's default mmap threshold each one costs page faults and zeroing.
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
    const int cores = std::max(1u, std::thread::hardware_concurrency());
    const int threads = requested > 0 ? requested : cores;
    torch::set_num_threads(threads);
    // LibTorch's OpenMP threads already split the work; BLAS calls made from
    // inside them must not spawn a second set.
    setBlasThreads(1);
    return torch::get_num_threads();
}

}  // namespace rssm
