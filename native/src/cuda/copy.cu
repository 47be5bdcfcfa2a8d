// Strided copy with dtype conversion (rules: ew::convert in elementwise_math.h). One kernel serves all 25 (from, to) pairs: the dtype
// switches are uniform across the grid, so they cost a few instructions rather than 25
// instantiations in every architecture's binary.
#include "cuda_common.cuh"
#include "elementwise_math.h"

namespace nn4j {
namespace cu {
namespace {

// An element widened to one of three source types. Every conversion below is then the
// ew::convert the CPU applies to the original type: i32 and bool widen to int64 exactly, and
// convert<To, int64_t> gives the same result as convert<To, int32_t/uint8_t> for those values.
struct Elem {
    int kind;  // 0 float, 1 double, 2 integer
    float f;
    double d;
    int64_t i;
};

__device__ __forceinline__ Elem load(int dtype, const char* p) {
    Elem e{0, 0.f, 0.0, 0};
    switch (dtype) {
        case NN4J_F32: e.kind = 0; e.f = *(const float*)p; break;
        case NN4J_F64: e.kind = 1; e.d = *(const double*)p; break;
        case NN4J_I32: e.kind = 2; e.i = *(const int32_t*)p; break;
        case NN4J_I64: e.kind = 2; e.i = *(const int64_t*)p; break;
        default: e.kind = 2; e.i = *(const uint8_t*)p; break;
    }
    return e;
}

template <typename To>
__device__ __forceinline__ To conv(const Elem& e) {
    return e.kind == 0 ? ew::convert<To, float>(e.f)
         : e.kind == 1 ? ew::convert<To, double>(e.d)
                       : ew::convert<To, int64_t>(e.i);
}

__device__ __forceinline__ void store(int dtype, char* p, const Elem& e) {
    switch (dtype) {
        case NN4J_F32: *(float*)p = conv<float>(e); break;
        case NN4J_F64: *(double*)p = conv<double>(e); break;
        case NN4J_I32: *(int32_t*)p = conv<int32_t>(e); break;
        case NN4J_I64: *(int64_t*)p = conv<int64_t>(e); break;
        default: *(uint8_t*)p = conv<uint8_t>(e); break;
    }
}

__global__ void copy_kernel(StridedIter<2> it, int64_t n, int x_dtype, const char* x, int x_size,
                            int out_dtype, char* out, int out_size) {
    NN4J_CU_GRID_STRIDE(i, n) {
        int64_t off[2];
        strided_offsets<2>(it, i, off);
        store(out_dtype, out + off[1] * out_size, load(x_dtype, x + off[0] * x_size));
    }
}

}  // namespace

int copy(int ordinal, int ndim, const int64_t* shape, int x_dtype, const void* x,
         const int64_t* x_strides, int out_dtype, void* out, const int64_t* out_strides) {
    NN4J_CU_ENTER("nn4j_copy");
    const int xs = dtype_size(x_dtype), os = dtype_size(out_dtype);
    if (!xs || !os) return fail(NN4J_ERR_DTYPE, "%s: unknown dtype %d", fn, xs ? out_dtype : x_dtype);
    if (ndim < 0 || ndim > NN4J_MAX_DIMS) return fail(NN4J_ERR_ARG, "%s: ndim = %d", fn, ndim);
    const int64_t n = numel(ndim, shape);
    if (n == 0) return NN4J_OK;
    const int64_t* strides[2] = {x_strides, out_strides};
    StridedIter<2> it = make_iter<2>(ndim, shape, strides);
    // Same dtype and both dense: a plain device copy.
    if (x_dtype == out_dtype && it.ndim == 1 && it.strides[0][0] == 1 && it.strides[1][0] == 1) {
        if (x == out) return NN4J_OK;
        NN4J_CU_TRY(fn, cudaMemcpyAsync(out, x, (size_t)(n * xs), cudaMemcpyDeviceToDevice, 0));
        return NN4J_OK;
    }
    copy_kernel<<<grid_for(n), kThreads>>>(it, n, x_dtype, (const char*)x, xs, out_dtype,
                                           (char*)out, os);
    return check_launch(fn);
}

}  // namespace cu
}  // namespace nn4j
