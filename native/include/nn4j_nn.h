/*
 * nn4j neural-network kernels: activations, softmax / log-softmax, fused losses from logits,
 * batch norm, local response normalization, dropout and embedding. Included by nn4j.h; same
 * invariants (status codes, nn4j_last_error, no aborts, `device` 0 = CPU, 1 + ordinal = CUDA).
 * Every buffer is contiguous row-major; dtypes NN4J_F32 or NN4J_F64 (indices I32 or I64).
 * Every output OVERWRITES its buffer (=), parameter gradients included, except the running
 * statistics of batch norm, which are updated in place. A null optional gradient output is
 * not computed.
 *
 * Entry points, forward | backward (what forward saves for backward):
 *   nn4j_activation_forward   | nn4j_activation_backward    (x)
 *   nn4j_bias_act_forward     | nn4j_bias_act_backward      (u, bias)
 *   nn4j_softmax_forward      | nn4j_softmax_backward       (y; log = 0 softmax, 1 log_softmax)
 *   nn4j_softmax_ce_forward   | nn4j_softmax_ce_backward    (probs, labels)
 *   nn4j_sigmoid_bce_forward  | nn4j_sigmoid_bce_backward   (x, y)
 *   nn4j_batchnorm_forward    | nn4j_batchnorm_backward     (x, save_mean, save_var)
 *   nn4j_lrn_forward          | nn4j_lrn_backward           (x)
 *   nn4j_dropout_forward      | nn4j_dropout_backward       (seed, offset: the mask is regenerated)
 *   nn4j_embedding_forward    | nn4j_embedding_backward     (ids)
 */
#ifndef NN4J_NN_H
#define NN4J_NN_H

#include <stdint.h>
#include "nn4j.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- element-wise activations (n elements) ---------------------------------------------
 * Kinks (K16): relu'(0) = 0, relu6'(x) = 1 only for 0 < x < 6, leaky'(0) = alpha, elu'(0) = 1
 * only for x > 0 (else y + alpha), step has zero gradient. */
enum {
    NN4J_ACT_SIGMOID = 0,    /* 1 / (1 + e^-x), sign-split */
    NN4J_ACT_TANH = 1,
    NN4J_ACT_RELU = 2,       /* max(x, 0) */
    NN4J_ACT_RELU6 = 3,      /* min(max(x, 0), 6) */
    NN4J_ACT_LEAKY_RELU = 4, /* x > 0 ? x : alpha x   (branch form, alpha any sign) */
    NN4J_ACT_ELU = 5,        /* x > 0 ? x : alpha (e^x - 1) */
    NN4J_ACT_SOFTSIGN = 6,   /* x / (1 + |x|) */
    NN4J_ACT_STEP = 7,       /* x >= 0 ? 1 : 0 */
    NN4J_ACT_STEP_STRICT = 8,/* x > 0 ? 1 : 0 */
    NN4J_ACT_IDENTITY = 9,   /* x (for the bias-only fused op below) */
    NN4J_ACT_COUNT
};
NN4J_API int nn4j_activation_forward(int device, int act, int dtype, int64_t n, const void* x,
                                     void* y, double alpha);
/* dx = f'(x) * dy; dx may alias dy. */
NN4J_API int nn4j_activation_backward(int device, int act, int dtype, int64_t n, const void* x,
                                      const void* dy, void* dx, double alpha);

/* ---- bias + activation, fused (a Dense layer after its GEMM) -------------------------------
 * y[r, c] = f(u[r, c] + bias[c]) for a (rows, cols) row-major u; bias may be null (f(u)); y may
 * alias u. Backward: du = f'(u + bias) * dy (du may alias dy) and, when dbias is not null,
 * dbias[c] = sum_r du[r, c], summed in row order in double. */
NN4J_API int nn4j_bias_act_forward(int device, int act, int dtype, int64_t rows, int64_t cols, const void* u,
                                   const void* bias, void* y, double alpha);
NN4J_API int nn4j_bias_act_backward(int device, int act, int dtype, int64_t rows, int64_t cols, const void* u,
                                    const void* bias, const void* dy, void* du, void* dbias, double alpha);

