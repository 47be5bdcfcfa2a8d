// Development check and benchmark for nn4j_gemm (not built by CMake).
//
// Build from the repository root (after building libnn4j.so into $BUILD/lib; DNNL = the
// unpacked org.bytedeco:dnnl jar folder); needs an AVX2 machine:
//   DNNL=/tmp/dnnl/org/bytedeco/dnnl/linux-x86_64 BUILD=/tmp/build-gemm
//   g++ -O2 -std=c++17 -mavx2 -mfma -Inative/include -Inative/src/cpu -I$DNNL/include \
//       native/test/gemm_check.cpp -o /tmp/gemm_check -L$BUILD/lib -lnn4j \
//       $DNNL/libdnnl.so.3 $DNNL/libgomp.so.1 -Wl,-rpath,$BUILD/lib:$DNNL -lpthread
// Run:
//   /tmp/gemm_check check          correctness vs a double-accumulation reference, every ISA
//                                  the CPU has, plus the AVX-512 kernels under emulation
//   /tmp/gemm_check args           argument validation
//   /tmp/gemm_check bench [rounds] GFLOP/s of nn4j_gemm vs dnnl_sgemm, 1 and 2 threads
//   /tmp/gemm_check loop m n k ta tb threads seconds [dnnl]   one shape in a loop (for perf)
//   /tmp/gemm_check                check, args and bench
// Exit status 0 only if every check passed.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <random>
#include <sys/resource.h>
#include <string>
#include <thread>
#include <vector>
#include "nn4j.h"
#include "oneapi/dnnl/dnnl.h"

extern "C" void omp_set_num_threads(int);  // libgomp, which oneDNN uses

static int g_failures = 0;

// ---------------------------------------------------------------------------------------------
// Correctness
// ---------------------------------------------------------------------------------------------

struct Case {
    int64_t m, n, k;
    int ta, tb;
    double alpha, beta;
    int64_t pad;  // extra leading-dimension padding
    int64_t batch;
    bool bcast_a, bcast_b;
};

template <typename T>
static double check_case(const Case& cs, std::mt19937& rng, double* max_abs_out) {
    const int dtype = sizeof(T) == 4 ? NN4J_F32 : NN4J_F64;
    const int64_t ar = cs.ta ? cs.k : cs.m, ac = cs.ta ? cs.m : cs.k;
    const int64_t br = cs.tb ? cs.n : cs.k, bc = cs.tb ? cs.k : cs.n;
    const int64_t lda = ac + cs.pad, ldb = bc + cs.pad, ldc = cs.n + cs.pad;
    const int64_t sa = cs.bcast_a ? 0 : ar * lda, sb = cs.bcast_b ? 0 : br * ldb, sc = cs.m * ldc;
    const int64_t na = (cs.bcast_a ? 1 : cs.batch) * ar * lda + 1;
    const int64_t nb = (cs.bcast_b ? 1 : cs.batch) * br * ldb + 1;
    const int64_t nc = cs.batch * cs.m * ldc + 1;
    std::uniform_real_distribution<double> u(-1, 1);
    std::vector<T> a(na), b(nb), c(nc), c0;
    for (auto& x : a) x = T(u(rng));
    for (auto& x : b) x = T(u(rng));
    for (auto& x : c) x = cs.beta == 0 ? T(NAN) : T(u(rng));  // beta == 0 must ignore NaN
    c0 = c;
    int st = nn4j_gemm(0, dtype, cs.ta, cs.tb, cs.m, cs.n, cs.k, cs.alpha, a.data(), lda, b.data(),
                       ldb, cs.beta, c.data(), ldc, cs.batch, sa, sb, sc);
    if (st != NN4J_OK) {
        printf("  nn4j_gemm failed: %d %s\n", st, nn4j_last_error());
        return INFINITY;
    }
    double max_rel = 0, max_abs = 0;
    for (int64_t bi = 0; bi < cs.batch; ++bi) {
        const T* A = a.data() + bi * sa;
        const T* B = b.data() + bi * sb;
        for (int64_t i = 0; i < cs.m; ++i)
            for (int64_t j = 0; j < cs.n; ++j) {
                double acc = 0, mag = 0;
                for (int64_t p = 0; p < cs.k; ++p) {
                    double x = cs.ta ? A[p * lda + i] : A[i * lda + p];
                    double y = cs.tb ? B[j * ldb + p] : B[p * ldb + j];
                    acc += x * y;
                    mag += std::fabs(x * y);
                }
                const int64_t ci = bi * sc + i * ldc + j;
                double old = c0[ci];
                double ref = cs.alpha * acc + (cs.beta == 0 ? 0.0 : cs.beta * old);
                double scale = std::fabs(cs.alpha) * mag + (cs.beta == 0 ? 0.0 : std::fabs(cs.beta * old));
                double err = std::fabs(double(c[ci]) - ref);
                if (!(err == err)) err = INFINITY;
                max_abs = std::max(max_abs, err);
                max_rel = std::max(max_rel, err / std::max(scale, 1e-30));
            }
    }
    // padding between rows and after the last matrix must be untouched
    for (int64_t bi = 0; bi < cs.batch; ++bi)
        for (int64_t i = 0; i < cs.m; ++i)
            for (int64_t j = cs.n; j < ldc; ++j) {
                int64_t ci = bi * sc + i * ldc + j;
                if (std::memcmp(&c[ci], &c0[ci], sizeof(T)) != 0) max_rel = INFINITY;
            }
    if (std::memcmp(&c[nc - 1], &c0[nc - 1], sizeof(T)) != 0) max_rel = INFINITY;
    *max_abs_out = max_abs;
    return max_rel;
}

