// CUDA twin of the pooling family (cpu/pool.cpp): one thread per output for forward (the window
// scan uses conv_math.h's takes(), so ties and NaN resolve as on the CPU), and one thread per
// input element for backward, summing the outputs whose window contains it (MAX/MIN: those that
// picked it, per the workspace; AVG: gradient / count), so no atomics are needed and the
// summation order is fixed. The workspace holds the kWsOwn tag and the plane index of each pick.
#include "conv_math.h"
#include "cuda_common.cuh"

#pragma GCC visibility push(hidden)

namespace nn4j {
namespace cu {
namespace {

using pool::Geom;

template <typename T>
__global__ void pool_forward_kernel(Geom g, int kind, const T* __restrict__ x, T* __restrict__ y,
                                    int64_t* __restrict__ ws, int64_t total) {
    NN4J_CU_GRID_STRIDE(i, total) {
        const int64_t p = i / g.osz, o = i % g.osz;
        const int64_t op[3] = {o / (g.out[1] * g.out[2]), (o / g.out[2]) % g.out[1], o % g.out[2]};
        int64_t lo[3], hi[3];
        for (int a = 0; a < 3; ++a) pool::window(g, a, op[a], &lo[a], &hi[a]);
        const T* xp = x + p * g.isz;
        if (kind == pool::kAvg) {
            double s = 0;
            for (int64_t d = lo[0]; d < hi[0]; ++d)
                for (int64_t h = lo[1]; h < hi[1]; ++h)
                    for (int64_t w = lo[2]; w < hi[2]; ++w) s += (double)xp[(d * g.in[1] + h) * g.in[2] + w];
            y[i] = (T)(s / (double)((hi[0] - lo[0]) * (hi[1] - lo[1]) * (hi[2] - lo[2])));
            continue;
        }
        int64_t bi = (lo[0] * g.in[1] + lo[1]) * g.in[2] + lo[2];
        T best = xp[bi];
        for (int64_t d = lo[0]; d < hi[0]; ++d)
            for (int64_t h = lo[1]; h < hi[1]; ++h)
                for (int64_t w = lo[2]; w < hi[2]; ++w) {
                    const int64_t at = (d * g.in[1] + h) * g.in[2] + w;
                    const T v = xp[at];
                    if (pool::takes(kind, v, best)) best = v, bi = at;
                }
        y[i] = best;
        if (ws) ws[1 + i] = bi;
    }
}

__global__ void tag_kernel(int64_t* ws) { ws[0] = pool::kWsOwn; }

// Outputs on axis a whose window holds input coordinate c: o*s - pb <= c < o*s - pb + k.
__device__ __forceinline__ void covering(const Geom& g, int a, int64_t c, int64_t* lo, int64_t* hi) {
    const int64_t t = c + g.pb[a];  // o*s <= t < o*s + k
    const int64_t l = t - g.k[a] + 1 <= 0 ? 0 : (t - g.k[a] + 1 + g.s[a] - 1) / g.s[a];
    int64_t h = t / g.s[a] + 1;
    if (h > g.out[a]) h = g.out[a];
    *lo = l;
    *hi = h > l ? h : l;
}

template <typename T>
__global__ void pool_backward_kernel(Geom g, int kind, const T* __restrict__ dy, const int64_t* __restrict__ ws,
                                     T* __restrict__ dx, int64_t total) {
    NN4J_CU_GRID_STRIDE(i, total) {
        const int64_t p = i / g.isz, at = i % g.isz;
        const int64_t ip[3] = {at / (g.in[1] * g.in[2]), (at / g.in[2]) % g.in[1], at % g.in[2]};
        int64_t lo[3], hi[3];
        for (int a = 0; a < 3; ++a) covering(g, a, ip[a], &lo[a], &hi[a]);
        double acc = 0;
        for (int64_t o0 = lo[0]; o0 < hi[0]; ++o0)
            for (int64_t o1 = lo[1]; o1 < hi[1]; ++o1)
                for (int64_t o2 = lo[2]; o2 < hi[2]; ++o2) {
                    const int64_t o = p * g.osz + (o0 * g.out[1] + o1) * g.out[2] + o2;
                    if (kind != pool::kAvg) {
                        if (ws[1 + o] == at) acc += (double)dy[o];
                        continue;
                    }
                    int64_t l, h, cnt = 1;
                    const int64_t oo[3] = {o0, o1, o2};
                    for (int a = 0; a < 3; ++a) {
                        pool::window(g, a, oo[a], &l, &h);
                        cnt *= h - l;
                    }
                    acc += (double)dy[o] / (double)cnt;
                }
        dx[i] = (T)acc;
    }
}

}  // namespace

int pool_forward(int ordinal, int dtype, int kind, const Geom* g, const void* x, void* y, int64_t* ws) {
    NN4J_CU_ENTER("nn4j_pool_forward");
    if (ws) {
        tag_kernel<<<1, 1>>>(ws);
        if (int st = check_launch(fn)) return st;
    }
    const int64_t total = g->planes * g->osz;
    if (total == 0) return NN4J_OK;
    NN4J_CU_DISPATCH_FLOAT(fn, dtype, T, {
        pool_forward_kernel<T><<<grid_for(total), kThreads>>>(*g, kind, (const T*)x, (T*)y, ws, total);
        return check_launch(fn);
    });
    return NN4J_OK;
}

int pool_backward(int ordinal, int dtype, int kind, const Geom* g, const void* dy, const int64_t* ws, void* dx) {
    NN4J_CU_ENTER("nn4j_pool_backward");
    const int64_t total = g->planes * g->isz;
    if (total == 0) return NN4J_OK;
    NN4J_CU_DISPATCH_FLOAT(fn, dtype, T, {
        pool_backward_kernel<T><<<grid_for(total), kThreads>>>(*g, kind, (const T*)dy, ws, (T*)dx, total);
        return check_launch(fn);
    });
    return NN4J_OK;
}

}  // namespace cu
}  // namespace nn4j

#pragma GCC visibility pop
