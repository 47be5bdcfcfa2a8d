// AVX-512 GEMM kernels (this file is compiled with AVX-512 F/DQ/BW/VL; gemm.cpp calls it only
// when active_isa() == NN4J_ISA_AVX512).
//
// Structurally identical to gemm_kernel_avx2.cpp: the same micro_simd template with 512-bit
// traits, and the same packing code with the 256-bit traits (packing is bound by memory, not
// by vector width). The development machine has no AVX-512, so the AVX2 instantiation is what
// the library tests exercise; native/test/gemm_check.cpp also runs this file's kernels with
// emulated 512-bit intrinsics.
//
// Register tiles: 12 x 32 floats and 12 x 16 doubles, i.e. 12 rows of two zmm vectors: 24
// accumulators + 2 B vectors + 1 broadcast of the 32 zmm registers.
//
// Cache blocks: a B micro-panel is twice as wide as with AVX2, so KC is smaller (192: 24 KiB
// of B plus 9 KiB of A per k sweep for f32) to keep it in a 32-48 KiB L1d; MC keeps the A
// block within a 1-2 MiB server L2.
#include <immintrin.h>
#include "gemm.h"

namespace nn4j {
namespace gemm {
namespace {

struct Avx512F32 {
    using T = float;
    using R = __m512;
    static constexpr int W = 16;
    static R zero() { return _mm512_setzero_ps(); }
    static R load(const T* p) { return _mm512_load_ps(p); }
    static R loadu(const T* p) { return _mm512_loadu_ps(p); }
    static void storeu(T* p, R v) { _mm512_storeu_ps(p, v); }
    static R bcast(const T* p) { return _mm512_set1_ps(*p); }
    static R fma(R a, R b, R c) { return _mm512_fmadd_ps(a, b, c); }
    static R mul(R a, R b) { return _mm512_mul_ps(a, b); }
    static R set1(T v) { return _mm512_set1_ps(v); }
};

struct Avx512F64 {
    using T = double;
    using R = __m512d;
    static constexpr int W = 8;
    static R zero() { return _mm512_setzero_pd(); }
    static R load(const T* p) { return _mm512_load_pd(p); }
    static R loadu(const T* p) { return _mm512_loadu_pd(p); }
    static void storeu(T* p, R v) { _mm512_storeu_pd(p, v); }
    static R bcast(const T* p) { return _mm512_set1_pd(*p); }
    static R fma(R a, R b, R c) { return _mm512_fmadd_pd(a, b, c); }
    static R mul(R a, R b) { return _mm512_mul_pd(a, b); }
    static R set1(T v) { return _mm512_set1_pd(v); }
};

constexpr int kMR = 12;

const Kernel<float> kF32 = {
    "avx512 12x32", kMR, 32, 192, 192, 4064,
    micro_table<SimdFamily<Avx512F32, kMR, 2>, kMR>(),
    pack_a_panels<Avx2F32, kMR>, pack_b_panels<Avx2F32, 32>};

const Kernel<double> kF64 = {
    "avx512 12x16", kMR, 16, 96, 192, 4064,
    micro_table<SimdFamily<Avx512F64, kMR, 2>, kMR>(),
    pack_a_panels<Avx2F64, kMR>, pack_b_panels<Avx2F64, 16>};

}  // namespace

const Kernel<float>* kernel_avx512_f32() { return &kF32; }
const Kernel<double>* kernel_avx512_f64() { return &kF64; }

}  // namespace gemm
}  // namespace nn4j
