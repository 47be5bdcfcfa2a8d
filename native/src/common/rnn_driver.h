// The step loop of nn4j's own recurrent kernel, shared by the CPU (native/src/cpu/rnn.cpp) and
// the CUDA twin (native/src/cuda/rnn.cu): both run exactly this sequence of GEMMs and row
// operations, so the CPU tests cover the CUDA side's logic. A backend B supplies the GEMM, the
// per-step row operations over all N rows (rnn_math.h / rnn.h RowKernels per row), copies,
// fills, column sums and scratch memory:
//
//   int gemm(bool ta, bool tb, m, n, k, const T* a, lda, const T* b, ldb, double beta, T* c, ldc)
//   int tanh_fwd(N, H, Rows a, const T* b, Rows y)          ... one per RowKernels entry, with
//   int lstm_fwd(N, H, Rows a, const T* b, CRows cp, Rows y)     every row pointer as (base, ld);
//   int gru_fwd_zr / gru_fwd_h / gru_ra_fwd / tanh_bwd / lstm_bwd / gru_bwd_zh / gru_bwd_r /
//       gru_ra_bwd                                               ld 0 repeats one row (zeros)
//   int copy_rows(rows, cols, const T* src, lds, T* dst, ldd)
//   int fill_zero(T* p, n)
//   int colsum(rows, cols, const T* src, lds, T* dst)           dst[j] = sum_r src[r*lds + j]
//   int scratch(size_t bytes, char** base)                       64-byte aligned, per call
//   int batches(N, fn)    runs int fn(n0, n1) over disjoint slices covering [0, N), perhaps at
//                         once; returns the first error (the time loop only touches its slice)
//
// Forward (x (N,T,F) batch-first, so row (n, t) of an (N*T, .) matrix is sequence n at step t;
// P holds one row of ws_row(cell, H) elements per (n, t)):
//   P[:, 0:GH] = X W                      one GEMM over all N*T rows (the input projection)
//   for t: P_t[:, 0:GH] += h_{t-1} U      one GEMM per step (GRU: z,r part, then (r*h) U_h)
//          rows: bias + activations in place, c_t / r*h / hU_h+b' saved, y[:, t] = h_t
// Backward walks t down, turning dh (upstream dy + recurrent part) into the pre-activation
// gradients D_t (rows) and dh_{t-1} = D_t U^T (one GEMM per step); then one GEMM each for
// dW = X^T D, dU = H_prev^T D (H_prev = h0, y[:, 0:T-1]), dx = D W^T, and column sums for db.
// Every output is overwritten (=).
#pragma once
#include <stddef.h>
#include <stdint.h>
#include "rnn_math.h"

