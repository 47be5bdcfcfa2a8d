// CUDA twin of the nn family (nn4j_nn.h): activations, softmax, fused losses, batch norm, LRN,
// dropout and embedding. Per-element math comes from nn_math.h, shared with the CPU kernels.
// Arguments arrive validated by the core (the CPU entry points), except for what lives on the
// device: class labels and embedding ids are range-checked here (first bad position reported,
// like gather.cu). Reductions are deterministic: fixed launch shapes and fixed-order block trees,
// no float atomics; the embedding backward sums each column in id order in one thread.
// Everything runs on the legacy default stream. Invariant: outputs overwrite (=), except the
// running statistics of batch norm (updated in place).
#include <cstdio>
#include "cuda_common.cuh"
#include "cuda_nn_table.h"
#include "nn_math.h"

#pragma GCC visibility push(hidden)

namespace nn4j {
namespace cu {
namespace {

using namespace nn4j::nn;

constexpr int kBlock = 256;

// A cudaMalloc'd block freed at scope exit.
struct DevBuf {
    void* p = nullptr;
    ~DevBuf() {
        if (p) cudaFree(p);
    }
    int alloc(const char* fn, size_t bytes) {
        cudaError_t e = cudaMalloc(&p, bytes > 0 ? bytes : 64);
        return e == cudaSuccess ? NN4J_OK : fail_cuda(fn, "cudaMalloc", e);
    }
};

// Sum of v over the block (double), fixed tree order; valid in every thread.
__device__ double block_sum(double v, double* sh) {
    sh[threadIdx.x] = v;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
        if ((int)threadIdx.x < s) sh[threadIdx.x] += sh[threadIdx.x + s];
        __syncthreads();
    }
    const double r = sh[0];
    __syncthreads();
    return r;
}

template <class T> __device__ T block_max(T v, T* sh) {
    sh[threadIdx.x] = v;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
        if ((int)threadIdx.x < s) {
            const T o = sh[threadIdx.x + s];
            if (o > sh[threadIdx.x] || o != o) sh[threadIdx.x] = o;
        }
        __syncthreads();
    }
    const T r = sh[0];
    __syncthreads();
    return r;
}

__device__ __forceinline__ int64_t load_id(int index_dtype, const void* ids, int64_t i) {
    return index_dtype == NN4J_I32 ? (int64_t)((const int32_t*)ids)[i] : ((const int64_t*)ids)[i];
}

__global__ void k_check_ids(int index_dtype, const void* ids, int64_t n, int64_t limit, unsigned long long* first) {
    NN4J_CU_GRID_STRIDE(i, n) {
        const int64_t id = load_id(index_dtype, ids, i);
        if (id < 0 || id >= limit) atomicMin(first, (unsigned long long)i);
    }
}

int check_ids(const char* fn, int ordinal, const char* what, int index_dtype, const void* ids, int64_t n,
              int64_t limit) {
    if (n == 0) return NN4J_OK;
    Scratch s;
    if (int st = scratch(fn, ordinal, &s)) return st;
    unsigned long long* first = (unsigned long long*)s.p;
    NN4J_CU_TRY(fn, cudaMemsetAsync(first, 0xff, sizeof *first, 0));
    k_check_ids<<<grid_for(n), kThreads>>>(index_dtype, ids, n, limit, first);
    if (int st = check_launch(fn)) return st;
    unsigned long long bad = 0;
    NN4J_CU_TRY(fn, cudaMemcpy(&bad, first, sizeof bad, cudaMemcpyDeviceToHost));
    if (bad == ~0ULL) return NN4J_OK;
    int64_t value = 0;
    const size_t es = index_dtype == NN4J_I32 ? 4 : 8;
    NN4J_CU_TRY(fn, cudaMemcpy(&value, (const char*)ids + bad * es, es, cudaMemcpyDeviceToHost));
    if (es == 4) value = (int64_t)(int32_t)value;
    return fail(NN4J_ERR_ARG, "%s: %s[%lld] = %lld is outside [0, %lld)", fn, what, (long long)bad, (long long)value,
                (long long)limit);
}

// ---- activations ---------------------------------------------------------------------------
template <class T> __global__ void k_act_fwd(int act, int64_t n, const T* x, T* y, T alpha) {
    NN4J_CU_GRID_STRIDE(i, n) y[i] = act_forward<T>(act, x[i], alpha);
}
template <class T> __global__ void k_act_bwd(int act, int64_t n, const T* x, const T* dy, T* dx, T alpha) {
    NN4J_CU_GRID_STRIDE(i, n) dx[i] = act_backward<T>(act, x[i], dy[i], alpha);
}

int activation_forward(int ordinal, int act, int dtype, int64_t n, const void* x, void* y, double alpha) {
    NN4J_CU_ENTER("nn4j_activation_forward");
    NN4J_CU_DISPATCH_FLOAT(fn, dtype, T,
        k_act_fwd<T><<<grid_for(n), kThreads>>>(act, n, (const T*)x, (T*)y, (T)alpha));
    return check_launch(fn);
}

int activation_backward(int ordinal, int act, int dtype, int64_t n, const void* x, const void* dy, void* dx,
                        double alpha) {
    NN4J_CU_ENTER("nn4j_activation_backward");
    NN4J_CU_DISPATCH_FLOAT(fn, dtype, T,
        k_act_bwd<T><<<grid_for(n), kThreads>>>(act, n, (const T*)x, (const T*)dy, (T*)dx, (T)alpha));
    return check_launch(fn);
}

// ---- bias + activation ---------------------------------------------------------------------
template <class T>
__global__ void k_bias_act_fwd(int act, int64_t n, int64_t cols, const T* u, const T* b, T* y, T alpha) {
    NN4J_CU_GRID_STRIDE(i, n) y[i] = act_forward<T>(act, b ? u[i] + b[i % cols] : u[i], alpha);
}
template <class T>
__global__ void k_bias_act_bwd(int act, int64_t n, int64_t cols, const T* u, const T* b, const T* dy, T* du,
                               T alpha) {
    NN4J_CU_GRID_STRIDE(i, n) du[i] = act_backward<T>(act, b ? u[i] + b[i % cols] : u[i], dy[i], alpha);
}
// One thread per column, rows in order, in double: the CPU's summation order.
template <class T> __global__ void k_column_sums(int64_t rows, int64_t cols, const T* du, T* db) {
    NN4J_CU_GRID_STRIDE(c, cols) {
        double s = 0;
        for (int64_t r = 0; r < rows; ++r) s += (double)du[r * cols + c];
        db[c] = (T)s;
    }
}

int bias_act_forward(int ordinal, int act, int dtype, int64_t rows, int64_t cols, const void* u, const void* bias,
                     void* y, double alpha) {
    NN4J_CU_ENTER("nn4j_bias_act_forward");
    const int64_t n = rows * cols;
    NN4J_CU_DISPATCH_FLOAT(fn, dtype, T,
        k_bias_act_fwd<T><<<grid_for(n), kThreads>>>(act, n, cols, (const T*)u, (const T*)bias, (T*)y, (T)alpha));
    return check_launch(fn);
}

int bias_act_backward(int ordinal, int act, int dtype, int64_t rows, int64_t cols, const void* u, const void* bias,
                      const void* dy, void* du, void* dbias, double alpha) {
    NN4J_CU_ENTER("nn4j_bias_act_backward");
    const int64_t n = rows * cols;
    if (n > 0) {
        NN4J_CU_DISPATCH_FLOAT(fn, dtype, T,
            k_bias_act_bwd<T><<<grid_for(n), kThreads>>>(act, n, cols, (const T*)u, (const T*)bias, (const T*)dy,
                                                          (T*)du, (T)alpha));
        if (int st = check_launch(fn)) return st;
    }
    if (!dbias) return NN4J_OK;
    NN4J_CU_DISPATCH_FLOAT(fn, dtype, T,
        k_column_sums<T><<<grid_for(cols), kThreads>>>(rows, cols, (const T*)du, (T*)dbias));
    return check_launch(fn);
}

// ---- softmax: one block per row (o, i) of (outer, dim, inner) --------------------------------
unsigned row_grid(int64_t rows) { return (unsigned)(rows < 65535LL * 16 ? (rows > 0 ? rows : 1) : 65535LL * 16); }

template <class T>
__global__ void k_softmax_fwd(bool lg, int64_t rows, int64_t dim, int64_t inner, const T* x, T* y) {
    __shared__ double shd[kBlock];
    __shared__ T sht[kBlock];
    for (int64_t r = blockIdx.x; r < rows; r += gridDim.x) {
        const int64_t o = r / inner, in = r - o * inner, base = o * dim * inner + in;
        T m = -INFINITY;
        for (int64_t j = threadIdx.x; j < dim; j += blockDim.x) {
            const T v = x[base + j * inner];
            if (v > m || v != v) m = v;
        }
        m = block_max<T>(m, sht);
        if (isinf(m)) m = m > T(0) ? m : T(0);
        double s = 0;
        for (int64_t j = threadIdx.x; j < dim; j += blockDim.x) s += (double)ew::m_exp(x[base + j * inner] - m);
        s = block_sum(s, shd);
        const T ls = (T)::log(s), inv = (T)(1.0 / s);
        for (int64_t j = threadIdx.x; j < dim; j += blockDim.x) {
            const T v = x[base + j * inner] - m;
            y[base + j * inner] = lg ? v - ls : ew::m_exp(v) * inv;
        }
    }
}

template <class T>
__global__ void k_softmax_bwd(bool lg, int64_t rows, int64_t dim, int64_t inner, const T* y, const T* dy, T* dx) {
    __shared__ double shd[kBlock];
    for (int64_t r = blockIdx.x; r < rows; r += gridDim.x) {
        const int64_t o = r / inner, in = r - o * inner, base = o * dim * inner + in;
        double s = 0;
        for (int64_t j = threadIdx.x; j < dim; j += blockDim.x) {
            const int64_t e = base + j * inner;
            s += lg ? (double)dy[e] : (double)dy[e] * (double)y[e];
        }
        const T st = (T)block_sum(s, shd);
        for (int64_t j = threadIdx.x; j < dim; j += blockDim.x) {
            const int64_t e = base + j * inner;
            const T g = dy[e];
            dx[e] = lg ? g - ew::m_exp(y[e]) * st : y[e] * (g - st);
        }
    }
}

int softmax_forward(int ordinal, int dtype, int log, int64_t outer, int64_t dim, int64_t inner, const void* x,
                    void* y) {
    NN4J_CU_ENTER("nn4j_softmax_forward");
    const int64_t rows = outer * inner;
    NN4J_CU_DISPATCH_FLOAT(fn, dtype, T,
        k_softmax_fwd<T><<<row_grid(rows), kBlock>>>(log != 0, rows, dim, inner, (const T*)x, (T*)y));
    return check_launch(fn);
}

int softmax_backward(int ordinal, int dtype, int log, int64_t outer, int64_t dim, int64_t inner, const void* y,
                     const void* dy, void* dx) {
    NN4J_CU_ENTER("nn4j_softmax_backward");
    const int64_t rows = outer * inner;
    NN4J_CU_DISPATCH_FLOAT(fn, dtype, T,
        k_softmax_bwd<T><<<row_grid(rows), kBlock>>>(log != 0, rows, dim, inner, (const T*)y, (const T*)dy, (T*)dx));
    return check_launch(fn);
}

// ---- softmax cross-entropy: one block per sample; a_k = w_k t'_k as on the CPU (loss.cpp) ------
struct CeArgs {
    int64_t n, k;
    bool sparse;
    int label_dtype;
    const void* labels;
    double eps;
};

template <class T> __device__ double ce_target(const CeArgs& a, const T* w, int64_t i, int64_t k) {
    double t;
    if (a.sparse) {
        t = (k == load_id(a.label_dtype, a.labels, i) ? 1.0 - a.eps : 0.0) + a.eps / (double)a.k;
    } else {
        t = (1.0 - a.eps) * (double)((const T*)a.labels)[i * a.k + k] + a.eps / (double)a.k;
    }
    return w ? t * (double)w[k] : t;
}

// rows[i] = l_i; probs optional
template <class T> __global__ void k_ce_fwd(CeArgs a, const T* z, const T* w, double* rows, T* probs) {
    __shared__ double shd[kBlock];
    __shared__ T sht[kBlock];
    for (int64_t i = blockIdx.x; i < a.n; i += gridDim.x) {
        const T* zi = z + i * a.k;
        T m = -INFINITY;
        for (int64_t k = threadIdx.x; k < a.k; k += blockDim.x)
            if (zi[k] > m || zi[k] != zi[k]) m = zi[k];
        m = block_max<T>(m, sht);
        double s = 0;
        for (int64_t k = threadIdx.x; k < a.k; k += blockDim.x) s += ::exp((double)(zi[k] - m));
        s = block_sum(s, shd);
        const double lse = (double)m + ::log(s);
        double l = 0;
        for (int64_t k = threadIdx.x; k < a.k; k += blockDim.x) {
            const double t = ce_target<T>(a, w, i, k);
            if (t != 0) l -= t * ((double)zi[k] - lse);
            if (probs) probs[i * a.k + k] = (T)(::exp((double)(zi[k] - m)) / s);
        }
        l = block_sum(l, shd);
        if (threadIdx.x == 0) rows[i] = l;
    }
}

// One block: out[0] = sum rows, out[1] = MEAN divisor (sum w[label] or N).
template <class T> __global__ void k_ce_total(CeArgs a, const T* w, const double* rows, double* out) {
    __shared__ double shd[kBlock];
    double s = 0, d = 0;
    for (int64_t i = threadIdx.x; i < a.n; i += blockDim.x) {
        if (rows) s += rows[i];
        if (a.sparse && w) d += (double)w[load_id(a.label_dtype, a.labels, i)];
    }
    s = block_sum(s, shd);
    d = block_sum(d, shd);
    if (threadIdx.x == 0) {
        out[0] = s;
        out[1] = (a.sparse && w) ? d : (double)a.n;
    }
}

template <class T> __global__ void k_ce_write(int reduction, const double* tot, const double* rows, int64_t n, T* loss) {
    if (reduction == NN4J_REDUCTION_NONE) {
        NN4J_CU_GRID_STRIDE(i, n) loss[i] = (T)rows[i];
    } else if (blockIdx.x == 0 && threadIdx.x == 0) {
        loss[0] = (T)(reduction == NN4J_REDUCTION_MEAN ? tot[0] / tot[1] : tot[0]);
    }
}

template <class T>
__global__ void k_ce_bwd(CeArgs a, int reduction, const T* p, const T* w, const T* dloss, const double* tot, T* dz) {
    __shared__ double shd[kBlock];
    for (int64_t i = blockIdx.x; i < a.n; i += gridDim.x) {
        double asum = 0;
        for (int64_t k = threadIdx.x; k < a.k; k += blockDim.x) asum += ce_target<T>(a, w, i, k);
        asum = block_sum(asum, shd);
        const double s = reduction == NN4J_REDUCTION_NONE ? (double)dloss[i]
                         : reduction == NN4J_REDUCTION_MEAN ? (double)dloss[0] / tot[1] : (double)dloss[0];
        for (int64_t k = threadIdx.x; k < a.k; k += blockDim.x)
            dz[i * a.k + k] = (T)(s * ((double)p[i * a.k + k] * asum - ce_target<T>(a, w, i, k)));
    }
}

int softmax_ce_forward(int ordinal, int dtype, int64_t n, int64_t k, const void* logits, int label_dtype,
                       const void* labels, const void* class_weights, double label_smoothing, int reduction,
                       void* loss, void* probs) {
    NN4J_CU_ENTER("nn4j_softmax_ce_forward");
    const bool sparse = label_dtype != dtype;
    if (sparse)
        if (int st = check_ids(fn, ordinal, "labels", label_dtype, labels, n, k)) return st;
    DevBuf buf;
    if (int st = buf.alloc(fn, (size_t)(n + 2) * sizeof(double))) return st;
    double* rows = (double*)buf.p;
    double* tot = rows + n;
    CeArgs a{n, k, sparse, label_dtype, labels, label_smoothing};
    NN4J_CU_DISPATCH_FLOAT(fn, dtype, T, {
        if (n > 0) k_ce_fwd<T><<<row_grid(n), kBlock>>>(a, (const T*)logits, (const T*)class_weights, rows, (T*)probs);
        k_ce_total<T><<<1, kBlock>>>(a, (const T*)class_weights, rows, tot);
        k_ce_write<T><<<reduction == NN4J_REDUCTION_NONE ? grid_for(n) : 1, kThreads>>>(reduction, tot, rows, n, (T*)loss);
    });
    return check_launch(fn);
}

int softmax_ce_backward(int ordinal, int dtype, int64_t n, int64_t k, const void* probs, int label_dtype,
                        const void* labels, const void* class_weights, double label_smoothing, int reduction,
                        const void* dloss, void* dlogits) {
    NN4J_CU_ENTER("nn4j_softmax_ce_backward");
    const bool sparse = label_dtype != dtype;
    if (sparse)
        if (int st = check_ids(fn, ordinal, "labels", label_dtype, labels, n, k)) return st;
    DevBuf buf;
    if (int st = buf.alloc(fn, 2 * sizeof(double))) return st;
    double* tot = (double*)buf.p;
    CeArgs a{n, k, sparse, label_dtype, labels, label_smoothing};
    NN4J_CU_DISPATCH_FLOAT(fn, dtype, T, {
        k_ce_total<T><<<1, kBlock>>>(a, (const T*)class_weights, nullptr, tot);
        k_ce_bwd<T><<<row_grid(n), kBlock>>>(a, reduction, (const T*)probs, (const T*)class_weights, (const T*)dloss,
                                             tot, (T*)dlogits);
    });
    return check_launch(fn);
}

// ---- sigmoid BCE -----------------------------------------------------------------------------
constexpr unsigned kPartials = 1024;

template <class T>
__global__ void k_bce_partial(int64_t n, int64_t c, const T* x, const T* y, const T* pw, double* part) {
    __shared__ double shd[kBlock];
    double s = 0;
    for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (int64_t)gridDim.x * blockDim.x)
        s += (double)bce_logits<T>(x[i], y[i], pw ? pw[i % c] : T(1));
    s = block_sum(s, shd);
    if (threadIdx.x == 0) part[blockIdx.x] = s;
}

