// Inverted dropout (nn4j_nn.h, K7): element i is kept iff the f32 uniform of Philox word i % 4 at
// counter offset + i / 4 is < 1 - rate, the BERNOULLI layout of nn4j_random, so the mask depends
// only on (seed, offset, i): same on every thread count and on the CUDA twin. Backward
// regenerates it instead of storing it. Invariant: outputs overwrite (=); dx may alias dy.
#include <cmath>
#include "nn_common.h"
#include "nn_math.h"

using namespace nn4j;
using namespace nn4j::nn;

namespace {

// Chunks start at multiples of 4 so each Philox block is drawn once.
template <class T>
void apply(int64_t n, const T* x, double rate, uint64_t seed, uint64_t offset, T* y, uint8_t* mask) {
    const double keep = 1.0 - rate;
    const T scale = keep > 0 ? (T)(1.0 / keep) : T(0);
    const int64_t blocks = (n + 3) / 4;
    parallel_for(blocks, 2048, [&](int64_t b, int64_t e) {
        for (int64_t blk = b; blk < e; ++blk) {
            const Philox4 v = philox4x32_10(seed, offset + (uint64_t)blk);
            const int64_t end = std::min<int64_t>(n, blk * 4 + 4);
            for (int64_t i = blk * 4; i < end; ++i) {
                const bool k = dropout_keep(v, i, keep);
                y[i] = k ? x[i] * scale : T(0);
                if (mask) mask[i] = k ? 1 : 0;
            }
        }
    });
}

int check_dropout(const char* fn, int dtype, int64_t n, double rate) {
    if (int st = check_float_dtype(fn, dtype)) return st;
    if (int st = check_count(fn, "n", n, 0)) return st;
    if (!(rate >= 0 && rate <= 1)) return fail(NN4J_ERR_ARG, "%s: rate = %g is outside [0, 1]", fn, rate);
    return NN4J_OK;
}

}  // namespace

extern "C" {

int nn4j_dropout_forward(int device, int dtype, int64_t n, const void* x, double rate, uint64_t seed,
                         uint64_t offset, void* y, void* mask) {
    static const char* fn = "nn4j_dropout_forward";
    if (int st = check_dropout(fn, dtype, n, rate)) return st;
    if (n == 0) return NN4J_OK;
    if (int st = check_ptr(fn, "x", x)) return st;
    if (int st = check_ptr(fn, "y", y)) return st;
    NN4J_NN_CUDA(fn, dropout_forward, dtype, n, x, rate, seed, offset, y, mask);
    NN4J_FLOAT(dtype, T, apply<T>(n, (const T*)x, rate, seed, offset, (T*)y, (uint8_t*)mask));
    return NN4J_OK;
}

int nn4j_dropout_backward(int device, int dtype, int64_t n, const void* dy, double rate, uint64_t seed,
                          uint64_t offset, void* dx) {
    static const char* fn = "nn4j_dropout_backward";
    if (int st = check_dropout(fn, dtype, n, rate)) return st;
    if (n == 0) return NN4J_OK;
    if (int st = check_ptr(fn, "dy", dy)) return st;
    if (int st = check_ptr(fn, "dx", dx)) return st;
    NN4J_NN_CUDA(fn, dropout_backward, dtype, n, dy, rate, seed, offset, dx);
    NN4J_FLOAT(dtype, T, apply<T>(n, (const T*)dy, rate, seed, offset, (T*)dx, nullptr));
    return NN4J_OK;
}

}  // extern "C"
