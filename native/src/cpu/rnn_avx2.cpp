// AVX2+FMA float32 row kernels of the recurrent cells (built with -mavx2 -mfma; rnn.cpp calls
// them only when active_isa() >= NN4J_ISA_AVX2). Same contract as the reference rows in
// rnn.cpp (rnn.h, RowKernels); 8 units per iteration, the tail with masked loads and stores.
// (No scalar math from rnn_math.h here: its inline functions compiled with AVX2 could be the
// copy the linker keeps for the generic path.) The per-step pointwise work is about as large as
// the step's GEMM, so libm calls there would dominate the layer.
//
// exp: Cody-Waite reduction x = k ln2 + r, |r| <= ln2/2, then a degree-7 Taylor polynomial
// (truncation < 6e-9 relative) and 2^k through the exponent bits; x is clamped to [-87, 88] so
// 2^k stays normal; NaN passes the clamps (min/max return their second operand on NaN).
// tanh(x) = sign(x) (1 - e) / (1 + e), e = exp(-2|x|), except |x| < 0.25 where an odd Taylor
// polynomial avoids the cancellation in 1 - e (truncation < 2e-8 relative).
#include <immintrin.h>
#include "rnn.h"

namespace nn4j {
namespace rnn {
namespace {

inline __m256 exp8(__m256 x) {
    x = _mm256_min_ps(_mm256_set1_ps(88.0f), x);
    x = _mm256_max_ps(_mm256_set1_ps(-87.0f), x);
    const __m256 k = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)),
                                     _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 r = _mm256_fnmadd_ps(k, _mm256_set1_ps(0.693359375f), x);
    r = _mm256_fnmadd_ps(k, _mm256_set1_ps(-2.12194440e-4f), r);
    __m256 p = _mm256_set1_ps(1.0f / 5040);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 720));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 120));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 24));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 6));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(0.5f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
    const __m256i e = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(k), _mm256_set1_epi32(127)), 23);
    return _mm256_mul_ps(p, _mm256_castsi256_ps(e));
}

// 1 / (1 + e^-x): no cancellation anywhere; e^-x is clamped at e^88, so x < -88 gives ~6e-39.
inline __m256 sigmoid8(__m256 x) {
    const __m256 one = _mm256_set1_ps(1.0f);
    return _mm256_div_ps(one, _mm256_add_ps(one, exp8(_mm256_sub_ps(_mm256_setzero_ps(), x))));
}

inline __m256 tanh8(__m256 x) {
    const __m256 sign = _mm256_set1_ps(-0.0f);
    const __m256 one = _mm256_set1_ps(1.0f);
    const __m256 ax = _mm256_andnot_ps(sign, x);
    const __m256 e = exp8(_mm256_mul_ps(ax, _mm256_set1_ps(-2.0f)));
    const __m256 big = _mm256_div_ps(_mm256_sub_ps(one, e), _mm256_add_ps(one, e));
    const __m256 z = _mm256_mul_ps(ax, ax);
    __m256 p = _mm256_set1_ps(62.0f / 2835);
    p = _mm256_fmadd_ps(p, z, _mm256_set1_ps(-17.0f / 315));
    p = _mm256_fmadd_ps(p, z, _mm256_set1_ps(2.0f / 15));
    p = _mm256_fmadd_ps(p, z, _mm256_set1_ps(-1.0f / 3));
    const __m256 small = _mm256_fmadd_ps(_mm256_mul_ps(p, z), ax, ax);
    const __m256 t = _mm256_blendv_ps(big, small, _mm256_cmp_ps(ax, _mm256_set1_ps(0.25f), _CMP_LT_OQ));
    return _mm256_or_ps(t, _mm256_and_ps(sign, x));
}

