/*
 * nn4j native core: the plain C ABI.
 *
 * Invariants for every entry point:
 *  - returns NN4J_OK (0) or an error status; on error, nn4j_last_error() gives a thread-local
 *    message naming the function and the bad argument. Nothing aborts and nothing throws.
 *  - every argument is checked (null pointers, negative sizes, bad enums, overflow).
 *  - `device` is 0 for the CPU, 1 + ordinal for a CUDA device. CUDA calls are forwarded to the
 *    sibling library libnn4j_cuda.so, loaded by nn4j_cuda_load(); without it they return
 *    NN4J_ERR_NO_DEVICE.
 *  - buffers are passed as raw addresses; shapes and strides are in elements (not bytes);
 *    a stride of 0 broadcasts. Outputs never alias inputs, except that nn4j_copy, nn4j_unary,
 *    nn4j_binary and nn4j_where accept an output that is exactly one of their inputs (same
 *    address and strides): in-place updates and gradient accumulation rely on it.
 *  - dtypes: NN4J_F32 (default), NN4J_F64, NN4J_I32, NN4J_I64, NN4J_BOOL (one byte, 0 or 1).
 *
 * Op table (forward entry; backward is composed in Java from these unless named):
 *   memory       nn4j_alloc / nn4j_free / nn4j_memcpy / nn4j_live_bytes
 *   fill         nn4j_fill, nn4j_arange, nn4j_random
 *   copy/cast    nn4j_copy          (strided -> strided, with dtype conversion)
 *   unary        nn4j_unary         (NN4J_UNARY_*)
 *   binary       nn4j_binary        (NN4J_BINARY_*, broadcasting via stride 0)
 *   where        nn4j_where
 *   reduce       nn4j_reduce        (NN4J_REDUCE_*, any set of axes)
 *   gemm         nn4j_gemm          (f32/f64, transposes, alpha/beta, strided batches)
 *   gather       nn4j_gather / nn4j_scatter_add (torch.gather semantics; scatter_add is its adjoint)
 */
#ifndef NN4J_H
#define NN4J_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define NN4J_API __declspec(dllexport)
#else
#define NN4J_API __attribute__((visibility("default")))
#endif

#define NN4J_MAX_DIMS 8

/* status codes */
enum {
    NN4J_OK = 0,
    NN4J_ERR_ARG = 1,          /* bad argument: null, negative size, unknown enum */
    NN4J_ERR_SHAPE = 2,        /* shapes or strides inconsistent */
    NN4J_ERR_DTYPE = 3,        /* dtype not supported by this op */
    NN4J_ERR_OOM = 4,          /* allocation failed */
    NN4J_ERR_NO_DEVICE = 5,    /* CUDA requested but unavailable */
    NN4J_ERR_DEVICE = 6,       /* error reported by the device runtime */
    NN4J_ERR_INTERNAL = 7
};

/* dtypes */
enum { NN4J_F32 = 0, NN4J_F64 = 1, NN4J_I32 = 2, NN4J_I64 = 3, NN4J_BOOL = 4 };

/* instruction sets of the CPU kernels */
enum { NN4J_ISA_GENERIC = 0, NN4J_ISA_AVX2 = 1, NN4J_ISA_AVX512 = 2 };

/* ---- library state ---------------------------------------------------------------------- */
NN4J_API const char* nn4j_last_error(void);
NN4J_API const char* nn4j_version(void);
/* Best ISA this CPU supports, and the one in use (can be lowered for tests). */
NN4J_API int nn4j_isa_supported(void);
NN4J_API int nn4j_isa_active(void);
NN4J_API int nn4j_set_isa(int isa);            /* NN4J_ERR_ARG if above the supported one */
NN4J_API const char* nn4j_isa_name(int isa);
NN4J_API int nn4j_set_num_threads(int n);      /* n >= 1; also sets oneDNN's threads */
NN4J_API int nn4j_get_num_threads(void);
/* oneDNN version as "major.minor.patch", or "" if oneDNN is not linked. */
NN4J_API const char* nn4j_dnnl_version(void);
/* Which implementation ops with a oneDNN path use: NN4J_DNNL_AUTO (oneDNN where its per-op
 * check passes), NN4J_DNNL_OFF (nn4j's own kernels only), NN4J_DNNL_FORCE (oneDNN wherever it
 * supports the case). The default comes from the environment variable NN4J_DNNL
 * (auto|off|force); Java sets it from the system property nn4j.dnnl. */
enum { NN4J_DNNL_AUTO = 0, NN4J_DNNL_OFF = 1, NN4J_DNNL_FORCE = 2 };
NN4J_API int nn4j_set_dnnl_mode(int mode);
NN4J_API int nn4j_get_dnnl_mode(void);
/* "onednn" or "nn4j": the implementation the last op with a oneDNN path used on this thread. */
NN4J_API const char* nn4j_last_path(void);

