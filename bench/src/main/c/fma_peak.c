/*
 * Cross-check of the peak-FLOP assumption used in bench/RESULTS.md: one thread issuing
 * independent 256-bit FMAs (12 chains, enough to hide the FMA latency on two pipes) reports its
 * FMA rate and the clock it implies at 32 float FLOPs per cycle (2 FMA pipes x 8 lanes x 2).
 * Not a benchmark of nn4j; built and run by bench/run-gemm.sh when gcc is present.
 *   gcc -O2 -mavx2 -mfma fma_peak.c -o fma_peak && ./fma_peak
 */
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char** argv) {
    long iters = argc > 1 ? atol(argv[1]) : 200000000L;
    __m256 x = _mm256_set1_ps(0.999999f), y = _mm256_set1_ps(1e-7f);
    /* distinct starting values, so the compiler cannot merge the chains */
#define INIT(i) __m256 a##i = _mm256_set1_ps(0.1f * i + 0.01f);
    INIT(0) INIT(1) INIT(2) INIT(3) INIT(4) INIT(5) INIT(6) INIT(7) INIT(8) INIT(9) INIT(10) INIT(11)
    double t0 = now();
    for (long n = 0; n < iters; n++) {
#define STEP(a) a = _mm256_fmadd_ps(a, x, y);
        STEP(a0) STEP(a1) STEP(a2) STEP(a3) STEP(a4) STEP(a5)
        STEP(a6) STEP(a7) STEP(a8) STEP(a9) STEP(a10) STEP(a11)
        /* keeps the accumulators in registers and the loop from being folded */
        __asm__ volatile("" : "+x"(a0), "+x"(a1), "+x"(a2), "+x"(a3), "+x"(a4), "+x"(a5),
                              "+x"(a6), "+x"(a7), "+x"(a8), "+x"(a9), "+x"(a10), "+x"(a11));
    }
    double t = now() - t0;
    __m256 s = _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)),
               _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(a4, a5), _mm256_add_ps(a6, a7)),
                             _mm256_add_ps(_mm256_add_ps(a8, a9), _mm256_add_ps(a10, a11))));
    float v[8];
    _mm256_storeu_ps(v, s);
    double gflops = iters * 12.0 * 16.0 / t * 1e-9;
    printf("fma_peak: one thread %.1f GFLOP/s float32 = %.2f GHz x 32 FLOP/cycle (checksum %g)\n",
           gflops, gflops / 32.0, v[0]);
    return 0;
}
