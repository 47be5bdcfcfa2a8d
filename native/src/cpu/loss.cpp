// Fused losses from logits (nn4j_nn.h): softmax cross-entropy (sparse or dense targets, class
// weights, label smoothing) and sigmoid binary cross-entropy (pos weight). Invariant: outputs
// overwrite (=). Reductions are deterministic: per-row values are computed in parallel into a
// scratch vector and summed in row order by one thread, in double.
#include <cmath>
#include <type_traits>
#include <vector>
#include "elementwise_avx2.h"
#include "nn_common.h"
#include "nn_math.h"

using namespace nn4j;
using namespace nn4j::nn;

namespace {

thread_local std::vector<double> t_rows;  // per-row losses / weights (no per-call malloc once grown)

// a_ik = w_k t'_ik for row i, k = 0..K-1, written into a (length K); returns sum_k a_ik.
template <class T>
double targets(int64_t i, int64_t K, bool sparse, int label_dtype, const void* labels, const T* w, double eps,
               double* a) {
    const double base = eps / (double)K;
    double sum = 0;
    if (sparse) {
        const int64_t y = load_index(label_dtype, labels, i);
        for (int64_t k = 0; k < K; ++k) a[k] = base + (k == y ? 1.0 - eps : 0.0);
    } else {
        const T* t = (const T*)labels + i * K;
        for (int64_t k = 0; k < K; ++k) a[k] = (1.0 - eps) * (double)t[k] + base;
    }
    for (int64_t k = 0; k < K; ++k) {
        if (w) a[k] *= (double)w[k];
        sum += a[k];
    }
    return sum;
}

// The MEAN divisor D (see nn4j_nn.h): sum_i w[label_i] for weighted sparse labels, else N.
template <class T> double mean_divisor(int64_t N, bool sparse, int label_dtype, const void* labels, const T* w) {
    if (!(sparse && w)) return (double)N;
    double d = 0;
    for (int64_t i = 0; i < N; ++i) d += (double)w[load_index(label_dtype, labels, i)];
    return d;
}

template <class T>
void ce_forward(int64_t N, int64_t K, const T* z, bool sparse, int label_dtype, const void* labels, const T* w,
                double eps, int reduction, T* loss, T* probs) {
    std::vector<double>& rows = t_rows;
    rows.resize(N);
    // float32 rows on AVX2: e^(z - m) eight lanes at a time, kept in probs (libm's exp per element
    // was most of this op's time: 2.9 ms for 256 x 1000)
    const bool vec = std::is_same<T, float>::value && active_isa() >= NN4J_ISA_AVX2;
    // plain class ids (no weights, no smoothing): the row's loss is lse - z[y], the generic sum's
    // value without building the target vector
    const bool onehot = sparse && !w && eps == 0;
    parallel_for(N, std::max<int64_t>(1, 2048 / K), [&](int64_t b, int64_t e) {
        std::vector<double> a(onehot ? 0 : K);
        std::vector<T> ex(vec && !probs ? K : 0);
        for (int64_t i = b; i < e; ++i) {
            const T* zi = z + i * K;
            T m = zi[0];
            double s = 0;
            bool scaled = false;  // probs holds e^(z - m) already
            if constexpr (std::is_same<T, float>::value) {
                if (vec) {
                    float* ei = probs ? probs + i * K : ex.data();
                    m = avx2_max_f32(zi, K);
                    s = avx2_exp_shift_sum_f32(zi, m, ei, K);
                    scaled = probs != nullptr;
                }
            }
            if (!vec) {
                for (int64_t k = 1; k < K; ++k)
                    if (zi[k] > m || zi[k] != zi[k]) m = zi[k];
                for (int64_t k = 0; k < K; ++k) s += std::exp((double)(zi[k] - m));
            }
            const double lse = (double)m + std::log(s);
            if (onehot) {
                rows[i] = lse - (double)zi[load_index(label_dtype, labels, i)];
            } else {
                targets<T>(i, K, sparse, label_dtype, labels, w, eps, a.data());
                double l = 0;
                for (int64_t k = 0; k < K; ++k)
                    if (a[k] != 0) l -= a[k] * ((double)zi[k] - lse);  // 0 * log 0 = 0
                rows[i] = l;
            }
            if (probs) {
                T* pi = probs + i * K;
                const double inv = 1.0 / s;
                if (scaled) {
                    const T invt = (T)inv;
                    for (int64_t k = 0; k < K; ++k) pi[k] *= invt;
                } else {
                    for (int64_t k = 0; k < K; ++k) pi[k] = (T)(std::exp((double)(zi[k] - m)) * inv);
                }
            }
        }
    });
    if (reduction == NN4J_REDUCTION_NONE) {
        for (int64_t i = 0; i < N; ++i) loss[i] = (T)rows[i];
        return;
    }
    double total = 0;
    for (int64_t i = 0; i < N; ++i) total += rows[i];
    if (reduction == NN4J_REDUCTION_MEAN) total /= mean_divisor<T>(N, sparse, label_dtype, labels, w);
    loss[0] = (T)total;
}

template <class T>
void ce_backward(int64_t N, int64_t K, const T* p, bool sparse, int label_dtype, const void* labels, const T* w,
                 double eps, int reduction, const T* dloss, T* dz) {
    double scale = 0;
    if (reduction != NN4J_REDUCTION_NONE) {
        scale = (double)dloss[0];
        if (reduction == NN4J_REDUCTION_MEAN) scale /= mean_divisor<T>(N, sparse, label_dtype, labels, w);
    }
    // plain class ids (no weights, no smoothing): a is one-hot and sums to 1, so the row is s * p
    // with s subtracted at the label, the same arithmetic without building a
    const bool onehot = sparse && !w && eps == 0;
    parallel_for(N, std::max<int64_t>(1, 2048 / K), [&](int64_t b, int64_t e) {
        std::vector<double> a(onehot ? 0 : K);
        for (int64_t i = b; i < e; ++i) {
            const double s = reduction == NN4J_REDUCTION_NONE ? (double)dloss[i] : scale;
            if (onehot) {
                const T* pi = p + i * K;
                T* di = dz + i * K;
                for (int64_t k = 0; k < K; ++k) di[k] = (T)(s * (double)pi[k]);
                const int64_t y = load_index(label_dtype, labels, i);
                di[y] = (T)(s * ((double)pi[y] - 1.0));
                continue;
            }
            const double asum = targets<T>(i, K, sparse, label_dtype, labels, w, eps, a.data());
            const T* pi = p + i * K;
            T* di = dz + i * K;
            for (int64_t k = 0; k < K; ++k) di[k] = (T)(s * ((double)pi[k] * asum - a[k]));
        }
    });
}

int check_ce(const char* fn, int dtype, int64_t n, int64_t k, int label_dtype, const void* labels,
             double eps, int reduction) {
    if (int st = check_float_dtype(fn, dtype)) return st;
    if (int st = check_count(fn, "n", n, 0)) return st;
    if (int st = check_count(fn, "k", k, 1)) return st;
    if (int st = check_product(fn, n, k)) return st;
    if (label_dtype != dtype && label_dtype != NN4J_I32 && label_dtype != NN4J_I64)
        return fail(NN4J_ERR_DTYPE, "%s: label dtype %s must be int32/int64 (sparse) or %s (dense)", fn,
                    dtype_name(label_dtype), dtype_name(dtype));
    if (!(eps >= 0 && eps <= 1)) return fail(NN4J_ERR_ARG, "%s: label_smoothing = %g is outside [0, 1]", fn, eps);
    if (int st = check_reduction(fn, reduction)) return st;
    return NN4J_OK;
}

// Sparse labels on the host are range-checked before any write (the CUDA twin checks its own).
int check_ce_ptrs(const char* fn, int device, int dtype, int64_t n, int64_t k, int label_dtype, const void* labels) {
    if (n == 0) return NN4J_OK;
    if (int st = check_ptr(fn, "labels", labels)) return st;
    if (device == 0 && label_dtype != dtype) return check_ids(fn, "labels", label_dtype, labels, n, k);
    return NN4J_OK;
}

template <class T>
void bce_forward(int64_t outer, int64_t c, const T* x, const T* y, const T* pw, int reduction, T* loss) {
    const int64_t n = outer * c;
    if (reduction == NN4J_REDUCTION_NONE) {
        parallel_for(n, 8192, [&](int64_t b, int64_t e) {
            for (int64_t i = b; i < e; ++i) loss[i] = bce_logits<T>(x[i], y[i], pw ? pw[i % c] : T(1));
        });
        return;
    }
    std::vector<double>& rows = t_rows;
    rows.resize(outer);
    parallel_for(outer, std::max<int64_t>(1, 8192 / std::max<int64_t>(c, 1)), [&](int64_t b, int64_t e) {
        for (int64_t r = b; r < e; ++r) {
            double s = 0;
            for (int64_t j = 0; j < c; ++j) s += (double)bce_logits<T>(x[r * c + j], y[r * c + j], pw ? pw[j] : T(1));
            rows[r] = s;
        }
    });
    double total = 0;
    for (int64_t r = 0; r < outer; ++r) total += rows[r];
    if (reduction == NN4J_REDUCTION_MEAN) total /= (double)n;
    loss[0] = (T)total;
}

template <class T>
void bce_backward(int64_t outer, int64_t c, const T* x, const T* y, const T* pw, int reduction, const T* dloss,
                  T* dx, T* dy) {
    const int64_t n = outer * c;
    const double scale = reduction == NN4J_REDUCTION_NONE ? 0
                         : reduction == NN4J_REDUCTION_MEAN ? (double)dloss[0] / (double)n : (double)dloss[0];
    parallel_for(n, 8192, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) {
            const T s = reduction == NN4J_REDUCTION_NONE ? dloss[i] : (T)scale;
            const T p = pw ? pw[i % c] : T(1);
            if (dx) dx[i] = s * bce_logits_dx<T>(x[i], y[i], p);
            if (dy) dy[i] = s * bce_logits_dy<T>(x[i], y[i], p);
        }
    });
}

