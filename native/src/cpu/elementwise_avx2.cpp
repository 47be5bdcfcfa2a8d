// AVX2+FMA float32 kernels for the libm-bound unary ops (EXP, LOG, TANH, SIGMOID), 8 lanes at
// a time. Built with -mavx2 -mfma (CMake: *_avx2.cpp) and only called when cpuid allows.
// This file includes no nn4j templates or inline helpers on purpose: anything instantiated here
// would be compiled with AVX2 and could be picked by the linker for the generic code too.
//
// Accuracy (checked against double-precision libm by native/test/elementwise_check.cpp):
// within a few float ulps; the generic path in elementwise.cpp is the reference.
//
// Polynomial coefficients were fitted for these intervals (Lawson-weighted least squares on
// Chebyshev nodes, relative error of the fit in brackets):
//   exp:  e^r = 1 + r + r^2 P(r), |r| <= ln2/2, P of degree 4            [3e-9]
//   log:  log m = 2f + f^3 R(f^2), f = (m-1)/(m+1), m in [sqrt(1/2), sqrt(2)), R degree 2 [8e-10]
//   tanh: tanh x = x + x^3 Q(x^2), |x| < 0.625, Q degree 4                [4e-9]
#include <immintrin.h>
#include <cmath>
#include <cstdint>
#include "elementwise_avx2.h"
#include "nn4j.h"

namespace nn4j {
namespace {

inline __m256 splat(float v) { return _mm256_set1_ps(v); }

// Cody-Waite split of ln 2: n * kLn2Hi is exact for |n| < 2^15.
constexpr float kLn2Hi = 0.693359375f;
constexpr float kLn2Lo = -2.12194440e-4f;

__attribute__((always_inline)) inline __m256 exp8(__m256 x) {
    const __m256 nan_mask = _mm256_cmp_ps(x, x, _CMP_UNORD_Q);
    // beyond these bounds the result is 0 or inf anyway
    __m256 xc = _mm256_min_ps(_mm256_max_ps(x, splat(-104.0f)), splat(89.0f));
    __m256 n = _mm256_round_ps(_mm256_mul_ps(xc, splat(1.44269504088896341f)),
                               _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 r = _mm256_fnmadd_ps(n, splat(kLn2Hi), xc);
    r = _mm256_fnmadd_ps(n, splat(kLn2Lo), r);
    __m256 p = splat(0.0013814611593261361f);
    p = _mm256_fmadd_ps(p, r, splat(0.008368710055947304f));
    p = _mm256_fmadd_ps(p, r, splat(0.04166838899254799f));
    p = _mm256_fmadd_ps(p, r, splat(0.1666652113199234f));
    p = _mm256_fmadd_ps(p, r, splat(0.4999999403953552f));
    __m256 e = _mm256_add_ps(_mm256_fmadd_ps(_mm256_mul_ps(r, r), p, r), splat(1.0f));
    // 2^n in two factors, each a normal float, so overflow gives inf and underflow subnormals
    __m256i ni = _mm256_cvtps_epi32(n);
    __m256i n1 = _mm256_srai_epi32(ni, 1), n2 = _mm256_sub_epi32(ni, n1);
    __m256 s1 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n1, _mm256_set1_epi32(127)), 23));
    __m256 s2 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n2, _mm256_set1_epi32(127)), 23));
    e = _mm256_mul_ps(_mm256_mul_ps(e, s1), s2);
    return _mm256_blendv_ps(e, _mm256_add_ps(x, x), nan_mask);
}

__attribute__((always_inline)) inline __m256 log8(__m256 x) {
    // subnormals: scale into the normal range first
    const __m256 tiny = _mm256_cmp_ps(x, splat(1.17549435e-38f), _CMP_LT_OQ);
    __m256 xs = _mm256_blendv_ps(x, _mm256_mul_ps(x, splat(8388608.0f)), tiny);
    __m256 ebias = _mm256_blendv_ps(splat(0.0f), splat(-23.0f), tiny);
    __m256i bits = _mm256_castps_si256(xs);
    __m256 e = _mm256_cvtepi32_ps(_mm256_sub_epi32(_mm256_srli_epi32(bits, 23), _mm256_set1_epi32(127)));
    __m256 m = _mm256_castsi256_ps(
        _mm256_or_si256(_mm256_and_si256(bits, _mm256_set1_epi32(0x7fffff)), _mm256_set1_epi32(0x3f800000)));
    const __m256 big = _mm256_cmp_ps(m, splat(1.41421356f), _CMP_GT_OQ);
    m = _mm256_blendv_ps(m, _mm256_mul_ps(m, splat(0.5f)), big);
    e = _mm256_add_ps(_mm256_add_ps(e, ebias), _mm256_and_ps(big, splat(1.0f)));
    __m256 f = _mm256_div_ps(_mm256_sub_ps(m, splat(1.0f)), _mm256_add_ps(m, splat(1.0f)));
    __m256 z = _mm256_mul_ps(f, f);
    __m256 R = _mm256_fmadd_ps(splat(0.2987093925476074f), z, splat(0.39977574348449707f));
    R = _mm256_fmadd_ps(R, z, splat(0.6666677594184875f));
    __m256 lm = _mm256_fmadd_ps(_mm256_mul_ps(f, z), R, _mm256_add_ps(f, f));
    __m256 y = _mm256_fmadd_ps(e, splat(kLn2Hi), _mm256_fmadd_ps(e, splat(kLn2Lo), lm));
    // specials: log(0) = -inf, log(negative) = NaN, log(inf) = inf, NaN stays NaN
    y = _mm256_blendv_ps(y, splat(-__builtin_inff()), _mm256_cmp_ps(x, splat(0.0f), _CMP_EQ_OQ));
    y = _mm256_blendv_ps(y, x, _mm256_cmp_ps(x, splat(__builtin_inff()), _CMP_EQ_OQ));
    y = _mm256_blendv_ps(y, splat(__builtin_nanf("")), _mm256_cmp_ps(x, splat(0.0f), _CMP_LT_OQ));
    return _mm256_blendv_ps(y, _mm256_add_ps(x, x), _mm256_cmp_ps(x, x, _CMP_UNORD_Q));
}

