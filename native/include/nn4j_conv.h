/*
 * nn4j convolution family: 1-D, 2-D and 3-D cross-correlation with stride, dilation,
 * asymmetric padding and groups, its transposed twin (the exact adjoint), and their gradients.
 *
 * Layout (CURRICULUM K1, K2, K5), nsp = number of spatial axes (1, 2 or 3):
 *   x (N, C_in, [D,] [H,] W)     w (C_out, C_in/groups, [kD,] [kH,] kW)     b (C_out) or NULL
 *   y (N, C_out, [oD,] [oH,] oW)
 *   y[n, o, p] = b[o] + sum_{c, q} w[o, c, q] * x[n, g*C_in/groups + c, p*stride - pad_begin + q*dilation]
 *   (o in group g; positions outside [0, in) read 0), so for each spatial axis
 *   out = floor((in + pad_begin + pad_end - dilation*(k - 1) - 1) / stride) + 1, which must be >= 1.
 * Shape arrays have nsp + 2 entries; stride, dilation, pad_begin and pad_end have nsp entries
 * (stride, dilation >= 1; pads >= 0). Every entry checks that y_shape satisfies the formula, so
 * the caller computes padding (valid / same per K6 / explicit) and output sizes.
 * All buffers are contiguous (row-major); dtype NN4J_F32 or NN4J_F64; device 0 = CPU,
 * 1 + ordinal = CUDA. Outputs never alias inputs.
 *
 * Op table (forward; backward entries beside it). Nothing is saved by forward: the backward
 * entries take the forward's inputs again. Every output, parameter gradients included, is
 * overwritten (=), never accumulated.
 *   conv               nn4j_conv_forward            x, w, b -> y
 *                      nn4j_conv_backward_data      dy, w   -> dx
 *                      nn4j_conv_backward_weights   x, dy   -> dw, db (db optional)
 *   conv transposed    nn4j_conv_transpose_forward           x, w, b -> y   (= conv backward_data + b)
 *                      nn4j_conv_transpose_backward_data     dy, w   -> dx  (= conv forward, no bias)
 *                      nn4j_conv_transpose_backward_weights  x, dy   -> dw, db
 *
 * Transposed convolution is the adjoint of the convolution with the same w and geometry:
 *   x (N, C_in, ...)   w (C_in, C_out/groups, k...)   y (N, C_out, ...), where the adjoint
 *   convolution maps y-shaped tensors to x-shaped ones, i.e. for each spatial axis
 *   x_len = floor((y_len + pad_begin + pad_end - dilation*(k - 1) - 1) / stride) + 1.
 *   Hence y_len = (x_len - 1)*stride - pad_begin - pad_end + dilation*(k - 1) + 1 + output_padding
 *   with 0 <= output_padding < stride; the caller passes y_shape explicitly.
 *
 * The CPU implementation is im2col / col2im + nn4j_gemm, or oneDNN's convolution primitives
 * (f32 only; blocked layouts with reorders around them) as chosen by nn4j_set_dnnl_mode:
 * OFF own kernels, FORCE oneDNN, AUTO per entry point the one measured faster (see
 * cpu/dnnl_conv.cpp: forward oneDNN; backward data oneDNN unless C_in/groups < 4; backward
 * weights oneDNN only for output planes under 1024 positions). nn4j_last_path() tells which ran.
 */
#ifndef NN4J_CONV_H
#define NN4J_CONV_H

#include "nn4j.h"

#ifdef __cplusplus
extern "C" {
#endif

/* y = conv(x, w) + b. b may be NULL (no bias). */
NN4J_API int nn4j_conv_forward(int device, int dtype, int nsp, const int64_t* x_shape,
                               const int64_t* w_shape, const int64_t* y_shape,
                               const int64_t* stride, const int64_t* dilation,
                               const int64_t* pad_begin, const int64_t* pad_end, int64_t groups,
                               const void* x, const void* w, const void* b, void* y);
/* dx = d(sum dy*y)/dx: the adjoint of conv applied to dy. */
NN4J_API int nn4j_conv_backward_data(int device, int dtype, int nsp, const int64_t* x_shape,
                                     const int64_t* w_shape, const int64_t* y_shape,
                                     const int64_t* stride, const int64_t* dilation,
                                     const int64_t* pad_begin, const int64_t* pad_end,
                                     int64_t groups, const void* dy, const void* w, void* dx);
/* dw = d(sum dy*y)/dw; db[o] = sum over n and positions of dy[n, o, ...] (skipped when db is NULL).
 * At least one of dw and db must be non-NULL. */
NN4J_API int nn4j_conv_backward_weights(int device, int dtype, int nsp, const int64_t* x_shape,
                                        const int64_t* w_shape, const int64_t* y_shape,
                                        const int64_t* stride, const int64_t* dilation,
                                        const int64_t* pad_begin, const int64_t* pad_end,
                                        int64_t groups, const void* x, const void* dy, void* dw,
                                        void* db);

/* Transposed convolution (see above): x (N, C_in, ...), w (C_in, C_out/groups, k...),
 * y (N, C_out, ...); b (C_out) or NULL. */
NN4J_API int nn4j_conv_transpose_forward(int device, int dtype, int nsp, const int64_t* x_shape,
                                         const int64_t* w_shape, const int64_t* y_shape,
                                         const int64_t* stride, const int64_t* dilation,
                                         const int64_t* pad_begin, const int64_t* pad_end,
                                         int64_t groups, const void* x, const void* w,
                                         const void* b, void* y);
NN4J_API int nn4j_conv_transpose_backward_data(int device, int dtype, int nsp,
                                               const int64_t* x_shape, const int64_t* w_shape,
                                               const int64_t* y_shape, const int64_t* stride,
                                               const int64_t* dilation, const int64_t* pad_begin,
                                               const int64_t* pad_end, int64_t groups,
                                               const void* dy, const void* w, void* dx);
/* dw (C_in, C_out/groups, k...) and db (C_out, = sum of dy over n and positions); either may be
 * NULL, not both. */
NN4J_API int nn4j_conv_transpose_backward_weights(int device, int dtype, int nsp,
                                                  const int64_t* x_shape, const int64_t* w_shape,
                                                  const int64_t* y_shape, const int64_t* stride,
                                                  const int64_t* dilation,
                                                  const int64_t* pad_begin,
                                                  const int64_t* pad_end, int64_t groups,
                                                  const void* x, const void* dy, void* dw,
                                                  void* db);

#ifdef __cplusplus
}
#endif
#endif /* NN4J_CONV_H */
