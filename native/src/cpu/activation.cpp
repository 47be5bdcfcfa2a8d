// Activations and softmax / log-softmax (nn4j_nn.h). Per-element math lives in nn_math.h so the
// CUDA twin computes the same values. Invariant: outputs overwrite (=); dx may alias dy.
// Softmax rows are independent, so the thread split over (outer, inner) rows cannot change
// results: each row is reduced by one thread in index order.
#include <algorithm>
#include <cmath>
#include <vector>
#include "nn_common.h"
#include "nn_math.h"

using namespace nn4j;
using namespace nn4j::nn;

namespace {

constexpr int64_t kGrain = 16384;

// The activation is a template argument so that its switch folds away and each loop is a plain
// (vectorisable) element loop: with the switch inside, relu's backward ran at a fraction of
// memory speed.
template <int ACT, class T> void act_fwd_loop(int64_t n, const T* x, T* y, T alpha) {
    parallel_for(n, kGrain, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) y[i] = act_forward<T>(ACT, x[i], alpha);
    });
}

template <int ACT, class T> void act_bwd_loop(int64_t n, const T* x, const T* dy, T* dx, T alpha) {
    parallel_for(n, kGrain, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) dx[i] = act_backward<T>(ACT, x[i], dy[i], alpha);
    });
}

#define NN4J_EACH_ACT(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9)
static_assert(NN4J_ACT_COUNT == 10, "NN4J_EACH_ACT lists every activation code");

template <class T> void act_fwd(int act, int64_t n, const T* x, T* y, T alpha) {
    switch (act) {
#define NN4J_ACT_FWD(A) case A: act_fwd_loop<A, T>(n, x, y, alpha); break;
        NN4J_EACH_ACT(NN4J_ACT_FWD)
#undef NN4J_ACT_FWD
    }
}

template <class T> void act_bwd(int act, int64_t n, const T* x, const T* dy, T* dx, T alpha) {
    switch (act) {
#define NN4J_ACT_BWD(A) case A: act_bwd_loop<A, T>(n, x, dy, dx, alpha); break;
        NN4J_EACH_ACT(NN4J_ACT_BWD)
#undef NN4J_ACT_BWD
    }
}

// ---- bias + activation: rows split over threads; each row is a plain loop over columns
template <int ACT, class T> void bias_act_fwd_loop(int64_t rows, int64_t cols, const T* u, const T* b, T* y, T alpha) {
    parallel_for(rows, std::max<int64_t>(1, kGrain / std::max<int64_t>(1, cols)), [&](int64_t r0, int64_t r1) {
        for (int64_t r = r0; r < r1; ++r) {
            const T* ur = u + r * cols;
            T* yr = y + r * cols;
            if (b) for (int64_t c = 0; c < cols; ++c) yr[c] = act_forward<T>(ACT, ur[c] + b[c], alpha);
            else for (int64_t c = 0; c < cols; ++c) yr[c] = act_forward<T>(ACT, ur[c], alpha);
        }
    });
}

template <int ACT, class T>
void bias_act_bwd_loop(int64_t rows, int64_t cols, const T* u, const T* b, const T* dy, T* du, T alpha) {
    parallel_for(rows, std::max<int64_t>(1, kGrain / std::max<int64_t>(1, cols)), [&](int64_t r0, int64_t r1) {
        for (int64_t r = r0; r < r1; ++r) {
            const T *ur = u + r * cols, *gr = dy + r * cols;
            T* dr = du + r * cols;
            if (b) for (int64_t c = 0; c < cols; ++c) dr[c] = act_backward<T>(ACT, ur[c] + b[c], gr[c], alpha);
            else for (int64_t c = 0; c < cols; ++c) dr[c] = act_backward<T>(ACT, ur[c], gr[c], alpha);
        }
    });
}

// dbias[c] = sum_r du[r, c], rows in order, in double: one pass over du, the same on any thread count.
template <class T> void column_sums(int64_t rows, int64_t cols, const T* du, T* db) {
    std::vector<double> acc((size_t)cols, 0.0);
    for (int64_t r = 0; r < rows; ++r) {
        const T* dr = du + r * cols;
        for (int64_t c = 0; c < cols; ++c) acc[c] += (double)dr[c];
    }
    for (int64_t c = 0; c < cols; ++c) db[c] = (T)acc[c];
}

template <class T> void bias_act_fwd(int act, int64_t rows, int64_t cols, const T* u, const T* b, T* y, T alpha) {
    switch (act) {
#define NN4J_BA_FWD(A) case A: bias_act_fwd_loop<A, T>(rows, cols, u, b, y, alpha); break;
        NN4J_EACH_ACT(NN4J_BA_FWD)
#undef NN4J_BA_FWD
    }
}