inline __m256 abs8(__m256 x) { return _mm256_andnot_ps(splat(-0.0f), x); }

// Sign-split like ew::sigmoid: exp only ever sees -|x|, so nothing overflows.
__attribute__((always_inline)) inline __m256 sigmoid8(__m256 x) {
    __m256 e = exp8(_mm256_sub_ps(splat(0.0f), abs8(x)));
    __m256 s = _mm256_div_ps(splat(1.0f), _mm256_add_ps(splat(1.0f), e));
    return _mm256_blendv_ps(_mm256_mul_ps(e, s), s, _mm256_cmp_ps(x, splat(0.0f), _CMP_GE_OQ));
}

// |x| < 0.625: odd polynomial (no cancellation); else 1 - 2 / (e^{2|x|} + 1) with x's sign,
// which saturates to 1 when e^{2|x|} overflows.
__attribute__((always_inline)) inline __m256 tanh8(__m256 x) {
    __m256 a = abs8(x);
    __m256 y = _mm256_mul_ps(x, x);
    __m256 q = splat(-0.005704978480935097f);
    q = _mm256_fmadd_ps(q, y, splat(0.020639078691601753f));
    q = _mm256_fmadd_ps(q, y, splat(-0.05373971164226532f));
    q = _mm256_fmadd_ps(q, y, splat(0.13331441581249237f));
    q = _mm256_fmadd_ps(q, y, splat(-0.3333328068256378f));
    const __m256 sign = _mm256_and_ps(x, splat(-0.0f));
    __m256 small = _mm256_or_ps(_mm256_fmadd_ps(_mm256_mul_ps(a, y), q, a), sign);  // keeps tanh(-0) = -0
    __m256 e = exp8(_mm256_add_ps(a, a));
    __m256 t = _mm256_sub_ps(splat(1.0f), _mm256_div_ps(splat(2.0f), _mm256_add_ps(e, splat(1.0f))));
    __m256 large = _mm256_or_ps(t, sign);
    return _mm256_blendv_ps(large, small, _mm256_cmp_ps(a, splat(0.625f), _CMP_LT_OQ));
}

// Loads before stores within each vector, so o == x works.
template <class F> void run8(const float* x, float* o, int64_t n, F f) {
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(o + i, f(_mm256_loadu_ps(x + i)));
    if (i < n) {
        const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
        const __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32((int)(n - i)), lane);
        _mm256_maskstore_ps(o + i, mask, f(_mm256_maskload_ps(x + i, mask)));
    }
}

}  // namespace

float avx2_max_f32(const float* x, int64_t n) {
    __m256 m = splat(-INFINITY), bad = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256 v = _mm256_loadu_ps(x + i);
        m = _mm256_max_ps(m, v);
        bad = _mm256_or_ps(bad, _mm256_cmp_ps(v, v, _CMP_UNORD_Q));
    }
    alignas(32) float lanes[8];
    _mm256_store_ps(lanes, m);
    float best = lanes[0];
    for (int k = 1; k < 8; ++k) best = lanes[k] > best ? lanes[k] : best;
    bool nan = _mm256_movemask_ps(bad) != 0;
    for (; i < n; ++i) {
        best = x[i] > best ? x[i] : best;
        nan |= x[i] != x[i];
    }
    return nan ? NAN : best;
}

double avx2_exp_shift_sum_f32(const float* x, float shift, float* o, int64_t n) {
    const __m256 sh = splat(shift);
    __m256d acc0 = _mm256_setzero_pd(), acc1 = _mm256_setzero_pd();
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256 e = exp8(_mm256_sub_ps(_mm256_loadu_ps(x + i), sh));
        _mm256_storeu_ps(o + i, e);
        acc0 = _mm256_add_pd(acc0, _mm256_cvtps_pd(_mm256_castps256_ps128(e)));
        acc1 = _mm256_add_pd(acc1, _mm256_cvtps_pd(_mm256_extractf128_ps(e, 1)));
    }
    alignas(32) double lanes[4];
    _mm256_store_pd(lanes, _mm256_add_pd(acc0, acc1));
    double s = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
    if (i < n) {
        const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
        const __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32((int)(n - i)), lane);
        const __m256 e = exp8(_mm256_sub_ps(_mm256_maskload_ps(x + i, mask), sh));
        _mm256_maskstore_ps(o + i, mask, e);
        alignas(32) float t[8];
        _mm256_store_ps(t, e);
        for (int64_t k = 0; k < n - i; ++k) s += (double)t[k];
    }
    return s;
}

bool avx2_unary_f32(int op, const float* x, float* o, int64_t n) {
    switch (op) {
        case NN4J_UNARY_EXP: run8(x, o, n, [](__m256 v) { return exp8(v); }); return true;
        case NN4J_UNARY_LOG: run8(x, o, n, [](__m256 v) { return log8(v); }); return true;
        case NN4J_UNARY_TANH: run8(x, o, n, [](__m256 v) { return tanh8(v); }); return true;
        case NN4J_UNARY_SIGMOID: run8(x, o, n, [](__m256 v) { return sigmoid8(v); }); return true;
        default: return false;
    }
}

}  // namespace nn4j
