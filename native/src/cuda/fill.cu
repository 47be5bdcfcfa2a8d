// fill and arange: one thread per element, values converted by ew::convert as on the CPU.
#include <cmath>
#include "cuda_common.cuh"
#include "elementwise_math.h"

namespace nn4j {
namespace cu {
namespace {

template <typename T>
__global__ void fill_kernel(T* out, int64_t n, T v) {
    NN4J_CU_GRID_STRIDE(i, n) out[i] = v;
}

// Same two paths as the CPU (cpu/fill.cpp): integer dtypes with an integral start and step
// count exactly in wrapping int64, everything else is computed in double and converted once.
template <typename T>
__global__ void arange_int_kernel(T* out, int64_t n, uint64_t start, uint64_t step) {
    NN4J_CU_GRID_STRIDE(i, n) out[i] = ew::convert<T, int64_t>((int64_t)(start + step * (uint64_t)i));
}
// Explicit round-to-nearest multiply and add: nvcc would otherwise fuse them into one fma,
// whose single rounding can differ from the CPU's in the last bit.
template <typename T>
__global__ void arange_kernel(T* out, int64_t n, double start, double step) {
    NN4J_CU_GRID_STRIDE(i, n) out[i] = ew::convert<T, double>(__dadd_rn(start, __dmul_rn((double)i, step)));
}

template <typename T>
void launch_arange(T* out, int64_t n, double start, double step) {
    const bool exact_int = !ew::is_fp<T>::value && std::fabs(start) < 9.2e18 && std::fabs(step) < 9.2e18 &&
                           start == std::trunc(start) && step == std::trunc(step);
    if (exact_int)
        arange_int_kernel<T><<<grid_for(n), kThreads>>>(out, n, (uint64_t)(int64_t)start, (uint64_t)(int64_t)step);
    else
        arange_kernel<T><<<grid_for(n), kThreads>>>(out, n, start, step);
}

}  // namespace

int fill(int ordinal, int dtype, void* out, int64_t n, double value) {
    NN4J_CU_ENTER("nn4j_fill");
    if (n < 0) return fail(NN4J_ERR_ARG, "%s: n = %lld is negative", fn, (long long)n);
    if (n == 0) return NN4J_OK;
    NN4J_CU_DISPATCH(fn, dtype, T,
        fill_kernel<T><<<grid_for(n), kThreads>>>((T*)out, n, ew::convert<T, double>(value)));
    return check_launch(fn);
}

int arange(int ordinal, int dtype, void* out, int64_t n, double start, double step) {
    NN4J_CU_ENTER("nn4j_arange");
    if (n < 0) return fail(NN4J_ERR_ARG, "%s: n = %lld is negative", fn, (long long)n);
    if (n == 0) return NN4J_OK;
    switch (dtype) {  // bool has no arange (the core rejects it)
        case NN4J_F32: launch_arange((float*)out, n, start, step); break;
        case NN4J_F64: launch_arange((double*)out, n, start, step); break;
        case NN4J_I32: launch_arange((int32_t*)out, n, start, step); break;
        case NN4J_I64: launch_arange((int64_t*)out, n, start, step); break;
        default: return fail(NN4J_ERR_DTYPE, "%s: dtype %d not supported", fn, dtype);
    }
    return check_launch(fn);
}

}  // namespace cu
}  // namespace nn4j