/* ---- CUDA ------------------------------------------------------------------------------- */
/* Loads libnn4j_cuda.so from `path`; NN4J_ERR_NO_DEVICE with a reason if it cannot. */
NN4J_API int nn4j_cuda_load(const char* path);
/* Number of CUDA devices (0 if the library is not loaded or there is no driver/device). */
NN4J_API int nn4j_cuda_device_count(void);
/* Writes a description (name, memory, capability) of device ordinal into buf. */
NN4J_API int nn4j_cuda_device_name(int ordinal, char* buf, int64_t buf_len);
NN4J_API int nn4j_synchronize(int device);

/* ---- memory ----------------------------------------------------------------------------- */
/* 64-byte aligned allocation; *out_addr receives the address. bytes == 0 gives a valid,
 * unique, freeable pointer. */
NN4J_API int nn4j_alloc(int device, int64_t bytes, int64_t* out_addr);
NN4J_API int nn4j_free(int device, int64_t addr);
/* Copies bytes between any two devices (0 = host memory, including Java-pinned arrays). */
NN4J_API int nn4j_memcpy(int dst_device, void* dst, int src_device, const void* src, int64_t bytes);
/* Bytes currently allocated through nn4j_alloc on that device. */
NN4J_API int64_t nn4j_live_bytes(int device);
/* Freed host blocks are kept for reuse by later allocations of the same size class (at most
 * NN4J_CPU_CACHE_MB megabytes, default 1024). Bytes held so (0 for a GPU), giving them all back,
 * and changing the limit (0 turns caching off; a lower limit empties the cache). */
NN4J_API int64_t nn4j_cached_bytes(int device);
NN4J_API int nn4j_empty_cache(int device);
NN4J_API int nn4j_set_cache_limit(int device, int64_t bytes);

/* ---- fills ------------------------------------------------------------------------------ */
NN4J_API int nn4j_fill(int device, int dtype, void* out, int64_t n, double value);
/* out[i] = start + i * step */
NN4J_API int nn4j_arange(int device, int dtype, void* out, int64_t n, double start, double step);

enum { NN4J_RAND_UNIFORM = 0,   /* U[p1, p2) */
       NN4J_RAND_NORMAL = 1,    /* N(p1, p2^2) */
       NN4J_RAND_BERNOULLI = 2, /* 1 with probability p1, else 0 */
       NN4J_RAND_TRUNC_NORMAL = 3 /* N(p1, p2^2) redrawn outside 2 std */ };
/* Counter-based (Philox4x32-10), so results are identical for any thread count and device:
 * element i uses Philox counter offset + i/4 (float32, and Bernoulli for every dtype) or
 * offset + i/2 (float64); a call uses ceil(n/4), resp. ceil(n/2), counters, so advancing the
 * offset by n between calls is always safe. The full scheme: native/src/common/elementwise_math.h. */
NN4J_API int nn4j_random(int device, int dist, int dtype, void* out, int64_t n,
                         uint64_t seed, uint64_t offset, double p1, double p2);

/* ---- copy / cast ------------------------------------------------------------------------ */
/* out[idx] = (out_dtype) x[idx] over an ndim-dimensional index space `shape`. */
NN4J_API int nn4j_copy(int device, int ndim, const int64_t* shape,
                       int x_dtype, const void* x, const int64_t* x_strides,
                       int out_dtype, void* out, const int64_t* out_strides);

/* ---- element-wise ----------------------------------------------------------------------- */
enum {
    NN4J_UNARY_NEG = 0, NN4J_UNARY_ABS, NN4J_UNARY_SIGN, NN4J_UNARY_EXP, NN4J_UNARY_LOG,
    NN4J_UNARY_LOG1P, NN4J_UNARY_EXPM1, NN4J_UNARY_SQRT, NN4J_UNARY_RSQRT, NN4J_UNARY_SQUARE,
    NN4J_UNARY_RECIPROCAL, NN4J_UNARY_SIN, NN4J_UNARY_COS, NN4J_UNARY_TANH,
    NN4J_UNARY_SIGMOID, NN4J_UNARY_RELU, NN4J_UNARY_FLOOR, NN4J_UNARY_CEIL, NN4J_UNARY_ROUND,
    NN4J_UNARY_POW_SCALAR,  /* x ^ alpha */
    NN4J_UNARY_CLAMP,       /* min(max(x, alpha), beta) */
    NN4J_UNARY_LOGICAL_NOT, /* bool -> bool */
    NN4J_UNARY_ISNAN,       /* -> bool */
    NN4J_UNARY_ISFINITE,    /* -> bool */
    NN4J_UNARY_STEP,        /* x >= 0 ? 1 : 0 (same dtype) */
    NN4J_UNARY_COUNT
};
/* out has dtype `dtype`, except ISNAN/ISFINITE which write NN4J_BOOL. alpha/beta as listed. */
NN4J_API int nn4j_unary(int device, int op, int dtype, int ndim, const int64_t* shape,
                        const void* x, const int64_t* x_strides,
                        void* out, const int64_t* out_strides, double alpha, double beta);