template <class T> __global__ void k_bce_final(int reduction, int64_t n, const double* part, unsigned parts, T* loss) {
    __shared__ double shd[kBlock];
    double s = 0;
    for (unsigned i = threadIdx.x; i < parts; i += blockDim.x) s += part[i];
    s = block_sum(s, shd);
    if (threadIdx.x == 0) loss[0] = (T)(reduction == NN4J_REDUCTION_MEAN ? s / (double)n : s);
}

template <class T> __global__ void k_bce_none(int64_t n, int64_t c, const T* x, const T* y, const T* pw, T* loss) {
    NN4J_CU_GRID_STRIDE(i, n) loss[i] = bce_logits<T>(x[i], y[i], pw ? pw[i % c] : T(1));
}

template <class T>
__global__ void k_bce_bwd(int reduction, int64_t n, int64_t c, const T* x, const T* y, const T* pw, const T* dloss,
                          T* dx, T* dy) {
    NN4J_CU_GRID_STRIDE(i, n) {
        const T s = reduction == NN4J_REDUCTION_NONE ? dloss[i]
                    : reduction == NN4J_REDUCTION_MEAN ? (T)((double)dloss[0] / (double)n) : dloss[0];
        const T p = pw ? pw[i % c] : T(1);
        if (dx) dx[i] = s * bce_logits_dx<T>(x[i], y[i], p);
        if (dy) dy[i] = s * bce_logits_dy<T>(x[i], y[i], p);
    }
}

