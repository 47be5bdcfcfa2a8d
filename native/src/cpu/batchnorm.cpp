// Batch normalization over x (n, c, inner), per channel (nn4j_nn.h). Invariants: y, dx, dgamma,
// dbeta, save_mean and save_var are overwritten (=); running_mean/running_var are updated in
// place (training only). Statistics accumulate in double, one channel per task in a fixed order,
// so results do not depend on the thread count. f32 may run oneDNN's primitive instead
// (dnnl_batchnorm.cpp); both save the same things (batch mean and biased variance), so either
// backward can follow either forward.
#include <cmath>
#include <vector>
#include "dnnl_util.h"
#include "nn_common.h"

using namespace nn4j;
using namespace nn4j::nn;

namespace nn4j {
namespace bn {
// oneDNN path (dnnl_batchnorm.cpp): true when it ran (status in *status), false to fall back.
bool onednn_forward(bool training, int64_t n, int64_t c, int64_t inner, const float* x, const float* gamma,
                    const float* beta, double eps, float* y, float* mean, float* var, int* status);
bool onednn_backward(int64_t n, int64_t c, int64_t inner, const float* x, const float* gamma, const float* mean,
                     const float* var, double eps, const float* dy, float* dx, float* dgamma, float* dbeta,
                     int* status);
}  // namespace bn
}  // namespace nn4j

