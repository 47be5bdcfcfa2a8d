// Shared plumbing of the CUDA twins: error reporting through the core's callback, device
// selection, launch geometry, strided index decomposition and dtype dispatch.
// Every table entry follows the same shape: select the device, launch on the legacy default
// stream (so that a following nn4j_memcpy to the host orders after it), check the launch.
#pragma once
#include <cuda_runtime.h>
#include <cstdint>
#include <mutex>
#include "cuda_table.h"
#include "nn4j.h"
#include "strided.h"

// Only the table getters (declared with default visibility) are exported; everything declared
// here stays inside the library (the build does not pass -fvisibility=hidden to nvcc's host
// compiler).
#pragma GCC visibility push(hidden)

namespace nn4j {
namespace cu {

// ---- errors ------------------------------------------------------------------------------
// printf-style message handed to the core's set_error; returns `status`.
int fail(int status, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
// NN4J_ERR_OOM for allocation failures, NN4J_ERR_DEVICE otherwise, naming `fn` and the
// runtime's message.
int fail_cuda(const char* fn, const char* what, cudaError_t e);
// Selects `ordinal` for this host thread after checking that it exists.
int set_device(const char* fn, int ordinal);
// Checks the last kernel launch.
int check_launch(const char* fn);
// Multiprocessor count of `ordinal` (for sizing grids; 32 if the query fails).
int multiprocessors(int ordinal);

#define NN4J_CU_TRY(fn, call)                                                      \
    do {                                                                           \
        cudaError_t e_ = (call);                                                   \
        if (e_ != cudaSuccess) return ::nn4j::cu::fail_cuda(fn, #call, e_);        \
    } while (0)

// Each entry's first lines: name the function for messages, select the device.
#define NN4J_CU_ENTER(fn_name)                                                     \
    const char* const fn = fn_name;                                                \
    do {                                                                           \
        int st_ = ::nn4j::cu::set_device(fn, ordinal);                             \
        if (st_) return st_;                                                       \
    } while (0)

// ---- launch geometry -----------------------------------------------------------------------
constexpr int kThreads = 256;
// Kernels use grid-stride loops, so the grid is capped rather than sized to n.
inline unsigned grid_for(int64_t n, int threads = kThreads) {
    int64_t b = (n + threads - 1) / threads;
    const int64_t cap = 65535LL * 16;
    if (b < 1) b = 1;
    return (unsigned)(b < cap ? b : cap);
}

#define NN4J_CU_GRID_STRIDE(i, n)                                                              \
    for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < (n);                  \
         i += (int64_t)gridDim.x * blockDim.x)

// ---- strided indexing ----------------------------------------------------------------------
// Offsets (in elements) of flat row-major index i for each operand of a coalesced iterator,
// passed to kernels by value.
template <int N>
__device__ __forceinline__ void strided_offsets(const StridedIter<N>& it, int64_t i,
                                                int64_t off[N]) {
#pragma unroll
    for (int o = 0; o < N; ++o) off[o] = 0;
    for (int d = it.ndim - 1; d > 0; --d) {
        const int64_t s = it.shape[d];
        const int64_t q = i / s, r = i - q * s;
#pragma unroll
        for (int o = 0; o < N; ++o) off[o] += r * it.strides[o][d];
        i = q;
    }
#pragma unroll
    for (int o = 0; o < N; ++o) off[o] += i * it.strides[o][0];
}

// Builds and coalesces an iterator over `shape` from up to four stride arrays.
template <int N>
StridedIter<N> make_iter(int ndim, const int64_t* shape, const int64_t* const* strides) {
    StridedIter<N> it;
    it.ndim = ndim;
    for (int d = 0; d < ndim; ++d) {
        it.shape[d] = shape[d];
        for (int o = 0; o < N; ++o) it.strides[o][d] = strides[o][d];
    }
    coalesce(it);
    return it;
}

inline int64_t numel(int ndim, const int64_t* shape) {
    int64_t n = 1;
    for (int d = 0; d < ndim; ++d) n *= shape[d];
    return n;
}

// ---- dtypes --------------------------------------------------------------------------------
inline int dtype_size(int dtype) {
    switch (dtype) {
        case NN4J_F32: case NN4J_I32: return 4;
        case NN4J_F64: case NN4J_I64: return 8;
        case NN4J_BOOL: return 1;
        default: return 0;
    }
}

// Runs BODY with T bound to the C type of `dtype`; unknown dtypes fall to the error return.
#define NN4J_CU_DISPATCH(fn, dtype, T, ...)                                                     \
    switch (dtype) {                                                                            \
        case NN4J_F32: { using T = float; __VA_ARGS__; } break;                                 \
        case NN4J_F64: { using T = double; __VA_ARGS__; } break;                                \
        case NN4J_I32: { using T = int32_t; __VA_ARGS__; } break;                               \
        case NN4J_I64: { using T = int64_t; __VA_ARGS__; } break;                               \
        case NN4J_BOOL: { using T = uint8_t; __VA_ARGS__; } break;                              \
        default: return ::nn4j::cu::fail(NN4J_ERR_DTYPE, "%s: unknown dtype %d", fn, dtype);    \
    }

#define NN4J_CU_DISPATCH_FLOAT(fn, dtype, T, ...)                                               \
    switch (dtype) {                                                                            \
        case NN4J_F32: { using T = float; __VA_ARGS__; } break;                                 \
        case NN4J_F64: { using T = double; __VA_ARGS__; } break;                                \
        default: return ::nn4j::cu::fail(NN4J_ERR_DTYPE, "%s: dtype %d is not f32/f64", fn, dtype); \
    }

template <typename T> struct DtypeOf;
template <> struct DtypeOf<float> { static constexpr int value = NN4J_F32; };
template <> struct DtypeOf<double> { static constexpr int value = NN4J_F64; };
template <> struct DtypeOf<int32_t> { static constexpr int value = NN4J_I32; };
template <> struct DtypeOf<int64_t> { static constexpr int value = NN4J_I64; };
template <> struct DtypeOf<uint8_t> { static constexpr int value = NN4J_BOOL; };

// ---- device scratch ------------------------------------------------------------------------
// A small per-device buffer (64 bytes) for kernels that report back to the host (the first bad
// index). Allocated once per device and kept for the life of the process; the held mutex keeps other
// host threads off it until the caller has read it back.
struct Scratch {
    void* p = nullptr;
    std::mutex* held = nullptr;
    Scratch() = default;
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;
    ~Scratch() { if (held) held->unlock(); }
};
int scratch(const char* fn, int ordinal, Scratch* out);

}  // namespace cu

// ---- table entries, one file each ---------------------------------------------------------
namespace cu {
int device_count();
int device_name(int ordinal, char* buf, int64_t buf_len);
int synchronize(int ordinal);
int alloc(int ordinal, int64_t bytes, void** out);
int free_(int ordinal, void* p);
int memcpy_(int ordinal, void* dst, const void* src, int64_t bytes, int kind);
int fill(int ordinal, int dtype, void* out, int64_t n, double value);
int arange(int ordinal, int dtype, void* out, int64_t n, double start, double step);
int random(int ordinal, int dist, int dtype, void* out, int64_t n, uint64_t seed,
           uint64_t offset, double p1, double p2);
int copy(int ordinal, int ndim, const int64_t* shape, int x_dtype, const void* x,
         const int64_t* x_strides, int out_dtype, void* out, const int64_t* out_strides);
int unary(int ordinal, int op, int dtype, int ndim, const int64_t* shape, const void* x,
          const int64_t* x_strides, void* out, const int64_t* out_strides, double alpha,
          double beta);
int binary(int ordinal, int op, int dtype, int ndim, const int64_t* shape, const void* a,
           const int64_t* a_strides, const void* b, const int64_t* b_strides, void* out,
           const int64_t* out_strides);
int where(int ordinal, int dtype, int ndim, const int64_t* shape, const void* cond,
          const int64_t* cond_strides, const void* a, const int64_t* a_strides, const void* b,
          const int64_t* b_strides, void* out, const int64_t* out_strides);
int reduce(int ordinal, int op, int dtype, int ndim, const int64_t* shape, const void* x,
           const int64_t* x_strides, int64_t axes_mask, void* out, double param);
int gemm(int ordinal, int dtype, int trans_a, int trans_b, int64_t m, int64_t n, int64_t k,
         double alpha, const void* a, int64_t lda, const void* b, int64_t ldb, double beta,
         void* c, int64_t ldc, int64_t batch, int64_t stride_a, int64_t stride_b,
         int64_t stride_c);
int gather(int ordinal, int dtype, int ndim, const int64_t* x_shape, const void* x, int axis,
           const int64_t* index_shape, const int64_t* index, void* out);
int scatter_add(int ordinal, int dtype, int ndim, const int64_t* out_shape, void* out, int axis,
                const int64_t* index_shape, const int64_t* index, const void* src);
}  // namespace cu
}  // namespace nn4j

#pragma GCC visibility pop