int sigmoid_bce_forward(int ordinal, int dtype, int64_t outer, int64_t c, const void* x, const void* y,
                        const void* pos_weight, int reduction, void* loss) {
    NN4J_CU_ENTER("nn4j_sigmoid_bce_forward");
    const int64_t n = outer * c;
    if (reduction == NN4J_REDUCTION_NONE) {
        if (n == 0) return NN4J_OK;
        NN4J_CU_DISPATCH_FLOAT(fn, dtype, T,
            k_bce_none<T><<<grid_for(n), kThreads>>>(n, c, (const T*)x, (const T*)y, (const T*)pos_weight, (T*)loss));
        return check_launch(fn);
    }
    DevBuf buf;
    if (int st = buf.alloc(fn, kPartials * sizeof(double))) return st;
    NN4J_CU_DISPATCH_FLOAT(fn, dtype, T, {
        k_bce_partial<T><<<kPartials, kBlock>>>(n, c, (const T*)x, (const T*)y, (const T*)pos_weight, (double*)buf.p);
        k_bce_final<T><<<1, kBlock>>>(reduction, n, (const double*)buf.p, kPartials, (T*)loss);
    });
    return check_launch(fn);
}

int sigmoid_bce_backward(int ordinal, int dtype, int64_t outer, int64_t c, const void* x, const void* y,
                         const void* pos_weight, int reduction, const void* dloss, void* dx, void* dy) {
    NN4J_CU_ENTER("nn4j_sigmoid_bce_backward");
    const int64_t n = outer * c;
    NN4J_CU_DISPATCH_FLOAT(fn, dtype, T,
        k_bce_bwd<T><<<grid_for(n), kThreads>>>(reduction, n, c, (const T*)x, (const T*)y, (const T*)pos_weight,
                                                (const T*)dloss, (T*)dx, (T*)dy));
    return check_launch(fn);
}

