// Iteration over an n-dimensional index space with per-operand strides (in elements).
// Used by copy, element-wise and reduction kernels. The innermost dimension is handed to the
// kernel as a 1-D run so that contiguous cases vectorise.
#pragma once
#include <cstdint>
#include "nn4j.h"

namespace nn4j {

template <int NOPS>
struct StridedIter {
    int ndim;
    int64_t shape[NN4J_MAX_DIMS];
    int64_t strides[NOPS][NN4J_MAX_DIMS];
};

// Removes size-1 dimensions and merges dimensions that are contiguous for every operand,
// in place. Returns the new ndim (>= 1; a scalar becomes shape {1}).
template <int NOPS>
int coalesce(StridedIter<NOPS>& it) {
    int nd = 0;
    int64_t shape[NN4J_MAX_DIMS];
    int64_t str[NOPS][NN4J_MAX_DIMS];
    for (int d = 0; d < it.ndim; ++d) {
        if (it.shape[d] == 1) continue;
        if (nd > 0) {
            bool merge = true;
            for (int o = 0; o < NOPS; ++o)
                if (str[o][nd - 1] != it.strides[o][d] * it.shape[d]) { merge = false; break; }
            if (merge) {
                shape[nd - 1] *= it.shape[d];
                for (int o = 0; o < NOPS; ++o) str[o][nd - 1] = it.strides[o][d];
                continue;
            }
        }
        shape[nd] = it.shape[d];
        for (int o = 0; o < NOPS; ++o) str[o][nd] = it.strides[o][d];
        ++nd;
    }
    if (nd == 0) {
        nd = 1;
        shape[0] = 1;
        for (int o = 0; o < NOPS; ++o) str[o][0] = 1;
    }
    it.ndim = nd;
    for (int d = 0; d < nd; ++d) {
        it.shape[d] = shape[d];
        for (int o = 0; o < NOPS; ++o) it.strides[o][d] = str[o][d];
    }
    return nd;
}

// Calls fn(offsets[NOPS], inner_len, inner_strides[NOPS]) for every row of the innermost
// dimension in rows [row_begin, row_end) (rows are counted over all outer dimensions).
template <int NOPS, typename Fn>
void for_each_row(const StridedIter<NOPS>& it, int64_t row_begin, int64_t row_end, Fn&& fn) {
    const int nd = it.ndim;
    const int64_t inner = it.shape[nd - 1];
    int64_t inner_str[NOPS];
    for (int o = 0; o < NOPS; ++o) inner_str[o] = it.strides[o][nd - 1];
    int64_t idx[NN4J_MAX_DIMS] = {0};
    int64_t rem = row_begin;
    for (int d = nd - 2; d >= 0; --d) { idx[d] = rem % it.shape[d]; rem /= it.shape[d]; }
    int64_t off[NOPS];
    for (int o = 0; o < NOPS; ++o) {
        off[o] = 0;
        for (int d = 0; d < nd - 1; ++d) off[o] += idx[d] * it.strides[o][d];
    }
    for (int64_t r = row_begin; r < row_end; ++r) {
        fn(off, inner, inner_str);
        for (int d = nd - 2; d >= 0; --d) {
            ++idx[d];
            for (int o = 0; o < NOPS; ++o) off[o] += it.strides[o][d];
            if (idx[d] < it.shape[d]) break;
            for (int o = 0; o < NOPS; ++o) off[o] -= idx[d] * it.strides[o][d];
            idx[d] = 0;
        }
    }
}

template <int NOPS>
int64_t outer_rows(const StridedIter<NOPS>& it) {
    int64_t r = 1;
    for (int d = 0; d < it.ndim - 1; ++d) r *= it.shape[d];
    return r;
}

}  // namespace nn4j