namespace {

template <class T> struct Chan {
    int64_t n, c, inner;
    // element (i, j) of channel ch
    const T* at(const T* p, int64_t i, int64_t ch) const { return p + (i * c + ch) * inner; }
    T* at(T* p, int64_t i, int64_t ch) const { return p + (i * c + ch) * inner; }
};

// Batch mean and biased variance of each channel (two passes, double).
template <class T> void batch_stats(const Chan<T>& g, const T* x, double* mean, double* var) {
    const double m = (double)(g.n * g.inner);
    parallel_for(g.c, 1, [&](int64_t b, int64_t e) {
        for (int64_t ch = b; ch < e; ++ch) {
            double s = 0;
            for (int64_t i = 0; i < g.n; ++i) {
                const T* xr = g.at(x, i, ch);
                for (int64_t j = 0; j < g.inner; ++j) s += (double)xr[j];
            }
            const double mu = s / m;
            double q = 0;
            for (int64_t i = 0; i < g.n; ++i) {
                const T* xr = g.at(x, i, ch);
                for (int64_t j = 0; j < g.inner; ++j) {
                    const double d = (double)xr[j] - mu;
                    q += d * d;
                }
            }
            mean[ch] = mu;
            var[ch] = q / m;
        }
    });
}

template <class T>
void normalize(const Chan<T>& g, const T* x, const T* gamma, const T* beta, const double* mean, const double* var,
               double eps, T* y) {
    parallel_for(g.c * g.n, std::max<int64_t>(1, 16384 / std::max<int64_t>(g.inner, 1)), [&](int64_t b, int64_t e) {
        for (int64_t r = b; r < e; ++r) {
            const int64_t i = r / g.c, ch = r - i * g.c;
            const double inv = 1.0 / std::sqrt(var[ch] + eps);
            const double sc = (gamma ? (double)gamma[ch] : 1.0) * inv;
            const double sh = (beta ? (double)beta[ch] : 0.0) - mean[ch] * sc;
            const T *xr = g.at(x, i, ch);
            T* yr = g.at(y, i, ch);
            const T s = (T)sc, h = (T)sh;
            for (int64_t j = 0; j < g.inner; ++j) yr[j] = xr[j] * s + h;
        }
    });
}

template <class T>
void update_running(int64_t c, double m, const double* mean, const double* var, double momentum, T* rm, T* rv) {
    const double unbias = m > 1 ? m / (m - 1) : 1.0;
    for (int64_t ch = 0; ch < c; ++ch) {
        if (rm) rm[ch] = (T)(momentum * (double)rm[ch] + (1 - momentum) * mean[ch]);
        if (rv) rv[ch] = (T)(momentum * (double)rv[ch] + (1 - momentum) * var[ch] * unbias);
    }
}

template <class T>
void backward(bool training, const Chan<T>& g, const T* x, const T* gamma, const T* mean, const T* var, double eps,
              const T* dy, T* dx, T* dgamma, T* dbeta) {
    const double m = (double)(g.n * g.inner);
    parallel_for(g.c, 1, [&](int64_t b, int64_t e) {
        for (int64_t ch = b; ch < e; ++ch) {
            const double mu = (double)mean[ch], inv = 1.0 / std::sqrt((double)var[ch] + eps);
            double sdy = 0, sdyx = 0;  // sum dy, sum dy * xhat
            for (int64_t i = 0; i < g.n; ++i) {
                const T *xr = g.at(x, i, ch), *gr = g.at(dy, i, ch);
                for (int64_t j = 0; j < g.inner; ++j) {
                    sdy += (double)gr[j];
                    sdyx += (double)gr[j] * ((double)xr[j] - mu) * inv;
                }
            }
            if (dgamma) dgamma[ch] = (T)sdyx;
            if (dbeta) dbeta[ch] = (T)sdy;
            if (!dx) continue;
            const double gi = (gamma ? (double)gamma[ch] : 1.0) * inv;
            for (int64_t i = 0; i < g.n; ++i) {
                const T *xr = g.at(x, i, ch), *gr = g.at(dy, i, ch);
                T* dr = g.at(dx, i, ch);
                for (int64_t j = 0; j < g.inner; ++j) {
                    if (training) {
                        const double xh = ((double)xr[j] - mu) * inv;
                        dr[j] = (T)(gi * ((double)gr[j] - sdy / m - xh * sdyx / m));
                    } else {
                        dr[j] = (T)(gi * (double)gr[j]);
                    }
                }
            }
        }
    });
}

template <class T>
int forward(bool training, const Chan<T>& g, const T* x, const T* gamma, const T* beta, double eps, double momentum,
            T* rm, T* rv, T* y, T* save_mean, T* save_var) {
    std::vector<double> mean(g.c), var(g.c);
    bool done = false;
    if constexpr (sizeof(T) == 4) {
        // oneDNN writes float statistics: into the save buffers, or into scratch
        std::vector<float> fm, fv;
        float* om = save_mean;
        float* ov = save_var;
        if (training) {
            if (!om) { fm.resize(g.c); om = fm.data(); }
            if (!ov) { fv.resize(g.c); ov = fv.data(); }
        } else {
            om = rm;
            ov = rv;
        }
        int st = NN4J_OK;
        if (bn::onednn_forward(training, g.n, g.c, g.inner, x, gamma, beta, eps, y, om, ov, &st)) {
            if (st) return st;
            done = true;
            for (int64_t ch = 0; ch < g.c; ++ch) {
                mean[ch] = om[ch];
                var[ch] = ov[ch];
            }
        }
    }
    if (!done) {
        dnnl_note_path("nn4j_batchnorm_forward", false);
        if (training) {
            batch_stats(g, x, mean.data(), var.data());
        } else {
            for (int64_t ch = 0; ch < g.c; ++ch) {
                mean[ch] = (double)rm[ch];
                var[ch] = (double)rv[ch];
            }
        }
        normalize(g, x, gamma, beta, mean.data(), var.data(), eps, y);
    }
    for (int64_t ch = 0; ch < g.c; ++ch) {
        if (save_mean) save_mean[ch] = (T)mean[ch];
        if (save_var) save_var[ch] = (T)var[ch];
    }
    if (training) update_running(g.c, (double)(g.n * g.inner), mean.data(), var.data(), momentum, rm, rv);
    return NN4J_OK;
}

int check_bn(const char* fn, int dtype, int training, int64_t n, int64_t c, int64_t inner, double eps) {
    if (int st = check_float_dtype(fn, dtype)) return st;
    if (training != 0 && training != 1) return fail(NN4J_ERR_ARG, "%s: training = %d, expected 0 or 1", fn, training);
    if (int st = check_count(fn, "n", n, 0)) return st;
    if (int st = check_count(fn, "c", c, 1)) return st;
    if (int st = check_count(fn, "inner", inner, 0)) return st;
    if (int st = check_product(fn, n, c, inner)) return st;
    if (!(eps >= 0) || !std::isfinite(eps)) return fail(NN4J_ERR_ARG, "%s: eps = %g must be finite and >= 0", fn, eps);
    if (training && n * inner == 0)
        return fail(NN4J_ERR_SHAPE, "%s: training needs at least one value per channel, got n = %lld, inner = %lld",
                    fn, (long long)n, (long long)inner);
    return NN4J_OK;
}

}  // namespace