// ---- batch norm: one block per channel for the statistics, element-wise for the rest ---------
struct BnGeom {
    int64_t n, c, inner;
    __device__ int64_t at(int64_t e, int64_t ch) const {  // e-th element (i, j) of channel ch
        const int64_t i = e / inner, j = e - i * inner;
        return (i * c + ch) * inner + j;
    }
};

template <class T>
__global__ void k_bn_stats(BnGeom g, const T* x, double momentum, T* rm, T* rv, double* mean, double* var) {
    __shared__ double shd[kBlock];
    const int64_t m = g.n * g.inner;
    for (int64_t ch = blockIdx.x; ch < g.c; ch += gridDim.x) {
        double s = 0;
        for (int64_t e = threadIdx.x; e < m; e += blockDim.x) s += (double)x[g.at(e, ch)];
        const double mu = block_sum(s, shd) / (double)m;
        double q = 0;
        for (int64_t e = threadIdx.x; e < m; e += blockDim.x) {
            const double d = (double)x[g.at(e, ch)] - mu;
            q += d * d;
        }
        const double v = block_sum(q, shd) / (double)m;
        if (threadIdx.x == 0) {
            mean[ch] = mu;
            var[ch] = v;
            const double unbias = m > 1 ? (double)m / (double)(m - 1) : 1.0;
            if (rm) rm[ch] = (T)(momentum * (double)rm[ch] + (1 - momentum) * mu);
            if (rv) rv[ch] = (T)(momentum * (double)rv[ch] + (1 - momentum) * v * unbias);
        }
    }
}

