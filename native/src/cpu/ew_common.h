// CPU-side plumbing shared by the fill, copy, element-wise, reduction and gather kernels:
// dtype/op dispatch to templates, strided-argument validation, splitting an n-d index space
// into element ranges for the thread pool, and the exception guard for the C ABI.
#pragma once
#include <cstdint>
#include <new>
#include <type_traits>
#include <utility>
#include "core.h"
#include "strided.h"

namespace nn4j {

// Below this many element-operations a parallel region costs more than it saves (a wake-up of
// the pool is a few microseconds); per-element cost factors scale it for transcendental ops.
constexpr int64_t kParallelMin = 32768;
constexpr int64_t kGrain = 16384;

template <class T> struct Tag { typedef T type; };

template <class T> constexpr int dtype_code() {
    if constexpr (std::is_same<T, float>::value) return NN4J_F32;
    else if constexpr (std::is_same<T, double>::value) return NN4J_F64;
    else if constexpr (std::is_same<T, int32_t>::value) return NN4J_I32;
    else if constexpr (std::is_same<T, int64_t>::value) return NN4J_I64;
    else return NN4J_BOOL;
}

// Calls f(Tag<T>{}) for the storage type of `dtype`; the dtype must be validated already.
template <class F> int dispatch_dtype(int dtype, F&& f) {
    switch (dtype) {
        case NN4J_F32: return f(Tag<float>{});
        case NN4J_F64: return f(Tag<double>{});
        case NN4J_I32: return f(Tag<int32_t>{});
        case NN4J_I64: return f(Tag<int64_t>{});
        case NN4J_BOOL: return f(Tag<uint8_t>{});
        default: return fail(NN4J_ERR_INTERNAL, "nn4j: dispatch on unknown dtype %d", dtype);
    }
}

// Calls f(std::integral_constant<int, OP>{}) for a run-time op code in [0, N).
template <class F, int... I>
int dispatch_op_impl(int op, F&& f, std::integer_sequence<int, I...>) {
    int rc = NN4J_ERR_INTERNAL;
    bool hit = ((op == I ? (rc = f(std::integral_constant<int, I>{}), true) : false) || ...);
    if (!hit) return fail(NN4J_ERR_INTERNAL, "nn4j: dispatch on unknown op %d", op);
    return rc;
}
template <int N, class F> int dispatch_op(int op, F&& f) {
    return dispatch_op_impl(op, f, std::make_integer_sequence<int, N>{});
}

// Runs body() and turns any C++ exception into a status, so none crosses the C ABI.
template <class F> int guarded(const char* fn, F&& body) {
    try {
        return body();
    } catch (const std::bad_alloc&) {
        return fail(NN4J_ERR_OOM, "%s: out of memory", fn);
    } catch (...) {
        return fail(NN4J_ERR_INTERNAL, "%s: unexpected C++ exception", fn);
    }
}

// Strides of an operand over `shape`: must be given when the tensor has elements, and the
// largest offset must fit in int64. An output additionally must not write one element twice
// through a zero stride.
inline int check_strides(const char* fn, const char* what, int ndim, const int64_t* shape,
                         const int64_t* strides, bool is_output) {
    if (ndim == 0 || shape_numel(ndim, shape) == 0) return NN4J_OK;
    if (strides == nullptr) return fail(NN4J_ERR_ARG, "%s: %s is null", fn, what);
    int64_t span = 0;
    for (int d = 0; d < ndim; ++d) {
        int64_t s = strides[d] < 0 ? -strides[d] : strides[d], t;
        if (strides[d] == INT64_MIN || __builtin_mul_overflow(s, shape[d] - 1, &t) ||
            __builtin_add_overflow(span, t, &span))
            return fail(NN4J_ERR_SHAPE, "%s: %s[%d] = %lld overflows the address range", fn, what, d,
                        (long long)strides[d]);
        if (is_output && strides[d] == 0 && shape[d] > 1)
            return fail(NN4J_ERR_SHAPE, "%s: %s[%d] is 0 for a dimension of size %lld (an output "
                        "cannot broadcast)", fn, what, d, (long long)shape[d]);
    }
    return NN4J_OK;
}

template <int N>
StridedIter<N> make_iter(int ndim, const int64_t* shape, const int64_t* const (&strides)[N]) {
    StridedIter<N> it;
    it.ndim = ndim;
    for (int d = 0; d < ndim; ++d) {
        it.shape[d] = shape[d];
        for (int o = 0; o < N; ++o) it.strides[o][d] = strides[o][d];
    }
    coalesce(it);
    return it;
}

// Offsets of operand o at row-major linear index `idx` of the (coalesced) index space.
template <int N> void offsets_at(const StridedIter<N>& it, int64_t idx, int64_t (&off)[N]) {
    for (int o = 0; o < N; ++o) off[o] = 0;
    for (int d = it.ndim - 1; d >= 0; --d) {
        int64_t i = idx % it.shape[d];
        idx /= it.shape[d];
        for (int o = 0; o < N; ++o) off[o] += i * it.strides[o][d];
    }
}

// Like for_each_row, but over the row-major element range [begin, end): partial first and last
// rows are clipped, so ranges can split rows (a single long contiguous run included).
template <int N, class Fn>
void for_each_range(const StridedIter<N>& it, int64_t begin, int64_t end, Fn&& fn) {
    if (begin >= end) return;
    const int64_t inner = it.shape[it.ndim - 1];
    const int64_t r0 = begin / inner, r1 = (end - 1) / inner + 1;
    int64_t r = r0;
    for_each_row(it, r0, r1, [&](const int64_t* off, int64_t len, const int64_t* st) {
        int64_t s = r == r0 ? begin - r0 * inner : 0;
        int64_t e = r == r1 - 1 ? end - (r1 - 1) * inner : len;
        int64_t o2[N];
        for (int o = 0; o < N; ++o) o2[o] = off[o] + s * st[o];
        fn(o2, e - s, st);
        ++r;
    });
}

// Visits every element of `it` (numel of them) as runs fn(off, len, inner_strides), split into
// contiguous index ranges over the pool when the work (numel * cost) is large enough.
template <int N, class Fn>
void parallel_ranges(const StridedIter<N>& it, int64_t numel, int64_t cost, Fn&& fn) {
    if (numel < kParallelMin / cost) {
        for_each_range(it, 0, numel, fn);
        return;
    }
    int64_t grain = kGrain / cost;
    parallel_for(numel, grain < 1 ? 1 : grain,
                 [&](int64_t b, int64_t e) { for_each_range(it, b, e, fn); });
}

}  // namespace nn4j
