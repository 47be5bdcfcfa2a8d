// nn4j_gather and its adjoint nn4j_scatter_add (torch.gather / scatter_add_ semantics on
// contiguous tensors). `data` below is x for gather and out for scatter_add; index, gather's
// out and scatter's src share index_shape.
//
// Indices are checked in a first pass, so a bad index leaves every output untouched. The walk
// visits (outer position, chunk of inner positions) items, looping over the axis inside an
// item: two items never touch the same data element, which keeps scatter_add race-free
// without atomics and makes its accumulation order (along the axis) fixed.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include "elementwise_math.h"
#include "ew_common.h"

using namespace nn4j;

namespace {

struct IndexPlan {
    StridedIter<2> outer, inner;  // axes before / after `axis`: {index strides, data strides}
    int64_t nouter = 1, ninner = 1, len = 0;  // len: index_shape[axis]
    int64_t istride = 0, dstride = 0;          // strides of `axis` in index and data
};

IndexPlan make_plan(int ndim, const int64_t* data_shape, int axis, const int64_t* index_shape) {
    int64_t istr[NN4J_MAX_DIMS], dstr[NN4J_MAX_DIMS];
    int64_t is = 1, ds = 1;
    for (int d = ndim - 1; d >= 0; --d) {
        istr[d] = is;
        dstr[d] = ds;
        is *= index_shape[d];
        ds *= data_shape[d];
    }
    IndexPlan p;
    p.outer.ndim = axis;
    p.inner.ndim = ndim - axis - 1;
    for (int d = 0; d < ndim; ++d) {
        if (d == axis) continue;
        StridedIter<2>& it = d < axis ? p.outer : p.inner;
        const int k = d < axis ? d : d - axis - 1;
        it.shape[k] = index_shape[d];
        it.strides[0][k] = istr[d];
        it.strides[1][k] = dstr[d];
        (d < axis ? p.nouter : p.ninner) *= index_shape[d];
    }
    coalesce(p.outer);
    coalesce(p.inner);
    p.len = index_shape[axis];
    p.istride = istr[axis];
    p.dstride = dstr[axis];
    return p;
}

// body(index_position, data_position) for every index element.
template <class Body> void index_walk(const IndexPlan& p, const int64_t* index, Body&& body) {
    const int64_t chunk = std::min<int64_t>(p.ninner, 4096);
    const int64_t nkc = (p.ninner + chunk - 1) / chunk;
    const int64_t items = p.nouter * nkc, work = p.len * chunk;
    auto run = [&](int64_t b, int64_t e) {
        for (int64_t item = b; item < e; ++item) {
            int64_t oo[2];
            offsets_at(p.outer, item / nkc, oo);
            const int64_t k0 = (item % nkc) * chunk, k1 = std::min(p.ninner, k0 + chunk);
            for (int64_t j = 0; j < p.len; ++j) {
                for_each_range(p.inner, k0, k1, [&](const int64_t* off, int64_t n, const int64_t* st) {
                    const int64_t ib = oo[0] + j * p.istride + off[0], db = oo[1] + off[1];
                    for (int64_t t = 0; t < n; ++t) {
                        const int64_t ipos = ib + t * st[0];
                        body(ipos, db + index[ipos] * p.dstride + t * st[1]);
                    }
                });
            }
        }
    };
    if (items * work < kParallelMin) run(0, items);
    else parallel_for(items, std::max<int64_t>(1, kGrain / work), run);
}

// Lowest position of an index outside [0, limit), or -1.
int64_t first_bad_index(const int64_t* index, int64_t n, int64_t limit) {
    std::atomic<int64_t> first{INT64_MAX};
    auto scan = [&](int64_t b, int64_t e) {
        bool bad = false;
        for (int64_t i = b; i < e; ++i) bad |= (uint64_t)index[i] >= (uint64_t)limit;
        if (!bad) return;
        for (int64_t i = b; i < e; ++i)
            if ((uint64_t)index[i] >= (uint64_t)limit) {
                int64_t cur = first.load();
                while (i < cur && !first.compare_exchange_weak(cur, i)) {}
                return;
            }
    };
    if (n < kParallelMin) scan(0, n);
    else parallel_for(n, kGrain, scan);
    const int64_t f = first.load();
    return f == INT64_MAX ? -1 : f;
}

int bad_index_error(const char* fn, int ndim, const int64_t* index_shape, const int64_t* index,
                    int64_t pos, int axis, int64_t limit) {
    char where[32 * NN4J_MAX_DIMS] = "";
    int64_t rem = pos, idx[NN4J_MAX_DIMS];
    for (int d = ndim - 1; d >= 0; --d) { idx[d] = rem % index_shape[d]; rem /= index_shape[d]; }
    size_t used = 0;
    for (int d = 0; d < ndim; ++d)
        used += (size_t)snprintf(where + used, sizeof where - used, d ? ", %lld" : "%lld", (long long)idx[d]);
    return fail(NN4J_ERR_ARG, "%s: index[%s] = %lld is out of range [0, %lld) along axis %d", fn, where,
                (long long)index[pos], (long long)limit, axis);
}

// Shared argument checks; data_name is "x" or "out".
int check_index_args(const char* fn, int dtype, int ndim, const int64_t* data_shape, const char* data_name,
                     const void* data, int axis, const int64_t* index_shape, const int64_t* index,
                     const void* other, const char* other_name) {
    if (int rc = check_dtype(fn, dtype)) return rc;
    if (ndim < 1 || ndim > NN4J_MAX_DIMS)
        return fail(NN4J_ERR_SHAPE, "%s: ndim = %d outside [1, %d]", fn, ndim, NN4J_MAX_DIMS);
    if (int rc = check_shape(fn, ndim, data_shape)) return rc;
    if (index_shape == nullptr) return fail(NN4J_ERR_ARG, "%s: index_shape is null", fn);
    if (int rc = check_shape(fn, ndim, index_shape)) return rc;
    if (axis < 0 || axis >= ndim) return fail(NN4J_ERR_ARG, "%s: axis = %d outside [0, %d)", fn, axis, ndim);
    for (int d = 0; d < ndim; ++d)
        if (d != axis && index_shape[d] > data_shape[d])
            return fail(NN4J_ERR_SHAPE, "%s: index_shape[%d] = %lld exceeds %s_shape[%d] = %lld", fn, d,
                        (long long)index_shape[d], data_name, d, (long long)data_shape[d]);
    if (shape_numel(ndim, index_shape) > 0) {
        if (int rc = check_ptr(fn, "index", index)) return rc;
        if (int rc = check_ptr(fn, other_name, other)) return rc;
        if (shape_numel(ndim, data_shape) > 0)
            if (int rc = check_ptr(fn, data_name, data)) return rc;
    }
    return NN4J_OK;
}

}  // namespace

