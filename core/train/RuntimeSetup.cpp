#include "train/RuntimeSetup.h"

#include <dlfcn.h>
#include <malloc.h>

#include <algorithm>
#include <cctype>
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

std::string blasCoreName() {
    using Getter = char* (*)();
    auto get = reinterpret_cast<Getter>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
    const char* name = get ? get() : nullptr;
    return name ? name : "";
}

}  // namespace

std::string blasSpeedNote(const RuntimeSettings& s) {
    std::string core = s.blasCore;
    for (auto& c : core) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
#if defined(__x86_64__) && defined(__GNUC__)
    const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    const bool avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl");
#else
    const bool avx2 = false, avx512 = false;
#endif
    if (core != "prescott" || !avx2) return "";
    return std::string("OpenBLAS does not recognise this CPU and runs its generic Prescott kernels, several times slower than "
                       "the CPU allows; start with OPENBLAS_CORETYPE=") +
           (avx512 ? "SkylakeX" : "Haswell") + " in the environment to use its AVX2" + (avx512 ? "/AVX-512" : "") + " kernels";
}

RuntimeSettings applyRuntimeSettings(int requested, bool fusedEngine, int64_t batchSize) {
    // A step allocates the same few-hundred-KiB tensors every time; above
    // glibc's default mmap threshold each one costs page faults and zeroing.
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
    int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    // Ranks of a data-parallel run on one machine (torchrun and rssm train
    // --nproc set LOCAL_WORLD_SIZE) share its cores.
    if (const char* local = std::getenv("LOCAL_WORLD_SIZE"); local && std::atoi(local) > 1) cores = std::max(1, cores / std::atoi(local));
    RuntimeSettings s;
    if (fusedEngine) {
        s.intraOpThreads = 1;
        s.blasThreads = requested > 0 ? requested : cores;
        s.sliceThreads = requested > 0 ? requested : static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(cores, batchSize / kMinSliceRows)));
    } else {
        s.intraOpThreads = requested > 0 ? requested : 1;
        s.blasThreads = requested > 0 ? 1 : cores;
    }
    torch::set_num_threads(s.intraOpThreads);
    setBlasThreads(s.blasThreads);
    s.intraOpThreads = torch::get_num_threads();
    s.blasCore = blasCoreName();
    return s;
}

}  // namespace rssm
