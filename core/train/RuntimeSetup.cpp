#include "train/RuntimeSetup.h"

#include <dlfcn.h>
#include <malloc.h>

#include <cstdlib>
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

RuntimeSettings applyRuntimeSettings(int requested) {
    // A step allocates the same few-hundred-KiB tensors every time; above
    // glibc's default mmap threshold each one costs page faults and zeroing.
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
    int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    // Ranks of a data-parallel run on one machine (torchrun and rssm train
    // --nproc set LOCAL_WORLD_SIZE) share its cores.
    if (const char* local = std::getenv("LOCAL_WORLD_SIZE"); local && std::atoi(local) > 1) cores = std::max(1, cores / std::atoi(local));
    RuntimeSettings s;
    s.intraOpThreads = requested > 0 ? requested : 1;
    s.blasThreads = requested > 0 ? 1 : cores;
    torch::set_num_threads(s.intraOpThreads);
    setBlasThreads(s.blasThreads);
    s.intraOpThreads = torch::get_num_threads();
    return s;
}

}  // namespace rssm