/* ---- softmax / log-softmax over the middle axis of (outer, dim, inner) --------------------
 * Max-shifted: y = e^{x - m} / sum e^{x - m}, or x - m - log sum e^{x - m}. dim >= 1.
 * Backward from the output y: softmax dx = y * (dy - sum(dy * y)); log-softmax
 * dx = dy - e^y * sum(dy). dx may alias dy. */
NN4J_API int nn4j_softmax_forward(int device, int dtype, int log, int64_t outer, int64_t dim,
                                  int64_t inner, const void* x, void* y);
NN4J_API int nn4j_softmax_backward(int device, int dtype, int log, int64_t outer, int64_t dim,
                                   int64_t inner, const void* y, const void* dy, void* dx);

/* ---- losses ------------------------------------------------------------------------------- */
enum { NN4J_REDUCTION_MEAN = 0, NN4J_REDUCTION_SUM = 1, NN4J_REDUCTION_NONE = 2 };

/* Softmax cross-entropy from logits z (N, K). Targets: label_dtype NN4J_I32 / NN4J_I64 -> labels
 * are N class ids in [0, K); label_dtype == dtype -> labels are dense (N, K) rows (one-hot or
 * soft, used as given). Smoothing eps in [0, 1]: t' = (1 - eps) t + eps / K. Class weights w (K),
 * optional (null = 1). Per sample l_i = -sum_k w_k t'_ik log p_ik (exact log-sum-exp).
 * Reduction: NONE writes loss (N); SUM writes sum l_i; MEAN divides the sum by D, where
 * D = sum_i w[label_i] for sparse labels with weights (PyTorch's weighted mean) and D = N
 * otherwise (dense targets, with or without weights: PyTorch's rule too). N = 0 with MEAN gives NaN.
 * probs (N, K), optional: the softmax, saved for backward.
 * Backward: dz_ik = s_i (p_ik sum_k' a_ik' - a_ik), a_ik = w_k t'_ik, s_i = dloss / D (MEAN),
 * dloss (SUM) or dloss_i (NONE); unweighted one-hot this is (p - y) / N for MEAN. dloss is a
 * scalar, or (N) for NONE. */
NN4J_API int nn4j_softmax_ce_forward(int device, int dtype, int64_t n, int64_t k, const void* logits,
                                     int label_dtype, const void* labels, const void* class_weights,
                                     double label_smoothing, int reduction, void* loss, void* probs);
NN4J_API int nn4j_softmax_ce_backward(int device, int dtype, int64_t n, int64_t k, const void* probs,
                                      int label_dtype, const void* labels, const void* class_weights,
                                      double label_smoothing, int reduction, const void* dloss,
                                      void* dlogits);

/* Sigmoid binary cross-entropy from logits x and targets y, both (outer, c); pos_weight (c)
 * optional (PyTorch's pos_weight p, broadcast over the last axis):
 *   l = p y softplus(-x) + (1 - y) softplus(x),  softplus(x) = max(x, 0) + log1p(e^-|x|)
 * (with p = 1: max(x, 0) - x y + log(1 + e^-|x|)). MEAN divides by outer * c (K9, element-wise).
 * Backward: dx = s (sigmoid(x) (p y + 1 - y) - p y), dy = s (p softplus(-x) - softplus(x));
 * dx, dy optional; dloss scalar or (outer * c) for NONE. */
NN4J_API int nn4j_sigmoid_bce_forward(int device, int dtype, int64_t outer, int64_t c, const void* x,
                                      const void* y, const void* pos_weight, int reduction, void* loss);
NN4J_API int nn4j_sigmoid_bce_backward(int device, int dtype, int64_t outer, int64_t c, const void* x,
                                       const void* y, const void* pos_weight, int reduction,
                                       const void* dloss, void* dx, void* dy);

