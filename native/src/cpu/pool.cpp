// nn4j_pool_forward / nn4j_pool_backward on the CPU: argument checks, CUDA forwarding, the oneDNN
// switch, and nn4j's own max / average / min pooling over 1, 2 or 3 spatial axes (right-aligned
// into three, see conv_math.h).
//
// Invariant: y, ws and dx are overwritten. Forward saves, for MAX/MIN, the plane index of each
// window's pick (ws[1 + i]); backward routes dy there. AVG saves nothing: backward spreads
// dy / count over the window's elements of x (pads are not counted).
//
// Planes (n, c) are independent, so threads split the planes; each plane's backward runs on one
// thread, which keeps the scatter race-free and its summation order fixed. The plain reference is
// the naive float64 loop in native/test/conv_check.cpp and in PoolingTest.
#include <algorithm>
#include <atomic>
#include <climits>
#include <cmath>
#include <cstring>
#include <type_traits>
#include <new>
#include <vector>
#include "conv_math.h"
#include "core.h"
#include "cuda_conv_table.h"
#include "dnnl_conv.h"
#include "dnnl_util.h"
#include "nn4j_pool.h"

namespace nn4j {

const ConvCudaTable* cuda_conv_table();  // conv.cpp
int no_cuda_conv(const char* fn, int device);

namespace pool {
namespace {

constexpr int64_t kMaxDim = int64_t(1) << 40;
constexpr int64_t kMaxGeom = int64_t(1) << 30;

int make_geom(const char* fn, int dtype, int kind, int nsp, const int64_t* x_shape,
              const int64_t* y_shape, const int64_t* kernel, const int64_t* stride,
              const int64_t* pad_begin, const int64_t* pad_end, Geom* g) {
    if (int st = check_float_dtype(fn, dtype)) return st;
    if (kind < 0 || kind >= NN4J_POOL_COUNT)
        return fail(NN4J_ERR_ARG, "%s: kind = %d, expected NN4J_POOL_MAX (0), AVG (1) or MIN (2)", fn, kind);
    if (nsp < 1 || nsp > kSp)
        return fail(NN4J_ERR_ARG, "%s: nsp = %d, expected 1, 2 or 3 spatial axes", fn, nsp);
    const int nd = nsp + 2;
    const struct { const char* name; const int64_t* s; } shapes[] = {{"x_shape", x_shape}, {"y_shape", y_shape}};
    for (const auto& sh : shapes) {
        if (!sh.s) return fail(NN4J_ERR_ARG, "%s: %s is null", fn, sh.name);
        int64_t n = 1;
        for (int d = 0; d < nd; ++d) {
            if (sh.s[d] < 0 || sh.s[d] > kMaxDim)
                return fail(NN4J_ERR_SHAPE, "%s: %s[%d] = %lld outside [0, 2^40]", fn, sh.name, d, (long long)sh.s[d]);
            if (__builtin_mul_overflow(n, sh.s[d], &n) || n > (int64_t(1) << 59))
                return fail(NN4J_ERR_SHAPE, "%s: %s has too many elements (overflow)", fn, sh.name);
        }
    }
    const struct { const char* name; const int64_t* v; } vecs[] = {
        {"kernel", kernel}, {"stride", stride}, {"pad_begin", pad_begin}, {"pad_end", pad_end}};
    for (const auto& v : vecs)
        if (!v.v) return fail(NN4J_ERR_ARG, "%s: %s is null", fn, v.name);
    if (x_shape[0] != y_shape[0] || x_shape[1] != y_shape[1])
        return fail(NN4J_ERR_SHAPE, "%s: y_shape (%lld, %lld, ...) must keep x_shape's batch and channels (%lld, %lld, ...)",
                    fn, (long long)y_shape[0], (long long)y_shape[1], (long long)x_shape[0], (long long)x_shape[1]);
    g->nsp = nsp;
    g->n = x_shape[0];
    g->c = x_shape[1];
    const int lead = kSp - nsp;
    for (int a = 0; a < kSp; ++a) {
        g->in[a] = g->out[a] = g->k[a] = g->s[a] = 1;
        g->pb[a] = g->pe[a] = 0;
    }
    for (int i = 0; i < nsp; ++i) {
        const int64_t in = x_shape[2 + i], k = kernel[i], s = stride[i], pb = pad_begin[i], pe = pad_end[i];
        if (k < 1 || k > kMaxGeom)
            return fail(NN4J_ERR_ARG, "%s: kernel[%d] = %lld outside [1, 2^30]", fn, i, (long long)k);
        if (s < 1 || s > kMaxGeom)
            return fail(NN4J_ERR_ARG, "%s: stride[%d] = %lld outside [1, 2^30]", fn, i, (long long)s);
        if (pb < 0 || pb >= k || pe < 0 || pe >= k)
            return fail(NN4J_ERR_ARG, "%s: pad_begin[%d] = %lld and pad_end[%d] = %lld must lie in [0, kernel[%d] = %lld)",
                        fn, i, (long long)pb, i, (long long)pe, i, (long long)k);
        if (in < 1)
            return fail(NN4J_ERR_SHAPE, "%s: x_shape[%d] = %lld, spatial sizes must be >= 1", fn, 2 + i, (long long)in);
        if (k > in + pb + pe)
            return fail(NN4J_ERR_SHAPE, "%s: on spatial axis %d the kernel %lld is longer than the padded input %lld + %lld + %lld",
                        fn, i, (long long)k, (long long)in, (long long)pb, (long long)pe);
        const int64_t out = out_len(in, k, s, pb, pe);
        if (y_shape[2 + i] != out)
            return fail(NN4J_ERR_SHAPE,
                        "%s: y_shape[%d] = %lld does not fit x_shape[%d] = %lld: floor((%lld + %lld + %lld - %lld) / %lld) + 1 = %lld",
                        fn, 2 + i, (long long)y_shape[2 + i], 2 + i, (long long)in, (long long)in, (long long)pb,
                        (long long)pe, (long long)k, (long long)s, (long long)out);
        const int a = lead + i;
        g->in[a] = in;
        g->out[a] = out;
        g->k[a] = k;
        g->s[a] = s;
        g->pb[a] = pb;
        g->pe[a] = pe;
    }
    finish(*g);
    return NN4J_OK;
}

int64_t plane_grain(const Geom& g) {
    const int64_t work = std::max<int64_t>(1, g.osz * g.k[0] * g.k[1] * g.k[2] + g.isz);
    return std::max<int64_t>(1, 32768 / work);
}

// Output coordinates [lo, hi) on the last axis whose window tap q (offset q - pad_begin) lands
// inside the input: 0 <= ow*s + q - pb < in.
inline void tap_range(const Geom& g, int64_t q, int64_t* lo, int64_t* hi) {
    const int64_t off = q - g.pb[2], s = g.s[2], n = g.out[2];
    int64_t l = off >= 0 ? 0 : (-off + s - 1) / s;
    int64_t h = g.in[2] - off <= 0 ? 0 : (g.in[2] - off + s - 1) / s;
    *lo = std::min(l, n);
    *hi = std::max(std::min(h, n), *lo);
}

template <class T> constexpr T ew_inf() { return (T)INFINITY; }

// Per-thread scratch rows (one output row of the last axis).
thread_local std::vector<double> t_sum;
thread_local std::vector<int64_t> t_pick;
thread_local std::vector<int32_t> t_pick32;

// The kernels run "tap-major" over one output row at a time: for each input row the windows
// touch and each tap of the last axis, a branch-free pass over the row's outputs (the compiler
// vectorises these). MAX/MIN take two sweeps: the first finds the value (a NaN replaces a number
// and stays, K17); the second visits the taps in reverse row-major window order and records every
// element equal to the value, so the last record is the first index (K16). Indices are built in
// 32 bits where the plane allows, to keep lanes as wide as the float compares. A single sweep with
// a running index measured 4x slower: its selects become data-dependent branches.
template <int KIND, class T> inline bool better(T v, T best) {
    return (KIND == kMin ? v < best : v > best) | (v != v);
}

// Calls f(row, xr_index_of_ow0, lo, hi, s) for the taps of output row (od, oh) in row-major
// window order (or reversed), where the tap reads x[row + ow*s + off] for ow in [lo, hi).
template <bool REVERSE, class F>
inline void for_taps(const Geom& g, int64_t lo0, int64_t hi0, int64_t lo1, int64_t hi1, F&& f) {
    const int64_t n0 = hi0 - lo0, n1 = hi1 - lo1, k2 = g.k[2];
    int64_t rng[2 * 64];  // tap ranges, computed once per row for the usual small kernels
    const bool pre = k2 <= 64;
    if (pre)
        for (int64_t q = 0; q < k2; ++q) tap_range(g, q, &rng[2 * q], &rng[2 * q + 1]);
    for (int64_t i0 = 0; i0 < n0; ++i0) {
        const int64_t d = REVERSE ? hi0 - 1 - i0 : lo0 + i0;
        for (int64_t i1 = 0; i1 < n1; ++i1) {
            const int64_t h = REVERSE ? hi1 - 1 - i1 : lo1 + i1;
            const int64_t row = (d * g.in[1] + h) * g.in[2] - g.pb[2];
            for (int64_t i2 = 0; i2 < k2; ++i2) {
                const int64_t q = REVERSE ? k2 - 1 - i2 : i2;
                int64_t lo, hi;
                if (pre) lo = rng[2 * q], hi = rng[2 * q + 1];
                else tap_range(g, q, &lo, &hi);
                f(row + q, lo, hi, g.s[2]);
            }
        }
    }
}

template <int KIND, class T, class I>
void pick_row(const Geom& g, const T* xp, int64_t lo0, int64_t hi0, int64_t lo1, int64_t hi1, T* yr, int64_t* ir,
              I* scratch) {
    const int64_t o2 = g.out[2];
    std::fill(yr, yr + o2, KIND == kMin ? ew_inf<T>() : -ew_inf<T>());
    for_taps<false>(g, lo0, hi0, lo1, hi1, [&](int64_t base, int64_t lo, int64_t hi, int64_t s) {
        for (int64_t ow = lo; ow < hi; ++ow) {
            const T v = xp[base + ow * s];
            yr[ow] = better<KIND>(v, yr[ow]) ? v : yr[ow];
        }
    });
    if (!ir) return;
    for_taps<true>(g, lo0, hi0, lo1, hi1, [&](int64_t base, int64_t lo, int64_t hi, int64_t s) {
        const I b0 = (I)base, si = (I)s;
        for (int64_t ow = lo; ow < hi; ++ow) {
            const T v = xp[base + ow * s], b = yr[ow];
            const bool eq = (v == b) | ((v != v) & (b != b));
            scratch[ow] = eq ? b0 + (I)ow * si : scratch[ow];
        }
    });
    for (int64_t ow = 0; ow < o2; ++ow) ir[ow] = (int64_t)scratch[ow];
}

// One output per plane (global pooling and its like): the window is a box of whole rows, scanned
// row by row; the index sweep stops at the first element equal to the value.
template <int KIND, class T> void forward_single(const Geom& g, const T* xp, T* yp, int64_t* ip) {
    int64_t lo[3], hi[3];
    for (int a = 0; a < kSp; ++a) window(g, a, 0, &lo[a], &hi[a]);
    auto rows = [&](auto&& f) {
        for (int64_t d = lo[0]; d < hi[0]; ++d)
            for (int64_t h = lo[1]; h < hi[1]; ++h)
                if (f((d * g.in[1] + h) * g.in[2])) return;
    };
    if (KIND == kAvg) {
        double acc[4] = {0, 0, 0, 0};
        rows([&](int64_t row) {
            int64_t w = lo[2];
            for (; w + 4 <= hi[2]; w += 4)
                for (int u = 0; u < 4; ++u) acc[u] += (double)xp[row + w + u];
            for (; w < hi[2]; ++w) acc[0] += (double)xp[row + w];
            return false;
        });
        const double cnt = (double)((hi[0] - lo[0]) * (hi[1] - lo[1]) * (hi[2] - lo[2]));
        *yp = (T)(((acc[0] + acc[1]) + (acc[2] + acc[3])) / cnt);
        return;
    }
    T best = KIND == kMin ? ew_inf<T>() : -ew_inf<T>();
    rows([&](int64_t row) {
        for (int64_t w = lo[2]; w < hi[2]; ++w) {
            const T v = xp[row + w];
            best = better<KIND>(v, best) ? v : best;
        }
        return false;
    });
    *yp = best;
    if (!ip) return;
    rows([&](int64_t row) {
        for (int64_t w = lo[2]; w < hi[2]; ++w) {
            const T v = xp[row + w];
            if (v == best || (v != v && best != best)) {
                *ip = row + w;
                return true;
            }
        }
        return false;
    });
}

// Windows that tile the plane: no padding, stride == kernel on the last two axes, no depth window
// (2x2/2, 3x3/3: the pooling of most CNNs). Each window is scanned once in row-major order with a
// running pick; a later element replaces the pick only when strictly better, or when it is the
// first NaN, so the pick is the first index of the value (K16, K17), as in the two-sweep path. The
// general path pays its per-row setup on every output row, which for LeNet's 14- and 5-wide rows
// cost 4-10 ns per input element; here the window loops are fixed-size for 2x2. AVG sums each
// window in double, as the general path does.
inline bool tiles_plane(const Geom& g) {
    for (int a = 0; a < kSp; ++a)
        if (g.pb[a] != 0 || g.pe[a] != 0) return false;
    return g.k[0] == 1 && g.s[0] == 1 && g.k[1] == g.s[1] && g.k[2] == g.s[2];
}

// c ? a : b without a branch: with plain selects the compiler emits jumps here, and on real data
// (which element of a window is largest is a coin toss) they mispredict half the time.
template <class T> inline T select_bits(bool c, T a, T b) {
    using U = std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>;
    U ua, ub;
    std::memcpy(&ua, &a, sizeof(T));
    std::memcpy(&ub, &b, sizeof(T));
    const U m = U(0) - U(c);
    const U r = (ua & m) | (ub & ~m);
    T out;
    std::memcpy(&out, &r, sizeof(T));
    return out;
}

template <int KIND, int KH, int KW, class T>
void forward_tiled(const Geom& g, const T* xp, T* yp, int64_t* ip) {
    // Tap-major over a chunk of one output row: the chunk's windows are independent, so each tap's
    // pass over them has no carried dependency (window-major, the compare-select chain of one
    // window is latency-bound at ~10 cycles a tap).
    constexpr int64_t kChunk = 64;
    const int64_t kh = KH ? KH : g.k[1], kw = KW ? KW : g.k[2];
    const int64_t in2 = g.in[2], o1 = g.out[1], o2 = g.out[2];
    int64_t at_scratch[kChunk];  // picks' indices when the caller wants none
    for (int64_t d = 0; d < g.out[0]; ++d) {
        const int64_t dbase = d * g.in[1] * in2;
        for (int64_t oh = 0; oh < o1; ++oh) {
            const int64_t rbase = dbase + oh * kh * in2;
            T* yr = yp + (d * o1 + oh) * o2;
            int64_t* ir = ip ? ip + (d * o1 + oh) * o2 : nullptr;
            for (int64_t c0 = 0; c0 < o2; c0 += kChunk) {
                const int64_t n = std::min(kChunk, o2 - c0), cbase = rbase + c0 * kw;
                if constexpr (KIND == kAvg) {
                    double acc[kChunk];
                    for (int64_t q = 0; q < n; ++q) acc[q] = 0;
                    for (int64_t i = 0; i < kh; ++i)
                        for (int64_t j = 0; j < kw; ++j) {
                            const T* xr = xp + cbase + i * in2 + j;
                            for (int64_t q = 0; q < n; ++q) acc[q] += (double)xr[q * kw];
                        }
                    const double cnt = (double)(kh * kw);
                    for (int64_t q = 0; q < n; ++q) yr[c0 + q] = (T)(acc[q] / cnt);
                    continue;
                }
                // the running picks live in the outputs themselves (staging them and copying out
                // cost as much as the scan for LeNet's short rows)
                T* best = yr + c0;
                int64_t* at = ir ? ir + c0 : at_scratch;
                for (int64_t q = 0; q < n; ++q) {
                    best[q] = xp[cbase + q * kw];
                    at[q] = cbase + q * kw;
                }
                for (int64_t i = 0; i < kh; ++i)
                    for (int64_t j = (i == 0 ? 1 : 0); j < kw; ++j) {
                        const int64_t off = cbase + i * in2 + j;
                        for (int64_t q = 0; q < n; ++q) {
                            const int64_t e = off + q * kw;
                            const T v = xp[e], b = best[q];
                            const bool c = (KIND == kMin ? v < b : v > b) | ((v != v) & (b == b));
                            best[q] = select_bits(c, v, b);
                            at[q] = select_bits(c, e, at[q]);
                        }
                    }
            }
        }
    }
}

template <int KIND, class T> void forward_plane(const Geom& g, const T* xp, T* yp, int64_t* ip) {
    if (g.osz == 1) return forward_single<KIND>(g, xp, yp, ip);
    if (tiles_plane(g)) {
        if (g.k[1] == 2 && g.k[2] == 2) return forward_tiled<KIND, 2, 2>(g, xp, yp, ip);
        return forward_tiled<KIND, 0, 0>(g, xp, yp, ip);
    }
    const int64_t o2 = g.out[2];
    if ((int64_t)t_sum.size() < o2) t_sum.resize(o2), t_pick.resize(o2), t_pick32.resize(o2);
    const bool narrow = g.isz <= INT32_MAX;
    for (int64_t od = 0; od < g.out[0]; ++od) {
        int64_t lo0, hi0;
        window(g, 0, od, &lo0, &hi0);
        for (int64_t oh = 0; oh < g.out[1]; ++oh) {
            int64_t lo1, hi1;
            window(g, 1, oh, &lo1, &hi1);
            const int64_t ro = (od * g.out[1] + oh) * o2;
            T* yr = yp + ro;
            if (KIND != kAvg) {
                int64_t* ir = ip ? ip + ro : nullptr;
                if (narrow) pick_row<KIND>(g, xp, lo0, hi0, lo1, hi1, yr, ir, t_pick32.data());
                else pick_row<KIND>(g, xp, lo0, hi0, lo1, hi1, yr, ir, t_pick.data());
                continue;
            }
            double* acc = t_sum.data();
            std::fill(acc, acc + o2, 0.0);
            for_taps<false>(g, lo0, hi0, lo1, hi1, [&](int64_t base, int64_t lo, int64_t hi, int64_t s) {
                for (int64_t ow = lo; ow < hi; ++ow) acc[ow] += (double)xp[base + ow * s];
            });
            const double rows = (double)((hi0 - lo0) * (hi1 - lo1));
            for (int64_t ow = 0; ow < o2; ++ow) {
                int64_t lo2, hi2;
                window(g, 2, ow, &lo2, &hi2);
                yr[ow] = (T)(acc[ow] / (rows * (double)(hi2 - lo2)));
            }
        }
    }
}

template <class T> void forward_own(const Geom& g, int kind, const T* x, T* y, int64_t* ws) {
    if (ws) ws[0] = kWsOwn;
    int64_t* idx = ws ? ws + 1 : nullptr;
    parallel_for(g.planes, plane_grain(g), [&](int64_t p0, int64_t p1) {
        for (int64_t p = p0; p < p1; ++p) {
            const T* xp = x + p * g.isz;
            T* yp = y + p * g.osz;
            int64_t* ip = idx ? idx + p * g.osz : nullptr;
            if (kind == kMax) forward_plane<kMax>(g, xp, yp, ip);
            else if (kind == kMin) forward_plane<kMin>(g, xp, yp, ip);
            else forward_plane<kAvg>(g, xp, yp, ip);
        }
    });
}

// dx of one plane for AVG: each output's gradient divided by its window's element count, added
// to the window's elements (tap-major, like forward_plane).
template <class T> void avg_backward_plane(const Geom& g, const T* dyp, T* dxp) {
    if (g.osz == 1) {  // one window: a constant over a box of whole rows
        int64_t lo[3], hi[3];
        for (int a = 0; a < kSp; ++a) window(g, a, 0, &lo[a], &hi[a]);
        const T v = (T)((double)dyp[0] / (double)((hi[0] - lo[0]) * (hi[1] - lo[1]) * (hi[2] - lo[2])));
        for (int64_t d = lo[0]; d < hi[0]; ++d)
            for (int64_t h = lo[1]; h < hi[1]; ++h) {
                T* r = dxp + (d * g.in[1] + h) * g.in[2];
                std::fill(r + lo[2], r + hi[2], v);
            }
        return;
    }
    if (tiles_plane(g)) {  // each element of x lies in at most one window
        const int64_t kh = g.k[1], kw = g.k[2], in2 = g.in[2];
        const double cnt = (double)(kh * kw);
        for (int64_t d = 0; d < g.out[0]; ++d)
            for (int64_t oh = 0; oh < g.out[1]; ++oh) {
                const T* dyr = dyp + (d * g.out[1] + oh) * g.out[2];
                T* r = dxp + (d * g.in[1] + oh * kh) * in2;
                for (int64_t ow = 0; ow < g.out[2]; ++ow) {
                    const T v = (T)((double)dyr[ow] / cnt);
                    for (int64_t i = 0; i < kh; ++i)
                        for (int64_t j = 0; j < kw; ++j) r[i * in2 + ow * kw + j] = v;
                }
            }
        return;
    }
    const int64_t o2 = g.out[2];
    if ((int64_t)t_sum.size() < o2) t_sum.resize(o2), t_pick.resize(o2), t_pick32.resize(o2);
    double* gr = t_sum.data();
    for (int64_t od = 0; od < g.out[0]; ++od) {
        int64_t lo0, hi0;
        window(g, 0, od, &lo0, &hi0);
        for (int64_t oh = 0; oh < g.out[1]; ++oh) {
            int64_t lo1, hi1;
            window(g, 1, oh, &lo1, &hi1);
            const T* dyr = dyp + (od * g.out[1] + oh) * o2;
            const double rows = (double)((hi0 - lo0) * (hi1 - lo1));
            for (int64_t ow = 0; ow < o2; ++ow) {
                int64_t lo2, hi2;
                window(g, 2, ow, &lo2, &hi2);
                gr[ow] = (double)dyr[ow] / (rows * (double)(hi2 - lo2));
            }
            for_taps<false>(g, lo0, hi0, lo1, hi1, [&](int64_t base, int64_t lo, int64_t hi, int64_t s) {
                for (int64_t ow = lo; ow < hi; ++ow) dxp[base + ow * s] += (T)gr[ow];
            });
        }
    }
}

// Returns the first bad workspace index (>= 0 means the caller passed a foreign buffer), or -1.
template <class T> int64_t backward_own(const Geom& g, int kind, const T* dy, const int64_t* ws, T* dx) {
    const int64_t* idx = ws ? ws + 1 : nullptr;
    std::atomic<int64_t> bad{-1};
    parallel_for(g.planes, plane_grain(g), [&](int64_t p0, int64_t p1) {
        for (int64_t p = p0; p < p1; ++p) {
            const T* dyp = dy + p * g.osz;
            T* dxp = dx + p * g.isz;
            std::fill(dxp, dxp + g.isz, T(0));
            if (kind == kAvg) {
                avg_backward_plane(g, dyp, dxp);
                continue;
            }
            const int64_t* ip = idx + p * g.osz;
            for (int64_t o = 0; o < g.osz; ++o) {
                const int64_t i = ip[o];
                if ((uint64_t)i >= (uint64_t)g.isz) {
                    bad.store(p * g.osz + o);
                    break;
                }
                dxp[i] += dyp[o];
            }
        }
    });
    return bad.load();
}

template <class F> int guarded(const char* fn, F&& body) {
    try {
        return body();
    } catch (const std::bad_alloc&) {
        return fail(NN4J_ERR_OOM, "%s: out of memory", fn);
    } catch (...) {
        return fail(NN4J_ERR_INTERNAL, "%s: unexpected C++ exception", fn);
    }
}

}  // namespace
}  // namespace pool
}  // namespace nn4j

