// Per-element math shared by the CPU kernels (native/src/cpu) and their CUDA twins, so that
// both sides agree on semantics: which op accepts which dtype, integer wrap-around, NaN rules,
// float -> int conversion and the mapping from Philox words to random numbers.
//
// Everything here is NN4J_HD (host + device) and calls only C math functions that CUDA also
// provides in device code (::expf, ::exp, ...); no std:: functions.
//
// Storage types: F32 float, F64 double, I32 int32_t, I64 int64_t, BOOL uint8_t (0 or 1).
#pragma once
#include <math.h>
#include <stdint.h>
#include "nn4j.h"
#include "philox.h"

namespace nn4j {
namespace ew {

// ---- type traits (own, to stay free of <type_traits> in device code) ----------------------
template <class A, class B> struct same_t { static constexpr bool value = false; };
template <class A> struct same_t<A, A> { static constexpr bool value = true; };

template <class T> struct is_fp { static constexpr bool value = false; };
template <> struct is_fp<float> { static constexpr bool value = true; };
template <> struct is_fp<double> { static constexpr bool value = true; };

// Unsigned twin for wrap-around integer arithmetic (signed overflow is undefined in C++).
template <class T> struct uns { typedef T type; };
template <> struct uns<int32_t> { typedef uint32_t type; };
template <> struct uns<int64_t> { typedef uint64_t type; };

template <class T> struct lim;
template <> struct lim<float> {
    NN4J_HD static float lowest() { return -INFINITY; }
    NN4J_HD static float highest() { return INFINITY; }
};
template <> struct lim<double> {
    NN4J_HD static double lowest() { return -(double)INFINITY; }
    NN4J_HD static double highest() { return (double)INFINITY; }
};
template <> struct lim<int32_t> {
    NN4J_HD static int32_t lowest() { return (int32_t)0x80000000u; }
    NN4J_HD static int32_t highest() { return 0x7fffffff; }
};
template <> struct lim<int64_t> {
    NN4J_HD static int64_t lowest() { return (int64_t)0x8000000000000000ull; }
    NN4J_HD static int64_t highest() { return 0x7fffffffffffffffll; }
};
template <> struct lim<uint8_t> {
    NN4J_HD static uint8_t lowest() { return 0; }
    NN4J_HD static uint8_t highest() { return 1; }
};

// ---- math overloads --------------------------------------------------------------------------
#define NN4J_EW_MATH1(name, f32, f64)                       \
    NN4J_HD float name(float x) { return ::f32(x); }        \
    NN4J_HD double name(double x) { return ::f64(x); }
NN4J_EW_MATH1(m_exp, expf, exp)
NN4J_EW_MATH1(m_log, logf, log)
NN4J_EW_MATH1(m_log1p, log1pf, log1p)
NN4J_EW_MATH1(m_expm1, expm1f, expm1)
NN4J_EW_MATH1(m_sqrt, sqrtf, sqrt)
NN4J_EW_MATH1(m_sin, sinf, sin)
NN4J_EW_MATH1(m_cos, cosf, cos)
NN4J_EW_MATH1(m_tanh, tanhf, tanh)
NN4J_EW_MATH1(m_floor, floorf, floor)
NN4J_EW_MATH1(m_ceil, ceilf, ceil)
NN4J_EW_MATH1(m_rint, rintf, rint)  // ties to even in the default rounding mode (= Math.rint)
NN4J_EW_MATH1(m_fabs, fabsf, fabs)
#undef NN4J_EW_MATH1
NN4J_HD float m_pow(float x, float y) { return ::powf(x, y); }
NN4J_HD double m_pow(double x, double y) { return ::pow(x, y); }

template <class T> NN4J_HD bool is_nan(T x) { return x != x; }  // false for integers

// Sign-split so that exp never overflows: sigmoid(+-1000) is exactly 1 / 0, not NaN.
template <class T> NN4J_HD T sigmoid(T x) {
    if (x >= T(0)) return T(1) / (T(1) + m_exp(-x));
    T e = m_exp(x);  // x < 0 or NaN
    return e / (T(1) + e);
}

// ---- conversion (nn4j_copy, nn4j_fill) -------------------------------------------------------
// Float -> int follows Java's (int)/(long) casts: truncation toward zero, NaN -> 0, out of
// range saturates. Anything -> BOOL is x != 0 (NaN -> 1). Int -> narrower int wraps.
template <class To, class From> NN4J_HD To float_to_int(From x) {
    const From big = sizeof(To) == 4 ? (From)2147483648.0 : (From)9223372036854775808.0;
    if (x != x) return 0;
    if (x >= big) return lim<To>::highest();
    if (x <= -big) return lim<To>::lowest();
    return (To)x;
}

template <class To, class From> NN4J_HD To convert(From x) {
    if constexpr (same_t<To, From>::value) {
        return x;
    } else if constexpr (same_t<To, uint8_t>::value) {
        return x != From(0) ? 1 : 0;
    } else if constexpr (is_fp<From>::value && !is_fp<To>::value) {
        return float_to_int<To, From>(x);
    } else if constexpr (same_t<To, int32_t>::value && same_t<From, int64_t>::value) {
        return (int32_t)(uint32_t)(uint64_t)x;
    } else {
        return (To)x;
    }
}

// CLAMP bounds for integer dtypes: the smallest integer >= alpha and the largest <= beta,
// saturated, so that clamp(x, -inf, 3.5) on int32 is min(x, 3).
template <class T> NN4J_HD T clamp_bound_lo(double a) {
    if constexpr (is_fp<T>::value) return (T)a;
    else return a != a ? lim<T>::lowest() : float_to_int<T, double>(::ceil(a));
}
template <class T> NN4J_HD T clamp_bound_hi(double b) {
    if constexpr (is_fp<T>::value) return (T)b;
    else return b != b ? lim<T>::highest() : float_to_int<T, double>(::floor(b));
}

// ---- unary -------------------------------------------------------------------------------------
NN4J_HD constexpr bool unary_float_only(int op) {
    return op == NN4J_UNARY_EXP || op == NN4J_UNARY_LOG || op == NN4J_UNARY_LOG1P ||
           op == NN4J_UNARY_EXPM1 || op == NN4J_UNARY_SQRT || op == NN4J_UNARY_RSQRT ||
           op == NN4J_UNARY_RECIPROCAL || op == NN4J_UNARY_SIN || op == NN4J_UNARY_COS ||
           op == NN4J_UNARY_TANH || op == NN4J_UNARY_SIGMOID || op == NN4J_UNARY_POW_SCALAR;
}
NN4J_HD constexpr bool unary_supports(int op, int dtype) {
    if (op < 0 || op >= NN4J_UNARY_COUNT || dtype < NN4J_F32 || dtype > NN4J_BOOL) return false;
    if (op == NN4J_UNARY_LOGICAL_NOT) return dtype == NN4J_BOOL;
    if (op == NN4J_UNARY_ISNAN || op == NN4J_UNARY_ISFINITE) return true;
    if (unary_float_only(op)) return dtype == NN4J_F32 || dtype == NN4J_F64;
    return dtype != NN4J_BOOL;
}
NN4J_HD constexpr int unary_out_dtype(int op, int dtype) {
    return (op == NN4J_UNARY_ISNAN || op == NN4J_UNARY_ISFINITE) ? NN4J_BOOL : dtype;
}

template <int OP, class T> struct UnaryResult { typedef T type; };
template <class T> struct UnaryResult<NN4J_UNARY_ISNAN, T> { typedef uint8_t type; };
template <class T> struct UnaryResult<NN4J_UNARY_ISFINITE, T> { typedef uint8_t type; };

// alpha/beta are already in T (see clamp_bound_* for CLAMP on integers). Only the (OP, T)
// pairs accepted by unary_supports may be instantiated.
template <int OP, class T>
NN4J_HD typename UnaryResult<OP, T>::type unary_op(T x, T alpha, T beta) {
    typedef typename uns<T>::type U;
    if constexpr (OP == NN4J_UNARY_NEG) {
        if constexpr (is_fp<T>::value) return -x;
        else return (T)(U(0) - (U)x);
    } else if constexpr (OP == NN4J_UNARY_ABS) {
        if constexpr (is_fp<T>::value) return m_fabs(x);
        else return x < 0 ? (T)(U(0) - (U)x) : x;  // abs(INT_MIN) wraps to INT_MIN
    } else if constexpr (OP == NN4J_UNARY_SIGN) {
        if constexpr (is_fp<T>::value) return x > T(0) ? T(1) : x < T(0) ? T(-1) : x == T(0) ? T(0) : x;
        else return (T)((x > 0) - (x < 0));
    } else if constexpr (OP == NN4J_UNARY_EXP) {
        return m_exp(x);
    } else if constexpr (OP == NN4J_UNARY_LOG) {
        return m_log(x);
    } else if constexpr (OP == NN4J_UNARY_LOG1P) {
        return m_log1p(x);
    } else if constexpr (OP == NN4J_UNARY_EXPM1) {
        return m_expm1(x);
    } else if constexpr (OP == NN4J_UNARY_SQRT) {
        return m_sqrt(x);
    } else if constexpr (OP == NN4J_UNARY_RSQRT) {
        return T(1) / m_sqrt(x);
    } else if constexpr (OP == NN4J_UNARY_SQUARE) {
        if constexpr (is_fp<T>::value) return x * x;
        else return (T)((U)x * (U)x);
    } else if constexpr (OP == NN4J_UNARY_RECIPROCAL) {
        return T(1) / x;
    } else if constexpr (OP == NN4J_UNARY_SIN) {
        return m_sin(x);
    } else if constexpr (OP == NN4J_UNARY_COS) {
        return m_cos(x);
    } else if constexpr (OP == NN4J_UNARY_TANH) {
        return m_tanh(x);  // libm's tanh saturates to +-1 without overflow
    } else if constexpr (OP == NN4J_UNARY_SIGMOID) {
        return sigmoid(x);
    } else if constexpr (OP == NN4J_UNARY_RELU) {
        return x < T(0) ? T(0) : x;  // NaN passes through, like torch.relu
    } else if constexpr (OP == NN4J_UNARY_FLOOR) {
        if constexpr (is_fp<T>::value) return m_floor(x);
        else return x;
    } else if constexpr (OP == NN4J_UNARY_CEIL) {
        if constexpr (is_fp<T>::value) return m_ceil(x);
        else return x;
    } else if constexpr (OP == NN4J_UNARY_ROUND) {
        if constexpr (is_fp<T>::value) return m_rint(x);
        else return x;
    } else if constexpr (OP == NN4J_UNARY_POW_SCALAR) {
        return m_pow(x, alpha);
    } else if constexpr (OP == NN4J_UNARY_CLAMP) {
        // min(max(x, alpha), beta): beta wins when alpha > beta; NaN passes through
        T y = x < alpha ? alpha : x;
        return y > beta ? beta : y;
    } else if constexpr (OP == NN4J_UNARY_LOGICAL_NOT) {
        return x == 0 ? 1 : 0;
    } else if constexpr (OP == NN4J_UNARY_ISNAN) {
        return x != x ? 1 : 0;
    } else if constexpr (OP == NN4J_UNARY_ISFINITE) {
        if constexpr (is_fp<T>::value) return (x - x) == (x - x) ? 1 : 0;  // inf - inf, NaN -> NaN
        else return 1;
    } else {
        static_assert(OP == NN4J_UNARY_STEP, "unknown unary op");
        return x >= T(0) ? T(1) : T(0);
    }
}

// ---- binary ------------------------------------------------------------------------------------
NN4J_HD constexpr bool binary_is_compare(int op) {
    return op >= NN4J_BINARY_EQ && op <= NN4J_BINARY_GE;
}
NN4J_HD constexpr bool binary_supports(int op, int dtype) {
    if (op < 0 || op >= NN4J_BINARY_COUNT || dtype < NN4J_F32 || dtype > NN4J_BOOL) return false;
    if (binary_is_compare(op)) return true;
    if (op == NN4J_BINARY_AND || op == NN4J_BINARY_OR || op == NN4J_BINARY_XOR) return dtype == NN4J_BOOL;
    if (op == NN4J_BINARY_POW) return dtype == NN4J_F32 || dtype == NN4J_F64;
    return dtype != NN4J_BOOL;
}
NN4J_HD constexpr int binary_out_dtype(int op, int dtype) {
    return binary_is_compare(op) ? NN4J_BOOL : dtype;
}

template <int OP, class T> struct BinaryResult { typedef T type; };
#define NN4J_EW_BOOL_RESULT(op) \
    template <class T> struct BinaryResult<op, T> { typedef uint8_t type; };
NN4J_EW_BOOL_RESULT(NN4J_BINARY_EQ)
NN4J_EW_BOOL_RESULT(NN4J_BINARY_NE)
NN4J_EW_BOOL_RESULT(NN4J_BINARY_LT)
NN4J_EW_BOOL_RESULT(NN4J_BINARY_LE)
NN4J_EW_BOOL_RESULT(NN4J_BINARY_GT)
NN4J_EW_BOOL_RESULT(NN4J_BINARY_GE)
#undef NN4J_EW_BOOL_RESULT

// Integer division truncates toward zero (C and Java). The caller rejects b == 0 before
// running; here it gives 0 so that a kernel can never trap, and INT_MIN / -1 wraps.
template <class T> NN4J_HD T int_div(T a, T b) {
    typedef typename uns<T>::type U;
    if (b == 0) return 0;
    if (b == -1) return (T)(U(0) - (U)a);
    return a / b;
}

template <int OP, class T>
NN4J_HD typename BinaryResult<OP, T>::type binary_op(T a, T b) {
    typedef typename uns<T>::type U;
    constexpr bool fp = is_fp<T>::value;
    if constexpr (OP == NN4J_BINARY_ADD) {
        if constexpr (fp) return a + b; else return (T)((U)a + (U)b);
    } else if constexpr (OP == NN4J_BINARY_SUB) {
        if constexpr (fp) return a - b; else return (T)((U)a - (U)b);
    } else if constexpr (OP == NN4J_BINARY_MUL) {
        if constexpr (fp) return a * b; else return (T)((U)a * (U)b);
    } else if constexpr (OP == NN4J_BINARY_DIV) {
        if constexpr (fp) return a / b; else return int_div(a, b);
    } else if constexpr (OP == NN4J_BINARY_POW) {
        return m_pow(a, b);
    } else if constexpr (OP == NN4J_BINARY_MAX) {
        return (a > b || a != a) ? a : b;  // NaN in either operand propagates (torch.maximum)
    } else if constexpr (OP == NN4J_BINARY_MIN) {
        return (a < b || a != a) ? a : b;
    } else if constexpr (OP == NN4J_BINARY_EQ) {
        return a == b;
    } else if constexpr (OP == NN4J_BINARY_NE) {
        return a != b;
    } else if constexpr (OP == NN4J_BINARY_LT) {
        return a < b;
    } else if constexpr (OP == NN4J_BINARY_LE) {
        return a <= b;
    } else if constexpr (OP == NN4J_BINARY_GT) {
        return a > b;
    } else if constexpr (OP == NN4J_BINARY_GE) {
        return a >= b;
    } else if constexpr (OP == NN4J_BINARY_AND) {
        return (uint8_t)((a != 0) & (b != 0));
    } else if constexpr (OP == NN4J_BINARY_OR) {
        return (uint8_t)((a != 0) | (b != 0));
    } else {
        static_assert(OP == NN4J_BINARY_XOR, "unknown binary op");
        return (uint8_t)((a != 0) ^ (b != 0));
    }
}

// ---- random ------------------------------------------------------------------------------------
// Counter layout (the CUDA twin must follow it exactly):
//  * F32 uniform/normal/trunc-normal, and BERNOULLI for every dtype: output element i uses
//    Philox counter c = offset + i / 4 and its 32-bit word i % 4. A call with n elements
//    consumes counters [offset, offset + ceil(n / 4)).
//  * F64 uniform/normal/trunc-normal: element i uses counter c = offset + i / 2 and the word
//    pair (2k, 2k+1), k = i % 2, as one 53-bit uniform (u01_f64(word 2k, word 2k+1)).
//    A call consumes counters [offset, offset + ceil(n / 2)).
//  * uniform:  lo + (hi - lo) * u, in T; a result that rounds up to hi is replaced by the
//    largest T below hi, so the interval stays half-open.
//  * normal (Box-Muller): f32 pairs words (0,1) and (2,3); within a pair, u1 = 1 - u(first)
//    in (0, 1], u2 = u(second); the even element of the pair gets r cos(2 pi u2), the odd one
//    r sin(2 pi u2), r = sqrt(-2 log u1). f64 uses the two 53-bit uniforms of one counter the
//    same way (element 2k gets cos, 2k+1 sin). Result: mean + std * z.
//  * truncated normal: as normal, but while |z| > 2 the element is redrawn from counter
//    c + (k << 56), k = 1, 2, ... (same word positions), at most 16 times, after which z is
//    clamped to +-2. The probability of reaching the clamp is ~1e-22 per element.
//  * bernoulli: 1 if u01_f32(word) < p (compared in double) else 0, so a dropout mask is the
//    same whatever the output dtype.
// Integer parts (counter, word choice, redraw schedule) match bit for bit across devices;
// float results may differ in the last ulp where libm and CUDA's math differ.
constexpr int kTruncRedraws = 16;

NN4J_HD uint64_t trunc_redraw_counter(uint64_t c, int k) { return c + ((uint64_t)k << 56); }

// Box-Muller on word pair (2p, 2p+1) of block v: *c gets r cos(t), *s r sin(t).
NN4J_HD void normal_pair_f32(const Philox4& v, int p, float* c, float* s) {
    float u1 = 1.0f - u01_f32(v.v[2 * p]);
    float u2 = u01_f32(v.v[2 * p + 1]);
    float r = ::sqrtf(-2.0f * ::logf(u1));
    float t = 6.2831853071795864769f * u2;
    *c = r * ::cosf(t);
    *s = r * ::sinf(t);
}
NN4J_HD void normal_pair_f64(const Philox4& v, double* c, double* s) {
    double u1 = 1.0 - u01_f64(v.v[0], v.v[1]);
    double u2 = u01_f64(v.v[2], v.v[3]);
    double r = ::sqrt(-2.0 * ::log(u1));
    double t = 6.2831853071795864769 * u2;
    *c = r * ::cos(t);
    *s = r * ::sin(t);
}
// The standard normal number of one lane (f32: 0..3, f64: 0..1) of block v.
NN4J_HD float normal_f32(const Philox4& v, int lane) {
    float c, s;
    normal_pair_f32(v, lane >> 1, &c, &s);
    return (lane & 1) ? s : c;
}
NN4J_HD double normal_f64(const Philox4& v, int lane) {
    double c, s;
    normal_pair_f64(v, &c, &s);
    return (lane & 1) ? s : c;
}

// The (up to) 4 float32 numbers of counter `c`; lanes >= `count` are not written.
NN4J_HD void random_block_f32(int dist, uint64_t seed, uint64_t c, float p1, float p2,
                              float* out, int count) {
    Philox4 v = philox4x32_10(seed, c);
    float z4[4];
    if (dist != NN4J_RAND_UNIFORM) {  // one log/sqrt per pair
        normal_pair_f32(v, 0, &z4[0], &z4[1]);
        if (count > 2) normal_pair_f32(v, 1, &z4[2], &z4[3]);
    }
    for (int l = 0; l < count; ++l) {
        float y;
        if (dist == NN4J_RAND_UNIFORM) {
            y = p1 + (p2 - p1) * u01_f32(v.v[l]);
            if (y >= p2 && p2 > p1) y = ::nextafterf(p2, p1);
        } else {
            float z = z4[l];
            if (dist == NN4J_RAND_TRUNC_NORMAL) {
                for (int k = 1; k <= kTruncRedraws && !(::fabsf(z) <= 2.0f); ++k)
                    z = normal_f32(philox4x32_10(seed, trunc_redraw_counter(c, k)), l);
                if (!(::fabsf(z) <= 2.0f)) z = z < 0 ? -2.0f : 2.0f;
            }
            y = p1 + p2 * z;
        }
        out[l] = y;
    }
}

// The (up to) 2 float64 numbers of counter `c`.
NN4J_HD void random_block_f64(int dist, uint64_t seed, uint64_t c, double p1, double p2,
                              double* out, int count) {
    Philox4 v = philox4x32_10(seed, c);
    double z2[2];
    if (dist != NN4J_RAND_UNIFORM) normal_pair_f64(v, &z2[0], &z2[1]);
    for (int l = 0; l < count; ++l) {
        double y;
        if (dist == NN4J_RAND_UNIFORM) {
            y = p1 + (p2 - p1) * u01_f64(v.v[2 * l], v.v[2 * l + 1]);
            if (y >= p2 && p2 > p1) y = ::nextafter(p2, p1);
        } else {
            double z = z2[l];
            if (dist == NN4J_RAND_TRUNC_NORMAL) {
                for (int k = 1; k <= kTruncRedraws && !(::fabs(z) <= 2.0); ++k)
                    z = normal_f64(philox4x32_10(seed, trunc_redraw_counter(c, k)), l);
                if (!(::fabs(z) <= 2.0)) z = z < 0 ? -2.0 : 2.0;
            }
            y = p1 + p2 * z;
        }
        out[l] = y;
    }
}

// Bernoulli 0/1 for the (up to) 4 elements of counter `c`.
NN4J_HD void bernoulli_block(uint64_t seed, uint64_t c, double p, uint8_t* out, int count) {
    Philox4 v = philox4x32_10(seed, c);
    for (int l = 0; l < count; ++l) out[l] = (double)u01_f32(v.v[l]) < p ? 1 : 0;
}

}  // namespace ew
}  // namespace nn4j
