// The nn family's table exported by libnn4j_cuda.so (symbol nn4j_cuda_nn_table, looked up by the
// CPU entry points through cuda_symbol). The core validates every argument (shapes, pointers,
// ranges) and forwards device > 0 calls with `ordinal` = device - 1; each entry has the
// signature of its nn4j_nn.h counterpart minus `device`, returns an nn4j status and reports
// errors through the core table's set_error.
#pragma once
#include <cstdint>

namespace nn4j {

#define NN4J_CUDA_NN_TABLE_VERSION 2

struct NnCudaTable {
    int version;
    int (*activation_forward)(int ordinal, int act, int dtype, int64_t n, const void* x, void* y, double alpha);
    int (*activation_backward)(int ordinal, int act, int dtype, int64_t n, const void* x, const void* dy, void* dx,
                               double alpha);
    int (*softmax_forward)(int ordinal, int dtype, int log, int64_t outer, int64_t dim, int64_t inner,
                           const void* x, void* y);
    int (*softmax_backward)(int ordinal, int dtype, int log, int64_t outer, int64_t dim, int64_t inner,
                            const void* y, const void* dy, void* dx);
    int (*softmax_ce_forward)(int ordinal, int dtype, int64_t n, int64_t k, const void* logits, int label_dtype,
                              const void* labels, const void* class_weights, double label_smoothing,
                              int reduction, void* loss, void* probs);
    int (*softmax_ce_backward)(int ordinal, int dtype, int64_t n, int64_t k, const void* probs, int label_dtype,
                               const void* labels, const void* class_weights, double label_smoothing,
                               int reduction, const void* dloss, void* dlogits);
    int (*sigmoid_bce_forward)(int ordinal, int dtype, int64_t outer, int64_t c, const void* x, const void* y,
                               const void* pos_weight, int reduction, void* loss);
    int (*sigmoid_bce_backward)(int ordinal, int dtype, int64_t outer, int64_t c, const void* x, const void* y,
                                const void* pos_weight, int reduction, const void* dloss, void* dx, void* dy);
    int (*batchnorm_forward)(int ordinal, int dtype, int training, int64_t n, int64_t c, int64_t inner,
                             const void* x, const void* gamma, const void* beta, double eps, double momentum,
                             void* running_mean, void* running_var, void* y, void* save_mean, void* save_var);
    int (*batchnorm_backward)(int ordinal, int dtype, int training, int64_t n, int64_t c, int64_t inner,
                              const void* x, const void* gamma, const void* save_mean, const void* save_var,
                              double eps, const void* dy, void* dx, void* dgamma, void* dbeta);
    int (*lrn_forward)(int ordinal, int dtype, int64_t n, int64_t c, int64_t inner, int64_t size, double alpha,
                       double beta, double k, const void* x, void* y);
    int (*lrn_backward)(int ordinal, int dtype, int64_t n, int64_t c, int64_t inner, int64_t size, double alpha,
                        double beta, double k, const void* x, const void* dy, void* dx);
    int (*dropout_forward)(int ordinal, int dtype, int64_t n, const void* x, double rate, uint64_t seed,
                           uint64_t offset, void* y, void* mask);
    int (*dropout_backward)(int ordinal, int dtype, int64_t n, const void* dy, double rate, uint64_t seed,
                            uint64_t offset, void* dx);
    int (*embedding_forward)(int ordinal, int dtype, int64_t v, int64_t d, const void* table, int index_dtype,
                             int64_t count, const void* ids, void* out);
    int (*embedding_backward)(int ordinal, int dtype, int64_t v, int64_t d, int index_dtype, int64_t count,
                              const void* ids, const void* dout, void* dtable);
    int (*bias_act_forward)(int ordinal, int act, int dtype, int64_t rows, int64_t cols, const void* u,
                            const void* bias, void* y, double alpha);
    int (*bias_act_backward)(int ordinal, int act, int dtype, int64_t rows, int64_t cols, const void* u,
                             const void* bias, const void* dy, void* du, void* dbias, double alpha);
};

}  // namespace nn4j

extern "C" const nn4j::NnCudaTable* nn4j_cuda_nn_table(void);
