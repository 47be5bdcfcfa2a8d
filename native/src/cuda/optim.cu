// CUDA twin of the fused optimizer updates (nn4j_optim.h): one grid-stride pass per call applying
// optim_math.h's per-element rule, the same code the CPU runs, with coefficients made on the
// host by the same make_* functions. Arguments arrive validated by the core (optim.cpp).
// Invariant: param and state are updated in place; grad is only read. Legacy default stream.
#include "cuda_common.cuh"
#include "cuda_optim_table.h"
#include "optim_math.h"

#pragma GCC visibility push(hidden)

namespace nn4j {
namespace cu {
namespace {

using namespace nn4j::optim;

// ---- kernels ------------------------------------------------------------------------------------
template <class T>
__global__ void k_sgd(int64_t n, T* p, const T* grad, T* v, int mode, Sgd<T> c, Prep<T> pr) {
    NN4J_CU_GRID_STRIDE(i, n) {
        const T g = prep_grad(grad[i], p[i], pr);
        if (mode == 0) sgd_plain(p[i], g, c);
        else if (mode == 1) sgd_momentum(p[i], g, v[i], c);
        else sgd_nesterov(p[i], g, v[i], c);
    }
}

template <class T> __global__ void k_adagrad(int64_t n, T* p, const T* grad, T* acc, Adagrad<T> c, Prep<T> pr) {
    NN4J_CU_GRID_STRIDE(i, n) adagrad(p[i], prep_grad(grad[i], p[i], pr), acc[i], c);
}

template <class T, bool CENTERED, bool MOM>
__global__ void k_rmsprop(int64_t n, T* p, const T* grad, T* s, T* a, T* b, Rmsprop<T> c, Prep<T> pr) {
    NN4J_CU_GRID_STRIDE(i, n) {
        T unused = T(0);
        rmsprop<CENTERED, MOM>(p[i], prep_grad(grad[i], p[i], pr), s[i], CENTERED ? a[i] : unused,
                               MOM ? b[i] : unused, c);
    }
}

template <class T>
void launch_rmsprop(int64_t n, T* p, const T* grad, T* s, T* a, T* b, Rmsprop<T> c, Prep<T> pr) {
    if (a && b) k_rmsprop<T, true, true><<<grid_for(n), kThreads>>>(n, p, grad, s, a, b, c, pr);
    else if (a) k_rmsprop<T, true, false><<<grid_for(n), kThreads>>>(n, p, grad, s, a, b, c, pr);
    else if (b) k_rmsprop<T, false, true><<<grid_for(n), kThreads>>>(n, p, grad, s, a, b, c, pr);
    else k_rmsprop<T, false, false><<<grid_for(n), kThreads>>>(n, p, grad, s, a, b, c, pr);
}

template <class T>
__global__ void k_adadelta(int64_t n, T* p, const T* grad, T* eg, T* ed, Adadelta<T> c, Prep<T> pr) {
    NN4J_CU_GRID_STRIDE(i, n) adadelta(p[i], prep_grad(grad[i], p[i], pr), eg[i], ed[i], c);
}

template <class T, bool AMSGRAD>
__global__ void k_adam(int64_t n, T* p, const T* grad, T* m, T* v, T* vmax, Adam<T> c, Prep<T> pr) {
    NN4J_CU_GRID_STRIDE(i, n) {
        T unused = T(0);
        adam<AMSGRAD>(p[i], prep_grad(grad[i], p[i], pr), m[i], v[i], AMSGRAD ? vmax[i] : unused, c);
    }
}

template <class T> void launch_adam(int64_t n, T* p, const T* grad, T* m, T* v, T* vmax, Adam<T> c, Prep<T> pr) {
    if (vmax) k_adam<T, true><<<grid_for(n), kThreads>>>(n, p, grad, m, v, vmax, c, pr);
    else k_adam<T, false><<<grid_for(n), kThreads>>>(n, p, grad, m, v, vmax, c, pr);
}

template <class T> __global__ void k_nadam(int64_t n, T* p, const T* grad, T* m, T* v, Nadam<T> c, Prep<T> pr) {
    NN4J_CU_GRID_STRIDE(i, n) nadam(p[i], prep_grad(grad[i], p[i], pr), m[i], v[i], c);
}

// ---- table entries --------------------------------------------------------------------------------
int sgd_update(int ordinal, int dtype, int64_t n, void* param, const void* grad, void* velocity, double lr,
               double momentum, double dampening, int nesterov, double weight_decay, double grad_scale, double clip) {
    NN4J_CU_ENTER("nn4j_sgd_update");
    const int mode = velocity == nullptr ? 0 : (nesterov ? 2 : 1);
    NN4J_CU_DISPATCH_FLOAT(fn, dtype, T,
        k_sgd<T><<<grid_for(n), kThreads>>>(n, (T*)param, (const T*)grad, (T*)velocity, mode,
                                            make_sgd<T>(lr, momentum, dampening),
                                            make_prep<T>(weight_decay, grad_scale, clip)));
    return check_launch(fn);
}

int adagrad_update(int ordinal, int dtype, int64_t n, void* param, const void* grad, void* accum, double lr,
                   double eps, double weight_decay, double grad_scale, double clip) {
    NN4J_CU_ENTER("nn4j_adagrad_update");
    NN4J_CU_DISPATCH_FLOAT(fn, dtype, T,
        k_adagrad<T><<<grid_for(n), kThreads>>>(n, (T*)param, (const T*)grad, (T*)accum, Adagrad<T>{(T)lr, (T)eps},
                                                make_prep<T>(weight_decay, grad_scale, clip)));
    return check_launch(fn);
}

int rmsprop_update(int ordinal, int dtype, int64_t n, void* param, const void* grad, void* sq_avg, void* grad_avg,
                   void* mom, double lr, double rho, double eps, double momentum, double weight_decay,
                   double grad_scale, double clip) {
    NN4J_CU_ENTER("nn4j_rmsprop_update");
    NN4J_CU_DISPATCH_FLOAT(fn, dtype, T,
        launch_rmsprop<T>(n, (T*)param, (const T*)grad, (T*)sq_avg, (T*)grad_avg, (T*)mom,
                          make_rmsprop<T>(lr, rho, eps, momentum), make_prep<T>(weight_decay, grad_scale, clip)));
    return check_launch(fn);
}

int adadelta_update(int ordinal, int dtype, int64_t n, void* param, const void* grad, void* sq_avg, void* delta_avg,
                    double lr, double rho, double eps, double weight_decay, double grad_scale, double clip) {
    NN4J_CU_ENTER("nn4j_adadelta_update");
    NN4J_CU_DISPATCH_FLOAT(fn, dtype, T,
        k_adadelta<T><<<grid_for(n), kThreads>>>(n, (T*)param, (const T*)grad, (T*)sq_avg, (T*)delta_avg,
                                                 make_adadelta<T>(lr, rho, eps),
                                                 make_prep<T>(weight_decay, grad_scale, clip)));
    return check_launch(fn);
}

int adam_update(int ordinal, int dtype, int64_t n, void* param, const void* grad, void* m, void* v, void* v_max,
                double lr, double beta1, double beta2, double eps, int64_t step, double decoupled_decay,
                double weight_decay, double grad_scale, double clip) {
    NN4J_CU_ENTER("nn4j_adam_update");
    NN4J_CU_DISPATCH_FLOAT(fn, dtype, T,
        launch_adam<T>(n, (T*)param, (const T*)grad, (T*)m, (T*)v, (T*)v_max,
                       make_adam<T>(lr, beta1, beta2, eps, step, decoupled_decay),
                       make_prep<T>(weight_decay, grad_scale, clip)));
    return check_launch(fn);
}

int nadam_update(int ordinal, int dtype, int64_t n, void* param, const void* grad, void* m, void* v, double lr,
                 double beta1, double beta2, double eps, int64_t step, double mu, double mu_next, double mu_product,
                 double weight_decay, double grad_scale, double clip) {
    NN4J_CU_ENTER("nn4j_nadam_update");
    NN4J_CU_DISPATCH_FLOAT(fn, dtype, T,
        k_nadam<T><<<grid_for(n), kThreads>>>(n, (T*)param, (const T*)grad, (T*)m, (T*)v,
                                              make_nadam<T>(lr, beta1, beta2, eps, step, mu, mu_next, mu_product),
                                              make_prep<T>(weight_decay, grad_scale, clip)));
    return check_launch(fn);
}

const OptimCudaTable kTable = {
    NN4J_CUDA_OPTIM_TABLE_VERSION,
    sgd_update,
    adagrad_update,
    rmsprop_update,
    adadelta_update,
    adam_update,
    nadam_update,
};

}  // namespace
}  // namespace cu
}  // namespace nn4j

#pragma GCC visibility pop

extern "C" __attribute__((visibility("default"))) const nn4j::OptimCudaTable* nn4j_cuda_optim_table(void) {
    return &nn4j::cu::kTable;
}