/* ---- batch normalization over x (n, c, inner): per channel c, statistics over n * inner -----
 * (N, C, spatial...) images (inner = spatial product) or (N, F) features (inner = 1).
 *   y = gamma (x - mean) / sqrt(var + eps) + beta        (K11: eps inside the root)
 * training = 1: mean/var are the batch statistics (biased var); save_mean, save_var (c) receive
 * them; running_mean/running_var (c, optional, updated IN PLACE):
 *   r_mean = momentum r_mean + (1 - momentum) mean,
 *   r_var  = momentum r_var  + (1 - momentum) var * m / (m - 1)   (m = n * inner; m = 1: var)
 * momentum is the Keras/CURRICULUM rho (weight kept; PyTorch's momentum is 1 - rho).
 * training = 0: running_mean/running_var (required) are used; save_mean/save_var (optional)
 * receive copies of them so that backward can run in inference mode.
 * gamma/beta optional (1 / 0). m = 0 with training fails (NN4J_ERR_SHAPE).
 * Backward: training = 1 differentiates through the batch statistics; training = 0 treats
 * save_mean/save_var as constants. dx, dgamma, dbeta optional (overwritten).
 * f32 uses oneDNN's batch normalization under NN4J_DNNL_FORCE (AUTO keeps nn4j's kernel, measured
 * faster); nn4j_last_path() says which ran. */
NN4J_API int nn4j_batchnorm_forward(int device, int dtype, int training, int64_t n, int64_t c,
                                    int64_t inner, const void* x, const void* gamma, const void* beta,
                                    double eps, double momentum, void* running_mean, void* running_var,
                                    void* y, void* save_mean, void* save_var);
NN4J_API int nn4j_batchnorm_backward(int device, int dtype, int training, int64_t n, int64_t c,
                                     int64_t inner, const void* x, const void* gamma,
                                     const void* save_mean, const void* save_var, double eps,
                                     const void* dy, void* dx, void* dgamma, void* dbeta);

/* ---- local response normalization across channels (AlexNet), x (n, c, inner) -------------
 *   y_c = x_c / (k + alpha * sum_{c' = max(0, c - size/2)}^{min(C-1, c + size/2)} x_c'^2)^beta
 * alpha is NOT divided by size (CURRICULUM R8; PyTorch and oneDNN use alpha / size: pass that
 * to match them). size >= 1 (odd sizes are symmetric), k > 0 or alpha >= 0 with k > 0, beta any. */
NN4J_API int nn4j_lrn_forward(int device, int dtype, int64_t n, int64_t c, int64_t inner, int64_t size,
                              double alpha, double beta, double k, const void* x, void* y);
NN4J_API int nn4j_lrn_backward(int device, int dtype, int64_t n, int64_t c, int64_t inner, int64_t size,
                               double alpha, double beta, double k, const void* x, const void* dy,
                               void* dx);

/* ---- inverted dropout (K7: rate = P(drop)) -------------------------------------------------
 * Element i is kept iff u01_f32(Philox word) < 1 - rate with the counter layout of
 * nn4j_random's BERNOULLI (counter offset + i / 4, word i % 4), so the mask equals
 * nn4j_random(BERNOULLI, p = 1 - rate) with the same seed/offset on any device and thread count.
 * y = keep ? x / (1 - rate) : 0 (rate = 1: all 0). mask (n bytes, 0/1) is optional.
 * Backward regenerates the same mask: dx = keep ? dy / (1 - rate) : 0. dx may alias dy. */
NN4J_API int nn4j_dropout_forward(int device, int dtype, int64_t n, const void* x, double rate,
                                  uint64_t seed, uint64_t offset, void* y, void* mask);
NN4J_API int nn4j_dropout_backward(int device, int dtype, int64_t n, const void* dy, double rate,
                                   uint64_t seed, uint64_t offset, void* dx);

/* ---- embedding: table (v, d), ids (count) of index_dtype I32/I64 in [0, v) ----------------
 * Forward out (count, d) = table[ids]. Backward dtable (v, d) = scatter-add of dout (count, d)
 * over ids (overwritten: rows never looked up are 0); repeated ids accumulate in id order, so
 * the result is deterministic (same bits for any thread count). Out-of-range ids: NN4J_ERR_ARG. */
NN4J_API int nn4j_embedding_forward(int device, int dtype, int64_t v, int64_t d, const void* table,
                                    int index_dtype, int64_t count, const void* ids, void* out);
NN4J_API int nn4j_embedding_backward(int device, int dtype, int64_t v, int64_t d, int index_dtype,
                                     int64_t count, const void* ids, const void* dout, void* dtable);

#ifdef __cplusplus
}
#endif
#endif /* NN4J_NN_H */