int check_bce(const char* fn, int dtype, int64_t outer, int64_t c, const void* x, const void* y, int reduction) {
    if (int st = check_float_dtype(fn, dtype)) return st;
    if (int st = check_count(fn, "outer", outer, 0)) return st;
    if (int st = check_count(fn, "c", c, 1)) return st;
    if (int st = check_product(fn, outer, c)) return st;
    if (int st = check_reduction(fn, reduction)) return st;
    if (outer > 0) {
        if (int st = check_ptr(fn, "x", x)) return st;
        if (int st = check_ptr(fn, "y", y)) return st;
    }
    return NN4J_OK;
}

}  // namespace

extern "C" {

int nn4j_softmax_ce_forward(int device, int dtype, int64_t n, int64_t k, const void* logits, int label_dtype,
                            const void* labels, const void* class_weights, double label_smoothing, int reduction,
                            void* loss, void* probs) {
    static const char* fn = "nn4j_softmax_ce_forward";
    if (int st = check_ce(fn, dtype, n, k, label_dtype, labels, label_smoothing, reduction)) return st;
    if (n == 0 && reduction == NN4J_REDUCTION_NONE) return NN4J_OK;
    if (int st = check_ptr(fn, "loss", loss)) return st;
    if (n > 0) {
        if (int st = check_ptr(fn, "logits", logits)) return st;
        if (int st = check_ce_ptrs(fn, device, dtype, n, k, label_dtype, labels)) return st;
    }
    NN4J_NN_CUDA(fn, softmax_ce_forward, dtype, n, k, logits, label_dtype, labels, class_weights, label_smoothing,
                 reduction, loss, probs);
    try {
        NN4J_FLOAT(dtype, T, ce_forward<T>(n, k, (const T*)logits, label_dtype != dtype, label_dtype, labels,
                                              (const T*)class_weights, label_smoothing, reduction, (T*)loss, (T*)probs));
    } catch (const std::bad_alloc&) {
        return fail(NN4J_ERR_OOM, "%s: out of memory for %lld rows", fn, (long long)n);
    }
    return NN4J_OK;
}

int nn4j_softmax_ce_backward(int device, int dtype, int64_t n, int64_t k, const void* probs, int label_dtype,
                             const void* labels, const void* class_weights, double label_smoothing, int reduction,
                             const void* dloss, void* dlogits) {
    static const char* fn = "nn4j_softmax_ce_backward";
    if (int st = check_ce(fn, dtype, n, k, label_dtype, labels, label_smoothing, reduction)) return st;
    if (n == 0) return NN4J_OK;
    if (int st = check_ptr(fn, "probs", probs)) return st;
    if (int st = check_ptr(fn, "dloss", dloss)) return st;
    if (int st = check_ptr(fn, "dlogits", dlogits)) return st;
    if (int st = check_ce_ptrs(fn, device, dtype, n, k, label_dtype, labels)) return st;
    NN4J_NN_CUDA(fn, softmax_ce_backward, dtype, n, k, probs, label_dtype, labels, class_weights, label_smoothing,
                 reduction, dloss, dlogits);
    try {
        NN4J_FLOAT(dtype, T, ce_backward<T>(n, k, (const T*)probs, label_dtype != dtype, label_dtype, labels,
                                               (const T*)class_weights, label_smoothing, reduction, (const T*)dloss,
                                               (T*)dlogits));
    } catch (const std::bad_alloc&) {
        return fail(NN4J_ERR_OOM, "%s: out of memory for %lld classes", fn, (long long)k);
    }
    return NN4J_OK;
}

int nn4j_sigmoid_bce_forward(int device, int dtype, int64_t outer, int64_t c, const void* x, const void* y,
                             const void* pos_weight, int reduction, void* loss) {
    static const char* fn = "nn4j_sigmoid_bce_forward";
    if (int st = check_bce(fn, dtype, outer, c, x, y, reduction)) return st;
    if (reduction != NN4J_REDUCTION_NONE || outer > 0)
        if (int st = check_ptr(fn, "loss", loss)) return st;
    NN4J_NN_CUDA(fn, sigmoid_bce_forward, dtype, outer, c, x, y, pos_weight, reduction, loss);
    try {
        NN4J_FLOAT(dtype, T, bce_forward<T>(outer, c, (const T*)x, (const T*)y, (const T*)pos_weight, reduction,
                                               (T*)loss));
    } catch (const std::bad_alloc&) {
        return fail(NN4J_ERR_OOM, "%s: out of memory for %lld rows", fn, (long long)outer);
    }
    return NN4J_OK;
}

int nn4j_sigmoid_bce_backward(int device, int dtype, int64_t outer, int64_t c, const void* x, const void* y,
                              const void* pos_weight, int reduction, const void* dloss, void* dx, void* dy) {
    static const char* fn = "nn4j_sigmoid_bce_backward";
    if (int st = check_bce(fn, dtype, outer, c, x, y, reduction)) return st;
    if (outer == 0 || (!dx && !dy)) return NN4J_OK;
    if (int st = check_ptr(fn, "dloss", dloss)) return st;
    NN4J_NN_CUDA(fn, sigmoid_bce_backward, dtype, outer, c, x, y, pos_weight, reduction, dloss, dx, dy);
    NN4J_FLOAT(dtype, T, bce_backward<T>(outer, c, (const T*)x, (const T*)y, (const T*)pos_weight, reduction,
                                            (const T*)dloss, (T*)dx, (T*)dy));
    return NN4J_OK;
}

}  // extern "C"