template <typename T>
static void check_dtype(const char* isa, int threads) {
    const double tol = sizeof(T) == 4 ? 1e-5 : 1e-12;
    struct Shape { int64_t m, n, k; };
    const Shape shapes[] = {{1, 1, 1},   {7, 13, 5},    {129, 65, 33}, {17, 1, 300}, {1, 37, 19},
                            {6, 16, 8},  {12, 32, 256}, {64, 64, 64},  {100, 90, 520}, {1, 100, 20}, {140, 50, 600}, {70, 50, 600},
                            {300, 200, 600}, {40, 4200, 20}, {2, 3, 0},  {0, 5, 5}};
    const double ab[][2] = {{1, 0}, {1, 1}, {0.5, -2}, {-1.5, 0}, {0, 0.5}, {0, 0}};
    std::mt19937 rng(42);
    double worst = 0, worst_abs = 0;
    int count = 0;
    auto run = [&](const Case& cs) {
        double abs_err;
        double rel = check_case<T>(cs, rng, &abs_err);
        ++count;
        if (!(rel <= tol)) {
            ++g_failures;
            printf("  FAIL %s %s t=%d m=%lld n=%lld k=%lld ta=%d tb=%d alpha=%g beta=%g pad=%lld "
                   "batch=%lld bcast=%d%d: rel %.3g abs %.3g\n",
                   sizeof(T) == 4 ? "f32" : "f64", isa, threads, (long long)cs.m, (long long)cs.n,
                   (long long)cs.k, cs.ta, cs.tb, cs.alpha, cs.beta, (long long)cs.pad,
                   (long long)cs.batch, cs.bcast_a, cs.bcast_b, rel, abs_err);
        }
        if (rel == rel) worst = std::max(worst, rel);
        worst_abs = std::max(worst_abs, abs_err);
    };
    for (const Shape& s : shapes)
        for (int ta = 0; ta < 2; ++ta)
            for (int tb = 0; tb < 2; ++tb)
                for (int v = 0; v < 6; ++v) {
                    bool big = s.m * s.n * s.k > 1000000;
                    if (big && v > 2) continue;  // keep the reference affordable
                    run({s.m, s.n, s.k, ta, tb, ab[v][0], ab[v][1], (v & 1) ? 3 : 0, 1, false, false});
                }
    // batches: broadcast A (a layer's weights), broadcast B, plain; small (batch split) and
    // larger (split inside each matrix)
    const Shape bshapes[] = {{7, 13, 5}, {33, 20, 17}, {96, 80, 70}, {150, 140, 130}, {64, 300, 120}};
    for (const Shape& s : bshapes)
        for (int ta = 0; ta < 2; ++ta)
            for (int tb = 0; tb < 2; ++tb) {
                run({s.m, s.n, s.k, ta, tb, 1, 0, 0, 5, true, false});
                run({s.m, s.n, s.k, ta, tb, 0.75, 0.5, 1, 3, false, true});
                run({s.m, s.n, s.k, ta, tb, 1, 1, 0, 4, false, false});
            }
    printf("  %-3s %-8s threads=%d: %d cases, max rel err %.3g, max abs err %.3g%s\n",
           sizeof(T) == 4 ? "f32" : "f64", isa, threads, count, worst, worst_abs,
           worst <= tol ? "" : "  <-- FAIL");
}


