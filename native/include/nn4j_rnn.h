/*
 * nn4j recurrent layers: tanh RNN, LSTM and GRU (both reset variants) over whole sequences,
 * forward and back-propagation through time. Included by nn4j.h; same invariants (status codes,
 * nn4j_last_error, no aborts, `device` 0 = CPU, 1 + ordinal = CUDA).
 *
 * Entry points (forward and backward side by side):
 *   nn4j_rnn_workspace_size   bytes of the workspace a training forward fills for backward
 *   nn4j_rnn_forward          x, h0, c0, W, U, b -> y, h_n, c_n   (+ workspace when training)
 *   nn4j_rnn_backward         dy, dh_n, dc_n + workspace -> dx, dh0, dc0, dW, dU, db
 * One step of a cell is the T = 1 case of the same calls.
 *
 * Shapes (batch-first, K1; all buffers contiguous row-major):
 *   x (N, T, F)   y (N, T, H) = h_1..h_T   h0, c0, h_n, c_n (N, H)
 *   W (F, G*H) input kernel   U (H, G*H) recurrent kernel   b (NB)
 * with G gate blocks of H columns each, in the order below, and NB = G*H except reset-after GRU.
 *   NN4J_RNN_TANH   G = 1          h_t = tanh(x_t W + h_{t-1} U + b)
 *   NN4J_RNN_LSTM   G = 4 [i, f, c~, o] (K14)
 *                   i, f, o = sigmoid(x_t W_g + h_{t-1} U_g + b_g); c~ = tanh(...);
 *                   c_t = f*c_{t-1} + i*c~;  h_t = o*tanh(c_t)
 *   NN4J_RNN_GRU    G = 3 [z, r, h~] (K13, reset before)
 *                   z, r = sigmoid(x_t W_g + h_{t-1} U_g + b_g);
 *                   h~ = tanh(x_t W_h + (r*h_{t-1}) U_h + b_h);  h_t = z*h_{t-1} + (1-z)*h~
 *   NN4J_RNN_GRU_RESET_AFTER  G = 3 [z, r, h~], NB = 4H: b = [b_z, b_r, b_h, b'_h]
 *                   h~ = tanh(x_t W_h + b_h + r*(h_{t-1} U_h + b'_h))   ("linear before reset")
 * (The teaching form c_t = G_u*c~ + (1-G_u)*c_{t-1} is this GRU with G_u = 1 - z.) These gate
 * orders are oneDNN's ([i, f, c~, o]; GRU [u, r, o], lbr_gru bias [u, r, o, u']), and the
 * layouts W (F, G, H), U (H, G, H), b (G, H) are oneDNN's ldigo / ldgo with L = D = 1, so the
 * oneDNN path uses them without reordering the user's data.
 *
 * dtypes: NN4J_F32 and NN4J_F64. h0, c0 and b may be null (zeros). c0, c_n, dc_n and dc0 are
 * LSTM-only and must be null for other cells.
 *
 * What forward saves for backward: a workspace (caller-allocated, nn4j_rnn_workspace_size
 * bytes) that records which implementation wrote it (nn4j's own kernel or oneDNN) and the shapes,
 * then per (n, t) the activated gates, plus c_t (LSTM), r*h_{t-1} (GRU) or h_{t-1} U_h + b'_h
 * (reset-after GRU); the oneDNN path stores oneDNN's own workspace instead. Backward always runs
 * the implementation that wrote the workspace, whatever the oneDNN mode is by then. Backward
 * also reads x, h0, c0, W, U, b and y, which must be unchanged since the forward.
 *
 * Gradients OVERWRITE their outputs (=), parameter gradients included; a null gradient output
 * is not computed. dy, dh_n and dc_n may be null (zeros).
 *
 * Implementation (f32; f64 always runs nn4j's own kernel): NN4J_DNNL_FORCE runs oneDNN's lstm,
 * gru, lbr_gru and vanilla_rnn (tanh) primitives; NN4J_DNNL_OFF and NN4J_DNNL_AUTO run nn4j's
 * own kernel, which measured at least as fast (dnnl_rnn.cpp, onednn_wanted). nn4j_last_path()
 * says which ran.
 */
#ifndef NN4J_RNN_H
#define NN4J_RNN_H

#include <stdint.h>
#include "nn4j.h"

#ifdef __cplusplus
extern "C" {
#endif

enum {
    NN4J_RNN_TANH = 0,
    NN4J_RNN_LSTM = 1,
    NN4J_RNN_GRU = 2,              /* reset gate applied before the recurrent product */
    NN4J_RNN_GRU_RESET_AFTER = 3,  /* "linear before reset", extra recurrent bias b'_h */
    NN4J_RNN_CELL_COUNT
};

/* Bytes of workspace nn4j_rnn_forward needs to save for nn4j_rnn_backward, for the
 * implementation a training forward picks under the current oneDNN mode (if the mode changes in
 * between and oneDNN would need more, the forward runs nn4j's own kernel instead). */
NN4J_API int nn4j_rnn_workspace_size(int device, int cell, int dtype, int64_t n, int64_t t,
                                     int64_t f, int64_t h, int64_t* out_bytes);

/* Forward over T steps. y (required), h_n, c_n (optional) are written. workspace null = inference
 * (nothing saved); otherwise it must hold nn4j_rnn_workspace_size bytes (workspace_bytes). */
NN4J_API int nn4j_rnn_forward(int device, int cell, int dtype, int64_t n, int64_t t, int64_t f,
                              int64_t h, const void* x, const void* h0, const void* c0,
                              const void* w, const void* u, const void* b, void* y, void* h_n,
                              void* c_n, void* workspace, int64_t workspace_bytes);

/* Back-propagation through time. Inputs as given to the forward, its y and workspace, and the
 * upstream gradients dy (N, T, H), dh_n, dc_n (N, H). Outputs dx (N, T, F), dh0, dc0 (N, H),
 * dw (F, G*H), du (H, G*H), db (NB); each may be null. */
NN4J_API int nn4j_rnn_backward(int device, int cell, int dtype, int64_t n, int64_t t, int64_t f,
                               int64_t h, const void* x, const void* h0, const void* c0,
                               const void* w, const void* u, const void* b, const void* y,
                               const void* workspace, int64_t workspace_bytes, const void* dy,
                               const void* dh_n, const void* dc_n, void* dx, void* dh0, void* dc0,
                               void* dw, void* du, void* db);

#ifdef __cplusplus
}
#endif
#endif /* NN4J_RNN_H */
