// nn4j_random: Philox4x32-10 counter-based numbers. The per-counter mapping (which words make
// which element, Box-Muller, the truncated-normal redraw schedule) lives in
// elementwise_math.h, shared with the CUDA twin; see the comment there. Work is split by
// counter ranges, so results do not depend on the thread count.
#include <cmath>
#include "elementwise_math.h"
#include "ew_common.h"

using namespace nn4j;

namespace {

const char* dist_name(int dist) {
    switch (dist) {
        case NN4J_RAND_UNIFORM: return "UNIFORM";
        case NN4J_RAND_NORMAL: return "NORMAL";
        case NN4J_RAND_BERNOULLI: return "BERNOULLI";
        case NN4J_RAND_TRUNC_NORMAL: return "TRUNC_NORMAL";
        default: return "unknown";
    }
}

// Runs fn(counter_index_begin, counter_index_end) over [0, nctr) counters; a counter costs
// about as much as 16 simple element operations (10 Philox rounds).
template <class Fn> void parallel_counters(int64_t nctr, Fn&& fn) {
    if (nctr * 16 < kParallelMin) fn(int64_t(0), nctr);
    else parallel_for(nctr, kGrain / 16, fn);
}

template <class T>
void bernoulli_kernel(T* out, int64_t n, uint64_t seed, uint64_t offset, double p) {
    parallel_counters((n + 3) / 4, [&](int64_t cb, int64_t ce) {
        for (int64_t c = cb; c < ce; ++c) {
            uint8_t bits[4];
            int64_t i0 = c * 4;
            int count = (int)(n - i0 < 4 ? n - i0 : 4);
            ew::bernoulli_block(seed, offset + (uint64_t)c, p, bits, count);
            for (int l = 0; l < count; ++l) out[i0 + l] = (T)bits[l];
        }
    });
}

void random_f32(int dist, float* out, int64_t n, uint64_t seed, uint64_t offset, double p1, double p2) {
    parallel_counters((n + 3) / 4, [&](int64_t cb, int64_t ce) {
        for (int64_t c = cb; c < ce; ++c) {
            int64_t i0 = c * 4;
            int count = (int)(n - i0 < 4 ? n - i0 : 4);
            ew::random_block_f32(dist, seed, offset + (uint64_t)c, (float)p1, (float)p2, out + i0, count);
        }
    });
}

void random_f64(int dist, double* out, int64_t n, uint64_t seed, uint64_t offset, double p1, double p2) {
    parallel_counters((n + 1) / 2, [&](int64_t cb, int64_t ce) {
        for (int64_t c = cb; c < ce; ++c) {
            int64_t i0 = c * 2;
            int count = (int)(n - i0 < 2 ? n - i0 : 2);
            ew::random_block_f64(dist, seed, offset + (uint64_t)c, p1, p2, out + i0, count);
        }
    });
}

}  // namespace

extern "C" int nn4j_random(int device, int dist, int dtype, void* out, int64_t n, uint64_t seed,
                           uint64_t offset, double p1, double p2) {
    static const char* fn = "nn4j_random";
    if (dist < NN4J_RAND_UNIFORM || dist > NN4J_RAND_TRUNC_NORMAL)
        return fail(NN4J_ERR_ARG, "%s: unknown distribution code %d", fn, dist);
    if (int rc = check_dtype(fn, dtype)) return rc;
    if (dist != NN4J_RAND_BERNOULLI && dtype != NN4J_F32 && dtype != NN4J_F64)
        return fail(NN4J_ERR_DTYPE, "%s: %s does not support dtype %s (float32 or float64 only)", fn,
                    dist_name(dist), dtype_name(dtype));
    if (n < 0) return fail(NN4J_ERR_ARG, "%s: n = %lld is negative", fn, (long long)n);
    if (n > 0 && out == nullptr) return fail(NN4J_ERR_ARG, "%s: out is null", fn);
    switch (dist) {
        case NN4J_RAND_UNIFORM:
            if (!std::isfinite(p1) || !std::isfinite(p2) || p1 > p2)
                return fail(NN4J_ERR_ARG, "%s: UNIFORM needs finite low <= high, got [%g, %g)", fn, p1, p2);
            break;
        case NN4J_RAND_NORMAL:
        case NN4J_RAND_TRUNC_NORMAL:
            if (!std::isfinite(p1) || !std::isfinite(p2) || p2 < 0)
                return fail(NN4J_ERR_ARG, "%s: %s needs a finite mean and std >= 0, got mean %g, std %g",
                            fn, dist_name(dist), p1, p2);
            break;
        default:  // BERNOULLI
            if (!(p1 >= 0 && p1 <= 1))
                return fail(NN4J_ERR_ARG, "%s: BERNOULLI probability %g outside [0, 1]", fn, p1);
    }
    if (device != 0)
        return NN4J_CUDA_FORWARD(fn, random, device - 1, dist, dtype, out, n, seed, offset, p1, p2);
    if (n == 0) return NN4J_OK;
    return guarded(fn, [&]() -> int {
        if (dist == NN4J_RAND_BERNOULLI)
            return dispatch_dtype(dtype, [&](auto tag) -> int {
                bernoulli_kernel((typename decltype(tag)::type*)out, n, seed, offset, p1);
                return NN4J_OK;
            });
        if (dtype == NN4J_F32) random_f32(dist, (float*)out, n, seed, offset, p1, p2);
        else random_f64(dist, (double*)out, n, seed, offset, p1, p2);
        return NN4J_OK;
    });
}
