// gather (torch.gather on contiguous tensors) and its adjoint scatter_add.
// Bad indices are found on the device: a check kernel records the lowest offending position
// in the per-device scratch word, which the host reads back (a synchronising copy) to name it
// exactly as the CPU does. scatter_add checks before it writes, so a bad call changes nothing.
#include <cstdio>
#include "cuda_common.cuh"

namespace nn4j {
namespace cu {
namespace {

struct IndexGeom {
    int ndim, axis;
    int64_t index_shape[NN4J_MAX_DIMS];
    int64_t strides[NN4J_MAX_DIMS];  // of the indexed tensor (x for gather, out for scatter)
    int64_t axis_len;
};

// Offset into the indexed tensor of index element e, whose value j replaces its axis coordinate.
__device__ __forceinline__ int64_t indexed_offset(const IndexGeom& g, int64_t e, int64_t j) {
    int64_t off = 0;
    for (int d = g.ndim - 1; d >= 0; --d) {
        const int64_t s = g.index_shape[d];
        const int64_t q = e / s, r = e - q * s;
        off += (d == g.axis ? j : r) * g.strides[d];
        e = q;
    }
    return off;
}

__global__ void check_kernel(const int64_t* index, int64_t n, int64_t axis_len,
                             unsigned long long* first_bad) {
    NN4J_CU_GRID_STRIDE(e, n) {
        const int64_t j = index[e];
        if (j < 0 || j >= axis_len) atomicMin(first_bad, (unsigned long long)e);
    }
}

template <typename T>
__global__ void gather_kernel(IndexGeom g, int64_t n, const T* x, const int64_t* index, T* out) {
    NN4J_CU_GRID_STRIDE(e, n) {
        const int64_t j = index[e];
        if (j >= 0 && j < g.axis_len) out[e] = x[indexed_offset(g, e, j)];
    }
}

template <typename T>
__device__ __forceinline__ void atomic_add(T* p, T v) { atomicAdd(p, v); }
template <>
__device__ __forceinline__ void atomic_add<int64_t>(int64_t* p, int64_t v) {
    // Two's complement: unsigned addition wraps to the same bits as the CPU's int64 sum.
    atomicAdd((unsigned long long*)p, (unsigned long long)v);
}

template <typename T>
__global__ void scatter_add_kernel(IndexGeom g, int64_t n, T* out, const int64_t* index, const T* src) {
    NN4J_CU_GRID_STRIDE(e, n) atomic_add(out + indexed_offset(g, e, index[e]), src[e]);
}

int make_geom(const char* fn, int ndim, const int64_t* shape, int axis, const int64_t* index_shape,
              IndexGeom* g, int64_t* n) {
    if (ndim < 1 || ndim > NN4J_MAX_DIMS) return fail(NN4J_ERR_ARG, "%s: ndim = %d", fn, ndim);
    if (axis < 0 || axis >= ndim) return fail(NN4J_ERR_ARG, "%s: axis %d outside [0, %d)", fn, axis, ndim);
    g->ndim = ndim;
    g->axis = axis;
    g->axis_len = shape[axis];
    int64_t s = 1;
    for (int d = ndim - 1; d >= 0; --d) {
        g->strides[d] = s;
        s *= shape[d];
        g->index_shape[d] = index_shape[d];
    }
    *n = numel(ndim, index_shape);
    return NN4J_OK;
}

// Runs the check kernel; NN4J_ERR_ARG naming the first out-of-range index, if any.
int check_indices(const char* fn, int ordinal, const IndexGeom& g, const int64_t* index, int64_t n) {
    Scratch s;
    if (int st = scratch(fn, ordinal, &s)) return st;
    unsigned long long* first_bad = (unsigned long long*)s.p;
    NN4J_CU_TRY(fn, cudaMemsetAsync(first_bad, 0xff, sizeof *first_bad, 0));
    check_kernel<<<grid_for(n), kThreads>>>(index, n, g.axis_len, first_bad);
    if (int st = check_launch(fn)) return st;
    unsigned long long bad = 0;
    NN4J_CU_TRY(fn, cudaMemcpy(&bad, first_bad, sizeof bad, cudaMemcpyDeviceToHost));
    if (bad == ~0ULL) return NN4J_OK;
    int64_t value = 0;
    NN4J_CU_TRY(fn, cudaMemcpy(&value, index + bad, sizeof value, cudaMemcpyDeviceToHost));
    // Same message as the CPU: the position as a multi-index of index_shape.
    char where[32 * NN4J_MAX_DIMS] = "";
    int64_t rem = (int64_t)bad, idx[NN4J_MAX_DIMS];
    for (int d = g.ndim - 1; d >= 0; --d) { idx[d] = rem % g.index_shape[d]; rem /= g.index_shape[d]; }
    size_t used = 0;
    for (int d = 0; d < g.ndim && used < sizeof where; ++d)
        used += (size_t)snprintf(where + used, sizeof where - used, d ? ", %lld" : "%lld", (long long)idx[d]);
    return fail(NN4J_ERR_ARG, "%s: index[%s] = %lld is out of range [0, %lld) along axis %d", fn, where,
                (long long)value, (long long)g.axis_len, g.axis);
}

}  // namespace

int gather(int ordinal, int dtype, int ndim, const int64_t* x_shape, const void* x, int axis,
           const int64_t* index_shape, const int64_t* index, void* out) {
    NN4J_CU_ENTER("nn4j_gather");
    IndexGeom g;
    int64_t n;
    if (int st = make_geom(fn, ndim, x_shape, axis, index_shape, &g, &n)) return st;
    if (n == 0) return NN4J_OK;
    if (int st = check_indices(fn, ordinal, g, index, n)) return st;
    switch (dtype_size(dtype)) {  // gather only moves bits: one kernel per element size
        case 1: gather_kernel<uint8_t><<<grid_for(n), kThreads>>>(g, n, (const uint8_t*)x, index, (uint8_t*)out); break;
        case 4: gather_kernel<uint32_t><<<grid_for(n), kThreads>>>(g, n, (const uint32_t*)x, index, (uint32_t*)out); break;
        case 8: gather_kernel<uint64_t><<<grid_for(n), kThreads>>>(g, n, (const uint64_t*)x, index, (uint64_t*)out); break;
        default: return fail(NN4J_ERR_DTYPE, "%s: unknown dtype %d", fn, dtype);
    }
    return check_launch(fn);
}

int scatter_add(int ordinal, int dtype, int ndim, const int64_t* out_shape, void* out, int axis,
                const int64_t* index_shape, const int64_t* index, const void* src) {
    NN4J_CU_ENTER("nn4j_scatter_add");
    IndexGeom g;
    int64_t n;
    if (int st = make_geom(fn, ndim, out_shape, axis, index_shape, &g, &n)) return st;
    if (n == 0) return NN4J_OK;
    if (int st = check_indices(fn, ordinal, g, index, n)) return st;
    switch (dtype) {
        case NN4J_F32: scatter_add_kernel<float><<<grid_for(n), kThreads>>>(g, n, (float*)out, index, (const float*)src); break;
        case NN4J_F64: scatter_add_kernel<double><<<grid_for(n), kThreads>>>(g, n, (double*)out, index, (const double*)src); break;
        case NN4J_I32: scatter_add_kernel<int32_t><<<grid_for(n), kThreads>>>(g, n, (int32_t*)out, index, (const int32_t*)src); break;
        case NN4J_I64: scatter_add_kernel<int64_t><<<grid_for(n), kThreads>>>(g, n, (int64_t*)out, index, (const int64_t*)src); break;
        default: return fail(NN4J_ERR_DTYPE, "%s: dtype %d cannot be accumulated", fn, dtype);
    }
    return check_launch(fn);
}

}  // namespace cu
}  // namespace nn4j
