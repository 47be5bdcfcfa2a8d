// Per-unit gate math of the recurrent cells, shared by the CPU kernels (native/src/cpu/rnn.cpp)
// and the CUDA twin (native/src/cuda/rnn.cu), plus the layout of the rows the workspace and the
// gate-gradient buffer hold. Everything is NN4J_HD and uses only C math functions CUDA also has.
//
// Notation per unit j of one (n, t) row: a_* are pre-activations (x W + h U + b), hp = h_{t-1},
// cp = c_{t-1}; d* are gradients w.r.t. the named quantity. Cell equations: nn4j_rnn.h.
#pragma once
#include <math.h>
#include <stdint.h>
#include "nn4j_rnn.h"
#include "philox.h"  // NN4J_HD

namespace nn4j {
namespace rnn {

// ---- layout --------------------------------------------------------------------------------
NN4J_HD int gates(int cell) {
    return cell == NN4J_RNN_TANH ? 1 : cell == NN4J_RNN_LSTM ? 4 : 3;
}
// Length of b: G*H, plus b'_h for the reset-after GRU.
NN4J_HD int64_t bias_len(int cell, int64_t h) {
    return (cell == NN4J_RNN_GRU_RESET_AFTER ? 4 : gates(cell)) * h;
}
// Elements per (n, t) row of the saved workspace:
//   TANH [h]   LSTM [i, f, c~, o, c]   GRU [z, r, h~, r*hp]   GRU_RESET_AFTER [z, r, h~, hp U_h + b'_h]
NN4J_HD int64_t ws_row(int cell, int64_t h) {
    return cell == NN4J_RNN_TANH ? h : cell == NN4J_RNN_LSTM ? 5 * h : 4 * h;
}
// Elements per (n, t) row of the gate-gradient buffer D (pre-activation gradients):
//   TANH [da]   LSTM [dai, daf, dag, dao]   GRU [daz, dar, dah]
//   GRU_RESET_AFTER [daz, dar, dhn, dah]: the first three columns are the gradient of h U + b_rec,
//   so one product with U^T per step gives dh; [daz, dar, ., dah] is the gradient of x W + b.
NN4J_HD int64_t grad_row(int cell, int64_t h) {
    return cell == NN4J_RNN_GRU_RESET_AFTER ? 4 * h : gates(cell) * h;
}

// ---- activations ------------------------------------------------------------------------------
NN4J_HD float m_exp(float x) { return ::expf(x); }
NN4J_HD double m_exp(double x) { return ::exp(x); }
NN4J_HD float m_tanh(float x) { return ::tanhf(x); }
NN4J_HD double m_tanh(double x) { return ::tanh(x); }

// Sign-split so that exp never overflows (K17); NaN takes the second branch and propagates.
template <class T> NN4J_HD T sigmoid(T x) {
    if (x >= T(0)) return T(1) / (T(1) + m_exp(-x));
    T e = m_exp(x);
    return e / (T(1) + e);
}

// ---- tanh RNN ------------------------------------------------------------------------------
// h = tanh(a); backward: da = (dy + dh) (1 - h^2)
template <class T> NN4J_HD T tanh_bwd(T h, T dh) { return dh * (T(1) - h * h); }

// ---- LSTM ----------------------------------------------------------------------------------
template <class T>
NN4J_HD void lstm_fwd(T ai, T af, T ag, T ao, T cp, T* i, T* f, T* g, T* o, T* c, T* h) {
    *i = sigmoid(ai);
    *f = sigmoid(af);
    *g = m_tanh(ag);
    *o = sigmoid(ao);
    *c = *f * cp + *i * *g;
    *h = *o * m_tanh(*c);
}

// dh: total gradient of h_t (upstream + from step t+1); dc: in, gradient of c_t from step t+1
// (and dc_n); out, gradient of c_{t-1}.
template <class T>
NN4J_HD void lstm_bwd(T i, T f, T g, T o, T c, T cp, T dh, T* dc, T* dai, T* daf, T* dag, T* dao) {
    const T tc = m_tanh(c);
    const T dct = *dc + dh * o * (T(1) - tc * tc);
    *dao = dh * tc * o * (T(1) - o);
    *dai = dct * g * i * (T(1) - i);
    *daf = dct * cp * f * (T(1) - f);
    *dag = dct * i * (T(1) - g * g);
    *dc = dct * f;
}

// ---- GRU, reset before (two halves around the product (r*hp) U_h) ----------------------------
template <class T> NN4J_HD void gru_fwd_zr(T az, T ar, T hp, T* z, T* r, T* rh) {
    *z = sigmoid(az);
    *r = sigmoid(ar);
    *rh = *r * hp;
}
template <class T> NN4J_HD void gru_fwd_h(T ah, T z, T hp, T* hh, T* h) {
    *hh = m_tanh(ah);
    *h = z * hp + (T(1) - z) * *hh;
}
// First half: from dh (total) to daz, dah.
template <class T> NN4J_HD void gru_bwd_zh(T z, T hh, T hp, T dh, T* daz, T* dah) {
    *daz = dh * (hp - hh) * z * (T(1) - z);
    *dah = dh * (T(1) - z) * (T(1) - hh * hh);
}
// Second half, given drh = dah U_h^T (gradient of r*hp): dar and the direct part of dhp.
template <class T> NN4J_HD void gru_bwd_r(T z, T r, T hp, T dh, T drh, T* dar, T* dhp) {
    *dar = drh * hp * r * (T(1) - r);
    *dhp = dh * z + drh * r;
}

// ---- GRU, reset after ----------------------------------------------------------------------
// axz, axr, axh: x W + b (input part); hz, hr: hp U_z + 0, hp U_r (recurrent part, no bias);
// hn = hp U_h + b'_h.
template <class T>
NN4J_HD void gru_ra_fwd(T axz, T axr, T axh, T hz, T hr, T hn, T hp, T* z, T* r, T* hh, T* h) {
    *z = sigmoid(axz + hz);
    *r = sigmoid(axr + hr);
    *hh = m_tanh(axh + *r * hn);
    *h = *z * hp + (T(1) - *z) * *hh;
}
template <class T>
NN4J_HD void gru_ra_bwd(T z, T r, T hh, T hn, T hp, T dh, T* daz, T* dar, T* dhn, T* dah, T* dhp) {
    *daz = dh * (hp - hh) * z * (T(1) - z);
    const T da = dh * (T(1) - z) * (T(1) - hh * hh);
    *dah = da;
    *dar = da * hn * r * (T(1) - r);
    *dhn = da * r;
    *dhp = dh * z;
}

}  // namespace rnn
}  // namespace nn4j