namespace nn4j {
namespace rnn {

template <class T> struct Rows {
    T* p;
    int64_t ld;
};

// Byte offsets of 64-byte aligned pieces of one scratch block.
struct Layout {
    size_t total = 0;
    size_t add(int64_t elems, size_t elem) {
        const size_t at = total;
        total += ((size_t)elems * elem + 63) / 64 * 64;
        return at;
    }
};

#define NN4J_RNN_TRY(call)                \
    do {                                  \
        if (int st_ = (call)) return st_; \
    } while (0)

// P: N*T rows of ws_row(cell, H) (the workspace payload; null = inference, use scratch).
template <class T, class B>
int drive_forward(B& be, int cell, int64_t N, int64_t Tn, int64_t F, int64_t H, const T* x, const T* h0,
                  const T* c0, const T* w, const T* u, const T* b, T* y, T* hn, T* cn, T* P) {
    const int64_t G = gates(cell), GH = G * H, S = ws_row(cell, H), ldP = Tn * S, ldY = Tn * H;
    Layout L;
    const size_t o_zero = L.add(5 * H, sizeof(T));
    const size_t o_P = P ? 0 : L.add(N * Tn * S, sizeof(T));
    const size_t o_hu = cell == NN4J_RNN_GRU_RESET_AFTER ? L.add(N * GH, sizeof(T)) : 0;
    char* base = nullptr;
    NN4J_RNN_TRY(be.scratch(L.total, &base));
    T* zeros = (T*)(base + o_zero);
    NN4J_RNN_TRY(be.fill_zero(zeros, 5 * H));
    if (!P) P = (T*)(base + o_P);
    T* hu = (T*)(base + o_hu);
    const T* bias = b ? b : zeros;
    const Rows<const T> zrow{zeros, 0};

    NN4J_RNN_TRY(be.gemm(false, false, N * Tn, GH, F, x, F > 0 ? F : 1, w, GH, 0.0, P, S));
    // The time loop over sequences [n0, n1): rows of different sequences never interact, so
    // the backend may run disjoint slices of the batch at once (one parallel region per call
    // instead of several per step).
    auto steps = [&](int64_t n0, int64_t n1) -> int {
        const int64_t Nn = n1 - n0;
        T* const Ps = P + n0 * ldP;
        T* const ys = y + n0 * ldY;
        const T* const h0s = h0 ? h0 + n0 * H : nullptr;
        const T* const c0s = c0 ? c0 + n0 * H : nullptr;
        T* const hus = hu + n0 * GH;
        for (int64_t t = 0; t < Tn; ++t) {
            const Rows<T> Pt{Ps + t * S, ldP};
            const Rows<T> Yt{ys + t * H, ldY};
            const bool h_zero = t == 0 && !h0s;  // h_{-1} = 0: skip the recurrent products
            const Rows<const T> hp =
                h_zero ? zrow : t == 0 ? Rows<const T>{h0s, H} : Rows<const T>{ys + (t - 1) * H, ldY};
            switch (cell) {
                case NN4J_RNN_TANH:
                    if (!h_zero) NN4J_RNN_TRY(be.gemm(false, false, Nn, GH, H, hp.p, hp.ld, u, GH, 1.0, Pt.p, ldP));
                    NN4J_RNN_TRY(be.tanh_fwd(Nn, H, Pt, bias, Yt));
                    break;
                case NN4J_RNN_LSTM: {
                    if (!h_zero) NN4J_RNN_TRY(be.gemm(false, false, Nn, GH, H, hp.p, hp.ld, u, GH, 1.0, Pt.p, ldP));
                    const Rows<const T> cp =
                        t > 0 ? Rows<const T>{Pt.p - S + 4 * H, ldP} : c0s ? Rows<const T>{c0s, H} : zrow;
                    NN4J_RNN_TRY(be.lstm_fwd(Nn, H, Pt, bias, cp, Yt));
                    break;
                }
                case NN4J_RNN_GRU:
                    if (!h_zero)
                        NN4J_RNN_TRY(be.gemm(false, false, Nn, 2 * H, H, hp.p, hp.ld, u, GH, 1.0, Pt.p, ldP));
                    NN4J_RNN_TRY(be.gru_fwd_zr(Nn, H, Pt, bias, hp));
                    if (!h_zero)
                        NN4J_RNN_TRY(be.gemm(false, false, Nn, H, H, Pt.p + 3 * H, ldP, u + 2 * H, GH, 1.0,
                                             Pt.p + 2 * H, ldP));
                    NN4J_RNN_TRY(be.gru_fwd_h(Nn, H, Pt, bias, hp, Yt));
                    break;
                default: {  // NN4J_RNN_GRU_RESET_AFTER
                    if (!h_zero) NN4J_RNN_TRY(be.gemm(false, false, Nn, GH, H, hp.p, hp.ld, u, GH, 0.0, hus, GH));
                    const Rows<const T> hur = h_zero ? zrow : Rows<const T>{hus, GH};
                    NN4J_RNN_TRY(be.gru_ra_fwd(Nn, H, Pt, hur, bias, hp, Yt));
                    break;
                }
            }
        }
        return NN4J_OK;
    };
    NN4J_RNN_TRY(be.batches(N, steps));
    // final states; T = 0 hands h0 / c0 through
    if (hn) {
        if (Tn > 0) NN4J_RNN_TRY(be.copy_rows(N, H, y + (Tn - 1) * H, ldY, hn, H));
        else if (h0) NN4J_RNN_TRY(be.copy_rows(1, N * H, h0, N * H, hn, N * H));
        else NN4J_RNN_TRY(be.fill_zero(hn, N * H));
    }
    if (cn) {
        if (Tn > 0) NN4J_RNN_TRY(be.copy_rows(N, H, P + (Tn - 1) * S + 4 * H, ldP, cn, H));
        else if (c0) NN4J_RNN_TRY(be.copy_rows(1, N * H, c0, N * H, cn, N * H));
        else NN4J_RNN_TRY(be.fill_zero(cn, N * H));
    }
    return NN4J_OK;
}

template <class T, class B>
int drive_backward(B& be, int cell, int64_t N, int64_t Tn, int64_t F, int64_t H, const T* x, const T* h0,
                   const T* c0, const T* w, const T* u, const T* y, const T* P, const T* dy, const T* dhn,
                   const T* dcn, T* dx, T* dh0, T* dc0, T* dw, T* du, T* db) {
    const int64_t G = gates(cell), GH = G * H, S = ws_row(cell, H), GD = grad_row(cell, H);
    const int64_t ldP = Tn * S, ldY = Tn * H, ldD = Tn * GD, NT = N * Tn;
    const bool lstm = cell == NN4J_RNN_LSTM, ra = cell == NN4J_RNN_GRU_RESET_AFTER;
    Layout L;
    const size_t o_zero = L.add(5 * H, sizeof(T));
    const size_t o_D = L.add(NT * GD, sizeof(T));
    const size_t o_dh = L.add(N * H, sizeof(T));
    const size_t o_dc = lstm ? L.add(N * H, sizeof(T)) : 0;
    const size_t o_drh = cell == NN4J_RNN_GRU ? L.add(N * H, sizeof(T)) : 0;
    const size_t o_hp = du ? L.add(NT * H, sizeof(T)) : 0;
    char* base = nullptr;
    NN4J_RNN_TRY(be.scratch(L.total, &base));
    T* zeros = (T*)(base + o_zero);
    NN4J_RNN_TRY(be.fill_zero(zeros, 5 * H));
    T* D = (T*)(base + o_D);
    T* dH = (T*)(base + o_dh);
    T* dC = (T*)(base + o_dc);
    T* dRH = (T*)(base + o_drh);
    const Rows<const T> zrow{zeros, 0};
    if (dhn) NN4J_RNN_TRY(be.copy_rows(1, N * H, dhn, N * H, dH, N * H));
    else NN4J_RNN_TRY(be.fill_zero(dH, N * H));
    if (lstm) {
        if (dcn) NN4J_RNN_TRY(be.copy_rows(1, N * H, dcn, N * H, dC, N * H));
        else NN4J_RNN_TRY(be.fill_zero(dC, N * H));
    }

    auto steps = [&](int64_t n0, int64_t n1) -> int {  // sequences [n0, n1), as in the forward
        const int64_t Nn = n1 - n0;
        const T* const Ps = P + n0 * ldP;
        const T* const ys = y + n0 * ldY;
        const T* const dys = dy ? dy + n0 * ldY : nullptr;
        const T* const h0s = h0 ? h0 + n0 * H : nullptr;
        const T* const c0s = c0 ? c0 + n0 * H : nullptr;
        T* const Ds = D + n0 * ldD;
        T* const dHs = dH + n0 * H;
        T* const dRHs = dRH + n0 * H;
        const Rows<T> dHr{dHs, H}, dCr{dC + n0 * H, H};
        for (int64_t t = Tn - 1; t >= 0; --t) {
            const Rows<const T> Pt{Ps + t * S, ldP};
            const Rows<T> Dt{Ds + t * GD, ldD};
            const Rows<const T> hp =
                t > 0 ? Rows<const T>{ys + (t - 1) * H, ldY} : h0s ? Rows<const T>{h0s, H} : zrow;
            const Rows<const T> dyt = dys ? Rows<const T>{dys + t * H, ldY} : zrow;
            const bool need_dh = t > 0 || dh0;  // dh_{t-1} is only wanted if someone reads it
            switch (cell) {
                case NN4J_RNN_TANH:
                    NN4J_RNN_TRY(be.tanh_bwd(Nn, H, Pt, dyt, dHr, Dt));
                    if (need_dh) NN4J_RNN_TRY(be.gemm(false, true, Nn, H, GH, Dt.p, ldD, u, GH, 0.0, dHs, H));
                    break;
                case NN4J_RNN_LSTM: {
                    const Rows<const T> cp =
                        t > 0 ? Rows<const T>{Pt.p - S + 4 * H, ldP} : c0s ? Rows<const T>{c0s, H} : zrow;
                    NN4J_RNN_TRY(be.lstm_bwd(Nn, H, Pt, cp, dyt, dHr, dCr, Dt));
                    if (need_dh) NN4J_RNN_TRY(be.gemm(false, true, Nn, H, GH, Dt.p, ldD, u, GH, 0.0, dHs, H));
                    break;
                }
                case NN4J_RNN_GRU:
                    NN4J_RNN_TRY(be.gru_bwd_zh(Nn, H, Pt, hp, dyt, dHr, Dt));
                    NN4J_RNN_TRY(be.gemm(false, true, Nn, H, H, Dt.p + 2 * H, ldD, u + 2 * H, GH, 0.0, dRHs, H));
                    NN4J_RNN_TRY(be.gru_bwd_r(Nn, H, Pt, hp, Rows<const T>{dRHs, H}, dHr, Dt));
                    if (need_dh) NN4J_RNN_TRY(be.gemm(false, true, Nn, H, 2 * H, Dt.p, ldD, u, GH, 1.0, dHs, H));
                    break;
                default:  // NN4J_RNN_GRU_RESET_AFTER
                    NN4J_RNN_TRY(be.gru_ra_bwd(Nn, H, Pt, hp, dyt, dHr, Dt));
                    if (need_dh) NN4J_RNN_TRY(be.gemm(false, true, Nn, H, 3 * H, Dt.p, ldD, u, GH, 1.0, dHs, H));
                    break;
            }
        }
        return NN4J_OK;
    };
    NN4J_RNN_TRY(be.batches(N, steps));
    if (dh0) NN4J_RNN_TRY(be.copy_rows(1, N * H, dH, N * H, dh0, N * H));
    if (dc0) NN4J_RNN_TRY(be.copy_rows(1, N * H, dC, N * H, dc0, N * H));

    if (dw) {  // dW = X^T [the input-part columns of D]
        if (!ra) {
            NN4J_RNN_TRY(be.gemm(true, false, F, GH, NT, x, F, D, GD, 0.0, dw, GH));
        } else {
            NN4J_RNN_TRY(be.gemm(true, false, F, 2 * H, NT, x, F, D, GD, 0.0, dw, GH));
            NN4J_RNN_TRY(be.gemm(true, false, F, H, NT, x, F, D + 3 * H, GD, 0.0, dw + 2 * H, GH));
        }
    }
    if (du && NT > 0) {  // dU = H_prev^T [the recurrent-part columns of D]
        T* Hprev = (T*)(base + o_hp);
        if (h0) NN4J_RNN_TRY(be.copy_rows(N, H, h0, H, Hprev, ldY));
        else NN4J_RNN_TRY(be.copy_rows(N, H, zeros, 0, Hprev, ldY));
        if (Tn > 1) NN4J_RNN_TRY(be.copy_rows(N, (Tn - 1) * H, y, ldY, Hprev + H, ldY));
        if (cell == NN4J_RNN_GRU) {
            NN4J_RNN_TRY(be.gemm(true, false, H, 2 * H, NT, Hprev, H, D, GD, 0.0, du, GH));
            NN4J_RNN_TRY(be.gemm(true, false, H, H, NT, P + 3 * H, S, D + 2 * H, GD, 0.0, du + 2 * H, GH));
        } else {
            NN4J_RNN_TRY(be.gemm(true, false, H, GH, NT, Hprev, H, D, GD, 0.0, du, GH));
        }
    } else if (du) {
        NN4J_RNN_TRY(be.fill_zero(du, H * GH));
    }
    if (db) {  // column sums of D; reset-after: [daz, dar, dah] -> b, dhn -> b'_h
        if (!ra) {
            NN4J_RNN_TRY(be.colsum(NT, GH, D, GD, db));
        } else {
            NN4J_RNN_TRY(be.colsum(NT, 2 * H, D, GD, db));
            NN4J_RNN_TRY(be.colsum(NT, H, D + 3 * H, GD, db + 2 * H));
            NN4J_RNN_TRY(be.colsum(NT, H, D + 2 * H, GD, db + 3 * H));
        }
    }
    if (dx) {  // dx = [the input-part columns of D] W^T
        if (!ra) {
            NN4J_RNN_TRY(be.gemm(false, true, NT, F, GH, D, GD, w, GH, 0.0, dx, F));
        } else {
            NN4J_RNN_TRY(be.gemm(false, true, NT, F, 2 * H, D, GD, w, GH, 0.0, dx, F));
            NN4J_RNN_TRY(be.gemm(false, true, NT, F, H, D + 3 * H, GD, w + 2 * H, GH, 1.0, dx, F));
        }
    }
    return NN4J_OK;
}

#undef NN4J_RNN_TRY

}  // namespace rnn
}  // namespace nn4j
