// nn4j_unary on the device. The math is ew::unary_op from elementwise_math.h (shared with the
// CPU kernels). One kernel per dtype; the op is a runtime argument resolved once per thread
// (uniform across the grid, so the switch costs a jump per element, not divergence); only the
// supported (op, dtype) pairs are instantiated.
#include "cuda_common.cuh"
#include "elementwise_math.h"

namespace nn4j {
namespace cu {
namespace {

template <int OP, typename T>
__device__ __forceinline__ void apply(T x, void* out, int64_t o, T alpha, T beta) {
    if constexpr (ew::unary_supports(OP, DtypeOf<T>::value)) {
        typedef typename ew::UnaryResult<OP, T>::type R;
        ((R*)out)[o] = ew::unary_op<OP, T>(x, alpha, beta);
    }
}

// One element loop with the (grid-uniform) op switch inside: every op shares the index code,
// which keeps the per-architecture binaries and the build time small.
template <typename T>
__global__ void unary_kernel(int op, StridedIter<2> it, int64_t n, const T* x, void* out, T alpha, T beta) {
    NN4J_CU_GRID_STRIDE(i, n) {
        int64_t off[2];
        strided_offsets<2>(it, i, off);
        const T v = x[off[0]];
        const int64_t o = off[1];
        switch (op) {
#define NN4J_CU_UNARY(OP) case OP: apply<OP, T>(v, out, o, alpha, beta); break;
            NN4J_CU_UNARY(NN4J_UNARY_NEG) NN4J_CU_UNARY(NN4J_UNARY_ABS) NN4J_CU_UNARY(NN4J_UNARY_SIGN)
            NN4J_CU_UNARY(NN4J_UNARY_EXP) NN4J_CU_UNARY(NN4J_UNARY_LOG) NN4J_CU_UNARY(NN4J_UNARY_LOG1P)
            NN4J_CU_UNARY(NN4J_UNARY_EXPM1) NN4J_CU_UNARY(NN4J_UNARY_SQRT) NN4J_CU_UNARY(NN4J_UNARY_RSQRT)
            NN4J_CU_UNARY(NN4J_UNARY_SQUARE) NN4J_CU_UNARY(NN4J_UNARY_RECIPROCAL) NN4J_CU_UNARY(NN4J_UNARY_SIN)
            NN4J_CU_UNARY(NN4J_UNARY_COS) NN4J_CU_UNARY(NN4J_UNARY_TANH) NN4J_CU_UNARY(NN4J_UNARY_SIGMOID)
            NN4J_CU_UNARY(NN4J_UNARY_RELU) NN4J_CU_UNARY(NN4J_UNARY_FLOOR) NN4J_CU_UNARY(NN4J_UNARY_CEIL)
            NN4J_CU_UNARY(NN4J_UNARY_ROUND) NN4J_CU_UNARY(NN4J_UNARY_POW_SCALAR) NN4J_CU_UNARY(NN4J_UNARY_CLAMP)
            NN4J_CU_UNARY(NN4J_UNARY_LOGICAL_NOT) NN4J_CU_UNARY(NN4J_UNARY_ISNAN) NN4J_CU_UNARY(NN4J_UNARY_ISFINITE)
            NN4J_CU_UNARY(NN4J_UNARY_STEP)
#undef NN4J_CU_UNARY
            default: break;
        }
    }
}
static_assert(NN4J_UNARY_COUNT == 25, "a unary op is missing from the kernel's switch");

template <typename T>
int launch(const char* fn, int op, const StridedIter<2>& it, int64_t n, const void* x, void* out,
           double alpha, double beta) {
    // alpha/beta in T: CLAMP on integers rounds its bounds inwards (see clamp_bound_*).
    T a, b;
    if (op == NN4J_UNARY_CLAMP) {
        a = ew::clamp_bound_lo<T>(alpha);
        b = ew::clamp_bound_hi<T>(beta);
    } else {
        a = ew::convert<T, double>(alpha);
        b = ew::convert<T, double>(beta);
    }
    unary_kernel<T><<<grid_for(n), kThreads>>>(op, it, n, (const T*)x, out, a, b);
    return check_launch(fn);
}

}  // namespace

int unary(int ordinal, int op, int dtype, int ndim, const int64_t* shape, const void* x,
          const int64_t* x_strides, void* out, const int64_t* out_strides, double alpha,
          double beta) {
    NN4J_CU_ENTER("nn4j_unary");
    if (!ew::unary_supports(op, dtype))
        return fail(NN4J_ERR_DTYPE, "%s: op %d does not support dtype %d", fn, op, dtype);
    if (ndim < 0 || ndim > NN4J_MAX_DIMS) return fail(NN4J_ERR_ARG, "%s: ndim = %d", fn, ndim);
    const int64_t n = numel(ndim, shape);
    if (n == 0) return NN4J_OK;
    const int64_t* strides[2] = {x_strides, out_strides};
    const StridedIter<2> it = make_iter<2>(ndim, shape, strides);
    if (op == NN4J_UNARY_POW_SCALAR && alpha == 2.0) op = NN4J_UNARY_SQUARE;  // as the CPU does
    NN4J_CU_DISPATCH(fn, dtype, T, return launch<T>(fn, op, it, n, x, out, alpha, beta));
    return NN4J_OK;
}

}  // namespace cu
}  // namespace nn4j
