// Local response normalization across channels (AlexNet), x (n, c, inner) (nn4j_nn.h):
//   s_c = k + alpha * sum_{c' in W(c)} x_c'^2,  y_c = x_c s_c^-beta,
//   W(c) = [max(0, c - size/2), min(C - 1, c + size/2)]   (alpha not divided by size, CURRICULUM R8)
// Backward, using that c' in W(c) iff c in W(c') (the clamped window is symmetric):
//   dx_c = dy_c s_c^-beta - 2 alpha beta x_c sum_{c' in W(c)} dy_c' x_c' s_c'^(-beta-1)
// Invariant: outputs overwrite (=). Forward saves nothing beyond x: backward recomputes s.
#include <cmath>
#include <vector>
#include "nn_common.h"
#include "nn_math.h"

using namespace nn4j;
using namespace nn4j::nn;

namespace {

thread_local std::vector<double> t_scratch;  // backward: s and dy x s^(-beta-1), grown once

struct Lrn {
    int64_t n, c, inner, half;
    double alpha, beta, k;
    int64_t lo(int64_t ch) const { return ch - half < 0 ? 0 : ch - half; }
    int64_t hi(int64_t ch) const { return ch + half > c - 1 ? c - 1 : ch + half; }
};

// s for row (i, ch), all inner positions, into s[0, inner)
template <class T> void window_sum(const Lrn& p, const T* x, int64_t i, int64_t ch, double* s) {
    for (int64_t j = 0; j < p.inner; ++j) s[j] = 0;
    for (int64_t cc = p.lo(ch); cc <= p.hi(ch); ++cc) {
        const T* xr = x + (i * p.c + cc) * p.inner;
        for (int64_t j = 0; j < p.inner; ++j) s[j] += (double)xr[j] * (double)xr[j];
    }
    for (int64_t j = 0; j < p.inner; ++j) s[j] = p.k + p.alpha * s[j];
}

template <class T> void forward(const Lrn& p, const T* x, T* y) {
    parallel_for(p.n * p.c, std::max<int64_t>(1, 4096 / std::max<int64_t>(p.inner, 1)), [&](int64_t b, int64_t e) {
        std::vector<double> s(p.inner);  // one per chunk, not per row
        for (int64_t r = b; r < e; ++r) {
            const int64_t i = r / p.c, ch = r - i * p.c;
            window_sum(p, x, i, ch, s.data());
            const T* xr = x + r * p.inner;
            T* yr = y + r * p.inner;
            for (int64_t j = 0; j < p.inner; ++j) yr[j] = (T)((double)xr[j] * std::pow(s[j], -p.beta));
        }
    });
}

template <class T> void backward(const Lrn& p, const T* x, const T* dy, T* dx) {
    const int64_t total = p.n * p.c * p.inner;
    std::vector<double>& scratch = t_scratch;
    scratch.resize((size_t)(2 * total));
    double* S = scratch.data();       // s, per element
    double* U = S + total;            // dy x s^(-beta-1)
    const int64_t grain = std::max<int64_t>(1, 4096 / std::max<int64_t>(p.inner, 1));
    parallel_for(p.n * p.c, grain, [&](int64_t b, int64_t e) {
        for (int64_t r = b; r < e; ++r) {
            const int64_t i = r / p.c, ch = r - i * p.c;
            double* s = S + r * p.inner;
            window_sum(p, x, i, ch, s);
            const T *xr = x + r * p.inner, *gr = dy + r * p.inner;
            for (int64_t j = 0; j < p.inner; ++j) U[r * p.inner + j] = (double)gr[j] * (double)xr[j] * std::pow(s[j], -p.beta - 1);
        }
    });
    parallel_for(p.n * p.c, grain, [&](int64_t b, int64_t e) {
        for (int64_t r = b; r < e; ++r) {
            const int64_t i = r / p.c, ch = r - i * p.c;
            const T *xr = x + r * p.inner, *gr = dy + r * p.inner;
            T* dr = dx + r * p.inner;
            for (int64_t j = 0; j < p.inner; ++j) {
                double acc = 0;
                for (int64_t cc = p.lo(ch); cc <= p.hi(ch); ++cc) acc += U[(i * p.c + cc) * p.inner + j];
                const double s = S[r * p.inner + j];
                dr[j] = (T)((double)gr[j] * std::pow(s, -p.beta) - 2 * p.alpha * p.beta * (double)xr[j] * acc);
            }
        }
    });
}

int check_lrn(const char* fn, int dtype, int64_t n, int64_t c, int64_t inner, int64_t size, double alpha,
              double beta, double k) {
    if (int st = check_float_dtype(fn, dtype)) return st;
    if (int st = check_count(fn, "n", n, 0)) return st;
    if (int st = check_count(fn, "c", c, 1)) return st;
    if (int st = check_count(fn, "inner", inner, 0)) return st;
    if (int st = check_count(fn, "size", size, 1)) return st;
    if (int st = check_product(fn, n, c, inner)) return st;
    if (!std::isfinite(alpha) || alpha < 0) return fail(NN4J_ERR_ARG, "%s: alpha = %g must be finite and >= 0", fn, alpha);
    if (!std::isfinite(beta)) return fail(NN4J_ERR_ARG, "%s: beta = %g is not finite", fn, beta);
    if (!(k > 0) || !std::isfinite(k)) return fail(NN4J_ERR_ARG, "%s: k = %g must be finite and > 0", fn, k);
    return NN4J_OK;
}

}  // namespace

extern "C" {

int nn4j_lrn_forward(int device, int dtype, int64_t n, int64_t c, int64_t inner, int64_t size, double alpha,
                     double beta, double k, const void* x, void* y) {
    static const char* fn = "nn4j_lrn_forward";
    if (int st = check_lrn(fn, dtype, n, c, inner, size, alpha, beta, k)) return st;
    if (n * inner == 0) return NN4J_OK;
    if (int st = check_ptr(fn, "x", x)) return st;
    if (int st = check_ptr(fn, "y", y)) return st;
    NN4J_NN_CUDA(fn, lrn_forward, dtype, n, c, inner, size, alpha, beta, k, x, y);
    try {
        Lrn p{n, c, inner, size / 2, alpha, beta, k};
        NN4J_FLOAT(dtype, T, forward<T>(p, (const T*)x, (T*)y));
    } catch (const std::bad_alloc&) {
        return fail(NN4J_ERR_OOM, "%s: out of memory", fn);
    }
    return NN4J_OK;
}

int nn4j_lrn_backward(int device, int dtype, int64_t n, int64_t c, int64_t inner, int64_t size, double alpha,
                      double beta, double k, const void* x, const void* dy, void* dx) {
    static const char* fn = "nn4j_lrn_backward";
    if (int st = check_lrn(fn, dtype, n, c, inner, size, alpha, beta, k)) return st;
    if (n * inner == 0) return NN4J_OK;
    if (int st = check_ptr(fn, "x", x)) return st;
    if (int st = check_ptr(fn, "dy", dy)) return st;
    if (int st = check_ptr(fn, "dx", dx)) return st;
    NN4J_NN_CUDA(fn, lrn_backward, dtype, n, c, inner, size, alpha, beta, k, x, dy, dx);
    try {
        Lrn p{n, c, inner, size / 2, alpha, beta, k};
        NN4J_FLOAT(dtype, T, backward<T>(p, (const T*)x, (const T*)dy, (T*)dx));
    } catch (const std::bad_alloc&) {
        return fail(NN4J_ERR_OOM, "%s: out of memory for %lld elements of scratch", fn, (long long)(2 * n * c * inner));
    }
    return NN4J_OK;
}

}  // extern "C"
