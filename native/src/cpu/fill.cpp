// nn4j_fill and nn4j_arange: constant and linear fills of a contiguous buffer.
#include <cmath>
#include <cstring>
#include <type_traits>
#include "elementwise_math.h"
#include "ew_common.h"

using namespace nn4j;

namespace {

// Contiguous [0, n) split over the pool when large; fn(begin, end).
template <class Fn> void parallel_span(int64_t n, Fn&& fn) {
    if (n < kParallelMin) fn(int64_t(0), n);
    else parallel_for(n, kGrain, fn);
}

template <class T> void fill_kernel(T* out, int64_t n, double value) {
    const T v = ew::convert<T, double>(value);
    // all-zero bytes (0, +0.0, false): let memset do it
    if (value == 0.0 && !std::signbit(value)) {
        parallel_span(n, [&](int64_t b, int64_t e) { std::memset(out + b, 0, (size_t)(e - b) * sizeof(T)); });
        return;
    }
    parallel_span(n, [&](int64_t b, int64_t e) {
        T* __restrict p = out;
        for (int64_t i = b; i < e; ++i) p[i] = v;
    });
}

// Integer dtypes with an integral start and step count exactly in int64 (wrapping on overflow,
// then narrowed like nn4j_copy); anything else is computed in double and converted once.
template <class T> void arange_kernel(T* out, int64_t n, double start, double step) {
    const bool exact_int = !ew::is_fp<T>::value && std::fabs(start) < 9.2e18 && std::fabs(step) < 9.2e18 &&
                           start == std::trunc(start) && step == std::trunc(step);
    if (exact_int) {
        const uint64_t s0 = (uint64_t)(int64_t)start, d = (uint64_t)(int64_t)step;
        parallel_span(n, [&](int64_t b, int64_t e) {
            for (int64_t i = b; i < e; ++i) out[i] = ew::convert<T, int64_t>((int64_t)(s0 + d * (uint64_t)i));
        });
        return;
    }
    parallel_span(n, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) out[i] = ew::convert<T, double>(start + (double)i * step);
    });
}

}  // namespace

extern "C" {

int nn4j_fill(int device, int dtype, void* out, int64_t n, double value) {
    static const char* fn = "nn4j_fill";
    if (int rc = check_dtype(fn, dtype)) return rc;
    if (n < 0) return fail(NN4J_ERR_ARG, "%s: n = %lld is negative", fn, (long long)n);
    if (n > 0 && out == nullptr) return fail(NN4J_ERR_ARG, "%s: out is null", fn);
    if (device != 0) return NN4J_CUDA_FORWARD(fn, fill, device - 1, dtype, out, n, value);
    if (n == 0) return NN4J_OK;
    return guarded(fn, [&]() -> int {
        return dispatch_dtype(dtype, [&](auto tag) -> int {
            fill_kernel((typename decltype(tag)::type*)out, n, value);
            return NN4J_OK;
        });
    });
}

int nn4j_arange(int device, int dtype, void* out, int64_t n, double start, double step) {
    static const char* fn = "nn4j_arange";
    if (int rc = check_dtype(fn, dtype)) return rc;
    if (dtype == NN4J_BOOL) return fail(NN4J_ERR_DTYPE, "%s: dtype bool not supported", fn);
    if (n < 0) return fail(NN4J_ERR_ARG, "%s: n = %lld is negative", fn, (long long)n);
    if (n > 0 && out == nullptr) return fail(NN4J_ERR_ARG, "%s: out is null", fn);
    if (!std::isfinite(start) || !std::isfinite(step))
        return fail(NN4J_ERR_ARG, "%s: start = %g and step = %g must be finite", fn, start, step);
    if (device != 0) return NN4J_CUDA_FORWARD(fn, arange, device - 1, dtype, out, n, start, step);
    if (n == 0) return NN4J_OK;
    return guarded(fn, [&]() -> int {
        return dispatch_dtype(dtype, [&](auto tag) -> int {
            using T = typename decltype(tag)::type;
            if constexpr (!std::is_same<T, uint8_t>::value) arange_kernel((T*)out, n, start, step);
            return NN4J_OK;
        });
    });
}

}  // extern "C"
