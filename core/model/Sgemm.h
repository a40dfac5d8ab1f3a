#pragma once
#include <cstdint>

namespace rssm::fused {

// C = alpha op(A) op(B) + beta C on row-major float matrices, on the calling
// thread's share of the BLAS: cblas_sgemm of the BLAS LibTorch already loaded
// (OpenBLAS on Debian), found at run time since Debian's alternatives choose
// it; through ATen where no CBLAS is loaded (a LibTorch with MKL inside).
void sgemm(bool transA, bool transB, int64_t m, int64_t n, int64_t k, float alpha, const float* a, int64_t lda, const float* b,
           int64_t ldb, float beta, float* c, int64_t ldc);

// OpenBLAS's thread count, while an object lives: the recurrence's batch
// slices each run on one BLAS thread. Does nothing without OpenBLAS.
class BlasThreadsScope {
public:
    explicit BlasThreadsScope(int threads);
    ~BlasThreadsScope();
    BlasThreadsScope(const BlasThreadsScope&) = delete;
    BlasThreadsScope& operator=(const BlasThreadsScope&) = delete;

private:
    int previous_ = -1;
};

}  // namespace rssm::fused