template <class T>
void bias_act_bwd(int act, int64_t rows, int64_t cols, const T* u, const T* b, const T* dy, T* du, T* db, T alpha) {
    switch (act) {
#define NN4J_BA_BWD(A) case A: bias_act_bwd_loop<A, T>(rows, cols, u, b, dy, du, alpha); break;
        NN4J_EACH_ACT(NN4J_BA_BWD)
#undef NN4J_BA_BWD
    }
    if (db) column_sums(rows, cols, du, db);
}

int check_act(const char* fn, int act, int dtype, int64_t n, double alpha) {
    if (act < 0 || act >= NN4J_ACT_COUNT)
        return fail(NN4J_ERR_ARG, "%s: activation %d is not an NN4J_ACT_* code [0, %d)", fn, act, NN4J_ACT_COUNT);
    if (int st = check_float_dtype(fn, dtype)) return st;
    if (int st = check_count(fn, "n", n, 0)) return st;
    if (!std::isfinite(alpha)) return fail(NN4J_ERR_ARG, "%s: alpha = %g is not finite", fn, alpha);
    return NN4J_OK;
}

// ---- softmax over the middle axis of (outer, dim, inner); row r = (o, i) has stride inner
template <class T> void softmax_fwd(bool log, int64_t outer, int64_t dim, int64_t inner, const T* x, T* y) {
    parallel_for(outer * inner, std::max<int64_t>(1, 4096 / dim), [&](int64_t b, int64_t e) {
        for (int64_t r = b; r < e; ++r) {
            const int64_t o = r / inner, in = r - o * inner;
            const T* xr = x + o * dim * inner + in;
            T* yr = y + o * dim * inner + in;
            T m = xr[0];
            for (int64_t j = 1; j < dim; ++j) {
                const T v = xr[j * inner];
                if (v > m || v != v) m = v;  // NaN wins, so it propagates to the row
            }
            if (std::isinf(m)) m = m > 0 ? m : T(0);  // all -inf rows: NaN (0/0), as exp(-inf - -inf)
            double s = 0;
            for (int64_t j = 0; j < dim; ++j) s += (double)std::exp(xr[j * inner] - m);
            if (log) {
                const T ls = (T)std::log(s);
                for (int64_t j = 0; j < dim; ++j) yr[j * inner] = xr[j * inner] - m - ls;
            } else {
                const T inv = (T)(1.0 / s);
                for (int64_t j = 0; j < dim; ++j) yr[j * inner] = std::exp(xr[j * inner] - m) * inv;
            }
        }
    });
}

template <class T>
void softmax_bwd(bool log, int64_t outer, int64_t dim, int64_t inner, const T* y, const T* dy, T* dx) {
    parallel_for(outer * inner, std::max<int64_t>(1, 4096 / dim), [&](int64_t b, int64_t e) {
        for (int64_t r = b; r < e; ++r) {
            const int64_t o = r / inner, in = r - o * inner, base = o * dim * inner + in;
            const T *yr = y + base, *gr = dy + base;
            T* dr = dx + base;
            double s = 0;
            if (log) {
                for (int64_t j = 0; j < dim; ++j) s += (double)gr[j * inner];
                const T st = (T)s;
                for (int64_t j = 0; j < dim; ++j) dr[j * inner] = gr[j * inner] - std::exp(yr[j * inner]) * st;
            } else {
                for (int64_t j = 0; j < dim; ++j) s += (double)gr[j * inner] * (double)yr[j * inner];
                const T st = (T)s;
                for (int64_t j = 0; j < dim; ++j) dr[j * inner] = yr[j * inner] * (gr[j * inner] - st);
            }
        }
    });
}

int check_softmax(const char* fn, int dtype, int log, int64_t outer, int64_t dim, int64_t inner) {
    if (int st = check_float_dtype(fn, dtype)) return st;
    if (log != 0 && log != 1) return fail(NN4J_ERR_ARG, "%s: log = %d, expected 0 or 1", fn, log);
    if (int st = check_count(fn, "outer", outer, 0)) return st;
    if (int st = check_count(fn, "dim", dim, 1)) return st;
    if (int st = check_count(fn, "inner", inner, 0)) return st;
    return check_product(fn, outer, dim, inner);
}

}  // namespace

