// Portable GEMM kernels (baseline ISA): the fallback for CPUs without AVX2 and the plain
// reference of the SIMD micro-kernel (micro_simd in gemm.h computes exactly this, with vectors).
//
// The tile (4 x 8 floats, 4 x 4 doubles) is a plain accumulator array that the compiler can
// keep in the 16 baseline vector registers; blocks are kept modest for unknown caches.
#include "gemm.h"

namespace nn4j {
namespace gemm {
namespace {

template <typename T, int MR, int NR, int ROWS, bool B_SRC>
void micro_generic(int64_t kc, const T* __restrict a, const T* __restrict b, int64_t b_p,
                   T* __restrict b_out, T* __restrict c, int64_t ldc, T alpha, T beta) {
    if (!B_SRC) b_p = NR;
    T acc[ROWS][NR] = {};
    for (int64_t p = 0; p < kc; ++p, a += MR, b += b_p) {
        if (B_SRC)
            for (int j = 0; j < NR; ++j) b_out[p * NR + j] = b[j];
        for (int i = 0; i < ROWS; ++i)
            for (int j = 0; j < NR; ++j) acc[i][j] += a[i] * b[j];
    }
    for (int i = 0; i < ROWS; ++i)
        for (int j = 0; j < NR; ++j) {
            T* cp = c + i * ldc + j;
            *cp = beta == T(0) ? alpha * acc[i][j] : alpha * acc[i][j] + beta * *cp;
        }
}

template <typename T_, int MR, int NR>
struct GenericFamily {
    using T = T_;
    template <int ROWS, bool B_SRC>
    static void run(int64_t kc, const T* a, const T* b, int64_t b_p, T* b_out, T* c, int64_t ldc,
                    T alpha, T beta) {
        micro_generic<T, MR, NR, ROWS, B_SRC>(kc, a, b, b_p, b_out, c, ldc, alpha, beta);
    }
};

const Kernel<float> kF32 = {
    "generic 4x8", 4, 8, 128, 256, 2048,
    micro_table<GenericFamily<float, 4, 8>, 4>(),
    pack_a_panels<Scalar<float>, 4>, pack_b_panels<Scalar<float>, 8>};

const Kernel<double> kF64 = {
    "generic 4x4", 4, 4, 64, 256, 2048,
    micro_table<GenericFamily<double, 4, 4>, 4>(),
    pack_a_panels<Scalar<double>, 4>, pack_b_panels<Scalar<double>, 4>};

}  // namespace

const Kernel<float>* kernel_generic_f32() { return &kF32; }
const Kernel<double>* kernel_generic_f64() { return &kF64; }

}  // namespace gemm
}  // namespace nn4j