template <class T> __global__ void k_bn_copy_stats(int64_t c, const T* rm, const T* rv, double* mean, double* var) {
    NN4J_CU_GRID_STRIDE(ch, c) {
        mean[ch] = (double)rm[ch];
        var[ch] = (double)rv[ch];
    }
}

template <class T>
__global__ void k_bn_norm(BnGeom g, const T* x, const T* gamma, const T* beta, const double* mean, const double* var,
                          double eps, T* y, T* save_mean, T* save_var) {
    const int64_t total = g.n * g.c * g.inner;
    NN4J_CU_GRID_STRIDE(e, total) {
        const int64_t ch = (e / g.inner) % g.c;
        const double inv = 1.0 / ::sqrt(var[ch] + eps);
        const double sc = (gamma ? (double)gamma[ch] : 1.0) * inv;
        const double sh = (beta ? (double)beta[ch] : 0.0) - mean[ch] * sc;
        y[e] = x[e] * (T)sc + (T)sh;
    }
    NN4J_CU_GRID_STRIDE(ch, g.c) {
        if (save_mean) save_mean[ch] = (T)mean[ch];
        if (save_var) save_var[ch] = (T)var[ch];
    }
}

template <class T>
__global__ void k_bn_bwd_sums(BnGeom g, const T* x, const T* mean, const T* var, double eps, const T* dy, double* sums,
                              T* dgamma, T* dbeta) {
    __shared__ double shd[kBlock];
    const int64_t m = g.n * g.inner;
    for (int64_t ch = blockIdx.x; ch < g.c; ch += gridDim.x) {
        const double mu = (double)mean[ch], inv = 1.0 / ::sqrt((double)var[ch] + eps);
        double a = 0, b = 0;
        for (int64_t e = threadIdx.x; e < m; e += blockDim.x) {
            const int64_t idx = g.at(e, ch);
            a += (double)dy[idx];
            b += (double)dy[idx] * ((double)x[idx] - mu) * inv;
        }
        a = block_sum(a, shd);
        b = block_sum(b, shd);
        if (threadIdx.x == 0) {
            sums[2 * ch] = a;
            sums[2 * ch + 1] = b;
            if (dbeta) dbeta[ch] = (T)a;
            if (dgamma) dgamma[ch] = (T)b;
        }
    }
}

