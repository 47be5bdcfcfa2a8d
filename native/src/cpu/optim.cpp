// nn4j_*_update on the CPU (nn4j_optim.h): argument checks, CUDA forwarding, and one parallel
// pass over the elements applying optim_math.h's per-element rule (the loops: optim_loops.h,
// built for the baseline ISA here and for AVX2 in optim_avx2.cpp).
//
// Invariant: param and the state buffers are updated in place; grad is only read. Elements are
// independent, so any split over threads gives bit-identical results, and so does either ISA.
//
// The reference for these kernels is the plain double loop in the Java test
// (OptimizerUpdatesTest), which repeats each rule step by step.
#include <cmath>
#include "core.h"
#include "cuda_optim_table.h"
#include "nn4j_optim.h"
#include "optim_loops.h"

using namespace nn4j;
using namespace nn4j::optim;

namespace {

// The loops for the active instruction set (bit-identical on every one: see optim_avx2.cpp).
template <class T> const Loops<T>* loops();
template <> const Loops<float>* loops<float>() {
    return active_isa() >= NN4J_ISA_AVX2 ? avx2_loops_f32() : own_loops<float>();
}
template <> const Loops<double>* loops<double>() {
    return active_isa() >= NN4J_ISA_AVX2 ? avx2_loops_f64() : own_loops<double>();
}

// Forwards to the optimizer family's CUDA table for device != 0 (after the host-side checks).
#define NN4J_OPTIM_CUDA(fn, member, ...) \
    NN4J_FAMILY_CUDA(OptimCudaTable, "nn4j_cuda_optim_table", NN4J_CUDA_OPTIM_TABLE_VERSION, "optimizer", fn, member, __VA_ARGS__)

// ---- checks -----------------------------------------------------------------------------------
// lo <= v <= hi; NaN fails.
int check_range(const char* fn, const char* what, double v, double lo, double hi) {
    if (!(v >= lo && v <= hi))
        return fail(NN4J_ERR_ARG, "%s: %s = %g is outside [%g, %g]", fn, what, v, lo, hi);
    return NN4J_OK;
}
// lo <= v < hi.
int check_half_open(const char* fn, const char* what, double v, double lo, double hi) {
    if (!(v >= lo && v < hi))
        return fail(NN4J_ERR_ARG, "%s: %s = %g is outside [%g, %g)", fn, what, v, lo, hi);
    return NN4J_OK;
}

int check_common(const char* fn, int dtype, int64_t n, double lr, double weight_decay, double grad_scale,
                 double clip) {
    if (int st = check_float_dtype(fn, dtype)) return st;
    if (n < 0) return fail(NN4J_ERR_ARG, "%s: n = %lld < 0", fn, (long long)n);
    if (n > INT64_MAX / 8) return fail(NN4J_ERR_ARG, "%s: n = %lld overflows a byte size", fn, (long long)n);
    if (!(lr >= 0 && std::isfinite(lr))) return fail(NN4J_ERR_ARG, "%s: lr = %g must be finite and >= 0", fn, lr);
    if (!(weight_decay >= 0 && std::isfinite(weight_decay)))
        return fail(NN4J_ERR_ARG, "%s: weight_decay = %g must be finite and >= 0", fn, weight_decay);
    if (!(grad_scale >= 0 && std::isfinite(grad_scale)))
        return fail(NN4J_ERR_ARG, "%s: grad_scale = %g must be finite and >= 0", fn, grad_scale);
    if (!(clip > 0)) return fail(NN4J_ERR_ARG, "%s: clip = %g must be > 0 (INFINITY: no clipping)", fn, clip);
    return NN4J_OK;
}

int check_eps(const char* fn, double eps, bool strictly_positive) {
    if (!std::isfinite(eps) || eps < 0 || (strictly_positive && eps == 0))
        return fail(NN4J_ERR_ARG, "%s: eps = %g must be finite and %s 0", fn, eps, strictly_positive ? ">" : ">=");
    return NN4J_OK;
}

// The call's buffers: required ones non-null; no written buffer overlaps any other one.
struct Buf {
    const char* name;
    const void* p;
    bool written;
};
int check_bufs(const char* fn, int dtype, int64_t n, const Buf* b, int count) {
    for (int i = 0; i < count; ++i)
        if (int st = check_ptr(fn, b[i].name, b[i].p)) return st;
    const uintptr_t bytes = (uintptr_t)n * dtype_size(dtype);
    for (int i = 0; i < count; ++i) {
        for (int j = i + 1; j < count; ++j) {
            if (!b[i].written && !b[j].written) continue;
            const uintptr_t a0 = (uintptr_t)b[i].p, b0 = (uintptr_t)b[j].p;
            if (a0 < b0 + bytes && b0 < a0 + bytes)
                return fail(NN4J_ERR_ARG, "%s: buffers %s and %s overlap (each needs its own %llu bytes)", fn,
                            b[i].name, b[j].name, (unsigned long long)bytes);
        }
    }
    return NN4J_OK;
}

}  // namespace

