// Embedding lookup (nn4j_nn.h): forward gathers rows of table (v, d); backward scatter-adds the
// rows of dout into dtable. Determinism: the backward splits the work over columns of the
// table, never over ids, so each dtable element is summed by one thread in id order, whatever
// the thread count. Invariant: out and dtable are overwritten (=).
#include <cstring>
#include "nn_common.h"

using namespace nn4j;
using namespace nn4j::nn;

namespace {

template <class T> void gather_rows(int64_t d, const T* table, int index_dtype, int64_t count, const void* ids, T* out) {
    parallel_for(count, std::max<int64_t>(1, 8192 / std::max<int64_t>(d, 1)), [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i)
            std::memcpy(out + i * d, table + load_index(index_dtype, ids, i) * d, (size_t)d * sizeof(T));
    });
}

template <class T>
void scatter_rows(int64_t v, int64_t d, int index_dtype, int64_t count, const void* ids, const T* dout, T* dtable) {
    parallel_for(v * d, 65536, [&](int64_t b, int64_t e) { std::memset(dtable + b, 0, (size_t)(e - b) * sizeof(T)); });
    // column blocks of 16: one cache line of f32 per row touched
    const int64_t cb = 16, blocks = (d + cb - 1) / cb;
    parallel_for(blocks, 1, [&](int64_t b, int64_t e) {
        const int64_t j0 = b * cb, j1 = std::min<int64_t>(d, e * cb);
        for (int64_t i = 0; i < count; ++i) {
            const int64_t id = load_index(index_dtype, ids, i);
            const T* src = dout + i * d;
            T* dst = dtable + id * d;
            for (int64_t j = j0; j < j1; ++j) dst[j] += src[j];
        }
    });
}

int check_emb(const char* fn, int dtype, int64_t v, int64_t d, int index_dtype, int64_t count) {
    if (int st = check_float_dtype(fn, dtype)) return st;
    if (int st = check_index_dtype(fn, index_dtype)) return st;
    if (int st = check_count(fn, "v", v, 0)) return st;
    if (int st = check_count(fn, "d", d, 0)) return st;
    if (int st = check_count(fn, "count", count, 0)) return st;
    if (int st = check_product(fn, v, d)) return st;
    return check_product(fn, count, d);
}

}  // namespace

extern "C" {

int nn4j_embedding_forward(int device, int dtype, int64_t v, int64_t d, const void* table, int index_dtype,
                           int64_t count, const void* ids, void* out) {
    static const char* fn = "nn4j_embedding_forward";
    if (int st = check_emb(fn, dtype, v, d, index_dtype, count)) return st;
    if (count == 0) return NN4J_OK;
    if (int st = check_ptr(fn, "ids", ids)) return st;
    if (d > 0) {
        if (int st = check_ptr(fn, "table", table)) return st;
        if (int st = check_ptr(fn, "out", out)) return st;
    }
    NN4J_NN_CUDA(fn, embedding_forward, dtype, v, d, table, index_dtype, count, ids, out);
    if (int st = check_ids(fn, "ids", index_dtype, ids, count, v)) return st;
    if (d == 0) return NN4J_OK;
    NN4J_FLOAT(dtype, T, gather_rows<T>(d, (const T*)table, index_dtype, count, ids, (T*)out));
    return NN4J_OK;
}

int nn4j_embedding_backward(int device, int dtype, int64_t v, int64_t d, int index_dtype, int64_t count,
                            const void* ids, const void* dout, void* dtable) {
    static const char* fn = "nn4j_embedding_backward";
    if (int st = check_emb(fn, dtype, v, d, index_dtype, count)) return st;
    if (v * d == 0) return NN4J_OK;
    if (int st = check_ptr(fn, "dtable", dtable)) return st;
    if (count > 0) {
        if (int st = check_ptr(fn, "ids", ids)) return st;
        if (int st = check_ptr(fn, "dout", dout)) return st;
    }
    NN4J_NN_CUDA(fn, embedding_backward, dtype, v, d, index_dtype, count, ids, dout, dtable);
    if (int st = check_ids(fn, "ids", index_dtype, ids, count, v)) return st;
    NN4J_FLOAT(dtype, T, scatter_rows<T>(v, d, index_dtype, count, ids, (const T*)dout, (T*)dtable));
    return NN4J_OK;
}

}  // extern "C"
