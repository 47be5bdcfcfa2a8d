// nn4j_binary and nn4j_where on the device. The math is ew::binary_op (elementwise_math.h);
// like unary.cu, one kernel per dtype with the op switch inside the element loop.
// Broadcasting needs nothing special: a broadcast operand simply has stride 0.
#include "cuda_common.cuh"
#include "elementwise_math.h"

namespace nn4j {
namespace cu {
namespace {

template <int OP, typename T>
__device__ __forceinline__ void apply(T a, T b, void* out, int64_t o) {
    if constexpr (ew::binary_supports(OP, DtypeOf<T>::value)) {
        typedef typename ew::BinaryResult<OP, T>::type R;
        ((R*)out)[o] = ew::binary_op<OP, T>(a, b);
    }
}

template <typename T>
__global__ void binary_kernel(int op, StridedIter<3> it, int64_t n, const T* a, const T* b, void* out) {
    NN4J_CU_GRID_STRIDE(i, n) {
        int64_t off[3];
        strided_offsets<3>(it, i, off);
        const T va = a[off[0]], vb = b[off[1]];
        const int64_t o = off[2];
        switch (op) {
#define NN4J_CU_BINARY(OP) case OP: apply<OP, T>(va, vb, out, o); break;
            NN4J_CU_BINARY(NN4J_BINARY_ADD) NN4J_CU_BINARY(NN4J_BINARY_SUB) NN4J_CU_BINARY(NN4J_BINARY_MUL)
            NN4J_CU_BINARY(NN4J_BINARY_DIV) NN4J_CU_BINARY(NN4J_BINARY_POW) NN4J_CU_BINARY(NN4J_BINARY_MAX)
            NN4J_CU_BINARY(NN4J_BINARY_MIN) NN4J_CU_BINARY(NN4J_BINARY_EQ) NN4J_CU_BINARY(NN4J_BINARY_NE)
            NN4J_CU_BINARY(NN4J_BINARY_LT) NN4J_CU_BINARY(NN4J_BINARY_LE) NN4J_CU_BINARY(NN4J_BINARY_GT)
            NN4J_CU_BINARY(NN4J_BINARY_GE) NN4J_CU_BINARY(NN4J_BINARY_AND) NN4J_CU_BINARY(NN4J_BINARY_OR)
            NN4J_CU_BINARY(NN4J_BINARY_XOR)
#undef NN4J_CU_BINARY
            default: break;
        }
    }
}
static_assert(NN4J_BINARY_COUNT == 16, "a binary op is missing from the kernel's switch");

// Integer DIV fails as a whole when b holds a zero anywhere (as on the CPU), so b is scanned
// before anything is written.
template <typename T>
__global__ void any_zero_kernel(StridedIter<1> it, int64_t n, const T* b, unsigned int* found) {
    NN4J_CU_GRID_STRIDE(i, n) {
        int64_t off[1];
        strided_offsets<1>(it, i, off);
        if (b[off[0]] == T(0)) *found = 1u;  // benign race: every writer stores 1
    }
}

template <typename T>
int check_divisor(const char* fn, int ordinal, int ndim, const int64_t* shape, const T* b,
                  const int64_t* b_strides, int64_t n, bool* zero) {
    const int64_t* strides[1] = {b_strides};
    const StridedIter<1> it = make_iter<1>(ndim, shape, strides);
    Scratch s;
    if (int st = scratch(fn, ordinal, &s)) return st;
    unsigned int* found = (unsigned int*)s.p;
    NN4J_CU_TRY(fn, cudaMemsetAsync(found, 0, sizeof *found, 0));
    any_zero_kernel<T><<<grid_for(n), kThreads>>>(it, n, b, found);
    if (int st = check_launch(fn)) return st;
    unsigned int h = 0;
    NN4J_CU_TRY(fn, cudaMemcpy(&h, found, sizeof h, cudaMemcpyDeviceToHost));
    *zero = h != 0;
    return NN4J_OK;
}

// where only moves bits, so it is instantiated per element size, not per dtype.
template <typename W>
__global__ void where_kernel(StridedIter<4> it, int64_t n, const uint8_t* cond, const W* a,
                             const W* b, W* out) {
    NN4J_CU_GRID_STRIDE(i, n) {
        int64_t off[4];
        strided_offsets<4>(it, i, off);
        out[off[3]] = cond[off[0]] ? a[off[1]] : b[off[2]];
    }
}

}  // namespace

int binary(int ordinal, int op, int dtype, int ndim, const int64_t* shape, const void* a,
           const int64_t* a_strides, const void* b, const int64_t* b_strides, void* out,
           const int64_t* out_strides) {
    NN4J_CU_ENTER("nn4j_binary");
    if (!ew::binary_supports(op, dtype))
        return fail(NN4J_ERR_DTYPE, "%s: op %d does not support dtype %d", fn, op, dtype);
    if (ndim < 0 || ndim > NN4J_MAX_DIMS) return fail(NN4J_ERR_ARG, "%s: ndim = %d", fn, ndim);
    const int64_t n = numel(ndim, shape);
    if (n == 0) return NN4J_OK;
    if (op == NN4J_BINARY_DIV && (dtype == NN4J_I32 || dtype == NN4J_I64)) {
        bool zero = false;
        const int st = dtype == NN4J_I32
            ? check_divisor(fn, ordinal, ndim, shape, (const int32_t*)b, b_strides, n, &zero)
            : check_divisor(fn, ordinal, ndim, shape, (const int64_t*)b, b_strides, n, &zero);
        if (st) return st;
        if (zero)
            return fail(NN4J_ERR_ARG, "%s: DIV %s: integer division by zero (b has a 0 element)", fn,
                        dtype == NN4J_I32 ? "int32" : "int64");
    }
    const int64_t* strides[3] = {a_strides, b_strides, out_strides};
    const StridedIter<3> it = make_iter<3>(ndim, shape, strides);
    NN4J_CU_DISPATCH(fn, dtype, T,
        binary_kernel<T><<<grid_for(n), kThreads>>>(op, it, n, (const T*)a, (const T*)b, out));
    return check_launch(fn);
}

int where(int ordinal, int dtype, int ndim, const int64_t* shape, const void* cond,
          const int64_t* cond_strides, const void* a, const int64_t* a_strides, const void* b,
          const int64_t* b_strides, void* out, const int64_t* out_strides) {
    NN4J_CU_ENTER("nn4j_where");
    if (ndim < 0 || ndim > NN4J_MAX_DIMS) return fail(NN4J_ERR_ARG, "%s: ndim = %d", fn, ndim);
    const int64_t n = numel(ndim, shape);
    if (n == 0) return NN4J_OK;
    const int64_t* strides[4] = {cond_strides, a_strides, b_strides, out_strides};
    const StridedIter<4> it = make_iter<4>(ndim, shape, strides);
    const uint8_t* c = (const uint8_t*)cond;
    switch (dtype_size(dtype)) {
        case 1: where_kernel<uint8_t><<<grid_for(n), kThreads>>>(it, n, c, (const uint8_t*)a, (const uint8_t*)b, (uint8_t*)out); break;
        case 4: where_kernel<uint32_t><<<grid_for(n), kThreads>>>(it, n, c, (const uint32_t*)a, (const uint32_t*)b, (uint32_t*)out); break;
        case 8: where_kernel<uint64_t><<<grid_for(n), kThreads>>>(it, n, c, (const uint64_t*)a, (const uint64_t*)b, (uint64_t*)out); break;
        default: return fail(NN4J_ERR_DTYPE, "%s: unknown dtype %d", fn, dtype);
    }
    return check_launch(fn);
}

}  // namespace cu
}  // namespace nn4j
