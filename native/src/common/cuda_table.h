// The function table exported by libnn4j_cuda.so (symbol nn4j_cuda_table). The core library
// validates arguments, then forwards device > 0 calls here with `ordinal` = device - 1.
// Every entry has the signature of its nn4j.h counterpart with `device` replaced by `ordinal`,
// returns an nn4j status and writes its message through `set_error`.
#pragma once
#include <cstdint>

namespace nn4j {

#define NN4J_CUDA_TABLE_VERSION 1

struct CudaTable {
    int version;
    // Filled in by the core before any call: how the CUDA library reports errors.
    int (*set_error)(int status, const char* message);

    int (*device_count)();
    int (*device_name)(int ordinal, char* buf, int64_t buf_len);
    int (*synchronize)(int ordinal);
    int (*alloc)(int ordinal, int64_t bytes, void** out);
    int (*free)(int ordinal, void* p);
    // kind: 0 host->device, 1 device->host, 2 device->device
    int (*memcpy)(int ordinal, void* dst, const void* src, int64_t bytes, int kind);

    int (*fill)(int ordinal, int dtype, void* out, int64_t n, double value);
    int (*arange)(int ordinal, int dtype, void* out, int64_t n, double start, double step);
    int (*random)(int ordinal, int dist, int dtype, void* out, int64_t n, uint64_t seed,
                  uint64_t offset, double p1, double p2);
    int (*copy)(int ordinal, int ndim, const int64_t* shape, int x_dtype, const void* x,
                const int64_t* x_strides, int out_dtype, void* out, const int64_t* out_strides);
    int (*unary)(int ordinal, int op, int dtype, int ndim, const int64_t* shape, const void* x,
                 const int64_t* x_strides, void* out, const int64_t* out_strides, double alpha,
                 double beta);
    int (*binary)(int ordinal, int op, int dtype, int ndim, const int64_t* shape, const void* a,
                  const int64_t* a_strides, const void* b, const int64_t* b_strides, void* out,
                  const int64_t* out_strides);
    int (*where)(int ordinal, int dtype, int ndim, const int64_t* shape, const void* cond,
                 const int64_t* cond_strides, const void* a, const int64_t* a_strides,
                 const void* b, const int64_t* b_strides, void* out, const int64_t* out_strides);
    int (*reduce)(int ordinal, int op, int dtype, int ndim, const int64_t* shape, const void* x,
                  const int64_t* x_strides, int64_t axes_mask, void* out, double param);
    int (*gemm)(int ordinal, int dtype, int trans_a, int trans_b, int64_t m, int64_t n,
                int64_t k, double alpha, const void* a, int64_t lda, const void* b, int64_t ldb,
                double beta, void* c, int64_t ldc, int64_t batch, int64_t stride_a,
                int64_t stride_b, int64_t stride_c);
    int (*gather)(int ordinal, int dtype, int ndim, const int64_t* x_shape, const void* x,
                  int axis, const int64_t* index_shape, const int64_t* index, void* out);
    int (*scatter_add)(int ordinal, int dtype, int ndim, const int64_t* out_shape, void* out,
                       int axis, const int64_t* index_shape, const int64_t* index,
                       const void* src);
};

}  // namespace nn4j

extern "C" const nn4j::CudaTable* nn4j_cuda_table(void);
