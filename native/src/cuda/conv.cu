// CUDA twin of the convolution family (cpu/conv.cpp): im2col + the library's gemm (gemm.cu) for
// forward and weight gradients, and a gather-style col2im (one thread per input element, summing
// the columns that read it) for the data gradient, so that no atomics are needed and results do
// not depend on scheduling. Geometries arrive validated (conv_math.h); every output is
// overwritten. Scratch (the column matrix of one sample) is a per-device grow-only buffer.
//
// Also exports the family's table (cuda_conv_table.h), which includes pooling (pool.cu).
#include <algorithm>
#include <mutex>
#include "conv_math.h"
#include "cuda_common.cuh"
#include "cuda_conv_table.h"

#pragma GCC visibility push(hidden)

namespace nn4j {
namespace cu {

int pool_forward(int ordinal, int dtype, int kind, const pool::Geom* g, const void* x, void* y, int64_t* ws);
int pool_backward(int ordinal, int dtype, int kind, const pool::Geom* g, const void* dy, const int64_t* ws, void* dx);

namespace {

using conv::Geom;

// ---- scratch -----------------------------------------------------------------------------------

constexpr int kMaxDevices = 64;
struct DeviceScratch {
    std::mutex mu;
    void* p = nullptr;
    size_t cap = 0;
};
DeviceScratch g_scratch[kMaxDevices];

// Locks the device's scratch for the duration of one call and grows it to `bytes`.
class ScratchLock {
  public:
    ScratchLock(int ordinal) : s_(g_scratch[ordinal]), lk_(s_.mu) {}
    int get(const char* fn, size_t bytes, void** out) {
        if (bytes > s_.cap) {
            if (s_.p) cudaFree(s_.p);
            s_.p = nullptr;
            s_.cap = 0;
            NN4J_CU_TRY(fn, cudaMalloc(&s_.p, bytes));
            s_.cap = bytes;
        }
        *out = s_.p;
        return NN4J_OK;
    }