// ---------------------------------------------------------------------------------------------
// The AVX-512 kernel file under emulation. Its kernels cannot run on an AVX2-only machine, so
// the handful of 512-bit intrinsics it uses are re-implemented here, lane by lane from their
// documented meaning, inside namespace nn4j::gemm (where they hide the real ones), and the file
// is compiled into this program. Its micro-kernels and packing are then checked against the
// definitions in gemm.h, with its real 12 x 32 / 12 x 16 tile geometry.
// ---------------------------------------------------------------------------------------------
#include <cstdint>
namespace nn4j {
namespace gemm {
struct __m512 { float v[16]; };
struct __m512d { double v[8]; };
static void emu_check_aligned(const void* p) {
    if ((uintptr_t)p % 64) {
        printf("FAIL: emulated aligned 512-bit access at %p is not 64-byte aligned\n", p);
        std::exit(1);
    }
}
static __m512 _mm512_setzero_ps() { return {}; }
static __m512d _mm512_setzero_pd() { return {}; }
static __m512 _mm512_set1_ps(float x) { __m512 r; for (float& e : r.v) e = x; return r; }
static __m512d _mm512_set1_pd(double x) { __m512d r; for (double& e : r.v) e = x; return r; }
static __m512 _mm512_loadu_ps(const void* p) { __m512 r; std::memcpy(r.v, p, 64); return r; }
static __m512d _mm512_loadu_pd(const void* p) { __m512d r; std::memcpy(r.v, p, 64); return r; }
static __m512 _mm512_load_ps(const void* p) { emu_check_aligned(p); return _mm512_loadu_ps(p); }
static __m512d _mm512_load_pd(const void* p) { emu_check_aligned(p); return _mm512_loadu_pd(p); }
static void _mm512_storeu_ps(void* p, __m512 v) { std::memcpy(p, v.v, 64); }
static void _mm512_storeu_pd(void* p, __m512d v) { std::memcpy(p, v.v, 64); }
static __m512 _mm512_fmadd_ps(__m512 a, __m512 b, __m512 c) {
    for (int i = 0; i < 16; ++i) c.v[i] = std::fma(a.v[i], b.v[i], c.v[i]);
    return c;
}
static __m512d _mm512_fmadd_pd(__m512d a, __m512d b, __m512d c) {
    for (int i = 0; i < 8; ++i) c.v[i] = std::fma(a.v[i], b.v[i], c.v[i]);
    return c;
}
static __m512 _mm512_mul_ps(__m512 a, __m512 b) { for (int i = 0; i < 16; ++i) a.v[i] *= b.v[i]; return a; }
static __m512d _mm512_mul_pd(__m512d a, __m512d b) { for (int i = 0; i < 8; ++i) a.v[i] *= b.v[i]; return a; }
}  // namespace gemm
}  // namespace nn4j
#include "gemm_kernel_avx512.cpp"

