// The function table of the convolution and pooling CUDA twins, exported by libnn4j_cuda.so as
//   extern "C" const nn4j::ConvCudaTable* nn4j_cuda_conv_table(void);
// and looked up by the CPU entry points (conv.cpp, pool.cpp) with cuda_symbol(). Entries take
// geometries already validated by those entry points; they return an nn4j status and report
// errors through the core table's set_error. Buffers are device pointers; outputs are
// overwritten. Transposed convolution is expressed with the adjoint convolution's geometry.
#pragma once
#include <cstdint>
#include "conv_math.h"

namespace nn4j {

#define NN4J_CUDA_CONV_TABLE_VERSION 1

struct ConvCudaTable {
    int version;
    // y = conv(x, w) + b (b may be null)
    int (*conv_forward)(int ordinal, int dtype, const conv::Geom* g, const void* x, const void* w,
                        const void* b, void* y);
    // dx = conv^T(dy) + bx, bx (cin) may be null (it is the transposed convolution's bias)
    int (*conv_backward_data)(int ordinal, int dtype, const conv::Geom* g, const void* dy,
                              const void* w, const void* bx, void* dx);
    // dw (may be null) = gradient of sum(dy * conv(x, w)) in w
    int (*conv_backward_weights)(int ordinal, int dtype, const conv::Geom* g, const void* x,
                                 const void* dy, void* dw);
    // out[c] = sum over n and p of t[n, c, p]; t (n, c, plane)
    int (*channel_sum)(int ordinal, int dtype, int64_t n, int64_t c, int64_t plane, const void* t,
                       void* out);

    // pooling, see nn4j_pool.h; ws may be null in forward
    int (*pool_forward)(int ordinal, int dtype, int kind, const pool::Geom* g, const void* x,
                        void* y, int64_t* ws);
    int (*pool_backward)(int ordinal, int dtype, int kind, const pool::Geom* g, const void* dy,
                         const int64_t* ws, void* dx);
};

}  // namespace nn4j

extern "C" const nn4j::ConvCudaTable* nn4j_cuda_conv_table(void);
