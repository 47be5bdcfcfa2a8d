/*
 * nn4j pooling family: max, average and min pooling over 1, 2 or 3 spatial axes (global
 * pooling is the case kernel = input size, stride 1, no padding).
 *
 * Layout (CURRICULUM K1, C5), nsp = number of spatial axes (1, 2 or 3):
 *   x (N, C, [D,] [H,] W)   y (N, C, [oD,] [oH,] oW), each (n, c) plane pooled on its own;
 *   window of output p on each axis: [p*stride - pad_begin, p*stride - pad_begin + kernel),
 *   out = floor((in + pad_begin + pad_end - kernel) / stride) + 1 (must be >= 1),
 *   1 <= kernel, 1 <= stride, 0 <= pad_begin, pad_end < kernel (so that every window holds at
 *   least one element of x; K6's "same" padding always satisfies this).
 * Kinds:
 *   NN4J_POOL_MAX  max over the window's elements of x; padding acts as -inf (K6). Ties go to the
 *                  first element in row-major window order (K16); a NaN wins over numbers (the
 *                  first NaN), so NaN propagates (K17).
 *   NN4J_POOL_AVG  mean over the window's elements of x: pads are excluded from the divisor.
 *   NN4J_POOL_MIN  min, the mirror of MAX (padding acts as +inf).
 * Shape arrays have nsp + 2 entries; kernel, stride, pad_begin, pad_end have nsp entries.
 * Buffers are contiguous; dtype NN4J_F32 or NN4J_F64; device 0 = CPU, 1 + ordinal = CUDA.
 *
 * Op table:
 *   nn4j_pool_forward    x -> y, and for MAX/MIN the workspace ws (what backward needs)
 *   nn4j_pool_backward   dy (+ ws for MAX/MIN) -> dx (overwritten: gradient routed to the
 *                        selected element for MAX/MIN, spread as dy/count for AVG)
 *
 * Workspace (MAX/MIN): an int64 buffer of numel(y) + 1 elements, written by forward, read by
 * backward, opaque to the caller. Element 0 records which implementation wrote it: nn4j's own
 * kernels store the index of the selected element of x within its (n, c) plane (row-major) in
 * ws[1 + i] for output i; oneDNN (f32, CPU) stores its own workspace there. Backward follows
 * the writer, whatever the current oneDNN mode. ws may be NULL in forward when no backward
 * will follow (inference); AVG ignores ws.
 *
 * oneDNN: only in NN4J_DNNL_FORCE mode (f32 MAX/AVG; nn4j_last_path() tells). The AUTO default
 * runs nn4j's kernels, which measured faster on every shape tried. Under FORCE, oneDNN's max
 * pooling does not propagate NaN (a NaN loses to the numbers of its window).
 */
#ifndef NN4J_POOL_H
#define NN4J_POOL_H

#include "nn4j.h"

#ifdef __cplusplus
extern "C" {
#endif

enum { NN4J_POOL_MAX = 0, NN4J_POOL_AVG = 1, NN4J_POOL_MIN = 2, NN4J_POOL_COUNT };

NN4J_API int nn4j_pool_forward(int device, int dtype, int kind, int nsp, const int64_t* x_shape,
                               const int64_t* y_shape, const int64_t* kernel,
                               const int64_t* stride, const int64_t* pad_begin,
                               const int64_t* pad_end, const void* x, void* y, int64_t* ws);
NN4J_API int nn4j_pool_backward(int device, int dtype, int kind, int nsp, const int64_t* x_shape,
                                const int64_t* y_shape, const int64_t* kernel,
                                const int64_t* stride, const int64_t* pad_begin,
                                const int64_t* pad_end, const void* dy, const int64_t* ws,
                                void* dx);

#ifdef __cplusplus
}
#endif
#endif /* NN4J_POOL_H */
