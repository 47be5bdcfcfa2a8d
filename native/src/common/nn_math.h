// Per-element math of the nn family (nn4j_nn.h), shared by the CPU kernels and their CUDA twins
// so that both agree on kinks (K16), NaN propagation (K17) and the dropout mask. NN4J_HD only;
// C math functions through elementwise_math.h's overloads.
#pragma once
#include "elementwise_math.h"
#include "nn4j_nn.h"

namespace nn4j {
namespace nn {

using ew::m_exp;
using ew::m_expm1;
using ew::m_fabs;
using ew::m_log;
using ew::m_log1p;
using ew::m_tanh;

// ---- activations: NaN in -> NaN out (comparisons are written so that NaN takes the x branch)
template <class T> NN4J_HD T act_forward(int act, T x, T alpha) {
    switch (act) {
        case NN4J_ACT_SIGMOID: return ew::sigmoid(x);
        case NN4J_ACT_TANH: return m_tanh(x);
        case NN4J_ACT_RELU: return x < T(0) ? T(0) : x;
        case NN4J_ACT_RELU6: return x < T(0) ? T(0) : (x > T(6) ? T(6) : x);
        case NN4J_ACT_LEAKY_RELU: return x > T(0) ? x : alpha * x;
        case NN4J_ACT_ELU: return x > T(0) ? x : alpha * m_expm1(x);
        case NN4J_ACT_SOFTSIGN: return x / (T(1) + m_fabs(x));
        case NN4J_ACT_STEP: return x != x ? x : (x >= T(0) ? T(1) : T(0));
        case NN4J_ACT_STEP_STRICT: return x != x ? x : (x > T(0) ? T(1) : T(0));
        default: return x;  // IDENTITY
    }
}

// f'(x) * g. relu'(0) = 0, relu6' = 1 only on (0, 6), leaky'(0) = alpha, elu'(0) = alpha.
template <class T> NN4J_HD T act_backward(int act, T x, T g, T alpha) {
    switch (act) {
        case NN4J_ACT_SIGMOID: {
            const T s = ew::sigmoid(x);
            return g * s * (T(1) - s);
        }
        case NN4J_ACT_TANH: {
            const T t = m_tanh(x);
            return g * (T(1) - t * t);
        }
        case NN4J_ACT_RELU: return x > T(0) ? g : (x != x ? x : T(0));
        case NN4J_ACT_RELU6: return (x > T(0) && x < T(6)) ? g : (x != x ? x : T(0));
        case NN4J_ACT_LEAKY_RELU: return x > T(0) ? g : alpha * g;
        case NN4J_ACT_ELU: return x > T(0) ? g : g * alpha * m_exp(x);
        case NN4J_ACT_SOFTSIGN: {
            const T d = T(1) + m_fabs(x);
            return g / (d * d);
        }
        case NN4J_ACT_IDENTITY: return g;
        default: return x != x ? x : T(0);  // step: zero gradient
    }
}

// ---- softplus and the sigmoid binary cross-entropy from logits -------------------------------
// log(1 + e^x) without overflow: max(x, 0) + log1p(e^-|x|).
template <class T> NN4J_HD T softplus(T x) {
    return (x > T(0) ? x : T(0)) + m_log1p(m_exp(-m_fabs(x)));
}

// l = p y softplus(-x) + (1 - y) softplus(x); p = 1 gives max(x,0) - x y + log1p(e^-|x|).
template <class T> NN4J_HD T bce_logits(T x, T y, T p) {
    const T sp = softplus(x);
    if (p == T(1)) return sp - x * y;
    return p * y * (sp - x) + (T(1) - y) * sp;  // softplus(-x) = softplus(x) - x
}
template <class T> NN4J_HD T bce_logits_dx(T x, T y, T p) {
    return ew::sigmoid(x) * (p * y + T(1) - y) - p * y;
}
template <class T> NN4J_HD T bce_logits_dy(T x, T y, T p) {
    const T sp = softplus(x);
    return p * (sp - x) - sp;
}

// ---- dropout: the keep decision of element i (the BERNOULLI layout of nn4j_random) ----------
NN4J_HD bool dropout_keep(const Philox4& v, int64_t i, double keep_prob) {
    return (double)u01_f32(v.v[i & 3]) < keep_prob;
}

// ---- local response normalization: s = k + alpha * window sum of squares; y = x s^-beta ------
template <class T> NN4J_HD T lrn_pow(T s, T beta) {
    return beta == T(0.75) ? T(1) / ew::m_sqrt(s * ew::m_sqrt(s)) : ew::m_pow(s, -beta);
}

}  // namespace nn
}  // namespace nn4j
