// Internals of the recurrent family (rnn.cpp, rnn_avx2.cpp, dnnl_rnn.cpp): the per-row kernels
// of the own implementation and the oneDNN path's entry points. Public ABI: nn4j_rnn.h.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <new>
#include "nn4j_rnn.h"
#include "rnn_workspace.h"

namespace nn4j {
namespace rnn {

// Row kernels: one (n, t) row of H units. `a` is the row of the workspace (ws_row(cell, H)
// elements, rnn_math.h): pre-activations without bias on entry, activated gates on exit. `b` is
// the bias (never null; zeros when the caller has none), `hp`/`cp` the previous states, `y` the
// output row. Backward: `d` is the row of the gate-gradient buffer (grad_row), `dy` the upstream
// row (never null), `dh` the running gradient of the hidden state, `dc` that of the cell state.
template <class T> struct RowKernels {
    // a = tanh(a + b); y = a
    void (*tanh_fwd)(int64_t H, T* a, const T* b, T* y);
    // a[0:4H] = gates, a[4H:5H] = c_t; y = h_t
    void (*lstm_fwd)(int64_t H, T* a, const T* b, const T* cp, T* y);
    // a[0:2H] = z, r; a[3H:4H] = r*hp
    void (*gru_fwd_zr)(int64_t H, T* a, const T* b, const T* hp);
    // a[2H:3H] = h~ (a[2H:3H] holds x W_h + (r*hp) U_h on entry); y = h_t
    void (*gru_fwd_h)(int64_t H, T* a, const T* b, const T* hp, T* y);
    // hu = hp U (3H, no bias); a[0:3H] = z, r, h~; a[3H:4H] = hp U_h + b'_h; y = h_t
    void (*gru_ra_fwd)(int64_t H, T* a, const T* hu, const T* b, const T* hp, T* y);

    // d = (dy + dh) (1 - h^2), h = a
    void (*tanh_bwd)(int64_t H, const T* a, const T* dy, const T* dh, T* d);
    // d = [dai, daf, dag, dao]; dc: gradient of c_t in, of c_{t-1} out
    void (*lstm_bwd)(int64_t H, const T* a, const T* cp, const T* dy, const T* dh, T* dc, T* d);
    // dh: from step t+1 in, total (dy + dh) out; d[0:H] = daz, d[2H:3H] = dah
    void (*gru_bwd_zh)(int64_t H, const T* a, const T* hp, const T* dy, T* dh, T* d);
    // drh = dah U_h^T; d[H:2H] = dar; dh: total in, dh*z + drh*r out
    void (*gru_bwd_r)(int64_t H, const T* a, const T* hp, const T* drh, T* dh, T* d);
    // d = [daz, dar, dhn, dah]; dh: from step t+1 in, dh_total * z out
    void (*gru_ra_bwd)(int64_t H, const T* a, const T* hp, const T* dy, T* dh, T* d);
};

// Plain per-element loops over rnn_math.h (the reference; f64 always uses them).
template <class T> const RowKernels<T>* reference_kernels();
// AVX2+FMA float rows (rnn_avx2.cpp); only called when active_isa() >= NN4J_ISA_AVX2.
const RowKernels<float>* avx2_kernels();

// Scratch: one grow-only 64-byte aligned block per calling thread, so steady-state training
// allocates nothing; pool workers only touch slices of the caller's block. Declare pieces with
// add() (returns the byte offset), then base() (throws std::bad_alloc).
class Carve {
public:
    size_t add(int64_t elems, size_t elem) {
        const size_t at = total_;
        total_ += ((size_t)elems * elem + 63) / 64 * 64;
        return at;
    }
    char* base() {
        Block& b = block();
        if (b.bytes < total_) {
            std::free(b.p);
            b.p = nullptr;
            b.bytes = 0;
            void* p = std::aligned_alloc(64, std::max<size_t>(total_, 64));
            if (!p) throw std::bad_alloc();
            b.p = p;
            b.bytes = total_;
        }
        return (char*)b.p;
    }

private:
    struct Block {
        void* p = nullptr;
        size_t bytes = 0;
        ~Block() { std::free(p); }
    };
    static Block& block() {
        static thread_local Block b;
        return b;
    }
    size_t total_ = 0;
};

// ---- oneDNN path (dnnl_rnn.cpp) ------------------------------------------------------------
// Whether oneDNN should run this problem under the current mode (false without oneDNN);
// training: a backward will follow (the forward fills a workspace).
bool onednn_wanted(int cell, int dtype, int64_t n, int64_t t, int64_t f, int64_t h, bool training);
// oneDNN's training workspace bytes for this problem; false if oneDNN cannot do it.
bool onednn_workspace_bytes(int cell, int64_t n, int64_t t, int64_t f, int64_t h, int64_t* bytes);
// f32 only; arguments as nn4j_rnn_forward / backward (already validated). ws: the payload area
// (null for inference). Return an nn4j status.
int onednn_forward(int cell, int64_t n, int64_t t, int64_t f, int64_t h, const float* x,
                 const float* h0, const float* c0, const float* w, const float* u, const float* b,
                 float* y, float* hn, float* cn, void* ws, int64_t ws_bytes);
int onednn_backward(int cell, int64_t n, int64_t t, int64_t f, int64_t h, const float* x,
                  const float* h0, const float* c0, const float* w, const float* u, const float* b,
                  const float* y, const void* ws, int64_t ws_bytes, const float* dy,
                  const float* dhn, const float* dcn, float* dx, float* dh0, float* dc0, float* dw,
                  float* du, float* db);

}  // namespace rnn
}  // namespace nn4j
