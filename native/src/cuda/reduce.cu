// Reductions over any set of axes. The input is viewed as (kept index o) x (reduced index r),
// both row-major over their own axes; out[o] = R(x[o, r] for r in [0, n_red)).
//
// A group of P threads (1, 32 or 256) owns one output and strides over r; when there are too
// few outputs to fill the device, r is also split into S chunks whose partial states go to a
// temporary buffer and are combined, in chunk order, by a finishing kernel. Every combination
// order is fixed, so results are deterministic. Partial states (Acc) are merged with rules
// that keep the CPU's semantics: sums in double (int64 for integers), argmax ties to the lowest
// index, NaN propagating through max/min.
#include <cmath>
#include "cuda_common.cuh"
#include "elementwise_math.h"

namespace nn4j {
namespace cu {
namespace {

// Running state of one reduction. Float inputs use d0/d1, integer and bool inputs i0;
// ARGMAX/ARGMIN keep the index in i1 (kEmpty until an element is seen); VAR keeps the count
// in i1 (Welford: d0 mean, d1 sum of squared deviations; single pass where the CPU makes two,
// with the same double precision); LOGSUMEXP keeps the running max in d0 and the sum of
// exp(x - max) in d1 (rescaled when the max grows).
struct Acc {
    double d0, d1;
    int64_t i0, i1;
};
constexpr int64_t kEmpty = INT64_MAX;

struct ReduceGeom {
    StridedIter<1> kept;  // over the kept axes, strides of x
    StridedIter<1> red;   // over the reduced axes, strides of x
    int64_t n_out, n_red;
};

__device__ __forceinline__ int64_t offset1(const StridedIter<1>& it, int64_t i) {
    if (it.ndim == 1) return i * it.strides[0][0];
    int64_t off[1];
    strided_offsets<1>(it, i, off);
    return off[0];
}

__device__ __forceinline__ Acc acc_init(int op) {
    Acc a{0.0, 0.0, 0, 0};
    switch (op) {
        case NN4J_REDUCE_PROD: a.d0 = 1.0; a.i0 = 1; break;
        case NN4J_REDUCE_MAX: a.d0 = -INFINITY; a.i0 = INT64_MIN; break;
        case NN4J_REDUCE_MIN: a.d0 = INFINITY; a.i0 = INT64_MAX; break;
        case NN4J_REDUCE_ARGMAX: case NN4J_REDUCE_ARGMIN: a.i1 = kEmpty; break;
        case NN4J_REDUCE_LOGSUMEXP: a.d0 = -INFINITY; break;
        case NN4J_REDUCE_ALL: a.i0 = 1; break;
        default: break;
    }
    return a;
}

// Is candidate (value cv, index ci) preferred over the current (v, i) for argmax / argmin?
// As in the CPU kernel the first NaN beats everything and ties go to the lower index; the
// index comparison is explicit because threads see the reduced indices interleaved.
__device__ __forceinline__ bool arg_better_f(double cv, int64_t ci, double v, int64_t i, bool is_max) {
    if (i == kEmpty) return true;
    if (ci == kEmpty) return false;
    const bool cn = cv != cv, vn = v != v;
    if (cn || vn) return cn && (!vn || ci < i);
    if (cv == v) return ci < i;
    return is_max ? cv > v : cv < v;
}
__device__ __forceinline__ bool arg_better_i(int64_t cv, int64_t ci, int64_t v, int64_t i, bool is_max) {
    if (i == kEmpty) return true;
    if (ci == kEmpty) return false;
    if (cv == v) return ci < i;
    return is_max ? cv > v : cv < v;
}

__device__ __forceinline__ double nan_max(double a, double b) { return (a != a || b != b) ? NAN : fmax(a, b); }
__device__ __forceinline__ double nan_min(double a, double b) { return (a != a || b != b) ? NAN : fmin(a, b); }

// Adds element x (at reduced index r) to a.
template <typename T>
__device__ __forceinline__ void acc_add(int op, Acc& a, T x, int64_t r) {
    if (ew::is_fp<T>::value) {
        const double v = (double)x;
        switch (op) {
            case NN4J_REDUCE_SUM: case NN4J_REDUCE_MEAN: a.d0 += v; break;
            case NN4J_REDUCE_PROD: a.d0 *= v; break;
            case NN4J_REDUCE_MAX: a.d0 = nan_max(a.d0, v); break;
            case NN4J_REDUCE_MIN: a.d0 = nan_min(a.d0, v); break;
            case NN4J_REDUCE_ARGMAX: case NN4J_REDUCE_ARGMIN:
                if (arg_better_f(v, r, a.d0, a.i1, op == NN4J_REDUCE_ARGMAX)) { a.d0 = v; a.i1 = r; }
                break;
            case NN4J_REDUCE_LOGSUMEXP:
                if (v > a.d0) { a.d1 = a.d1 * exp(a.d0 - v) + 1.0; a.d0 = v; }
                else if (v != v) { a.d0 = NAN; a.d1 = NAN; }
                else if (a.d0 != -INFINITY) a.d1 += exp(v - a.d0);
                // v == -inf with an empty state adds exp(-inf) = 0: nothing to do
                break;
            case NN4J_REDUCE_VAR: {
                a.i1 += 1;
                const double delta = v - a.d0;
                a.d0 += delta / (double)a.i1;
                a.d1 += delta * (v - a.d0);
                break;
            }
            case NN4J_REDUCE_ALL: a.i0 = a.i0 && v != 0.0; break;
            case NN4J_REDUCE_ANY: a.i0 = a.i0 || v != 0.0; break;
            case NN4J_REDUCE_NORM2: a.d0 += v * v; break;
            default: break;
        }
    } else {
        const int64_t v = (int64_t)x;
        switch (op) {
            // int64 arithmetic wraps like the CPU's: done in unsigned to keep it defined.
            case NN4J_REDUCE_SUM: case NN4J_REDUCE_MEAN: a.i0 = (int64_t)((uint64_t)a.i0 + (uint64_t)v); break;
            case NN4J_REDUCE_PROD: a.i0 = (int64_t)((uint64_t)a.i0 * (uint64_t)v); break;
            case NN4J_REDUCE_MAX: a.i0 = v > a.i0 ? v : a.i0; break;
            case NN4J_REDUCE_MIN: a.i0 = v < a.i0 ? v : a.i0; break;
            case NN4J_REDUCE_ARGMAX: case NN4J_REDUCE_ARGMIN:
                if (arg_better_i(v, r, a.i0, a.i1, op == NN4J_REDUCE_ARGMAX)) { a.i0 = v; a.i1 = r; }
                break;
            case NN4J_REDUCE_VAR: {
                a.i1 += 1;
                const double delta = (double)v - a.d0;
                a.d0 += delta / (double)a.i1;
                a.d1 += delta * ((double)v - a.d0);
                break;
            }
            case NN4J_REDUCE_ALL: a.i0 = a.i0 && v != 0; break;
            case NN4J_REDUCE_ANY: a.i0 = a.i0 || v != 0; break;
            case NN4J_REDUCE_NORM2: a.d0 += (double)v * (double)v; break;
            default: break;
        }
    }
}

// Merges b into a (the states of two disjoint parts of the reduced space).
template <typename T>
__device__ __forceinline__ void acc_merge(int op, Acc& a, const Acc& b) {
    const bool f = ew::is_fp<T>::value;
    switch (op) {
        case NN4J_REDUCE_SUM: case NN4J_REDUCE_MEAN:
            if (f) a.d0 += b.d0; else a.i0 = (int64_t)((uint64_t)a.i0 + (uint64_t)b.i0);
            break;
        case NN4J_REDUCE_PROD:
            if (f) a.d0 *= b.d0; else a.i0 = (int64_t)((uint64_t)a.i0 * (uint64_t)b.i0);
            break;
        case NN4J_REDUCE_MAX:
            if (f) a.d0 = nan_max(a.d0, b.d0); else a.i0 = b.i0 > a.i0 ? b.i0 : a.i0;
            break;
        case NN4J_REDUCE_MIN:
            if (f) a.d0 = nan_min(a.d0, b.d0); else a.i0 = b.i0 < a.i0 ? b.i0 : a.i0;
            break;
        case NN4J_REDUCE_ARGMAX: case NN4J_REDUCE_ARGMIN: {
            const bool mx = op == NN4J_REDUCE_ARGMAX;
            if (f ? arg_better_f(b.d0, b.i1, a.d0, a.i1, mx) : arg_better_i(b.i0, b.i1, a.i0, a.i1, mx)) a = b;
            break;
        }
        case NN4J_REDUCE_LOGSUMEXP: {
            if (a.d0 != a.d0 || b.d0 != b.d0) { a.d0 = NAN; a.d1 = NAN; break; }
            if (b.d0 == -INFINITY) break;
            if (a.d0 == -INFINITY) { a = b; break; }
            const double m = fmax(a.d0, b.d0);
            a.d1 = a.d1 * exp(a.d0 - m) + b.d1 * exp(b.d0 - m);
            a.d0 = m;
            break;
        }
        case NN4J_REDUCE_VAR: {
            if (b.i1 == 0) break;
            if (a.i1 == 0) { a = b; break; }
            const double na = (double)a.i1, nb = (double)b.i1, n = na + nb;
            const double delta = b.d0 - a.d0;
            a.d0 += delta * (nb / n);
            a.d1 += b.d1 + delta * delta * (na * nb / n);
            a.i1 += b.i1;
            break;
        }
        case NN4J_REDUCE_ALL: a.i0 = a.i0 && b.i0; break;
        case NN4J_REDUCE_ANY: a.i0 = a.i0 || b.i0; break;
        case NN4J_REDUCE_NORM2: a.d0 += b.d0; break;
        default: break;
    }
}

// Writes the final value of output o.
template <typename T>
__device__ __forceinline__ void acc_store(int op, const Acc& a, int64_t n_red, double param,
                                          void* out, int64_t o) {
    const bool f = ew::is_fp<T>::value;
    switch (op) {
        case NN4J_REDUCE_ARGMAX: case NN4J_REDUCE_ARGMIN:
            ((int64_t*)out)[o] = a.i1 == kEmpty ? 0 : a.i1;
            return;
        case NN4J_REDUCE_ALL: case NN4J_REDUCE_ANY:
            ((uint8_t*)out)[o] = a.i0 != 0;
            return;
        default: break;
    }
    T* p = (T*)out + o;
    switch (op) {
        case NN4J_REDUCE_SUM: case NN4J_REDUCE_PROD: case NN4J_REDUCE_MAX: case NN4J_REDUCE_MIN:
            *p = f ? (T)a.d0 : (T)a.i0;
            break;
        case NN4J_REDUCE_MEAN:
            *p = (T)((f ? a.d0 : (double)a.i0) / (double)n_red);
            break;
        case NN4J_REDUCE_LOGSUMEXP:
            *p = (T)(a.d0 == -INFINITY || a.d0 == INFINITY || a.d0 != a.d0 ? a.d0 : a.d0 + log(a.d1));
            break;
        case NN4J_REDUCE_VAR:
            *p = (T)((double)n_red - param > 0 ? a.d1 / ((double)n_red - param) : NAN);
            break;
        case NN4J_REDUCE_NORM2:
            *p = (T)sqrt(a.d0);
            break;
        default: break;
    }
}

// Block of kThreads threads = kThreads / P groups; group g owns outputs o = g, g + groups, ...
// blockIdx.y picks the chunk of r when the reduction is split S ways.
template <typename T>
__global__ void __launch_bounds__(kThreads)
reduce_kernel(ReduceGeom g, int op, int P, int64_t chunk, const T* __restrict__ x, void* out,
              Acc* partial, double param) {
    __shared__ Acc sh[kThreads];
    const int lane = threadIdx.x % P;
    const int64_t groups_per_block = kThreads / P;
    const int64_t group = (int64_t)blockIdx.x * groups_per_block + threadIdx.x / P;
    const int64_t group_stride = (int64_t)gridDim.x * groups_per_block;
    const int64_t r_begin = (int64_t)blockIdx.y * chunk;
    const int64_t r_end = r_begin + chunk < g.n_red ? r_begin + chunk : g.n_red;
    // All threads run the same number of outer iterations so that __syncthreads is uniform.
    const int64_t n_iter = (g.n_out + group_stride - 1) / group_stride;
    for (int64_t it = 0; it < n_iter; ++it) {
        const int64_t o = group + it * group_stride;
        Acc a = acc_init(op);
        if (o < g.n_out) {
            const T* xo = x + offset1(g.kept, o);
            for (int64_t r = r_begin + lane; r < r_end; r += P) acc_add<T>(op, a, xo[offset1(g.red, r)], r);
        }
        if (P > 1) {
            sh[threadIdx.x] = a;
            __syncthreads();
            for (int s = P / 2; s > 0; s /= 2) {
                if (lane < s) acc_merge<T>(op, sh[threadIdx.x], sh[threadIdx.x + s]);
                __syncthreads();
            }
            a = sh[threadIdx.x];
            __syncthreads();  // sh is rewritten by the next iteration
        }
        if (lane == 0 && o < g.n_out) {
            if (partial) partial[o * gridDim.y + blockIdx.y] = a;
            else acc_store<T>(op, a, g.n_red, param, out, o);
        }
    }
}

template <typename T>
__global__ void finish_kernel(int op, int64_t n_out, int S, int64_t n_red, const Acc* partial,
                              void* out, double param) {
    NN4J_CU_GRID_STRIDE(o, n_out) {
        Acc a = partial[o * S];
        for (int s = 1; s < S; ++s) acc_merge<T>(op, a, partial[o * S + s]);
        acc_store<T>(op, a, n_red, param, out, o);
    }
}

template <typename T>
int run(const char* fn, int ordinal, int op, const ReduceGeom& g, const void* x, void* out,
        double param) {
    const int sms = multiprocessors(ordinal);
    // Threads per output: one when the reduced run is short or the outputs are the contiguous
    // direction (column sums: neighbouring threads then read neighbouring addresses).
    const int64_t red_inner = g.red.strides[0][g.red.ndim - 1];
    const int64_t kept_inner = g.kept.strides[0][g.kept.ndim - 1];
    int P;
    if (g.n_red <= 16 || (kept_inner == 1 && red_inner != 1 && g.n_out >= 1024)) P = 1;
    else if (g.n_red <= 2048 && g.n_out >= (int64_t)sms * 8) P = 32;
    else P = kThreads;
    const int64_t groups_per_block = kThreads / P;
    int64_t blocks = (g.n_out + groups_per_block - 1) / groups_per_block;
    if (blocks > 65535LL * 16) blocks = 65535LL * 16;
    // Too few blocks for the device and a long reduction: split r as well.
    int64_t S = 1;
    const int64_t want_blocks = (int64_t)sms * 4;
    if (blocks < want_blocks && g.n_red >= 4096) {
        S = (want_blocks + blocks - 1) / blocks;
        const int64_t max_s = g.n_red / 1024;  // keep at least ~1024 elements per chunk
        if (S > max_s) S = max_s;
        if (S > 1024) S = 1024;
        if (S < 1) S = 1;
    }
    const int64_t chunk = (g.n_red + S - 1) / S;
    if (S > 1) S = (g.n_red + chunk - 1) / chunk;  // no empty trailing chunk
    Acc* partial = nullptr;
    if (S > 1) {
        const size_t bytes = (size_t)(g.n_out * S) * sizeof(Acc);
        cudaError_t e = cudaMallocAsync((void**)&partial, bytes, 0);
        if (e != cudaSuccess) {  // no stream-ordered pools (old driver): fall back to one pass
            cudaGetLastError();
            partial = nullptr;
            S = 1;
        }
    }
    dim3 grid((unsigned)blocks, (unsigned)S);
    const int64_t ch = S > 1 ? chunk : g.n_red;
    reduce_kernel<T><<<grid, kThreads>>>(g, op, P, ch, (const T*)x, out, partial, param);
    int st = check_launch(fn);
    if (partial) {
        if (!st) {
            finish_kernel<T><<<grid_for(g.n_out), kThreads>>>(op, g.n_out, (int)S, g.n_red, partial, out, param);
            st = check_launch(fn);
        }
        cudaError_t e = cudaFreeAsync(partial, 0);
        if (e != cudaSuccess && !st) st = fail_cuda(fn, "cudaFreeAsync", e);
    }
    return st;
}

}  // namespace

int reduce(int ordinal, int op, int dtype, int ndim, const int64_t* shape, const void* x,
           const int64_t* x_strides, int64_t axes_mask, void* out, double param) {
    NN4J_CU_ENTER("nn4j_reduce");
    if (ndim < 0 || ndim > NN4J_MAX_DIMS) return fail(NN4J_ERR_ARG, "%s: ndim = %d", fn, ndim);
    if (op < 0 || op >= NN4J_REDUCE_COUNT) return fail(NN4J_ERR_ARG, "%s: unknown op %d", fn, op);
    ReduceGeom g;
    g.kept.ndim = 0;
    g.red.ndim = 0;
    g.n_out = 1;
    g.n_red = 1;
    for (int d = 0; d < ndim; ++d) {
        StridedIter<1>& it = ((axes_mask >> d) & 1) ? g.red : g.kept;
        it.shape[it.ndim] = shape[d];
        it.strides[0][it.ndim] = x_strides[d];
        ++it.ndim;
        (((axes_mask >> d) & 1) ? g.n_red : g.n_out) *= shape[d];
    }
    coalesce(g.kept);
    coalesce(g.red);
    if (g.n_out == 0) return NN4J_OK;
    if (g.n_red == 0 && (op == NN4J_REDUCE_MAX || op == NN4J_REDUCE_MIN || op == NN4J_REDUCE_ARGMAX ||
                         op == NN4J_REDUCE_ARGMIN))
        return fail(NN4J_ERR_SHAPE, "%s: op %d over zero elements (axes_mask = 0x%llx)", fn, op,
                    (unsigned long long)axes_mask);
    NN4J_CU_DISPATCH(fn, dtype, T, return run<T>(fn, ordinal, op, g, x, out, param));
    return NN4J_OK;
}

}  // namespace cu
}  // namespace nn4j