// Checks one kernel descriptor: packing against its definition (full and edge panels, both
// layouts) and every micro-kernel variant on a full tile against a double reference.
template <typename T>
static void check_kernel_unit(const nn4j::gemm::Kernel<T>* K) {
    const double tol = sizeof(T) == 4 ? 1e-5 : 1e-12;
    const int mr = K->mr, nr = K->nr;
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> u(-1, 1);
    int cases = 0, bad = 0;
    double worst = 0;
    auto buf = [](size_t n) {  // 64-byte aligned, NaN-filled
        T* p = (T*)std::aligned_alloc(64, (n * sizeof(T) + 63) / 64 * 64);
        for (size_t i = 0; i < n; ++i) p[i] = T(NAN);
        return p;
    };
    for (int64_t kc : {1, 5, 8, 37, 64})
        for (int ta = 0; ta < 2; ++ta)
            for (int tb = 0; tb < 2; ++tb) {
                const int64_t lda = (ta ? mr : kc) + 3, ldb = (tb ? kc : nr) + 5;
                std::vector<T> A((ta ? kc : mr) * lda), B((tb ? nr : kc) * ldb);
                for (auto& x : A) x = T(u(rng));
                for (auto& x : B) x = T(u(rng));
                auto opA = [&](int64_t i, int64_t p) { return ta ? A[p * lda + i] : A[i * lda + p]; };
                auto opB = [&](int64_t p, int64_t j) { return tb ? B[j * ldb + p] : B[p * ldb + j]; };
                // packing: full panels, then edge panels of mr-1 rows / nr-3 columns
                for (int edge = 0; edge < 2; ++edge) {
                    const int64_t rows = mr - edge, cols = nr - 3 * edge;
                    T* ap = buf(mr * kc);
                    T* bp = buf(2 * nr * kc);
                    K->pack_a(ta, A.data(), lda, rows, kc, ap);
                    // two panels' worth of columns when full, to exercise panel_stride
                    const int64_t bcols = edge ? cols : std::min<int64_t>(nr, cols);
                    K->pack_b(tb, B.data(), ldb, kc, bcols, bp, nr * kc);
                    for (int64_t p = 0; p < kc; ++p) {
                        for (int64_t i = 0; i < mr; ++i)
                            bad += !(ap[p * mr + i] == (i < rows ? opA(i, p) : T(0)));
                        for (int64_t j = 0; j < nr; ++j)
                            bad += !(bp[p * nr + j] == (j < bcols ? opB(p, j) : T(0)));
                    }
                    ++cases;
                    if (edge) { std::free(ap); std::free(bp); continue; }
                    // micro-kernels: every height, with and without unpacked B
                    for (int rows_k = 1; rows_k <= mr; ++rows_k)
                        for (int b_src = 0; b_src < 2; ++b_src)
                            for (double beta : {0.0, 1.5}) {
                                if (b_src && tb) continue;  // unpacked B needs contiguous rows
                                const int64_t ldc = nr + 2;
                                std::vector<T> C(mr * ldc), C0;
                                for (auto& x : C) x = beta == 0 ? T(NAN) : T(u(rng));
                                C0 = C;
                                T* bout = buf(nr * kc);
                                const T alpha = T(0.5);
                                K->micro.fn[rows_k][b_src](kc, ap, b_src ? B.data() : bp, ldb, bout,
                                                           C.data(), ldc, alpha, T(beta));
                                for (int64_t i = 0; i < mr; ++i)
                                    for (int64_t j = 0; j < ldc; ++j) {
                                        if (j >= nr || i >= rows_k) {  // beyond the tile: untouched
                                            bad += std::memcmp(&C[i * ldc + j], &C0[i * ldc + j], sizeof(T)) != 0;
                                            continue;
                                        }
                                        double acc = 0, s = 0, old = beta == 0 ? 0.0 : double(C0[i * ldc + j]);
                                        for (int64_t p = 0; p < kc; ++p) {
                                            acc += double(opA(i, p)) * opB(p, j);
                                            s += std::fabs(double(opA(i, p)) * opB(p, j));
                                        }
                                        const double ref = alpha * acc + beta * old;
                                        const double mag = std::fabs(alpha) * s + std::fabs(beta * old);
                                        double err = std::fabs(double(C[i * ldc + j]) - ref) / std::max(mag, 1e-30);
                                        if (!(err <= tol)) ++bad;
                                        else worst = std::max(worst, err);
                                    }
                                if (b_src) bad += std::memcmp(bout, bp, nr * kc * sizeof(T)) != 0;
                                std::free(bout);
                                ++cases;
                            }
                    std::free(ap);
                    std::free(bp);
                }
            }
    g_failures += bad > 0;
    printf("  %-3s %-8s (emulated): %d kernel/packing cases, %d mismatches, max rel err %.3g%s\n",
           sizeof(T) == 4 ? "f32" : "f64", K->name, cases, bad, worst, bad ? "  <-- FAIL" : "");
}

