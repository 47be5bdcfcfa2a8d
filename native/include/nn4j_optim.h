/*
 * nn4j fused optimizer updates (CURRICULUM §6, O1-O7). Included by nn4j.h; same invariants
 * (status codes, nn4j_last_error, no aborts, `device` 0 = CPU, 1 + ordinal = CUDA).
 *
 * Each entry makes one pass over n contiguous elements and updates the parameter and its state
 * buffers in place (read-modify-write); the gradient is only read. dtype NN4J_F32 or NN4J_F64
 * for every buffer of a call; the arithmetic runs in that dtype. No written buffer may overlap
 * another buffer of the call (checked). Hyper-parameters are validated (finite, in range) and
 * converted to the dtype once per call.
 *
 * Gradient preparation, common to every entry, per element and in this order:
 *   g = grad * grad_scale                 norm clipping (O10): the caller computes the factor
 *   g = min(max(g, -clip), clip)          value clipping; clip = INFINITY turns it off
 *   g = g + weight_decay * param          coupled L2 decay (skipped when weight_decay == 0)
 * NaN in a gradient, parameter or state propagates (K17). Then:
 *
 *   entry                 rule                                          state (in place)
 *   nn4j_sgd_update       SGD, momentum (K12), Nesterov (O3)            velocity (null: plain SGD)
 *   nn4j_adagrad_update   Adagrad (O4)                                  accum
 *   nn4j_rmsprop_update   RMSprop (O5), centered and/or momentum        sq_avg [, grad_avg] [, mom]
 *   nn4j_adadelta_update  Adadelta (O6)                                 sq_avg, delta_avg
 *   nn4j_adam_update      Adam, AMSGrad, AdamW (O7)                     m, v [, v_max]
 *   nn4j_nadam_update     Nadam (Dozat; the Keras / PyTorch schedule)   m, v
 * The step counter t and Nadam's momentum-schedule product live with the caller.
 */
#ifndef NN4J_OPTIM_H
#define NN4J_OPTIM_H

#include <stdint.h>
#include "nn4j.h"

#ifdef __cplusplus
extern "C" {
#endif

/* velocity == null (momentum must be 0, nesterov 0):  p -= lr g
 * momentum (K12, lr inside v):  v = momentum v + lr (1 - dampening) g;  p -= v
 * nesterov = 1 (O3; p holds phi = theta - momentum v; dampening must be 0):
 *                               v = momentum v + lr g;  p -= momentum v + lr g   (new v)
 * lr >= 0, momentum and dampening in [0, 1]. */
NN4J_API int nn4j_sgd_update(int device, int dtype, int64_t n, void* param, const void* grad,
                             void* velocity, double lr, double momentum, double dampening,
                             int nesterov, double weight_decay, double grad_scale, double clip);

/* accum += g^2;  p -= lr g / (sqrt(accum) + eps).  eps >= 0. */
NN4J_API int nn4j_adagrad_update(int device, int dtype, int64_t n, void* param, const void* grad,
                                 void* accum, double lr, double eps, double weight_decay,
                                 double grad_scale, double clip);

/* s = rho s + (1 - rho) g^2;  d = s, or when centered (grad_avg != null):
 *   a = rho a + (1 - rho) g;  d = max(s - a^2, 0)   (the clamp only absorbs rounding);
 * u = lr g / (sqrt(d) + eps);  with mom != null (momentum in [0, 1], lr inside like K12):
 *   mom = momentum mom + u;  p -= mom;   otherwise p -= u.  rho in [0, 1], eps >= 0. */
NN4J_API int nn4j_rmsprop_update(int device, int dtype, int64_t n, void* param, const void* grad,
                                 void* sq_avg, void* grad_avg, void* mom, double lr, double rho,
                                 double eps, double momentum, double weight_decay,
                                 double grad_scale, double clip);

/* Eg = rho Eg + (1 - rho) g^2;  d = sqrt(Ed + eps) / sqrt(Eg + eps) g;
 * Ed = rho Ed + (1 - rho) d^2;  p -= lr d.   (eps inside the roots, K11.) rho in [0, 1], eps > 0. */
NN4J_API int nn4j_adadelta_update(int device, int dtype, int64_t n, void* param, const void* grad,
                                  void* sq_avg, void* delta_avg, double lr, double rho, double eps,
                                  double weight_decay, double grad_scale, double clip);

/* step t >= 1 (the update being applied);  m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;
 * v_max != null (AMSGrad): v_max = max(v_max, v) and v_max replaces v below;
 * decoupled_decay >= 0 (AdamW):  p -= lr decoupled_decay p   (on p before the step);
 * p -= lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps).
 * State holds the uncorrected m and v (O7). b1, b2 in [0, 1), eps >= 0. weight_decay is the
 * coupled L2 term of the preparation; the two decays may be combined. */
NN4J_API int nn4j_adam_update(int device, int dtype, int64_t n, void* param, const void* grad,
                              void* m, void* v, void* v_max, double lr, double beta1, double beta2,
                              double eps, int64_t step, double decoupled_decay, double weight_decay,
                              double grad_scale, double clip);

/* Nadam with the momentum schedule mu_t = b1 (1 - 0.5 * 0.96^(0.004 t)) kept by the caller:
 * mu = mu_t, mu_next = mu_{t+1}, mu_product = prod_{k <= t} mu_k (all in [0, 1)); step t >= 1.
 * m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;
 * p -= lr [mu_next m / (1 - mu_product mu_next) + (1 - mu) g / (1 - mu_product)]
 *         / (sqrt(v / (1 - b2^t)) + eps). */
NN4J_API int nn4j_nadam_update(int device, int dtype, int64_t n, void* param, const void* grad,
                               void* m, void* v, double lr, double beta1, double beta2, double eps,
                               int64_t step, double mu, double mu_next, double mu_product,
                               double weight_decay, double grad_scale, double clip);

#ifdef __cplusplus
}
#endif

#endif /* NN4J_OPTIM_H */
