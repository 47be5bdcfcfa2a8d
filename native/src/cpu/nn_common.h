// Shared plumbing of the nn family's CPU files (nn4j_nn.h): argument checks and the CUDA table
// forwarding (the float dispatch is core.h's NN4J_FLOAT). Internal to libnn4j.
#pragma once
#include <cstdint>
#include <new>
#include "core.h"
#include "cuda_nn_table.h"
#include "nn4j_nn.h"

namespace nn4j {
namespace nn {

// Forwards to the nn family's CUDA table for device != 0 (after the caller's checks).
#define NN4J_NN_CUDA(fn, member, ...)                                                              \
    NN4J_FAMILY_CUDA(::nn4j::NnCudaTable, "nn4j_cuda_nn_table", NN4J_CUDA_NN_TABLE_VERSION, "nn", fn, member, \
                     __VA_ARGS__)

inline int check_count(const char* fn, const char* what, int64_t v, int64_t min) {
    if (v < min) return fail(NN4J_ERR_ARG, "%s: %s = %lld < %lld", fn, what, (long long)v, (long long)min);
    return NN4J_OK;
}

// a * b (* c) must fit in int64 and in bytes of an 8-byte element.
inline int check_product(const char* fn, int64_t a, int64_t b, int64_t c = 1) {
    const int64_t lim = INT64_MAX / 8;
    if (a > 0 && b > 0 && a > lim / b) goto over;
    if (a > 0 && b > 0 && c > 0 && a * b > lim / c) goto over;
    return NN4J_OK;
over:
    return fail(NN4J_ERR_ARG, "%s: size %lld x %lld x %lld overflows", fn, (long long)a, (long long)b, (long long)c);
}

inline int check_reduction(const char* fn, int reduction) {
    if (reduction < NN4J_REDUCTION_MEAN || reduction > NN4J_REDUCTION_NONE)
        return fail(NN4J_ERR_ARG, "%s: reduction %d is not MEAN (0), SUM (1) or NONE (2)", fn, reduction);
    return NN4J_OK;
}

inline int check_index_dtype(const char* fn, int index_dtype) {
    if (index_dtype != NN4J_I32 && index_dtype != NN4J_I64)
        return fail(NN4J_ERR_DTYPE, "%s: index dtype %s not supported, expected int32 or int64", fn,
                    dtype_name(index_dtype));
    return NN4J_OK;
}

inline int64_t load_index(int index_dtype, const void* ids, int64_t i) {
    return index_dtype == NN4J_I32 ? (int64_t)((const int32_t*)ids)[i] : ((const int64_t*)ids)[i];
}

// First out-of-range id in ids[0, count) (validated before any write), or NN4J_OK.
inline int check_ids(const char* fn, const char* what, int index_dtype, const void* ids, int64_t count, int64_t limit) {
    for (int64_t i = 0; i < count; ++i) {
        const int64_t id = load_index(index_dtype, ids, i);
        if (id < 0 || id >= limit)
            return fail(NN4J_ERR_ARG, "%s: %s[%lld] = %lld is outside [0, %lld)", fn, what, (long long)i,
                        (long long)id, (long long)limit);
    }
    return NN4J_OK;
}

}  // namespace nn
}  // namespace nn4j