extern "C" {

int nn4j_sgd_update(int device, int dtype, int64_t n, void* param, const void* grad, void* velocity, double lr,
                    double momentum, double dampening, int nesterov, double weight_decay, double grad_scale,
                    double clip) {
    static const char* fn = "nn4j_sgd_update";
    if (int st = check_common(fn, dtype, n, lr, weight_decay, grad_scale, clip)) return st;
    if (int st = check_range(fn, "momentum", momentum, 0, 1)) return st;
    if (int st = check_range(fn, "dampening", dampening, 0, 1)) return st;
    if (nesterov != 0 && nesterov != 1) return fail(NN4J_ERR_ARG, "%s: nesterov = %d is not 0 or 1", fn, nesterov);
    if (nesterov && dampening != 0)
        return fail(NN4J_ERR_ARG, "%s: Nesterov momentum needs dampening 0, got %g", fn, dampening);
    if (!velocity && (momentum != 0 || nesterov))
        return fail(NN4J_ERR_ARG, "%s: momentum = %g%s needs a velocity buffer, got null", fn, momentum,
                    nesterov ? " with Nesterov" : "");
    if (n == 0) return NN4J_OK;
    const Buf bufs[] = {{"param", param, true}, {"grad", grad, false}, {"velocity", velocity, true}};
    if (int st = check_bufs(fn, dtype, n, bufs, velocity ? 3 : 2)) return st;
    NN4J_OPTIM_CUDA(fn, sgd_update, dtype, n, param, grad, velocity, lr, momentum, dampening, nesterov, weight_decay,
                    grad_scale, clip);
    NN4J_FLOAT(dtype, T,
                     loops<T>()->sgd(n, (T*)param, (const T*)grad, (T*)velocity, nesterov != 0,
                                make_sgd<T>(lr, momentum, dampening), make_prep<T>(weight_decay, grad_scale, clip)));
    return NN4J_OK;
}

int nn4j_adagrad_update(int device, int dtype, int64_t n, void* param, const void* grad, void* accum, double lr,
                        double eps, double weight_decay, double grad_scale, double clip) {
    static const char* fn = "nn4j_adagrad_update";
    if (int st = check_common(fn, dtype, n, lr, weight_decay, grad_scale, clip)) return st;
    if (int st = check_eps(fn, eps, false)) return st;
    if (n == 0) return NN4J_OK;
    const Buf bufs[] = {{"param", param, true}, {"grad", grad, false}, {"accum", accum, true}};
    if (int st = check_bufs(fn, dtype, n, bufs, 3)) return st;
    NN4J_OPTIM_CUDA(fn, adagrad_update, dtype, n, param, grad, accum, lr, eps, weight_decay, grad_scale, clip);
    NN4J_FLOAT(dtype, T,
                     loops<T>()->adagrad(n, (T*)param, (const T*)grad, (T*)accum, Adagrad<T>{(T)lr, (T)eps},
                                         make_prep<T>(weight_decay, grad_scale, clip)));
    return NN4J_OK;
}

int nn4j_rmsprop_update(int device, int dtype, int64_t n, void* param, const void* grad, void* sq_avg,
                        void* grad_avg, void* mom, double lr, double rho, double eps, double momentum,
                        double weight_decay, double grad_scale, double clip) {
    static const char* fn = "nn4j_rmsprop_update";
    if (int st = check_common(fn, dtype, n, lr, weight_decay, grad_scale, clip)) return st;
    if (int st = check_range(fn, "rho", rho, 0, 1)) return st;
    if (int st = check_eps(fn, eps, false)) return st;
    if (int st = check_range(fn, "momentum", momentum, 0, 1)) return st;
    if (!mom && momentum != 0)
        return fail(NN4J_ERR_ARG, "%s: momentum = %g needs a momentum buffer, got null", fn, momentum);
    if (n == 0) return NN4J_OK;
    Buf bufs[5] = {{"param", param, true}, {"grad", grad, false}, {"sq_avg", sq_avg, true}};
    int count = 3;
    if (grad_avg) bufs[count++] = {"grad_avg", grad_avg, true};
    if (mom) bufs[count++] = {"mom", mom, true};
    if (int st = check_bufs(fn, dtype, n, bufs, count)) return st;
    NN4J_OPTIM_CUDA(fn, rmsprop_update, dtype, n, param, grad, sq_avg, grad_avg, mom, lr, rho, eps, momentum,
                    weight_decay, grad_scale, clip);
    NN4J_FLOAT(dtype, T,
                     loops<T>()->rmsprop(n, (T*)param, (const T*)grad, (T*)sq_avg, (T*)grad_avg, (T*)mom,
                                         make_rmsprop<T>(lr, rho, eps, momentum),
                                         make_prep<T>(weight_decay, grad_scale, clip)));
    return NN4J_OK;
}

int nn4j_adadelta_update(int device, int dtype, int64_t n, void* param, const void* grad, void* sq_avg,
                         void* delta_avg, double lr, double rho, double eps, double weight_decay, double grad_scale,
                         double clip) {
    static const char* fn = "nn4j_adadelta_update";
    if (int st = check_common(fn, dtype, n, lr, weight_decay, grad_scale, clip)) return st;
    if (int st = check_range(fn, "rho", rho, 0, 1)) return st;
    if (int st = check_eps(fn, eps, true)) return st;
    if (n == 0) return NN4J_OK;
    const Buf bufs[] = {{"param", param, true}, {"grad", grad, false}, {"sq_avg", sq_avg, true},
                        {"delta_avg", delta_avg, true}};
    if (int st = check_bufs(fn, dtype, n, bufs, 4)) return st;
    NN4J_OPTIM_CUDA(fn, adadelta_update, dtype, n, param, grad, sq_avg, delta_avg, lr, rho, eps, weight_decay,
                    grad_scale, clip);
    NN4J_FLOAT(dtype, T,
                     loops<T>()->adadelta(n, (T*)param, (const T*)grad, (T*)sq_avg, (T*)delta_avg,
                                          make_adadelta<T>(lr, rho, eps), make_prep<T>(weight_decay, grad_scale, clip)));
    return NN4J_OK;
}

int nn4j_adam_update(int device, int dtype, int64_t n, void* param, const void* grad, void* m, void* v,
                     void* v_max, double lr, double beta1, double beta2, double eps, int64_t step,
                     double decoupled_decay, double weight_decay, double grad_scale, double clip) {
    static const char* fn = "nn4j_adam_update";
    if (int st = check_common(fn, dtype, n, lr, weight_decay, grad_scale, clip)) return st;
    if (int st = check_half_open(fn, "beta1", beta1, 0, 1)) return st;
    if (int st = check_half_open(fn, "beta2", beta2, 0, 1)) return st;
    if (int st = check_eps(fn, eps, false)) return st;
    if (step < 1) return fail(NN4J_ERR_ARG, "%s: step = %lld < 1 (t counts updates from 1)", fn, (long long)step);
    if (!(decoupled_decay >= 0 && std::isfinite(decoupled_decay)))
        return fail(NN4J_ERR_ARG, "%s: decoupled_decay = %g must be finite and >= 0", fn, decoupled_decay);
    if (n == 0) return NN4J_OK;
    Buf bufs[5] = {{"param", param, true}, {"grad", grad, false}, {"m", m, true}, {"v", v, true}};
    int count = 4;
    if (v_max) bufs[count++] = {"v_max", v_max, true};
    if (int st = check_bufs(fn, dtype, n, bufs, count)) return st;
    NN4J_OPTIM_CUDA(fn, adam_update, dtype, n, param, grad, m, v, v_max, lr, beta1, beta2, eps, step, decoupled_decay,
                    weight_decay, grad_scale, clip);
    NN4J_FLOAT(dtype, T,
                     loops<T>()->adam(n, (T*)param, (const T*)grad, (T*)m, (T*)v, (T*)v_max,
                                 make_adam<T>(lr, beta1, beta2, eps, step, decoupled_decay),
                                 make_prep<T>(weight_decay, grad_scale, clip)));
    return NN4J_OK;
}

int nn4j_nadam_update(int device, int dtype, int64_t n, void* param, const void* grad, void* m, void* v, double lr,
                      double beta1, double beta2, double eps, int64_t step, double mu, double mu_next,
                      double mu_product, double weight_decay, double grad_scale, double clip) {
    static const char* fn = "nn4j_nadam_update";
    if (int st = check_common(fn, dtype, n, lr, weight_decay, grad_scale, clip)) return st;
    if (int st = check_half_open(fn, "beta1", beta1, 0, 1)) return st;
    if (int st = check_half_open(fn, "beta2", beta2, 0, 1)) return st;
    if (int st = check_eps(fn, eps, false)) return st;
    if (step < 1) return fail(NN4J_ERR_ARG, "%s: step = %lld < 1 (t counts updates from 1)", fn, (long long)step);
    if (int st = check_half_open(fn, "mu", mu, 0, 1)) return st;
    if (int st = check_half_open(fn, "mu_next", mu_next, 0, 1)) return st;
    if (int st = check_half_open(fn, "mu_product", mu_product, 0, 1)) return st;
    if (n == 0) return NN4J_OK;
    const Buf bufs[] = {{"param", param, true}, {"grad", grad, false}, {"m", m, true}, {"v", v, true}};
    if (int st = check_bufs(fn, dtype, n, bufs, 4)) return st;
    NN4J_OPTIM_CUDA(fn, nadam_update, dtype, n, param, grad, m, v, lr, beta1, beta2, eps, step, mu, mu_next,
                    mu_product, weight_decay, grad_scale, clip);
    NN4J_FLOAT(dtype, T,
                     loops<T>()->nadam(n, (T*)param, (const T*)grad, (T*)m, (T*)v,
                                       make_nadam<T>(lr, beta1, beta2, eps, step, mu, mu_next, mu_product),
                                       make_prep<T>(weight_decay, grad_scale, clip)));
    return NN4J_OK;
}

}  // extern "C"