template <class T>
__global__ void k_bn_bwd_dx(BnGeom g, bool training, const T* x, const T* gamma, const T* mean, const T* var, double eps,
                            const T* dy, const double* sums, T* dx) {
    const int64_t total = g.n * g.c * g.inner;
    const double m = (double)(g.n * g.inner);
    NN4J_CU_GRID_STRIDE(e, total) {
        const int64_t ch = (e / g.inner) % g.c;
        const double inv = 1.0 / ::sqrt((double)var[ch] + eps);
        const double gi = (gamma ? (double)gamma[ch] : 1.0) * inv;
        if (training) {
            const double xh = ((double)x[e] - (double)mean[ch]) * inv;
            dx[e] = (T)(gi * ((double)dy[e] - sums[2 * ch] / m - xh * sums[2 * ch + 1] / m));
        } else {
            dx[e] = (T)(gi * (double)dy[e]);
        }
    }
}

int batchnorm_forward(int ordinal, int dtype, int training, int64_t n, int64_t c, int64_t inner, const void* x,
                      const void* gamma, const void* beta, double eps, double momentum, void* running_mean,
                      void* running_var, void* y, void* save_mean, void* save_var) {
    NN4J_CU_ENTER("nn4j_batchnorm_forward");
    DevBuf buf;
    if (int st = buf.alloc(fn, (size_t)(2 * c) * sizeof(double))) return st;
    double* mean = (double*)buf.p;
    double* var = mean + c;
    BnGeom g{n, c, inner};
    NN4J_CU_DISPATCH_FLOAT(fn, dtype, T, {
        if (training)
            k_bn_stats<T><<<row_grid(c), kBlock>>>(g, (const T*)x, momentum, (T*)running_mean, (T*)running_var, mean,
                                                   var);
        else
            k_bn_copy_stats<T><<<grid_for(c), kThreads>>>(c, (const T*)running_mean, (const T*)running_var, mean, var);
        k_bn_norm<T><<<grid_for(n * c * inner), kThreads>>>(g, (const T*)x, (const T*)gamma, (const T*)beta, mean,
                                                            var, eps, (T*)y, (T*)save_mean, (T*)save_var);
    });
    return check_launch(fn);
}

int batchnorm_backward(int ordinal, int dtype, int training, int64_t n, int64_t c, int64_t inner, const void* x,
                       const void* gamma, const void* save_mean, const void* save_var, double eps, const void* dy,
                       void* dx, void* dgamma, void* dbeta) {
    NN4J_CU_ENTER("nn4j_batchnorm_backward");
    DevBuf buf;
    if (int st = buf.alloc(fn, (size_t)(2 * c) * sizeof(double))) return st;
    double* sums = (double*)buf.p;
    BnGeom g{n, c, inner};
    NN4J_CU_DISPATCH_FLOAT(fn, dtype, T, {
        k_bn_bwd_sums<T><<<row_grid(c), kBlock>>>(g, (const T*)x, (const T*)save_mean, (const T*)save_var, eps,
                                                  (const T*)dy, sums, (T*)dgamma, (T*)dbeta);
        if (dx)
            k_bn_bwd_dx<T><<<grid_for(n * c * inner), kThreads>>>(g, training != 0, (const T*)x, (const T*)gamma,
                                                                  (const T*)save_mean, (const T*)save_var, eps,
                                                                  (const T*)dy, sums, (T*)dx);
    });
    return check_launch(fn);
}

