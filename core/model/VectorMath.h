#pragma once
#include <cstdint>
#include <cstring>

// Branch-free float functions that GCC vectorises inside plain loops (libm's
// expf and tanhf are scalar calls and would dominate the fused GRU passes).
// Accurate to a few units in the last place, well inside the engine's 1e-5
// parity with LibTorch's own kernels.
namespace rssm::fused::vm {

// Inlined into each caller, so the AVX2 copies of the passes get AVX2 copies
// of these and the loops vectorise (a call inside a loop stops that).
#define RSSM_VM_INLINE inline __attribute__((always_inline))

// e^x: x = n ln2 + r with |r| <= ln2/2, e^r by its degree-6 Taylor
// polynomial (error below 2e-7 relative), 2^n put into the exponent bits.
RSSM_VM_INLINE float exp(float x) {
    x = x < -87.0f ? -87.0f : (x > 88.0f ? 88.0f : x);
    const float shifter = 12582912.0f;  // 1.5 * 2^23: adding it rounds to an integer
    const float n = (x * 1.44269504088896341f + shifter) - shifter;
    const float r = (x - n * 0.693145751953125f) - n * 1.428606765330187e-06f;
    float p = 1.0f / 720.0f;
    p = p * r + 1.0f / 120.0f;
    p = p * r + 1.0f / 24.0f;
    p = p * r + 1.0f / 6.0f;
    p = p * r + 0.5f;
    p = p * r + 1.0f;
    p = p * r + 1.0f;
    const int32_t bits = (static_cast<int32_t>(n) + 127) << 23;
    float scale;
    std::memcpy(&scale, &bits, sizeof scale);
    return p * scale;
}

RSSM_VM_INLINE float sigmoid(float x) { return 1.0f / (1.0f + exp(-x)); }

RSSM_VM_INLINE float tanh(float x) {
    // 1 - 2 / (e^{2x} + 1), exact at the saturated ends.
    return 1.0f - 2.0f / (exp(2.0f * x) + 1.0f);
}

// log(1 + e^x) as torch.nn.functional.softplus (threshold 20), and its slope.
RSSM_VM_INLINE float log1p(float x) {
    // For y = 1 + x >= 1: log(y) from the exponent and a series in (m-1)/(m+1).
    const float y = 1.0f + x;
    int32_t bits;
    std::memcpy(&bits, &y, sizeof bits);
    const int32_t e = ((bits >> 23) & 0xff) - 127;
    int32_t mbits = (bits & 0x007fffff) | 0x3f800000;
    float m;
    std::memcpy(&m, &mbits, sizeof m);
    // m in [1, 2): move to [sqrt(1/2), sqrt(2)) for a faster series.
    const bool big = m > 1.41421356f;
    const float mm = big ? m * 0.5f : m;
    const float ee = static_cast<float>(big ? e + 1 : e);
    const float s = (mm - 1.0f) / (mm + 1.0f), s2 = s * s;
    float q = 1.0f / 11.0f;
    q = q * s2 + 1.0f / 9.0f;
    q = q * s2 + 1.0f / 7.0f;
    q = q * s2 + 1.0f / 5.0f;
    q = q * s2 + 1.0f / 3.0f;
    q = q * s2 + 1.0f;
    const float logY = ee * 0.693147180559945f + 2.0f * s * q;
    // log(y) loses x's low bits when x is tiny: correct by (x - (y - 1)) / y.
    return logY + (x - (y - 1.0f)) / y;
}
RSSM_VM_INLINE float softplus(float x) { return x > 20.0f ? x : log1p(exp(x)); }
RSSM_VM_INLINE float softplusSlope(float x) { return x > 20.0f ? 1.0f : sigmoid(x); }

}  // namespace rssm::fused::vm