extern "C" {

int nn4j_batchnorm_forward(int device, int dtype, int training, int64_t n, int64_t c, int64_t inner, const void* x,
                           const void* gamma, const void* beta, double eps, double momentum, void* running_mean,
                           void* running_var, void* y, void* save_mean, void* save_var) {
    static const char* fn = "nn4j_batchnorm_forward";
    if (int st = check_bn(fn, dtype, training, n, c, inner, eps)) return st;
    if (!(momentum >= 0 && momentum <= 1))
        return fail(NN4J_ERR_ARG, "%s: momentum = %g is outside [0, 1]", fn, momentum);
    if ((running_mean == nullptr) != (running_var == nullptr))
        return fail(NN4J_ERR_ARG, "%s: running_mean and running_var must both be given or both be null", fn);
    if (!training) {
        if (int st = check_ptr(fn, "running_mean (inference)", running_mean)) return st;
        if (int st = check_ptr(fn, "running_var (inference)", running_var)) return st;
    }
    if (n * inner > 0) {
        if (int st = check_ptr(fn, "x", x)) return st;
        if (int st = check_ptr(fn, "y", y)) return st;
    }
    NN4J_NN_CUDA(fn, batchnorm_forward, dtype, training, n, c, inner, x, gamma, beta, eps, momentum, running_mean,
                 running_var, y, save_mean, save_var);
    try {
        NN4J_FLOAT(dtype, T, {
            Chan<T> g{n, c, inner};
            return forward<T>(training != 0, g, (const T*)x, (const T*)gamma, (const T*)beta, eps, momentum,
                              (T*)running_mean, (T*)running_var, (T*)y, (T*)save_mean, (T*)save_var);
        });
    } catch (const std::bad_alloc&) {
        return fail(NN4J_ERR_OOM, "%s: out of memory for %lld channels", fn, (long long)c);
    }
    return NN4J_OK;
}

int nn4j_batchnorm_backward(int device, int dtype, int training, int64_t n, int64_t c, int64_t inner, const void* x,
                            const void* gamma, const void* save_mean, const void* save_var, double eps,
                            const void* dy, void* dx, void* dgamma, void* dbeta) {
    static const char* fn = "nn4j_batchnorm_backward";
    if (int st = check_bn(fn, dtype, training, n, c, inner, eps)) return st;
    if (int st = check_ptr(fn, "save_mean", save_mean)) return st;
    if (int st = check_ptr(fn, "save_var", save_var)) return st;
    if (n * inner > 0) {
        if (int st = check_ptr(fn, "x", x)) return st;
        if (int st = check_ptr(fn, "dy", dy)) return st;
    }
    NN4J_NN_CUDA(fn, batchnorm_backward, dtype, training, n, c, inner, x, gamma, save_mean, save_var, eps, dy, dx,
                 dgamma, dbeta);
    if (dtype == NN4J_F32 && training) {
        int st = NN4J_OK;
        try {
            if (bn::onednn_backward(n, c, inner, (const float*)x, (const float*)gamma, (const float*)save_mean,
                                    (const float*)save_var, eps, (const float*)dy, (float*)dx, (float*)dgamma,
                                    (float*)dbeta, &st))
                return st;
        } catch (const std::bad_alloc&) {
            return fail(NN4J_ERR_OOM, "%s: out of memory for oneDNN scratch", fn);
        }
    }
    dnnl_note_path("nn4j_batchnorm_backward", false);
    NN4J_FLOAT(dtype, T, {
        Chan<T> g{n, c, inner};
        backward<T>(training != 0, g, (const T*)x, (const T*)gamma, (const T*)save_mean, (const T*)save_var, eps,
                    (const T*)dy, (T*)dx, (T*)dgamma, (T*)dbeta);
    });
    return NN4J_OK;
}

}  // extern "C"