// ---- LRN: thread per element; the backward stages u = dy x s^(-beta-1) in scratch ----------
struct LrnGeom {
    int64_t n, c, inner, half;
    double alpha, beta, k;
};

template <class T> __device__ double lrn_s(const LrnGeom& p, const T* x, int64_t i, int64_t ch, int64_t j) {
    const int64_t lo = ch - p.half < 0 ? 0 : ch - p.half, hi = ch + p.half > p.c - 1 ? p.c - 1 : ch + p.half;
    double s = 0;
    for (int64_t cc = lo; cc <= hi; ++cc) {
        const double v = (double)x[(i * p.c + cc) * p.inner + j];
        s += v * v;
    }
    return p.k + p.alpha * s;
}

template <class T> __global__ void k_lrn_fwd(LrnGeom p, const T* x, T* y) {
    NN4J_CU_GRID_STRIDE(e, p.n * p.c * p.inner) {
        const int64_t j = e % p.inner, r = e / p.inner, ch = r % p.c, i = r / p.c;
        y[e] = (T)((double)x[e] * ::pow(lrn_s<T>(p, x, i, ch, j), -p.beta));
    }
}

template <class T> __global__ void k_lrn_u(LrnGeom p, const T* x, const T* dy, double* u) {
    NN4J_CU_GRID_STRIDE(e, p.n * p.c * p.inner) {
        const int64_t j = e % p.inner, r = e / p.inner, ch = r % p.c, i = r / p.c;
        u[e] = (double)dy[e] * (double)x[e] * ::pow(lrn_s<T>(p, x, i, ch, j), -p.beta - 1);
    }
}

template <class T> __global__ void k_lrn_dx(LrnGeom p, const T* x, const T* dy, const double* u, T* dx) {
    NN4J_CU_GRID_STRIDE(e, p.n * p.c * p.inner) {
        const int64_t j = e % p.inner, r = e / p.inner, ch = r % p.c, i = r / p.c;
        const int64_t lo = ch - p.half < 0 ? 0 : ch - p.half, hi = ch + p.half > p.c - 1 ? p.c - 1 : ch + p.half;
        double acc = 0;
        for (int64_t cc = lo; cc <= hi; ++cc) acc += u[(i * p.c + cc) * p.inner + j];
        const double s = lrn_s<T>(p, x, i, ch, j);
        dx[e] = (T)((double)dy[e] * ::pow(s, -p.beta) - 2 * p.alpha * p.beta * (double)x[e] * acc);
    }
}

int lrn_forward(int ordinal, int dtype, int64_t n, int64_t c, int64_t inner, int64_t size, double alpha, double beta,
                double k, const void* x, void* y) {
    NN4J_CU_ENTER("nn4j_lrn_forward");
    LrnGeom p{n, c, inner, size / 2, alpha, beta, k};
    NN4J_CU_DISPATCH_FLOAT(fn, dtype, T, k_lrn_fwd<T><<<grid_for(n * c * inner), kThreads>>>(p, (const T*)x, (T*)y));
    return check_launch(fn);
}

int lrn_backward(int ordinal, int dtype, int64_t n, int64_t c, int64_t inner, int64_t size, double alpha, double beta,
                 double k, const void* x, const void* dy, void* dx) {
    NN4J_CU_ENTER("nn4j_lrn_backward");
    const int64_t total = n * c * inner;
    DevBuf buf;
    if (int st = buf.alloc(fn, (size_t)total * sizeof(double))) return st;
    LrnGeom p{n, c, inner, size / 2, alpha, beta, k};
    NN4J_CU_DISPATCH_FLOAT(fn, dtype, T, {
        k_lrn_u<T><<<grid_for(total), kThreads>>>(p, (const T*)x, (const T*)dy, (double*)buf.p);
        k_lrn_dx<T><<<grid_for(total), kThreads>>>(p, (const T*)x, (const T*)dy, (const double*)buf.p, (T*)dx);
    });
    return check_launch(fn);
}