static void check_all() {
    printf("== correctness (rel err = |c - ref| / (|alpha| sum|a*b| + |beta c|))\n");
    const int best = nn4j_isa_supported();
    for (int isa = NN4J_ISA_GENERIC; isa <= best; ++isa) {
        nn4j_set_isa(isa);
        for (int t : {1, 2}) {
            nn4j_set_num_threads(t);
            check_dtype<float>(nn4j_isa_name(isa), t);
            check_dtype<double>(nn4j_isa_name(isa), t);
        }
    }
    nn4j_set_isa(best);
    if (best < NN4J_ISA_AVX512) printf("  (the library's avx512 path not run: this CPU lacks AVX-512)\n");
    check_kernel_unit(nn4j::gemm::kernel_avx512_f32());
    check_kernel_unit(nn4j::gemm::kernel_avx512_f64());
}

// ---------------------------------------------------------------------------------------------
// Argument validation
// ---------------------------------------------------------------------------------------------

static void expect(const char* what, int got, int want) {
    const char* msg = nn4j_last_error();
    if (got != want) {
        ++g_failures;
        printf("  FAIL %-40s status %d, expected %d (%s)\n", what, got, want, msg);
    } else {
        printf("  ok   %-40s -> %d: %s\n", what, got, want ? msg : "");
    }
}