using namespace nn4j;
using namespace nn4j::pool;

extern "C" {

int nn4j_pool_forward(int device, int dtype, int kind, int nsp, const int64_t* x_shape,
                      const int64_t* y_shape, const int64_t* kernel, const int64_t* stride,
                      const int64_t* pad_begin, const int64_t* pad_end, const void* x, void* y,
                      int64_t* ws) {
    const char* fn = "nn4j_pool_forward";
    Geom g;
    if (int st = make_geom(fn, dtype, kind, nsp, x_shape, y_shape, kernel, stride, pad_begin, pad_end, &g)) return st;
    const int64_t ny = g.planes * g.osz;
    if (ny > 0 && (!x || !y)) return fail(NN4J_ERR_ARG, "%s: %s is null", fn, x ? "y" : "x");
    if (device < 0) return fail(NN4J_ERR_ARG, "%s: device %d is negative", fn, device);
    if (kind == kAvg) ws = nullptr;
    return guarded(fn, [&] {
        if (device != 0) {
            const ConvCudaTable* t = cuda_conv_table();
            return t ? t->pool_forward(device - 1, dtype, kind, &g, x, y, ws) : no_cuda_conv(fn, device);
        }
        if (ny == 0) {
            if (ws) ws[0] = kWsOwn;
            return (int)NN4J_OK;
        }
        int st;
        if (onednn_forward(g, dtype, kind, x, y, ws, &st)) return st;
        dnnl_note_path(fn, false);
        if (dtype == NN4J_F32) forward_own(g, kind, (const float*)x, (float*)y, ws);
        else forward_own(g, kind, (const double*)x, (double*)y, ws);
        return (int)NN4J_OK;
    });
}

int nn4j_pool_backward(int device, int dtype, int kind, int nsp, const int64_t* x_shape,
                       const int64_t* y_shape, const int64_t* kernel, const int64_t* stride,
                       const int64_t* pad_begin, const int64_t* pad_end, const void* dy,
                       const int64_t* ws, void* dx) {
    const char* fn = "nn4j_pool_backward";
    Geom g;
    if (int st = make_geom(fn, dtype, kind, nsp, x_shape, y_shape, kernel, stride, pad_begin, pad_end, &g)) return st;
    const int64_t nx = g.planes * g.isz, ny = g.planes * g.osz;
    if (nx > 0 && !dx) return fail(NN4J_ERR_ARG, "%s: dx is null", fn);
    if (ny > 0 && !dy) return fail(NN4J_ERR_ARG, "%s: dy is null", fn);
    if (kind != kAvg && !ws)
        return fail(NN4J_ERR_ARG, "%s: ws is null: %s pooling needs the workspace written by nn4j_pool_forward", fn,
                    kind == kMax ? "max" : "min");
    if (device < 0) return fail(NN4J_ERR_ARG, "%s: device %d is negative", fn, device);
    if (kind == kAvg) ws = nullptr;
    return guarded(fn, [&] {
        if (device != 0) {
            const ConvCudaTable* t = cuda_conv_table();
            return t ? t->pool_backward(device - 1, dtype, kind, &g, dy, ws, dx) : no_cuda_conv(fn, device);
        }
        if (nx == 0) return (int)NN4J_OK;
        int st;
        if (ws && ws[0] == kWsDnnl) {
            if (onednn_backward(g, dtype, kind, dy, ws, dx, true, &st)) return st;
            return fail(NN4J_ERR_ARG, "%s: ws was written by oneDNN's pooling, which cannot run this backward "
                        "(dtype %s, kind %d)", fn, dtype_name(dtype), kind);
        }
        if (ws && ws[0] != kWsOwn)
            return fail(NN4J_ERR_ARG, "%s: ws was not written by nn4j_pool_forward (tag %#llx)", fn,
                        (unsigned long long)ws[0]);
        if (!ws && onednn_backward(g, dtype, kind, dy, ws, dx, false, &st)) return st;
        dnnl_note_path(fn, false);
        const int64_t bad = dtype == NN4J_F32 ? backward_own(g, kind, (const float*)dy, ws, (float*)dx)
                                              : backward_own(g, kind, (const double*)dy, ws, (double*)dx);
        if (bad >= 0)
            return fail(NN4J_ERR_ARG, "%s: ws[%lld] = %lld is not an index into an x plane of %lld elements "
                        "(ws was not written by a forward with these shapes)", fn, (long long)(1 + bad),
                        (long long)ws[1 + bad], (long long)g.isz);
        return (int)NN4J_OK;
    });
}

}  // extern "C"