// ---- dropout: one thread per Philox block of 4 elements --------------------------------------
template <class T>
__global__ void k_dropout(int64_t n, const T* x, double keep, uint64_t seed, uint64_t offset, T* y, uint8_t* mask) {
    const T scale = keep > 0 ? (T)(1.0 / keep) : T(0);
    NN4J_CU_GRID_STRIDE(blk, (n + 3) / 4) {
        const Philox4 v = philox4x32_10(seed, offset + (uint64_t)blk);
        const int64_t end = blk * 4 + 4 < n ? blk * 4 + 4 : n;
        for (int64_t i = blk * 4; i < end; ++i) {
            const bool k = dropout_keep(v, i, keep);
            y[i] = k ? x[i] * scale : T(0);
            if (mask) mask[i] = k ? 1 : 0;
        }
    }
}

int dropout_forward(int ordinal, int dtype, int64_t n, const void* x, double rate, uint64_t seed, uint64_t offset,
                    void* y, void* mask) {
    NN4J_CU_ENTER("nn4j_dropout_forward");
    NN4J_CU_DISPATCH_FLOAT(fn, dtype, T,
        k_dropout<T><<<grid_for((n + 3) / 4), kThreads>>>(n, (const T*)x, 1.0 - rate, seed, offset, (T*)y,
                                                         (uint8_t*)mask));
    return check_launch(fn);
}

int dropout_backward(int ordinal, int dtype, int64_t n, const void* dy, double rate, uint64_t seed, uint64_t offset,
                     void* dx) {
    NN4J_CU_ENTER("nn4j_dropout_backward");
    NN4J_CU_DISPATCH_FLOAT(fn, dtype, T,
        k_dropout<T><<<grid_for((n + 3) / 4), kThreads>>>(n, (const T*)dy, 1.0 - rate, seed, offset, (T*)dx, nullptr));
    return check_launch(fn);
}

// ---- embedding ---------------------------------------------------------------------------------
template <class T>
__global__ void k_emb_fwd(int64_t d, const T* table, int index_dtype, int64_t count, const void* ids, T* out) {
    NN4J_CU_GRID_STRIDE(e, count * d) {
        const int64_t i = e / d, j = e - i * d;
        out[e] = table[load_id(index_dtype, ids, i) * d + j];
    }
}

// One thread per column, ids in order: deterministic without atomics. Parallel over d only
// (a sort-by-id version would scale with count; not needed for the curriculum's sizes).
template <class T>
__global__ void k_emb_bwd(int64_t d, int index_dtype, int64_t count, const void* ids, const T* dout, T* dtable) {
    NN4J_CU_GRID_STRIDE(j, d) {
        for (int64_t i = 0; i < count; ++i) dtable[load_id(index_dtype, ids, i) * d + j] += dout[i * d + j];
    }
}

int embedding_forward(int ordinal, int dtype, int64_t v, int64_t d, const void* table, int index_dtype, int64_t count,
                      const void* ids, void* out) {
    NN4J_CU_ENTER("nn4j_embedding_forward");
    if (int st = check_ids(fn, ordinal, "ids", index_dtype, ids, count, v)) return st;
    if (d == 0) return NN4J_OK;
    NN4J_CU_DISPATCH_FLOAT(fn, dtype, T,
        k_emb_fwd<T><<<grid_for(count * d), kThreads>>>(d, (const T*)table, index_dtype, count, ids, (T*)out));
    return check_launch(fn);
}

int embedding_backward(int ordinal, int dtype, int64_t v, int64_t d, int index_dtype, int64_t count, const void* ids,
                       const void* dout, void* dtable) {
    NN4J_CU_ENTER("nn4j_embedding_backward");
    if (int st = check_ids(fn, ordinal, "ids", index_dtype, ids, count, v)) return st;
    const size_t es = dtype == NN4J_F32 ? 4 : 8;
    NN4J_CU_TRY(fn, cudaMemsetAsync(dtable, 0, (size_t)(v * d) * es, 0));
    if (count == 0) return NN4J_OK;
    NN4J_CU_DISPATCH_FLOAT(fn, dtype, T,
        k_emb_bwd<T><<<grid_for(d), kThreads>>>(d, index_dtype, count, ids, (const T*)dout, (T*)dtable));
    return check_launch(fn);
}

const NnCudaTable kTable = {
    NN4J_CUDA_NN_TABLE_VERSION,
    activation_forward,
    activation_backward,
    softmax_forward,
    softmax_backward,
    softmax_ce_forward,
    softmax_ce_backward,
    sigmoid_bce_forward,
    sigmoid_bce_backward,
    batchnorm_forward,
    batchnorm_backward,
    lrn_forward,
    lrn_backward,
    dropout_forward,
    dropout_backward,
    embedding_forward,
    embedding_backward,
    bias_act_forward,
    bias_act_backward,
};

}  // namespace
}  // namespace cu
}  // namespace nn4j

#pragma GCC visibility pop

extern "C" __attribute__((visibility("default"))) const nn4j::NnCudaTable* nn4j_cuda_nn_table(void) {
    return &nn4j::cu::kTable;
}
