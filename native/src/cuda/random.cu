// nn4j_random on the device: one thread per Philox counter, using the same per-counter
// functions as the CPU (ew::random_block_f32/_f64, ew::bernoulli_block in elementwise_math.h),
// so element i comes from the same counter and word on both sides: counter offset + i/4 for
// f32 and Bernoulli, offset + i/2 for f64.
#include "cuda_common.cuh"
#include "elementwise_math.h"

namespace nn4j {
namespace cu {
namespace {

__global__ void random_f32_kernel(int dist, float* out, int64_t n, uint64_t seed, uint64_t offset,
                                  float p1, float p2) {
    NN4J_CU_GRID_STRIDE(c, (n + 3) / 4) {
        const int64_t i0 = c * 4;
        const int count = (int)(n - i0 < 4 ? n - i0 : 4);
        float v[4];
        ew::random_block_f32(dist, seed, offset + (uint64_t)c, p1, p2, v, count);
        for (int l = 0; l < count; ++l) out[i0 + l] = v[l];
    }
}

__global__ void random_f64_kernel(int dist, double* out, int64_t n, uint64_t seed, uint64_t offset,
                                  double p1, double p2) {
    NN4J_CU_GRID_STRIDE(c, (n + 1) / 2) {
        const int64_t i0 = c * 2;
        const int count = (int)(n - i0 < 2 ? n - i0 : 2);
        double v[2];
        ew::random_block_f64(dist, seed, offset + (uint64_t)c, p1, p2, v, count);
        for (int l = 0; l < count; ++l) out[i0 + l] = v[l];
    }
}

template <typename T>
__global__ void bernoulli_kernel(T* out, int64_t n, uint64_t seed, uint64_t offset, double p) {
    NN4J_CU_GRID_STRIDE(c, (n + 3) / 4) {
        const int64_t i0 = c * 4;
        const int count = (int)(n - i0 < 4 ? n - i0 : 4);
        uint8_t bits[4];
        ew::bernoulli_block(seed, offset + (uint64_t)c, p, bits, count);
        for (int l = 0; l < count; ++l) out[i0 + l] = (T)bits[l];
    }
}

}  // namespace

int random(int ordinal, int dist, int dtype, void* out, int64_t n, uint64_t seed, uint64_t offset,
           double p1, double p2) {
    NN4J_CU_ENTER("nn4j_random");
    if (n < 0) return fail(NN4J_ERR_ARG, "%s: n = %lld is negative", fn, (long long)n);
    if (n == 0) return NN4J_OK;
    if (dist == NN4J_RAND_BERNOULLI) {
        const unsigned grid = grid_for((n + 3) / 4);
        NN4J_CU_DISPATCH(fn, dtype, T, bernoulli_kernel<T><<<grid, kThreads>>>((T*)out, n, seed, offset, p1));
    } else if (dist == NN4J_RAND_UNIFORM || dist == NN4J_RAND_NORMAL || dist == NN4J_RAND_TRUNC_NORMAL) {
        if (dtype == NN4J_F32)
            random_f32_kernel<<<grid_for((n + 3) / 4), kThreads>>>(dist, (float*)out, n, seed, offset, (float)p1, (float)p2);
        else if (dtype == NN4J_F64)
            random_f64_kernel<<<grid_for((n + 1) / 2), kThreads>>>(dist, (double*)out, n, seed, offset, p1, p2);
        else
            return fail(NN4J_ERR_DTYPE, "%s: distribution %d needs f32 or f64, not dtype %d", fn, dist, dtype);
    } else {
        return fail(NN4J_ERR_ARG, "%s: unknown distribution %d", fn, dist);
    }
    return check_launch(fn);
}

}  // namespace cu
}  // namespace nn4j