// Loads and stores of 8 units, or of the first `rem` (< 8) units of the tail.
struct Full {
    __m256 ld(const float* p) const { return _mm256_loadu_ps(p); }
    void st(float* p, __m256 v) const { _mm256_storeu_ps(p, v); }
};
struct Tail {
    __m256i m;
    explicit Tail(int64_t rem)
        : m(_mm256_cmpgt_epi32(_mm256_set1_epi32((int)rem), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7))) {}
    __m256 ld(const float* p) const { return _mm256_maskload_ps(p, m); }
    void st(float* p, __m256 v) const { _mm256_maskstore_ps(p, m, v); }
};
// Runs body(io, j) over the units of a row: full vectors, then one masked tail.
template <class Body> inline void units(int64_t H, Body&& body) {
    int64_t j = 0;
    for (; j + 8 <= H; j += 8) body(Full{}, j);
    if (j < H) body(Tail(H - j), j);
}
inline __m256 one8() { return _mm256_set1_ps(1.0f); }
// s (1 - s), the derivative of the sigmoid from its output
inline __m256 dsig(__m256 s) { return _mm256_mul_ps(s, _mm256_sub_ps(one8(), s)); }
// 1 - t^2, the derivative of tanh from its output
inline __m256 dtanh(__m256 t) { return _mm256_fnmadd_ps(t, t, one8()); }

void tanh_fwd(int64_t H, float* a, const float* b, float* y) {
    units(H, [&](auto io, int64_t j) {
        const __m256 h = tanh8(_mm256_add_ps(io.ld(a + j), io.ld(b + j)));
        io.st(a + j, h);
        io.st(y + j, h);
    });
}

void lstm_fwd(int64_t H, float* a, const float* b, const float* cp, float* y) {
    units(H, [&](auto io, int64_t j) {
        const __m256 i = sigmoid8(_mm256_add_ps(io.ld(a + j), io.ld(b + j)));
        const __m256 f = sigmoid8(_mm256_add_ps(io.ld(a + H + j), io.ld(b + H + j)));
        const __m256 g = tanh8(_mm256_add_ps(io.ld(a + 2 * H + j), io.ld(b + 2 * H + j)));
        const __m256 o = sigmoid8(_mm256_add_ps(io.ld(a + 3 * H + j), io.ld(b + 3 * H + j)));
        const __m256 c = _mm256_fmadd_ps(f, io.ld(cp + j), _mm256_mul_ps(i, g));
        io.st(a + j, i);
        io.st(a + H + j, f);
        io.st(a + 2 * H + j, g);
        io.st(a + 3 * H + j, o);
        io.st(a + 4 * H + j, c);
        io.st(y + j, _mm256_mul_ps(o, tanh8(c)));
    });
}

void gru_fwd_zr(int64_t H, float* a, const float* b, const float* hp) {
    units(H, [&](auto io, int64_t j) {
        const __m256 z = sigmoid8(_mm256_add_ps(io.ld(a + j), io.ld(b + j)));
        const __m256 r = sigmoid8(_mm256_add_ps(io.ld(a + H + j), io.ld(b + H + j)));
        io.st(a + j, z);
        io.st(a + H + j, r);
        io.st(a + 3 * H + j, _mm256_mul_ps(r, io.ld(hp + j)));
    });
}

// z hp + (1 - z) hh, written hh + z (hp - hh)
inline __m256 mix(__m256 z, __m256 hp, __m256 hh) { return _mm256_fmadd_ps(z, _mm256_sub_ps(hp, hh), hh); }

void gru_fwd_h(int64_t H, float* a, const float* b, const float* hp, float* y) {
    units(H, [&](auto io, int64_t j) {
        const __m256 hh = tanh8(_mm256_add_ps(io.ld(a + 2 * H + j), io.ld(b + 2 * H + j)));
        io.st(a + 2 * H + j, hh);
        io.st(y + j, mix(io.ld(a + j), io.ld(hp + j), hh));
    });
}

void gru_ra_fwd(int64_t H, float* a, const float* hu, const float* b, const float* hp, float* y) {
    units(H, [&](auto io, int64_t j) {
        const __m256 z = sigmoid8(_mm256_add_ps(_mm256_add_ps(io.ld(a + j), io.ld(b + j)), io.ld(hu + j)));
        const __m256 r = sigmoid8(_mm256_add_ps(_mm256_add_ps(io.ld(a + H + j), io.ld(b + H + j)), io.ld(hu + H + j)));
        const __m256 hn = _mm256_add_ps(io.ld(hu + 2 * H + j), io.ld(b + 3 * H + j));
        const __m256 hh = tanh8(_mm256_fmadd_ps(r, hn, _mm256_add_ps(io.ld(a + 2 * H + j), io.ld(b + 2 * H + j))));
        io.st(a + j, z);
        io.st(a + H + j, r);
        io.st(a + 2 * H + j, hh);
        io.st(a + 3 * H + j, hn);
        io.st(y + j, mix(z, io.ld(hp + j), hh));
    });
}