extern "C" {

int nn4j_activation_forward(int device, int act, int dtype, int64_t n, const void* x, void* y, double alpha) {
    static const char* fn = "nn4j_activation_forward";
    if (int st = check_act(fn, act, dtype, n, alpha)) return st;
    if (n == 0) return NN4J_OK;
    if (int st = check_ptr(fn, "x", x)) return st;
    if (int st = check_ptr(fn, "y", y)) return st;
    NN4J_NN_CUDA(fn, activation_forward, act, dtype, n, x, y, alpha);
    NN4J_FLOAT(dtype, T, act_fwd<T>(act, n, (const T*)x, (T*)y, (T)alpha));
    return NN4J_OK;
}

int nn4j_activation_backward(int device, int act, int dtype, int64_t n, const void* x, const void* dy, void* dx,
                             double alpha) {
    static const char* fn = "nn4j_activation_backward";
    if (int st = check_act(fn, act, dtype, n, alpha)) return st;
    if (n == 0) return NN4J_OK;
    if (int st = check_ptr(fn, "x", x)) return st;
    if (int st = check_ptr(fn, "dy", dy)) return st;
    if (int st = check_ptr(fn, "dx", dx)) return st;
    NN4J_NN_CUDA(fn, activation_backward, act, dtype, n, x, dy, dx, alpha);
    NN4J_FLOAT(dtype, T, act_bwd<T>(act, n, (const T*)x, (const T*)dy, (T*)dx, (T)alpha));
    return NN4J_OK;
}

int nn4j_bias_act_forward(int device, int act, int dtype, int64_t rows, int64_t cols, const void* u,
                          const void* bias, void* y, double alpha) {
    static const char* fn = "nn4j_bias_act_forward";
    if (int st = check_act(fn, act, dtype, 0, alpha)) return st;
    if (int st = check_count(fn, "rows", rows, 0)) return st;
    if (int st = check_count(fn, "cols", cols, 0)) return st;
    if (int st = check_product(fn, rows, cols)) return st;
    if (rows == 0 || cols == 0) return NN4J_OK;
    if (int st = check_ptr(fn, "u", u)) return st;
    if (int st = check_ptr(fn, "y", y)) return st;
    NN4J_NN_CUDA(fn, bias_act_forward, act, dtype, rows, cols, u, bias, y, alpha);
    NN4J_FLOAT(dtype, T, bias_act_fwd<T>(act, rows, cols, (const T*)u, (const T*)bias, (T*)y, (T)alpha));
    return NN4J_OK;
}

int nn4j_bias_act_backward(int device, int act, int dtype, int64_t rows, int64_t cols, const void* u,
                           const void* bias, const void* dy, void* du, void* dbias, double alpha) {
    static const char* fn = "nn4j_bias_act_backward";
    if (int st = check_act(fn, act, dtype, 0, alpha)) return st;
    if (int st = check_count(fn, "rows", rows, 0)) return st;
    if (int st = check_count(fn, "cols", cols, 0)) return st;
    if (int st = check_product(fn, rows, cols)) return st;
    if (cols == 0) return NN4J_OK;
    if (rows == 0) {  // no rows: the bias gradient is all zeros
        if (!dbias) return NN4J_OK;
        if (device == 0) {
            NN4J_FLOAT(dtype, T, std::fill((T*)dbias, (T*)dbias + cols, T(0)));
            return NN4J_OK;
        }
    } else {
        if (int st = check_ptr(fn, "u", u)) return st;
        if (int st = check_ptr(fn, "dy", dy)) return st;
        if (int st = check_ptr(fn, "du", du)) return st;
    }
    NN4J_NN_CUDA(fn, bias_act_backward, act, dtype, rows, cols, u, bias, dy, du, dbias, alpha);
    NN4J_FLOAT(dtype, T, bias_act_bwd<T>(act, rows, cols, (const T*)u, (const T*)bias, (const T*)dy, (T*)du,
                                            (T*)dbias, (T)alpha));
    return NN4J_OK;
}

int nn4j_softmax_forward(int device, int dtype, int log, int64_t outer, int64_t dim, int64_t inner, const void* x,
                         void* y) {
    static const char* fn = "nn4j_softmax_forward";
    if (int st = check_softmax(fn, dtype, log, outer, dim, inner)) return st;
    if (outer == 0 || inner == 0) return NN4J_OK;
    if (int st = check_ptr(fn, "x", x)) return st;
    if (int st = check_ptr(fn, "y", y)) return st;
    NN4J_NN_CUDA(fn, softmax_forward, dtype, log, outer, dim, inner, x, y);
    NN4J_FLOAT(dtype, T, softmax_fwd<T>(log != 0, outer, dim, inner, (const T*)x, (T*)y));
    return NN4J_OK;
}

int nn4j_softmax_backward(int device, int dtype, int log, int64_t outer, int64_t dim, int64_t inner, const void* y,
                          const void* dy, void* dx) {
    static const char* fn = "nn4j_softmax_backward";
    if (int st = check_softmax(fn, dtype, log, outer, dim, inner)) return st;
    if (outer == 0 || inner == 0) return NN4J_OK;
    if (int st = check_ptr(fn, "y", y)) return st;
    if (int st = check_ptr(fn, "dy", dy)) return st;
    if (int st = check_ptr(fn, "dx", dx)) return st;
    NN4J_NN_CUDA(fn, softmax_backward, dtype, log, outer, dim, inner, y, dy, dx);
    NN4J_FLOAT(dtype, T, softmax_bwd<T>(log != 0, outer, dim, inner, (const T*)y, (const T*)dy, (T*)dx));
    return NN4J_OK;
}

}  // extern "C"