  private:
    DeviceScratch& s_;
    std::lock_guard<std::mutex> lk_;
};

// ---- kernels -----------------------------------------------------------------------------------

// col[(c*ksz + q) * osz + p] = x[c, in(p, q)] or 0 for one sample (all channels).
template <typename T>
__global__ void im2col_kernel(Geom g, const T* __restrict__ x, T* __restrict__ col, int64_t total) {
    NN4J_CU_GRID_STRIDE(i, total) {
        const int64_t p = i % g.osz, row = i / g.osz;
        const int64_t c = row / g.ksz, q = row % g.ksz;
        const int64_t q2 = q % g.k[2], q1 = (q / g.k[2]) % g.k[1], q0 = q / (g.k[2] * g.k[1]);
        const int64_t o2 = p % g.out[2], o1 = (p / g.out[2]) % g.out[1], o0 = p / (g.out[2] * g.out[1]);
        const int64_t i0 = conv::in_coord(g, 0, o0, q0), i1 = conv::in_coord(g, 1, o1, q1), i2 = conv::in_coord(g, 2, o2, q2);
        const bool in = i0 >= 0 && i0 < g.in[0] && i1 >= 0 && i1 < g.in[1] && i2 >= 0 && i2 < g.in[2];
        col[i] = in ? x[c * g.isz + (i0 * g.in[1] + i1) * g.in[2] + i2] : T(0);
    }
}

// dx[c, pos] = bias[c] + sum of the column entries that read (c, pos), for one sample. On each
// axis the taps q with (pos + pb - q*d) a non-negative multiple of s below out*s contribute.
template <typename T>
__global__ void col2im_kernel(Geom g, const T* __restrict__ col, const T* __restrict__ bias, T* __restrict__ dx,
                              int64_t total) {
    NN4J_CU_GRID_STRIDE(i, total) {
        const int64_t pos = i % g.isz, c = i / g.isz;
        const int64_t ip[3] = {pos / (g.in[1] * g.in[2]), (pos / g.in[2]) % g.in[1], pos % g.in[2]};
        double acc = bias ? (double)bias[c] : 0.0;
        for (int64_t q0 = 0; q0 < g.k[0]; ++q0) {
            const int64_t t0 = ip[0] + g.pb[0] - q0 * g.d[0];
            if (t0 < 0 || t0 % g.s[0] || t0 / g.s[0] >= g.out[0]) continue;
            for (int64_t q1 = 0; q1 < g.k[1]; ++q1) {
                const int64_t t1 = ip[1] + g.pb[1] - q1 * g.d[1];
                if (t1 < 0 || t1 % g.s[1] || t1 / g.s[1] >= g.out[1]) continue;
                for (int64_t q2 = 0; q2 < g.k[2]; ++q2) {
                    const int64_t t2 = ip[2] + g.pb[2] - q2 * g.d[2];
                    if (t2 < 0 || t2 % g.s[2] || t2 / g.s[2] >= g.out[2]) continue;
                    const int64_t p = ((t0 / g.s[0]) * g.out[1] + t1 / g.s[1]) * g.out[2] + t2 / g.s[2];
                    const int64_t row = c * g.ksz + (q0 * g.k[1] + q1) * g.k[2] + q2;
                    acc += (double)col[row * g.osz + p];
                }
            }
        }
        dx[i] = (T)acc;
    }
}

// y[n, o, :] = b[o] for every n (the gemms then accumulate onto it); zeros when b is null.
template <typename T>
__global__ void bias_fill_kernel(const T* __restrict__ b, T* __restrict__ y, int64_t c, int64_t plane, int64_t total) {
    NN4J_CU_GRID_STRIDE(i, total) y[i] = b ? b[(i / plane) % c] : T(0);
}

// out[ch] = sum over n and p of t[n, ch, p]: one block per channel, double accumulation.
template <typename T>
__global__ void channel_sum_kernel(const T* __restrict__ t, T* __restrict__ out, int64_t n, int64_t c, int64_t plane) {
    __shared__ double part[kThreads];
    const int64_t ch = blockIdx.x;
    double s = 0;
    for (int64_t i = threadIdx.x; i < n * plane; i += blockDim.x) {
        const int64_t b = i / plane, p = i % plane;
        s += (double)t[(b * c + ch) * plane + p];
    }
    part[threadIdx.x] = s;
    __syncthreads();
    for (int w = blockDim.x / 2; w > 0; w >>= 1) {
        if ((int)threadIdx.x < w) part[threadIdx.x] += part[threadIdx.x + w];
        __syncthreads();
    }
    if (threadIdx.x == 0) out[ch] = (T)part[0];
}

template <typename T>
int forward_t(const char* fn, int ordinal, const Geom& g, const T* x, const T* w, const T* b, T* y) {
    const int64_t ny = g.n * g.cout * g.osz;
    bias_fill_kernel<T><<<grid_for(ny), kThreads>>>(b, y, g.cout, g.osz, ny);
    if (int st = check_launch(fn)) return st;
    if (g.kdim == 0) return NN4J_OK;
    ScratchLock lock(ordinal);
    void* scratch;
    const int64_t colsz = g.cin * g.ksz * g.osz;
    if (int st = lock.get(fn, (size_t)colsz * sizeof(T), &scratch)) return st;
    T* col = static_cast<T*>(scratch);
    for (int64_t n = 0; n < g.n; ++n) {
        im2col_kernel<T><<<grid_for(colsz), kThreads>>>(g, x + n * g.cin * g.isz, col, colsz);
        if (int st = check_launch(fn)) return st;
        if (int st = gemm(ordinal, DtypeOf<T>::value, 0, 0, g.cout_g, g.osz, g.kdim, 1.0, w, g.kdim, col, g.osz, 1.0,
                          y + n * g.cout * g.osz, g.osz, g.groups, g.cout_g * g.kdim, g.kdim * g.osz, g.cout_g * g.osz))
            return st;
    }
    return NN4J_OK;
}

template <typename T>
int backward_data_t(const char* fn, int ordinal, const Geom& g, const T* dy, const T* w, const T* bx, T* dx) {
    ScratchLock lock(ordinal);
    void* scratch;
    const int64_t colsz = g.cin * g.ksz * g.osz;
    if (int st = lock.get(fn, (size_t)std::max<int64_t>(colsz, 1) * sizeof(T), &scratch)) return st;
    T* col = static_cast<T*>(scratch);
    for (int64_t n = 0; n < g.n; ++n) {
        if (g.cout_g == 0) {
            bias_fill_kernel<T><<<grid_for(colsz), kThreads>>>(nullptr, col, 1, colsz, colsz);  // zeros
            if (int st = check_launch(fn)) return st;
        } else if (int st = gemm(ordinal, DtypeOf<T>::value, 1, 0, g.kdim, g.osz, g.cout_g, 1.0, w, g.kdim,
                                 dy + n * g.cout * g.osz, g.osz, 0.0, col, g.osz, g.groups, g.cout_g * g.kdim,
                                 g.cout_g * g.osz, g.kdim * g.osz)) {
            return st;
        }
        const int64_t nx = g.cin * g.isz;
        col2im_kernel<T><<<grid_for(nx), kThreads>>>(g, col, bx, dx + n * g.cin * g.isz, nx);
        if (int st = check_launch(fn)) return st;
    }
    return NN4J_OK;
}

template <typename T>
int backward_weights_t(const char* fn, int ordinal, const Geom& g, const T* x, const T* dy, T* dw) {
    const int64_t nw = g.cout * g.kdim;
    if (g.n == 0 || nw == 0) {
        bias_fill_kernel<T><<<grid_for(nw), kThreads>>>(nullptr, dw, 1, std::max<int64_t>(nw, 1), nw);  // zeros
        return nw ? check_launch(fn) : NN4J_OK;
    }
    ScratchLock lock(ordinal);
    void* scratch;
    const int64_t colsz = g.cin * g.ksz * g.osz;
    if (int st = lock.get(fn, (size_t)colsz * sizeof(T), &scratch)) return st;
    T* col = static_cast<T*>(scratch);
    for (int64_t n = 0; n < g.n; ++n) {
        im2col_kernel<T><<<grid_for(colsz), kThreads>>>(g, x + n * g.cin * g.isz, col, colsz);
        if (int st = check_launch(fn)) return st;
        if (int st = gemm(ordinal, DtypeOf<T>::value, 0, 1, g.cout_g, g.kdim, g.osz, 1.0, dy + n * g.cout * g.osz,
                          g.osz, col, g.osz, n ? 1.0 : 0.0, dw, g.kdim, g.groups, g.cout_g * g.osz, g.kdim * g.osz,
                          g.cout_g * g.kdim))
            return st;
    }
    return NN4J_OK;
}

// ---- table entries -------------------------------------------------------------------------------

int conv_forward(int ordinal, int dtype, const Geom* g, const void* x, const void* w, const void* b, void* y) {
    NN4J_CU_ENTER("nn4j_conv_forward");
    NN4J_CU_DISPATCH_FLOAT(fn, dtype, T,
                           return forward_t<T>(fn, ordinal, *g, (const T*)x, (const T*)w, (const T*)b, (T*)y));
    return NN4J_OK;
}

int conv_backward_data(int ordinal, int dtype, const Geom* g, const void* dy, const void* w, const void* bx, void* dx) {
    NN4J_CU_ENTER("nn4j_conv_backward_data");
    NN4J_CU_DISPATCH_FLOAT(fn, dtype, T,
                           return backward_data_t<T>(fn, ordinal, *g, (const T*)dy, (const T*)w, (const T*)bx, (T*)dx));
    return NN4J_OK;
}

int conv_backward_weights(int ordinal, int dtype, const Geom* g, const void* x, const void* dy, void* dw) {
    NN4J_CU_ENTER("nn4j_conv_backward_weights");
    NN4J_CU_DISPATCH_FLOAT(fn, dtype, T,
                           return backward_weights_t<T>(fn, ordinal, *g, (const T*)x, (const T*)dy, (T*)dw));
    return NN4J_OK;
}

int channel_sum(int ordinal, int dtype, int64_t n, int64_t c, int64_t plane, const void* t, void* out) {
    NN4J_CU_ENTER("nn4j_conv_backward_weights (bias)");
    if (c == 0) return NN4J_OK;
    NN4J_CU_DISPATCH_FLOAT(fn, dtype, T, {
        channel_sum_kernel<T><<<(unsigned)c, kThreads>>>((const T*)t, (T*)out, n, c, plane);
        return check_launch(fn);
    });
    return NN4J_OK;
}

ConvCudaTable g_conv_table = {
    NN4J_CUDA_CONV_TABLE_VERSION, conv_forward, conv_backward_data, conv_backward_weights, channel_sum,
    pool_forward, pool_backward,
};

}  // namespace
}  // namespace cu
}  // namespace nn4j

#pragma GCC visibility pop

extern "C" __attribute__((visibility("default"))) const nn4j::ConvCudaTable* nn4j_cuda_conv_table(void) {
    return &nn4j::cu::g_conv_table;
}
