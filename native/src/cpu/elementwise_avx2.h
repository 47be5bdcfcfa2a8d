// Hand-vectorised AVX2+FMA runs for libm-bound float32 unary ops (elementwise_avx2.cpp, built
// with -mavx2 -mfma). Callers check nn4j::active_isa() >= NN4J_ISA_AVX2 first.
#pragma once
#include <cstdint>

namespace nn4j {

// Computes o[i] = op(x[i]) for i < n and returns true if `op` has an AVX2 kernel, else returns
// false without touching o. o may equal x (in place); other overlaps are not allowed.
bool avx2_unary_f32(int op, const float* x, float* o, int64_t n);

// max of x[0..n) (n >= 1), NaN when any element is NaN.
float avx2_max_f32(const float* x, int64_t n);
// o[i] = exp(x[i] - shift) for i < n; returns the sum of the o[i], accumulated in double.
double avx2_exp_shift_sum_f32(const float* x, float shift, float* o, int64_t n);

template <class T> inline bool avx2_unary_run(int, const T*, T*, int64_t) { return false; }
inline bool avx2_unary_run(int op, const float* x, float* o, int64_t n) {
    return avx2_unary_f32(op, x, o, n);
}

}  // namespace nn4j