enum {
    NN4J_BINARY_ADD = 0, NN4J_BINARY_SUB, NN4J_BINARY_MUL, NN4J_BINARY_DIV, NN4J_BINARY_POW,
    NN4J_BINARY_MAX, NN4J_BINARY_MIN,
    NN4J_BINARY_EQ, NN4J_BINARY_NE, NN4J_BINARY_LT, NN4J_BINARY_LE, NN4J_BINARY_GT,
    NN4J_BINARY_GE,          /* comparisons write NN4J_BOOL */
    NN4J_BINARY_AND, NN4J_BINARY_OR, NN4J_BINARY_XOR, /* bool only */
    NN4J_BINARY_COUNT
};
/* a, b and (non-comparison) out have dtype `dtype`; broadcasting is expressed by 0 strides.
 * Integer arithmetic wraps; integer DIV truncates toward zero and a zero divisor returns
 * NN4J_ERR_ARG before anything is written. */
NN4J_API int nn4j_binary(int device, int op, int dtype, int ndim, const int64_t* shape,
                         const void* a, const int64_t* a_strides,
                         const void* b, const int64_t* b_strides,
                         void* out, const int64_t* out_strides);
/* out = cond ? a : b; cond is NN4J_BOOL. */
NN4J_API int nn4j_where(int device, int dtype, int ndim, const int64_t* shape,
                        const void* cond, const int64_t* cond_strides,
                        const void* a, const int64_t* a_strides,
                        const void* b, const int64_t* b_strides,
                        void* out, const int64_t* out_strides);

/* ---- reductions ------------------------------------------------------------------------- */
enum {
    NN4J_REDUCE_SUM = 0, NN4J_REDUCE_MEAN, NN4J_REDUCE_MAX, NN4J_REDUCE_MIN, NN4J_REDUCE_PROD,
    NN4J_REDUCE_LOGSUMEXP,
    NN4J_REDUCE_VAR,         /* param = ddof (0 = population) */
    NN4J_REDUCE_ARGMAX,      /* -> NN4J_I64 index into the reduced sub-space (row-major); ties -> lowest */
    NN4J_REDUCE_ARGMIN,
    NN4J_REDUCE_ALL, NN4J_REDUCE_ANY,  /* bool -> bool */
    NN4J_REDUCE_NORM2,       /* sqrt(sum x^2) */
    NN4J_REDUCE_COUNT
};
/* Reduces the axes whose bit is set in `axes_mask` (bit d = axis d). `out` is contiguous with
 * the shape of x minus the reduced axes. Float sums accumulate in double. A reduction over zero
 * elements: SUM 0, PROD 1, MEAN/VAR NaN, MAX/MIN/ARGMAX/ARGMIN -> NN4J_ERR_SHAPE. */
NN4J_API int nn4j_reduce(int device, int op, int dtype, int ndim, const int64_t* shape,
                         const void* x, const int64_t* x_strides, int64_t axes_mask,
                         void* out, double param);

/* ---- matrix multiply -------------------------------------------------------------------- */
/* Row-major, for b in [0, batch):
 *   C_b = alpha * op(A_b) * op(B_b) + beta * C_b,   op(X) = X or X^T
 * op(A) is (M,K), op(B) is (K,N), C is (M,N); A_b = A + b*stride_a (elements), same for B, C.
 * stride 0 broadcasts one matrix over the batch (not allowed for C). beta == 0 ignores C's
 * old contents (NaN included). dtype NN4J_F32 or NN4J_F64. */
NN4J_API int nn4j_gemm(int device, int dtype, int trans_a, int trans_b,
                       int64_t m, int64_t n, int64_t k, double alpha,
                       const void* a, int64_t lda, const void* b, int64_t ldb,
                       double beta, void* c, int64_t ldc,
                       int64_t batch, int64_t stride_a, int64_t stride_b, int64_t stride_c);

/* ---- indexing --------------------------------------------------------------------------- */
/* torch.gather on contiguous tensors: index (int64) has x's rank, out has index's shape;
 * out[i..., j, k...] = x[i..., index[i..., j, k...], k...] along `axis`.
 * Out-of-range indices return NN4J_ERR_ARG naming the index. */
NN4J_API int nn4j_gather(int device, int dtype, int ndim, const int64_t* x_shape, const void* x,
                         int axis, const int64_t* index_shape, const int64_t* index, void* out);
/* Adjoint of gather: out[i..., index[...], k...] += src[...]; repeated indices accumulate. */
NN4J_API int nn4j_scatter_add(int device, int dtype, int ndim, const int64_t* out_shape, void* out,
                              int axis, const int64_t* index_shape, const int64_t* index,
                              const void* src);

#ifdef __cplusplus
}
#endif

/* Neural-network op families, one header each (forward and backward entry points side by side). */
#include "nn4j_nn.h"     /* activations, softmax, fused losses, batch norm, LRN, dropout, embedding */
#include "nn4j_conv.h"   /* convolution 1-3D, grouped, dilated, transposed */
#include "nn4j_pool.h"   /* max / average / min / global pooling 1-3D */
#include "nn4j_rnn.h"    /* RNN, LSTM and GRU cells and sequences */
#include "nn4j_optim.h"  /* fused optimizer updates: SGD/momentum/Nesterov, Adagrad, RMSprop, Adadelta, Adam(W), Nadam */
#include "nn4j_detect.h" /* box conversion, pairwise IoU, greedy NMS */

#endif /* NN4J_H */