static void check_args() {
    printf("== argument validation\n");
    float a[64] = {}, b[64] = {}, c[64] = {};
    auto g = [&](int dtype, int ta, int tb, int64_t m, int64_t n, int64_t k, const void* A, int64_t lda,
                 const void* B, int64_t ldb, void* C, int64_t ldc, int64_t batch, int64_t sa,
                 int64_t sb, int64_t sc, int device = 0) {
        return nn4j_gemm(device, dtype, ta, tb, m, n, k, 1.0, A, lda, B, ldb, 0.0, C, ldc, batch, sa, sb, sc);
    };
    expect("valid 2x3x4", g(NN4J_F32, 0, 0, 2, 3, 4, a, 4, b, 3, c, 3, 1, 0, 0, 0), NN4J_OK);
    expect("bad dtype int32", g(NN4J_I32, 0, 0, 2, 3, 4, a, 4, b, 3, c, 3, 1, 0, 0, 0), NN4J_ERR_DTYPE);
    expect("bad dtype 99", g(99, 0, 0, 2, 3, 4, a, 4, b, 3, c, 3, 1, 0, 0, 0), NN4J_ERR_DTYPE);
    expect("trans_a = 2", g(NN4J_F32, 2, 0, 2, 3, 4, a, 4, b, 3, c, 3, 1, 0, 0, 0), NN4J_ERR_ARG);
    expect("trans_b = -1", g(NN4J_F32, 0, -1, 2, 3, 4, a, 4, b, 3, c, 3, 1, 0, 0, 0), NN4J_ERR_ARG);
    expect("m < 0", g(NN4J_F32, 0, 0, -1, 3, 4, a, 4, b, 3, c, 3, 1, 0, 0, 0), NN4J_ERR_ARG);
    expect("k < 0", g(NN4J_F32, 0, 0, 2, 3, -4, a, 4, b, 3, c, 3, 1, 0, 0, 0), NN4J_ERR_ARG);
    expect("batch < 0", g(NN4J_F32, 0, 0, 2, 3, 4, a, 4, b, 3, c, 3, -1, 0, 0, 0), NN4J_ERR_ARG);
    expect("lda < k", g(NN4J_F32, 0, 0, 2, 3, 4, a, 3, b, 3, c, 3, 1, 0, 0, 0), NN4J_ERR_SHAPE);
    expect("lda < m (trans_a)", g(NN4J_F32, 1, 0, 2, 3, 4, a, 1, b, 3, c, 3, 1, 0, 0, 0), NN4J_ERR_SHAPE);
    expect("ldb < n", g(NN4J_F32, 0, 0, 2, 3, 4, a, 4, b, 2, c, 3, 1, 0, 0, 0), NN4J_ERR_SHAPE);
    expect("ldb < k (trans_b)", g(NN4J_F32, 0, 1, 2, 3, 4, a, 4, b, 3, c, 3, 1, 0, 0, 0), NN4J_ERR_SHAPE);
    expect("ldc < n", g(NN4J_F32, 0, 0, 2, 3, 4, a, 4, b, 3, c, 2, 1, 0, 0, 0), NN4J_ERR_SHAPE);
    expect("ldb = ldc = 0 with n = 0 (ok)", g(NN4J_F32, 0, 0, 2, 0, 4, a, 4, b, 0, c, 0, 1, 0, 0, 0), NN4J_OK);
    expect("a null", g(NN4J_F32, 0, 0, 2, 3, 4, nullptr, 4, b, 3, c, 3, 1, 0, 0, 0), NN4J_ERR_ARG);
    expect("b null", g(NN4J_F32, 0, 0, 2, 3, 4, a, 4, nullptr, 3, c, 3, 1, 0, 0, 0), NN4J_ERR_ARG);
    expect("c null", g(NN4J_F32, 0, 0, 2, 3, 4, a, 4, b, 3, nullptr, 3, 1, 0, 0, 0), NN4J_ERR_ARG);
    expect("a null, k = 0 (ok)", g(NN4J_F32, 0, 0, 2, 3, 0, nullptr, 1, nullptr, 3, c, 3, 1, 0, 0, 0), NN4J_OK);
    expect("all null, m = 0 (ok)", g(NN4J_F32, 0, 0, 0, 3, 4, nullptr, 4, b, 3, nullptr, 3, 1, 0, 0, 0), NN4J_OK);
    expect("all null, batch = 0 (ok)", g(NN4J_F32, 0, 0, 2, 3, 4, nullptr, 4, nullptr, 3, nullptr, 3, 0, 0, 0, 0), NN4J_OK);
    expect("stride_a < 0", g(NN4J_F32, 0, 0, 2, 3, 4, a, 4, b, 3, c, 3, 2, -8, 0, 6), NN4J_ERR_SHAPE);
    expect("stride_c = 0, batch 2", g(NN4J_F32, 0, 0, 2, 3, 4, a, 4, b, 3, c, 3, 2, 0, 0, 0), NN4J_ERR_SHAPE);
    expect("stride_c overlapping", g(NN4J_F32, 0, 0, 2, 3, 4, a, 4, b, 3, c, 3, 2, 0, 0, 5), NN4J_ERR_SHAPE);
    expect("stride_c = 0, batch 1 (ok)", g(NN4J_F32, 0, 0, 2, 3, 4, a, 4, b, 3, c, 3, 1, 0, 0, 0), NN4J_OK);
    expect("stride_c interleaved (ok)", g(NN4J_F32, 0, 0, 2, 3, 4, a, 4, b, 3, c, 6, 2, 0, 0, 3), NN4J_OK);
    expect("broadcast a and b (ok)", g(NN4J_F32, 0, 0, 2, 3, 4, a, 4, b, 3, c, 3, 4, 0, 0, 6), NN4J_OK);
    expect("size overflow", g(NN4J_F32, 0, 0, int64_t(1) << 40, 3, int64_t(1) << 40, a, int64_t(1) << 40, b, 3, c, 3, 1, 0, 0, 0), NN4J_ERR_SHAPE);
    expect("batch overflow", g(NN4J_F32, 0, 0, 2, 3, 4, a, 4, b, 3, c, 3, int64_t(1) << 62, 8, 0, 6), NN4J_ERR_SHAPE);
    expect("device -1", g(NN4J_F32, 0, 0, 2, 3, 4, a, 4, b, 3, c, 3, 1, 0, 0, 0, -1), NN4J_ERR_ARG);
    expect("device 1 without CUDA", g(NN4J_F32, 0, 0, 2, 3, 4, a, 4, b, 3, c, 3, 1, 0, 0, 0, 1), NN4J_ERR_NO_DEVICE);
}

// ---------------------------------------------------------------------------------------------
// Benchmark
// ---------------------------------------------------------------------------------------------

