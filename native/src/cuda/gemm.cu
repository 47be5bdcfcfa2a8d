// Batched GEMM without cuBLAS: C_b = alpha * op(A_b) * op(B_b) + beta * C_b (row-major).
// Classic shared-memory tiling: a 256-thread block owns a BM x BN tile of C, stages BM x BK of
// op(A) and BK x BN of op(B) per step, and each thread accumulates a TM x TN register block
// (rows ty + i * BM/TM, columns tx + j * BN/TN, so that shared-memory reads are broadcasts or
// consecutive words). Two shapes: 64x64 (4x4 per thread) for small or odd problems, and for
// large float problems 128x128 (8x8 per thread), which does twice the multiply-adds per
// shared-memory read. Transposes only change how a tile is fetched (each layout reads along
// its contiguous axis), so one kernel per (dtype, shape) serves all four cases.
#include "cuda_common.cuh"

namespace nn4j {
namespace cu {
namespace {

constexpr int kGemmThreads = 256;

struct GemmArgs {
    int64_t m, n, k, lda, ldb, ldc, batch, stride_a, stride_b, stride_c;
    int trans_a, trans_b;
};

template <typename T, int BM, int BN, int BK, int TM, int TN>
__global__ void __launch_bounds__(kGemmThreads)
gemm_kernel(GemmArgs g, T alpha, T beta, const T* __restrict__ A, const T* __restrict__ B,
            T* __restrict__ C) {
    static_assert((BM / TM) * (BN / TN) == kGemmThreads, "one thread per register block");
    static_assert((BM * BK) % kGemmThreads == 0 && (BK * BN) % kGemmThreads == 0, "whole tile loads");
    // +1 column breaks the bank conflicts of the stores that walk down a column.
    __shared__ T As[BK][BM + 1];
    __shared__ T Bs[BK][BN + 1];
    constexpr int A_LOADS = BM * BK / kGemmThreads, B_LOADS = BK * BN / kGemmThreads;
    const int tid = threadIdx.x;
    const int tx = tid % (BN / TN), ty = tid / (BN / TN);
    const int64_t m_tiles = (g.m + BM - 1) / BM;
    // Each thread loads a fixed position along the contiguous axis of the stored matrix
    // (K for A, M for A^T; N for B, K for B^T) and every (256 / that length)-th position along
    // the other axis, so consecutive threads read consecutive addresses.
    const int a_fast_len = g.trans_a ? BM : BK, b_fast_len = g.trans_b ? BK : BN;
    const int a_fast = tid % a_fast_len, a_slow = tid / a_fast_len, a_step = kGemmThreads / a_fast_len;
    const int b_fast = tid % b_fast_len, b_slow = tid / b_fast_len, b_step = kGemmThreads / b_fast_len;
    // (row in op(A) tile, column in op(A) tile) of this thread's first A element, and likewise B
    const int ar = g.trans_a ? a_fast : a_slow, ac = g.trans_a ? a_slow : a_fast;
    const int br = g.trans_b ? b_fast : b_slow, bc = g.trans_b ? b_slow : b_fast;
    // element i sits a_step further along the slow axis: in the tile, i * (dr, dc)
    const int adr = g.trans_a ? 0 : a_step, adc = g.trans_a ? a_step : 0;
    const int bdr = g.trans_b ? 0 : b_step, bdc = g.trans_b ? b_step : 0;

    for (int64_t b = blockIdx.z; b < g.batch; b += gridDim.z) {
        const T* Ab = A + b * g.stride_a;
        const T* Bb = B + b * g.stride_b;
        T* Cb = C + b * g.stride_c;
        for (int64_t mt = blockIdx.y; mt < m_tiles; mt += gridDim.y) {
            const int64_t m0 = mt * BM, n0 = (int64_t)blockIdx.x * BN;
            T acc[TM][TN];
#pragma unroll
            for (int i = 0; i < TM; ++i)
#pragma unroll
                for (int j = 0; j < TN; ++j) acc[i][j] = T(0);

            for (int64_t k0 = 0; k0 < g.k; k0 += BK) {
                // op(A)(r, c) -> As[c][r]: op(A)(r, c) is A[r][c], or A[c][r] when transposed
#pragma unroll
                for (int i = 0; i < A_LOADS; ++i) {
                    const int r = ar + i * adr, c = ac + i * adc;
                    const int64_t gr = m0 + r, gc = k0 + c;
                    T v = T(0);
                    if (gr < g.m && gc < g.k) v = g.trans_a ? Ab[gc * g.lda + gr] : Ab[gr * g.lda + gc];
                    As[c][r] = v;
                }
                // op(B)(r, c) -> Bs[r][c]
#pragma unroll
                for (int i = 0; i < B_LOADS; ++i) {
                    const int r = br + i * bdr, c = bc + i * bdc;
                    const int64_t gr = k0 + r, gc = n0 + c;
                    T v = T(0);
                    if (gr < g.k && gc < g.n) v = g.trans_b ? Bb[gc * g.ldb + gr] : Bb[gr * g.ldb + gc];
                    Bs[r][c] = v;
                }
                __syncthreads();
#pragma unroll
                for (int kk = 0; kk < BK; ++kk) {
                    T a[TM], bv[TN];
#pragma unroll
                    for (int i = 0; i < TM; ++i) a[i] = As[kk][ty + i * (BM / TM)];
#pragma unroll
                    for (int j = 0; j < TN; ++j) bv[j] = Bs[kk][tx + j * (BN / TN)];
#pragma unroll
                    for (int i = 0; i < TM; ++i)
#pragma unroll
                        for (int j = 0; j < TN; ++j) acc[i][j] = fma(a[i], bv[j], acc[i][j]);
                }
                __syncthreads();
            }
#pragma unroll
            for (int i = 0; i < TM; ++i) {
                const int64_t r = m0 + ty + i * (BM / TM);
                if (r >= g.m) continue;
#pragma unroll
                for (int j = 0; j < TN; ++j) {
                    const int64_t c = n0 + tx + j * (BN / TN);
                    if (c >= g.n) continue;
                    T* p = Cb + r * g.ldc + c;
                    // beta == 0 must not read C: it may hold NaN or garbage. k == 0 (or
                    // alpha == 0) is a pure scaling of C, written exactly as the CPU does.
                    if (g.k == 0) *p = beta == T(0) ? T(0) : beta * *p;
                    else *p = beta == T(0) ? alpha * acc[i][j] : alpha * acc[i][j] + beta * *p;
                }
            }
        }
    }
}

template <typename T, int BM, int BN, int BK, int TM, int TN>
int launch_shape(const char* fn, const GemmArgs& g, double alpha, double beta, const void* a,
                 const void* b, void* c) {
    const int64_t n_tiles = (g.n + BN - 1) / BN, m_tiles = (g.m + BM - 1) / BM;
    if (n_tiles > 0x7fffffffLL) return fail(NN4J_ERR_SHAPE, "%s: n = %lld is too large", fn, (long long)g.n);
    // the kernel loops over row tiles and batches beyond the grid's y and z limits
    dim3 grid((unsigned)n_tiles, (unsigned)(m_tiles < 65535 ? m_tiles : 65535),
              (unsigned)(g.batch < 65535 ? g.batch : 65535));
    gemm_kernel<T, BM, BN, BK, TM, TN><<<grid, kGemmThreads>>>(g, (T)alpha, (T)beta, (const T*)a,
                                                               (const T*)b, (T*)c);
    return check_launch(fn);
}

template <typename T>
int launch(const char* fn, int ordinal, const GemmArgs& g, double alpha, double beta, const void* a,
           const void* b, void* c) {
    // The big tile only when it still gives every multiprocessor a block to run.
    if constexpr (sizeof(T) == 4) {  // f64 would need 2x the registers: 64x64 only
        const int64_t big_tiles = ((g.m + 127) / 128) * ((g.n + 127) / 128) * g.batch;
        if (g.m >= 128 && g.n >= 128 && g.k >= 32 && big_tiles >= multiprocessors(ordinal))
            return launch_shape<T, 128, 128, 8, 8, 8>(fn, g, alpha, beta, a, b, c);
    }
    return launch_shape<T, 64, 64, 16, 4, 4>(fn, g, alpha, beta, a, b, c);
}

}  // namespace

int gemm(int ordinal, int dtype, int trans_a, int trans_b, int64_t m, int64_t n, int64_t k,
         double alpha, const void* a, int64_t lda, const void* b, int64_t ldb, double beta,
         void* c, int64_t ldc, int64_t batch, int64_t stride_a, int64_t stride_b,
         int64_t stride_c) {
    NN4J_CU_ENTER("nn4j_gemm");
    if (m < 0 || n < 0 || k < 0 || batch < 0)
        return fail(NN4J_ERR_ARG, "%s: negative size (m %lld, n %lld, k %lld, batch %lld)", fn,
                    (long long)m, (long long)n, (long long)k, (long long)batch);
    if (m == 0 || n == 0 || batch == 0) return NN4J_OK;
    GemmArgs g{m, n, k, lda, ldb, ldc, batch, stride_a, stride_b, stride_c, trans_a != 0, trans_b != 0};
    // As in BLAS, alpha == 0 does not read A and B: C becomes beta * C.
    if (alpha == 0.0) g.k = 0;
    NN4J_CU_DISPATCH_FLOAT(fn, dtype, T, return launch<T>(fn, ordinal, g, alpha, beta, a, b, c));
    return NN4J_OK;
}

}  // namespace cu
}  // namespace nn4j
