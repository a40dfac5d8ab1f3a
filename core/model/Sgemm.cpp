#include "model/Sgemm.h"

#include <dlfcn.h>

#include <ATen/ATen.h>

namespace rssm::fused {

namespace {

enum { kRowMajor = 101, kNoTrans = 111, kTrans = 112 };
using CblasSgemm = void (*)(int, int, int, int, int, int, float, const float*, int, const float*, int, float, float*, int);
using SetThreads = void (*)(int);
using GetThreads = int (*)();

template <typename F>
F lookup(const char* name) {
    return reinterpret_cast<F>(dlsym(RTLD_DEFAULT, name));
}

const CblasSgemm cblasSgemm = lookup<CblasSgemm>("cblas_sgemm");

at::Tensor view(const float* data, int64_t rows, int64_t cols, int64_t ld, bool trans) {
    auto t = at::from_blob(const_cast<float*>(data), {rows, cols}, {ld, 1}, at::kFloat);
    return trans ? t.t() : t;
}

}  // namespace

void sgemm(bool transA, bool transB, int64_t m, int64_t n, int64_t k, float alpha, const float* a, int64_t lda, const float* b,
           int64_t ldb, float beta, float* c, int64_t ldc) {
    if (m == 0 || n == 0) return;
    if (cblasSgemm) {
        cblasSgemm(kRowMajor, transA ? kTrans : kNoTrans, transB ? kTrans : kNoTrans, static_cast<int>(m), static_cast<int>(n),
                   static_cast<int>(k), alpha, a, static_cast<int>(lda), b, static_cast<int>(ldb), beta, c, static_cast<int>(ldc));
        return;
    }
    auto out = at::from_blob(c, {m, n}, {ldc, 1}, at::kFloat);
    const auto lhs = transA ? view(a, k, m, lda, true) : view(a, m, k, lda, false);
    const auto rhs = transB ? view(b, n, k, ldb, true) : view(b, k, n, ldb, false);
    if (beta == 0.0f) out.zero_();
    out.addmm_(lhs, rhs, beta == 0.0f ? 1.0f : beta, alpha);
}

BlasThreadsScope::BlasThreadsScope(int threads) {
    static const GetThreads get = lookup<GetThreads>("openblas_get_num_threads");
    static const SetThreads set = lookup<SetThreads>("openblas_set_num_threads");
    if (!get || !set) return;
    previous_ = get();
    if (previous_ != threads) set(threads);
    else previous_ = -1;
}

BlasThreadsScope::~BlasThreadsScope() {
    static const SetThreads set = lookup<SetThreads>("openblas_set_num_threads");
    if (previous_ > 0 && set) set(previous_);
}

}  // namespace rssm::fused
