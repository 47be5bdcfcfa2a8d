// Philox4x32-10 counter-based generator (Salmon et al., SC'11), shared by the CPU and CUDA
// random kernels so that both produce the same numbers for the same (seed, counter).
#pragma once
#include <cstdint>

#if defined(__CUDACC__)
#define NN4J_HD __host__ __device__ __forceinline__
#else
#define NN4J_HD inline
#endif

namespace nn4j {

struct Philox4 { uint32_t v[4]; };

NN4J_HD uint32_t mulhilo32(uint32_t a, uint32_t b, uint32_t* hi) {
    uint64_t p = (uint64_t)a * (uint64_t)b;
    *hi = (uint32_t)(p >> 32);
    return (uint32_t)p;
}

// Four 32-bit random words for counter `ctr` under key `seed`.
NN4J_HD Philox4 philox4x32_10(uint64_t seed, uint64_t ctr) {
    uint32_t c0 = (uint32_t)ctr, c1 = (uint32_t)(ctr >> 32), c2 = 0, c3 = 0;
    uint32_t k0 = (uint32_t)seed, k1 = (uint32_t)(seed >> 32);
    for (int r = 0; r < 10; ++r) {
        uint32_t hi0, hi1;
        uint32_t lo0 = mulhilo32(0xD2511F53u, c0, &hi0);
        uint32_t lo1 = mulhilo32(0xCD9E8D57u, c2, &hi1);
        uint32_t n0 = hi1 ^ c1 ^ k0, n1 = lo1, n2 = hi0 ^ c3 ^ k1, n3 = lo0;
        c0 = n0; c1 = n1; c2 = n2; c3 = n3;
        k0 += 0x9E3779B9u;
        k1 += 0xBB67AE85u;
    }
    Philox4 out;
    out.v[0] = c0; out.v[1] = c1; out.v[2] = c2; out.v[3] = c3;
    return out;
}

// Uniform in [0, 1) from 32 bits (float) or 64 bits (double), never exactly 1.
NN4J_HD float u01_f32(uint32_t x) { return (float)(x >> 8) * (1.0f / 16777216.0f); }
NN4J_HD double u01_f64(uint32_t hi, uint32_t lo) {
    return (double)((((uint64_t)hi << 32) | lo) >> 11) * (1.0 / 9007199254740992.0);
}

}  // namespace nn4j
