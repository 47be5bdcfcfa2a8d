// The optimizer family's table exported by libnn4j_cuda.so (symbol nn4j_cuda_optim_table, looked
// up by optim.cpp through cuda_symbol). The core validates every argument (pointers, overlaps,
// hyper-parameter ranges) and forwards device > 0 calls with `ordinal` = device - 1; each entry
// has the signature of its nn4j_optim.h counterpart minus `device`, returns an nn4j status and
// reports errors through the core table's set_error.
#pragma once
#include <cstdint>

namespace nn4j {

#define NN4J_CUDA_OPTIM_TABLE_VERSION 1

struct OptimCudaTable {
    int version;
    int (*sgd_update)(int ordinal, int dtype, int64_t n, void* param, const void* grad, void* velocity,
                      double lr, double momentum, double dampening, int nesterov, double weight_decay,
                      double grad_scale, double clip);
    int (*adagrad_update)(int ordinal, int dtype, int64_t n, void* param, const void* grad, void* accum,
                          double lr, double eps, double weight_decay, double grad_scale, double clip);
    int (*rmsprop_update)(int ordinal, int dtype, int64_t n, void* param, const void* grad, void* sq_avg,
                          void* grad_avg, void* mom, double lr, double rho, double eps, double momentum,
                          double weight_decay, double grad_scale, double clip);
    int (*adadelta_update)(int ordinal, int dtype, int64_t n, void* param, const void* grad, void* sq_avg,
                           void* delta_avg, double lr, double rho, double eps, double weight_decay,
                           double grad_scale, double clip);
    int (*adam_update)(int ordinal, int dtype, int64_t n, void* param, const void* grad, void* m, void* v,
                       void* v_max, double lr, double beta1, double beta2, double eps, int64_t step,
                       double decoupled_decay, double weight_decay, double grad_scale, double clip);
    int (*nadam_update)(int ordinal, int dtype, int64_t n, void* param, const void* grad, void* m, void* v,
                        double lr, double beta1, double beta2, double eps, int64_t step, double mu,
                        double mu_next, double mu_product, double weight_decay, double grad_scale,
                        double clip);
};

}  // namespace nn4j

extern "C" const nn4j::OptimCudaTable* nn4j_cuda_optim_table(void);