static double now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

static long involuntary_switches() {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_nivcsw;
}

// Best time of one call over repeated calls lasting about `budget` seconds. The machine is
// shared, so calls during which any thread of this process was preempted (an involuntary
// context switch) are set aside; their best counts only if no call ran undisturbed, and then
// *disturbed is set.
template <typename F>
static double best_time(F&& f, double budget, bool* disturbed) {
    f();  // warm-up: page faults, packing buffers, thread wake-up
    double best = 1e30, best_any = 1e30, t_end = now() + budget;
    int reps = 0;
    do {
        const long cs = involuntary_switches();
        const double t0 = now();
        f();
        const double t = now() - t0;
        if (involuntary_switches() == cs) best = std::min(best, t);
        best_any = std::min(best_any, t);
        ++reps;
    } while (now() < t_end || reps < 3);
    *disturbed = best == 1e30;
    return *disturbed ? best_any : best;
}

struct BenchShape { const char* what; int64_t m, n, k; int ta, tb; };

static void bench(int rounds) {
    const time_t now_t = time(nullptr);
    char when[64];
    strftime(when, sizeof when, "%Y-%m-%d %H:%M %Z", localtime(&now_t));
    double load[3] = {};
    if (FILE* f = fopen("/proc/loadavg", "r")) {
        if (fscanf(f, "%lf %lf %lf", &load[0], &load[1], &load[2]) != 3) load[0] = -1;
        fclose(f);
    }
    printf("== benchmark %s, load average %.2f %.2f %.2f\n", when, load[0], load[1], load[2]);
    printf("   GFLOP/s = 2mnk / best time of one call, best of %d rounds alternating nn4j and oneDNN\n", rounds);
    printf("   nn4j %s, oneDNN dnnl_sgemm; ISA %s\n", nn4j_version(), nn4j_isa_name(nn4j_isa_active()));
    const BenchShape shapes[] = {
        {"square", 1024, 1024, 1024, 0, 0},
        {"square", 2048, 2048, 2048, 0, 0},
        {"fwd Y=XW (64x784 * 784x256)", 64, 256, 784, 0, 0},
        {"dX=dY W^T (64x256 * 256x784)", 64, 784, 256, 0, 1},
        {"dW=X^T dY (784x64 * 64x256)", 784, 256, 64, 1, 0},
        {"fwd Y=XW (64x256 * 256x256)", 64, 256, 256, 0, 0},
        {"dX=dY W^T (64x256 * 256x256)", 64, 256, 256, 0, 1},
        {"dW=X^T dY (256x64 * 64x256)", 256, 256, 64, 1, 0},
        {"fwd Y=XW (256x64 * 64x784)", 256, 784, 64, 0, 0},
        {"small", 32, 32, 32, 0, 0},
        {"tiny", 8, 8, 8, 0, 0},
    };
    printf("   %-32s %5s %5s %5s | %-9s %-9s %-6s | %-9s %-9s %-6s\n", "shape (row-major C = op(A) op(B))", "m", "n", "k",
           "nn4j 1t", "dnnl 1t", "ratio", "nn4j 2t", "dnnl 2t", "ratio");
    std::mt19937 rng(1);
    std::uniform_real_distribution<float> u(-1, 1);
    for (const BenchShape& s : shapes) {
        const int64_t lda = s.ta ? s.m : s.k, ldb = s.tb ? s.k : s.n, ldc = s.n;
        std::vector<float> a(s.m * s.k), b(s.k * s.n), c(s.m * s.n);
        for (auto& x : a) x = u(rng);
        for (auto& x : b) x = u(rng);
        const double flops = 2.0 * s.m * s.n * s.k;
        const double budget = std::min(1.0, std::max(0.15, flops / 2e10));
        double g[2][2] = {}, g_any[2][2] = {};  // [threads-1][lib]: undisturbed / any call
        for (int t = 1; t <= 2; ++t) {
            for (int r = 0; r < rounds; ++r) {
                bool dist[2];
                nn4j_set_num_threads(t);
                double tn = best_time([&] {
                    nn4j_gemm(0, NN4J_F32, s.ta, s.tb, s.m, s.n, s.k, 1.0, a.data(), lda, b.data(),
                              ldb, 0.0, c.data(), ldc, 1, 0, 0, 0);
                }, budget, &dist[0]);
                omp_set_num_threads(t);
                double td = best_time([&] {
                    dnnl_sgemm(s.ta ? 'T' : 'N', s.tb ? 'T' : 'N', s.m, s.n, s.k, 1.0f, a.data(), lda,
                               b.data(), ldb, 0.0f, c.data(), ldc);
                }, budget, &dist[1]);
                // let oneDNN's OpenMP threads stop spinning before nn4j runs again
                std::this_thread::sleep_for(std::chrono::milliseconds(300));
                const double rate[2] = {flops / tn * 1e-9, flops / td * 1e-9};
                for (int l = 0; l < 2; ++l) {
                    g_any[t - 1][l] = std::max(g_any[t - 1][l], rate[l]);
                    if (!dist[l]) g[t - 1][l] = std::max(g[t - 1][l], rate[l]);
                }
            }
        }
        // '*': no call ran without preemption; the best disturbed one is shown
        char cell[2][2][16];
        for (int t = 0; t < 2; ++t)
            for (int l = 0; l < 2; ++l) {
                const bool clean = g[t][l] > 0;
                if (!clean) g[t][l] = g_any[t][l];
                snprintf(cell[t][l], sizeof cell[t][l], "%8.1f%c", g[t][l], clean ? ' ' : '*');
            }
        printf("   %-32s %5lld %5lld %5lld | %s %s %5.1f%% | %s %s %5.1f%%\n", s.what, (long long)s.m,
               (long long)s.n, (long long)s.k, cell[0][0], cell[0][1], 100 * g[0][0] / g[0][1],
               cell[1][0], cell[1][1], 100 * g[1][0] / g[1][1]);
        fflush(stdout);
    }
}