extern "C" {

int nn4j_gather(int device, int dtype, int ndim, const int64_t* x_shape, const void* x, int axis,
                const int64_t* index_shape, const int64_t* index, void* out) {
    static const char* fn = "nn4j_gather";
    if (int rc = check_index_args(fn, dtype, ndim, x_shape, "x", x, axis, index_shape, index, out, "out"))
        return rc;
    if (device != 0)
        return NN4J_CUDA_FORWARD(fn, gather, device - 1, dtype, ndim, x_shape, x, axis, index_shape, index, out);
    const int64_t n = shape_numel(ndim, index_shape);
    if (n == 0) return NN4J_OK;
    return guarded(fn, [&]() -> int {
        const int64_t bad = first_bad_index(index, n, x_shape[axis]);
        if (bad >= 0) return bad_index_error(fn, ndim, index_shape, index, bad, axis, x_shape[axis]);
        const IndexPlan p = make_plan(ndim, x_shape, axis, index_shape);
        // moves bytes only, so one kernel per element size
        auto copy = [&](auto tag) -> int {
            using W = typename decltype(tag)::type;
            const W* xs = (const W*)x;
            W* os = (W*)out;
            index_walk(p, index, [&](int64_t ipos, int64_t dpos) { os[ipos] = xs[dpos]; });
            return NN4J_OK;
        };
        switch (dtype_size(dtype)) {
            case 1: return copy(Tag<uint8_t>{});
            case 4: return copy(Tag<uint32_t>{});
            default: return copy(Tag<uint64_t>{});
        }
    });
}

int nn4j_scatter_add(int device, int dtype, int ndim, const int64_t* out_shape, void* out, int axis,
                     const int64_t* index_shape, const int64_t* index, const void* src) {
    static const char* fn = "nn4j_scatter_add";
    if (int rc = check_index_args(fn, dtype, ndim, out_shape, "out", out, axis, index_shape, index, src, "src"))
        return rc;
    if (dtype == NN4J_BOOL) return fail(NN4J_ERR_DTYPE, "%s: dtype bool not supported", fn);
    if (device != 0)
        return NN4J_CUDA_FORWARD(fn, scatter_add, device - 1, dtype, ndim, out_shape, out, axis, index_shape,
                                 index, src);
    const int64_t n = shape_numel(ndim, index_shape);
    if (n == 0) return NN4J_OK;
    return guarded(fn, [&]() -> int {
        const int64_t bad = first_bad_index(index, n, out_shape[axis]);
        if (bad >= 0) return bad_index_error(fn, ndim, index_shape, index, bad, axis, out_shape[axis]);
        const IndexPlan p = make_plan(ndim, out_shape, axis, index_shape);
        return dispatch_dtype(dtype, [&](auto tag) -> int {
            using T = typename decltype(tag)::type;
            const T* s = (const T*)src;
            T* o = (T*)out;
            index_walk(p, index, [&](int64_t ipos, int64_t dpos) {
                o[dpos] = ew::binary_op<NN4J_BINARY_ADD, T>(o[dpos], s[ipos]);
            });
            return NN4J_OK;
        });
    });
}

}  // extern "C"
