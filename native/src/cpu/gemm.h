// Internal interface of the CPU GEMM (entry point nn4j_gemm in gemm.cpp).
//
// The structure follows GotoBLAS/BLIS: the driver (gemm.cpp) walks cache blocks of C, packs
// a KC x NC panel of op(B) and an MC x KC block of op(A) into contiguous, zero-padded
// micro-panels, and hands pairs of micro-panels to a register-blocked micro-kernel that
// computes one MR x NR tile of C. Only the micro-kernel and the packing routines depend on
// the instruction set; each gemm_kernel_<isa>.cpp fills a Kernel descriptor for f32 and f64.
//
// Packed layouts (what the micro-kernel reads):
//   A micro-panel: kc columns of MR values, a[p * MR + i] = op(A)(i, p)
//   B micro-panel: kc rows of NR values,    b[p * NR + j] = op(B)(p, j)
// Rows/columns past the edge of the matrix are packed as zeros, so no kernel branches on the
// tile size: the bottom edge of C has kernels of each smaller height, and partial tiles on the
// right edge go through a scratch tile.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <utility>
#if defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>
#endif

namespace nn4j {
namespace gemm {

// Largest MR * NR of any kernel: sizes the driver's scratch tile for partial tiles.
constexpr int kMaxTile = 512;
// Largest MR of any kernel.
constexpr int kMaxMR = 16;

// A micro-kernel: for `rows` (a compile-time property of the function) x nr outputs,
//   C[i*ldc + j] = alpha * sum_p a[p*mr + i] * B(p, j) + beta * C[i*ldc + j]
// where beta == 0 writes without reading C (so old NaNs vanish). A is always packed (mr apart
// per k step even when rows < mr). B(p, j) is the packed b[p*nr + j], or, for the b_src
// variants, the unpacked b[p*b_p + j], which is then also copied into the packed layout at
// b_out: the first tile that needs a B panel packs it "on the fly", overlapping the copy with
// the arithmetic.
template <typename T>
using MicroFn = void (*)(int64_t kc, const T* a, const T* b, int64_t b_p, T* b_out, T* c,
                         int64_t ldc, T alpha, T beta);

// fn[rows][b_src] for rows in [1, mr]: the bottom edge of C gets a kernel of its own height
// instead of a full tile thrown partly away (m = 64 is 10 tiles of 6 rows and one of 4).
template <typename T>
struct MicroTable {
    MicroFn<T> fn[kMaxMR + 1][2];
};

template <typename T>
struct Kernel {
    const char* name;
    int mr, nr;                 // register tile
    int64_t mc, kc, nc;         // cache blocks: mc % mr == 0, nc % nr == 0
    MicroTable<T> micro;        // see MicroTable
    // Packs rows [0, rows) x columns [0, kc) of op(A), where op(A)(i, p) is a[i*lda + p]
    // (trans == false) or a[p*lda + i] (trans == true), into ceil(rows/mr) micro-panels.
    void (*pack_a)(bool trans, const T* a, int64_t lda, int64_t rows, int64_t kc, T* dst);
    // Packs rows [0, rows) x columns [0, cols) of op(B), where op(B)(p, j) is b[p*ldb + j]
    // (trans == false) or b[j*ldb + p] (trans == true), into rows [0, rows) of ceil(cols/nr)
    // micro-panels placed `panel_stride` elements apart (so threads can fill one k slice's
    // panels by ranges of rows or of panels).
    void (*pack_b)(bool trans, const T* b, int64_t ldb, int64_t rows, int64_t cols, T* dst,
                   int64_t panel_stride);
};

// The register tile (rows mr x columns nr of C) of the kernel nn4j_gemm runs on this CPU, for
// callers that choose between equivalent products by how well they fill the tiles (conv.cpp).
void register_tile(bool f64, int* mr, int* nr);

// Descriptors per ISA. The AVX2/AVX-512 ones live in files compiled with those instructions:
// call them only when active_isa() allows it.
const Kernel<float>* kernel_generic_f32();
const Kernel<double>* kernel_generic_f64();
const Kernel<float>* kernel_avx2_f32();
const Kernel<double>* kernel_avx2_f64();
const Kernel<float>* kernel_avx512_f32();
const Kernel<double>* kernel_avx512_f64();

// ---- building blocks for the kernel files ----------------------------------------------------
// Each ISA file instantiates these with its own compiler flags. The anonymous namespace gives
// every translation unit its own copy: with external linkage the linker could keep the AVX2
// instantiation of a template and hand it to the generic path.
namespace {

// Packing. V is a vector traits struct (type R, width W, zero/loadu/storeu, store_first<n>
// storing lanes [0, n), and transpose, which transposes a W x W block held as W row vectors);
// Scalar<T> below is the portable one. Contiguous runs are copied with fixed-size memcpy (the
// compiler emits vector moves); strided gathers go through W x W register transposes.

template <typename T_>
struct Scalar {
    using T = T_;
    using R = T_;
    static constexpr int W = 1;
    static R zero() { return T(0); }
    static R loadu(const T* p) { return *p; }
    static void storeu(T* p, R v) { *p = v; }
    template <int N> static void store_first(T* p, R v) { *p = v; }
    static void transpose(R*) {}
};

// dst[p*N + i] = src[i*ld + p] for p < kc, i < N: N rows read in W-wide strips and transposed.
template <class V, int N>
void gather_panel(const typename V::T* src, int64_t ld, int64_t kc, typename V::T* dst) {
    constexpr int W = V::W, G = (N + W - 1) / W, tail = N - (G - 1) * W;
    int64_t p = 0;
    for (; p + W <= kc; p += W) {
#pragma GCC unroll 4
        for (int g = 0; g < G; ++g) {
            typename V::R v[W];
#pragma GCC unroll 16
            for (int r = 0; r < W; ++r)
                v[r] = g * W + r < N ? V::loadu(src + (g * W + r) * ld + p) : V::zero();
            V::transpose(v);
#pragma GCC unroll 16
            for (int t = 0; t < W; ++t) {
                typename V::T* d = dst + (p + t) * N + g * W;
                if (g < G - 1)
                    V::storeu(d, v[t]);
                else
                    V::template store_first<tail>(d, v[t]);  // the last strip may be partial
            }
        }
    }
    for (; p < kc; ++p)
        for (int i = 0; i < N; ++i) dst[p * N + i] = src[i * ld + p];
}

// An edge panel of n < N valid rows/columns, zero-padded: dst[p*N + i] = src[i*ld + p]
// (gather) or src[p*ld + i].
template <typename T, int N>
void edge_panel(bool gather, const T* src, int64_t ld, int64_t kc, int n, T* dst) {
    for (int64_t p = 0; p < kc; ++p) {
        T* d = dst + p * N;
        for (int i = 0; i < n; ++i) d[i] = gather ? src[i * ld + p] : src[p * ld + i];
        for (int i = n; i < N; ++i) d[i] = T(0);
    }
}

template <class V, int MR>
void pack_a_panels(bool trans, const typename V::T* a, int64_t lda, int64_t rows, int64_t kc,
                   typename V::T* dst) {
    using T = typename V::T;
    for (int64_t r0 = 0; r0 < rows; r0 += MR, dst += MR * kc) {
        const int64_t mr = std::min<int64_t>(MR, rows - r0);
        // op(A)(i, p) = trans ? a[p*lda + i] : a[i*lda + p]
        const T* src = trans ? a + r0 : a + r0 * lda;
        if (mr < MR)
            edge_panel<T, MR>(!trans, src, lda, kc, (int)mr, dst);
        else if (!trans)
            gather_panel<V, MR>(src, lda, kc, dst);
        else
            for (int64_t p = 0; p < kc; ++p) std::memcpy(dst + p * MR, src + p * lda, MR * sizeof(T));
    }
}

template <class V, int NR>
void pack_b_panels(bool trans, const typename V::T* b, int64_t ldb, int64_t rows, int64_t cols,
                   typename V::T* dst, int64_t panel_stride) {
    using T = typename V::T;
    const int64_t full = cols / NR, rest = cols - full * NR;
    // op(B)(p, j) = trans ? b[j*ldb + p] : b[p*ldb + j]
    if (trans) {
        for (int64_t q = 0; q < full; ++q)
            gather_panel<V, NR>(b + q * NR * ldb, ldb, rows, dst + q * panel_stride);
    } else {
        // row by row across all panels: B is read in long sequential runs
        for (int64_t p = 0; p < rows; ++p) {
            const T* s = b + p * ldb;
            T* d = dst + p * NR;
            for (int64_t q = 0; q < full; ++q)
                std::memcpy(d + q * panel_stride, s + q * NR, NR * sizeof(T));
        }
    }
    if (rest)
        edge_panel<T, NR>(trans, trans ? b + full * NR * ldb : b + full * NR, ldb, rows, (int)rest,
                          dst + full * panel_stride);
}

#if defined(__AVX2__) && defined(__FMA__)
// 256-bit traits, used by the AVX2 kernels and by the packing of the AVX-512 ones (packing is
// bound by memory, not by vector width).
struct Avx2F32 {
    using T = float;
    using R = __m256;
    static constexpr int W = 8;
    static R zero() { return _mm256_setzero_ps(); }
    static R load(const T* p) { return _mm256_load_ps(p); }
    static R loadu(const T* p) { return _mm256_loadu_ps(p); }
    static void storeu(T* p, R v) { _mm256_storeu_ps(p, v); }
    static R bcast(const T* p) { return _mm256_broadcast_ss(p); }
    static R fma(R a, R b, R c) { return _mm256_fmadd_ps(a, b, c); }
    static R mul(R a, R b) { return _mm256_mul_ps(a, b); }
    static R set1(T v) { return _mm256_set1_ps(v); }
    template <int N> static void store_first(T* p, R v) {
        __m128 x = _mm256_castps256_ps128(v);
        int off = 0;
        if constexpr (N == 8) {
            _mm256_storeu_ps(p, v);
            return;
        }
        if constexpr (N >= 4) _mm_storeu_ps(p, x), x = _mm256_extractf128_ps(v, 1), off = 4;
        if constexpr (N % 4 >= 2) _mm_storel_pi((__m64*)(p + off), x), x = _mm_movehl_ps(x, x), off += 2;
        if constexpr (N % 2) _mm_store_ss(p + off, x);
    }
    static void transpose(R* r) {
        // pairs of rows interleaved, then quads, then 128-bit halves exchanged
        R t0 = _mm256_unpacklo_ps(r[0], r[1]), t1 = _mm256_unpackhi_ps(r[0], r[1]);
        R t2 = _mm256_unpacklo_ps(r[2], r[3]), t3 = _mm256_unpackhi_ps(r[2], r[3]);
        R t4 = _mm256_unpacklo_ps(r[4], r[5]), t5 = _mm256_unpackhi_ps(r[4], r[5]);
        R t6 = _mm256_unpacklo_ps(r[6], r[7]), t7 = _mm256_unpackhi_ps(r[6], r[7]);
        R s0 = _mm256_shuffle_ps(t0, t2, 0x44), s1 = _mm256_shuffle_ps(t0, t2, 0xEE);
        R s2 = _mm256_shuffle_ps(t1, t3, 0x44), s3 = _mm256_shuffle_ps(t1, t3, 0xEE);
        R s4 = _mm256_shuffle_ps(t4, t6, 0x44), s5 = _mm256_shuffle_ps(t4, t6, 0xEE);
        R s6 = _mm256_shuffle_ps(t5, t7, 0x44), s7 = _mm256_shuffle_ps(t5, t7, 0xEE);
        r[0] = _mm256_permute2f128_ps(s0, s4, 0x20);
        r[1] = _mm256_permute2f128_ps(s1, s5, 0x20);
        r[2] = _mm256_permute2f128_ps(s2, s6, 0x20);
        r[3] = _mm256_permute2f128_ps(s3, s7, 0x20);
        r[4] = _mm256_permute2f128_ps(s0, s4, 0x31);
        r[5] = _mm256_permute2f128_ps(s1, s5, 0x31);
        r[6] = _mm256_permute2f128_ps(s2, s6, 0x31);
        r[7] = _mm256_permute2f128_ps(s3, s7, 0x31);
    }
};

struct Avx2F64 {
    using T = double;
    using R = __m256d;
    static constexpr int W = 4;
    static R zero() { return _mm256_setzero_pd(); }
    static R load(const T* p) { return _mm256_load_pd(p); }
    static R loadu(const T* p) { return _mm256_loadu_pd(p); }
    static void storeu(T* p, R v) { _mm256_storeu_pd(p, v); }
    static R bcast(const T* p) { return _mm256_broadcast_sd(p); }
    static R fma(R a, R b, R c) { return _mm256_fmadd_pd(a, b, c); }
    static R mul(R a, R b) { return _mm256_mul_pd(a, b); }
    static R set1(T v) { return _mm256_set1_pd(v); }
    template <int N> static void store_first(T* p, R v) {
        __m128d x = _mm256_castpd256_pd128(v);
        if constexpr (N == 4) {
            _mm256_storeu_pd(p, v);
            return;
        }
        if constexpr (N >= 2) _mm_storeu_pd(p, x), x = _mm256_extractf128_pd(v, 1);
        if constexpr (N % 2) _mm_store_sd(p + (N - 1), x);
    }
    static void transpose(R* r) {
        R t0 = _mm256_unpacklo_pd(r[0], r[1]), t1 = _mm256_unpackhi_pd(r[0], r[1]);
        R t2 = _mm256_unpacklo_pd(r[2], r[3]), t3 = _mm256_unpackhi_pd(r[2], r[3]);
        r[0] = _mm256_permute2f128_pd(t0, t2, 0x20);
        r[1] = _mm256_permute2f128_pd(t1, t3, 0x20);
        r[2] = _mm256_permute2f128_pd(t0, t2, 0x31);
        r[3] = _mm256_permute2f128_pd(t1, t3, 0x31);
    }
};
#endif

// The SIMD micro-kernel shared by the AVX2 and AVX-512 files: MR rows of NV vectors. V is a
// small traits struct (vector type R, width W, zero/load/loadu/storeu/bcast/fma/mul/set1) so
// both kernels are the same code and the AVX-512 one, which this project's development machine
// cannot run, inherits the AVX2 one's tests. B_SRC selects unpacked B with copy-out (see
// Kernel::micro).
//
// Per k step: NV loads of B, MR broadcasts of A, MR*NV independent FMAs (enough accumulators
// to cover FMA latency on two pipes). Operands are read sequentially, so the hardware
// prefetchers stream them; C is prefetched at the start and touched once at the end.
constexpr int kPrefetchRows = 16;

template <class V, int MR, int NV, int ROWS, bool B_SRC>
void micro_simd(int64_t kc, const typename V::T* __restrict a, const typename V::T* __restrict b,
                int64_t b_p, typename V::T* __restrict b_out, typename V::T* __restrict c,
                int64_t ldc, typename V::T alpha, typename V::T beta) {
    using T = typename V::T;
    using R = typename V::R;
    constexpr int W = V::W, NR = NV * W;
#pragma GCC unroll 32
    for (int i = 0; i < ROWS; ++i) {
        __builtin_prefetch(c + i * ldc, 1, 3);
        __builtin_prefetch(c + i * ldc + NR - 1, 1, 3);
    }
    if (!B_SRC) b_p = NR;
    R acc[ROWS][NV];
#pragma GCC unroll 32
    for (int i = 0; i < ROWS; ++i)
#pragma GCC unroll 4
        for (int j = 0; j < NV; ++j) acc[i][j] = V::zero();
#pragma GCC unroll 4
    for (int64_t p = 0; p < kc; ++p) {
        R bv[NV];
        if (B_SRC) {  // unpacked B rows are far apart: fetch ahead of the hardware prefetcher
            __builtin_prefetch(b + kPrefetchRows * b_p, 0, 3);
            __builtin_prefetch(b + kPrefetchRows * b_p + NR - 1, 0, 3);
        }
#pragma GCC unroll 4
        for (int j = 0; j < NV; ++j) {
            if (B_SRC) {
                bv[j] = V::loadu(b + j * W);
                V::storeu(b_out + j * W, bv[j]);
            } else {
                bv[j] = V::load(b + j * W);
            }
        }
#pragma GCC unroll 32
        for (int i = 0; i < ROWS; ++i) {
            R av = V::bcast(a + i);
#pragma GCC unroll 4
            for (int j = 0; j < NV; ++j) acc[i][j] = V::fma(av, bv[j], acc[i][j]);
        }
        a += MR;
        b += b_p;
        if (B_SRC) b_out += NR;
    }
    const R va = V::set1(alpha);
    if (beta == T(0)) {
#pragma GCC unroll 32
        for (int i = 0; i < ROWS; ++i)
#pragma GCC unroll 4
            for (int j = 0; j < NV; ++j) V::storeu(c + i * ldc + j * W, V::mul(va, acc[i][j]));
    } else {
        const R vb = V::set1(beta);
#pragma GCC unroll 32
        for (int i = 0; i < ROWS; ++i)
#pragma GCC unroll 4
            for (int j = 0; j < NV; ++j) {
                T* cp = c + i * ldc + j * W;
                V::storeu(cp, V::fma(va, acc[i][j], V::mul(vb, V::loadu(cp))));
            }
    }
}

// MicroTable of a kernel family: F::template run<ROWS, B_SRC> for ROWS in [1, MR].
template <class F, int MR, size_t... R>
constexpr MicroTable<typename F::T> micro_table(std::index_sequence<R...>) {
    static_assert(MR <= kMaxMR, "raise kMaxMR");
    MicroTable<typename F::T> t{};
    ((t.fn[R + 1][0] = &F::template run<int(R) + 1, false>,
      t.fn[R + 1][1] = &F::template run<int(R) + 1, true>), ...);
    return t;
}
template <class F, int MR>
constexpr MicroTable<typename F::T> micro_table() {
    return micro_table<F, MR>(std::make_index_sequence<MR>());
}

template <class V, int MR, int NV>
struct SimdFamily {
    using T = typename V::T;
    template <int ROWS, bool B_SRC>
    static void run(int64_t kc, const T* a, const T* b, int64_t b_p, T* b_out, T* c, int64_t ldc,
                    T alpha, T beta) {
        micro_simd<V, MR, NV, ROWS, B_SRC>(kc, a, b, b_p, b_out, c, ldc, alpha, beta);
    }
};

}  // namespace
}  // namespace gemm
}  // namespace nn4j