// Runs one shape in a loop (for perf): loop m n k ta tb threads seconds [dnnl]
static void loop(int argc, char** argv) {
    if (argc < 9) { printf("usage: loop m n k ta tb threads seconds [dnnl]\n"); return; }
    int64_t m = atoll(argv[2]), n = atoll(argv[3]), k = atoll(argv[4]);
    int ta = atoi(argv[5]), tb = atoi(argv[6]), t = atoi(argv[7]);
    double secs = atof(argv[8]);
    bool dnnl = argc > 9;
    std::vector<float> a(m * k, 0.5f), b(k * n, 0.25f), c(m * n);
    nn4j_set_num_threads(t);
    omp_set_num_threads(t);
    const int64_t lda = ta ? m : k, ldb = tb ? k : n;
    int64_t calls = 0;
    bool disturbed = false;
    double best = best_time([&] {
        ++calls;
        if (dnnl)
            dnnl_sgemm(ta ? 'T' : 'N', tb ? 'T' : 'N', m, n, k, 1.0f, a.data(), lda, b.data(), ldb, 0.0f, c.data(), n);
        else
            nn4j_gemm(0, NN4J_F32, ta, tb, m, n, k, 1.0, a.data(), lda, b.data(), ldb, 0.0, c.data(), n, 1, 0, 0, 0);
    }, secs, &disturbed);
    printf("%s %lldx%lldx%lld ta=%d tb=%d threads=%d: best %.1f us, %.1f GFLOP/s, %lld calls, %.4g flop\n",
           dnnl ? "dnnl" : "nn4j", (long long)m, (long long)n, (long long)k, ta, tb, t, best * 1e6,
           2.0 * m * n * k / best * 1e-9, (long long)calls, 2.0 * m * n * k * calls);
}

int main(int argc, char** argv) {
    std::string mode = argc > 1 ? argv[1] : "all";
    if (mode == "loop") { loop(argc, argv); return 0; }
    if (mode == "check" || mode == "all") check_all();
    if (mode == "args" || mode == "all") check_args();
    if (mode == "bench" || mode == "all") bench(argc > 2 ? atoi(argv[2]) : 3);
    printf("%s: %d failure(s)\n", g_failures ? "FAILED" : "PASSED", g_failures);
    return g_failures ? 1 : 0;
}
