// The recurrent family's table exported by libnn4j_cuda.so (symbol nn4j_cuda_rnn_table, looked
// up by rnn.cpp through cuda_symbol). The core validates arguments (shapes, null pointers,
// workspace size and alignment) and forwards device > 0 calls with `ordinal` = device - 1; each
// entry has the signature of its nn4j_rnn.h counterpart minus `device`, returns an nn4j status
// and reports errors through the core table's set_error.
#pragma once
#include <cstdint>

namespace nn4j {

#define NN4J_CUDA_RNN_TABLE_VERSION 1

struct RnnCudaTable {
    int version;
    int (*forward)(int ordinal, int cell, int dtype, int64_t n, int64_t t, int64_t f, int64_t h,
                   const void* x, const void* h0, const void* c0, const void* w, const void* u,
                   const void* b, void* y, void* h_n, void* c_n, void* workspace,
                   int64_t workspace_bytes);
    int (*backward)(int ordinal, int cell, int dtype, int64_t n, int64_t t, int64_t f, int64_t h,
                    const void* x, const void* h0, const void* c0, const void* w, const void* u,
                    const void* b, const void* y, const void* workspace, int64_t workspace_bytes,
                    const void* dy, const void* dh_n, const void* dc_n, void* dx, void* dh0,
                    void* dc0, void* dw, void* du, void* db);
};

}  // namespace nn4j

extern "C" const nn4j::RnnCudaTable* nn4j_cuda_rnn_table(void);