void tanh_bwd(int64_t H, const float* a, const float* dy, const float* dh, float* d) {
    units(H, [&](auto io, int64_t j) {
        io.st(d + j, _mm256_mul_ps(_mm256_add_ps(io.ld(dy + j), io.ld(dh + j)), dtanh(io.ld(a + j))));
    });
}

void lstm_bwd(int64_t H, const float* a, const float* cp, const float* dy, const float* dh, float* dc, float* d) {
    units(H, [&](auto io, int64_t j) {
        const __m256 i = io.ld(a + j), f = io.ld(a + H + j), g = io.ld(a + 2 * H + j), o = io.ld(a + 3 * H + j);
        const __m256 tc = tanh8(io.ld(a + 4 * H + j));
        const __m256 gh = _mm256_add_ps(io.ld(dy + j), io.ld(dh + j));
        const __m256 dct = _mm256_fmadd_ps(_mm256_mul_ps(gh, o), dtanh(tc), io.ld(dc + j));
        io.st(d + j, _mm256_mul_ps(_mm256_mul_ps(dct, g), dsig(i)));
        io.st(d + H + j, _mm256_mul_ps(_mm256_mul_ps(dct, io.ld(cp + j)), dsig(f)));
        io.st(d + 2 * H + j, _mm256_mul_ps(_mm256_mul_ps(dct, i), dtanh(g)));
        io.st(d + 3 * H + j, _mm256_mul_ps(_mm256_mul_ps(gh, tc), dsig(o)));
        io.st(dc + j, _mm256_mul_ps(dct, f));
    });
}

void gru_bwd_zh(int64_t H, const float* a, const float* hp, const float* dy, float* dh, float* d) {
    units(H, [&](auto io, int64_t j) {
        const __m256 z = io.ld(a + j), hh = io.ld(a + 2 * H + j);
        const __m256 g = _mm256_add_ps(io.ld(dy + j), io.ld(dh + j));
        io.st(dh + j, g);
        io.st(d + j, _mm256_mul_ps(_mm256_mul_ps(g, _mm256_sub_ps(io.ld(hp + j), hh)), dsig(z)));
        io.st(d + 2 * H + j, _mm256_mul_ps(_mm256_mul_ps(g, _mm256_sub_ps(one8(), z)), dtanh(hh)));
    });
}

void gru_bwd_r(int64_t H, const float* a, const float* hp, const float* drh, float* dh, float* d) {
    units(H, [&](auto io, int64_t j) {
        const __m256 z = io.ld(a + j), r = io.ld(a + H + j), g = io.ld(drh + j);
        io.st(d + H + j, _mm256_mul_ps(_mm256_mul_ps(g, io.ld(hp + j)), dsig(r)));
        io.st(dh + j, _mm256_fmadd_ps(io.ld(dh + j), z, _mm256_mul_ps(g, r)));
    });
}

void gru_ra_bwd(int64_t H, const float* a, const float* hp, const float* dy, float* dh, float* d) {
    units(H, [&](auto io, int64_t j) {
        const __m256 z = io.ld(a + j), r = io.ld(a + H + j), hh = io.ld(a + 2 * H + j), hn = io.ld(a + 3 * H + j);
        const __m256 g = _mm256_add_ps(io.ld(dy + j), io.ld(dh + j));
        const __m256 da = _mm256_mul_ps(_mm256_mul_ps(g, _mm256_sub_ps(one8(), z)), dtanh(hh));
        io.st(d + j, _mm256_mul_ps(_mm256_mul_ps(g, _mm256_sub_ps(io.ld(hp + j), hh)), dsig(z)));
        io.st(d + H + j, _mm256_mul_ps(_mm256_mul_ps(da, hn), dsig(r)));
        io.st(d + 2 * H + j, _mm256_mul_ps(da, r));
        io.st(d + 3 * H + j, da);
        io.st(dh + j, _mm256_mul_ps(g, z));
    });
}

const RowKernels<float> kAvx2 = {tanh_fwd, lstm_fwd, gru_fwd_zr, gru_fwd_h, gru_ra_fwd,
                                 tanh_bwd, lstm_bwd, gru_bwd_zh, gru_bwd_r, gru_ra_bwd};

}  // namespace

const RowKernels<float>* avx2_kernels() { return &kAvx2; }

}  // namespace rnn
}  // namespace nn4j
