// nn4j_rnn_forward / nn4j_rnn_backward on the CPU: argument checks, CUDA forwarding, the choice
// between oneDNN (dnnl_rnn.cpp) and nn4j's own kernel, and the CPU side of the own kernel.
//
// Invariant: every output, parameter gradients included, is overwritten (=), never accumulated.
//
// The own kernel's step loop is common/rnn_driver.h (shared with the CUDA twin); this file gives
// it the CPU backend: nn4j_gemm, the row kernels (reference below, AVX2 in rnn_avx2.cpp), the
// time loop run on slices of the batch in parallel, and per-thread scratch.
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <string>
#include "core.h"
#include "cuda_rnn_table.h"
#include "rnn.h"
#include "rnn_driver.h"
#include "rnn_math.h"
#include "dnnl_util.h"

using namespace nn4j;
using namespace nn4j::rnn;

namespace {

// ---- reference row kernels --------------------------------------------------------------------
template <class T> struct Ref {
    static void tanh_fwd(int64_t H, T* a, const T* b, T* y) {
        for (int64_t j = 0; j < H; ++j) y[j] = a[j] = m_tanh(a[j] + b[j]);
    }
    static void lstm_fwd(int64_t H, T* a, const T* b, const T* cp, T* y) {
        for (int64_t j = 0; j < H; ++j)
            rnn::lstm_fwd(a[j] + b[j], a[H + j] + b[H + j], a[2 * H + j] + b[2 * H + j],
                     a[3 * H + j] + b[3 * H + j], cp[j], &a[j], &a[H + j], &a[2 * H + j],
                     &a[3 * H + j], &a[4 * H + j], &y[j]);
    }
    static void gru_fwd_zr(int64_t H, T* a, const T* b, const T* hp) {
        for (int64_t j = 0; j < H; ++j)
            rnn::gru_fwd_zr(a[j] + b[j], a[H + j] + b[H + j], hp[j], &a[j], &a[H + j], &a[3 * H + j]);
    }
    static void gru_fwd_h(int64_t H, T* a, const T* b, const T* hp, T* y) {
        for (int64_t j = 0; j < H; ++j) rnn::gru_fwd_h(a[2 * H + j] + b[2 * H + j], a[j], hp[j], &a[2 * H + j], &y[j]);
    }
    static void gru_ra_fwd(int64_t H, T* a, const T* hu, const T* b, const T* hp, T* y) {
        for (int64_t j = 0; j < H; ++j) {
            const T hn = hu[2 * H + j] + b[3 * H + j];
            rnn::gru_ra_fwd(a[j] + b[j], a[H + j] + b[H + j], a[2 * H + j] + b[2 * H + j], hu[j], hu[H + j], hn,
                       hp[j], &a[j], &a[H + j], &a[2 * H + j], &y[j]);
            a[3 * H + j] = hn;
        }
    }
    static void tanh_bwd(int64_t H, const T* a, const T* dy, const T* dh, T* d) {
        for (int64_t j = 0; j < H; ++j) d[j] = rnn::tanh_bwd(a[j], dy[j] + dh[j]);
    }
    static void lstm_bwd(int64_t H, const T* a, const T* cp, const T* dy, const T* dh, T* dc, T* d) {
        for (int64_t j = 0; j < H; ++j)
            rnn::lstm_bwd(a[j], a[H + j], a[2 * H + j], a[3 * H + j], a[4 * H + j], cp[j], dy[j] + dh[j], &dc[j],
                          &d[j], &d[H + j], &d[2 * H + j], &d[3 * H + j]);
    }
    static void gru_bwd_zh(int64_t H, const T* a, const T* hp, const T* dy, T* dh, T* d) {
        for (int64_t j = 0; j < H; ++j) {
            dh[j] += dy[j];
            rnn::gru_bwd_zh(a[j], a[2 * H + j], hp[j], dh[j], &d[j], &d[2 * H + j]);
        }
    }
    static void gru_bwd_r(int64_t H, const T* a, const T* hp, const T* drh, T* dh, T* d) {
        for (int64_t j = 0; j < H; ++j) rnn::gru_bwd_r(a[j], a[H + j], hp[j], dh[j], drh[j], &d[H + j], &dh[j]);
    }
    static void gru_ra_bwd(int64_t H, const T* a, const T* hp, const T* dy, T* dh, T* d) {
        for (int64_t j = 0; j < H; ++j)
            rnn::gru_ra_bwd(a[j], a[H + j], a[2 * H + j], a[3 * H + j], hp[j], dy[j] + dh[j], &d[j], &d[H + j],
                            &d[2 * H + j], &d[3 * H + j], &dh[j]);
    }
};

template <class T> const RowKernels<T> kRef = {
    Ref<T>::tanh_fwd, Ref<T>::lstm_fwd, Ref<T>::gru_fwd_zr, Ref<T>::gru_fwd_h, Ref<T>::gru_ra_fwd,
    Ref<T>::tanh_bwd, Ref<T>::lstm_bwd, Ref<T>::gru_bwd_zh, Ref<T>::gru_bwd_r, Ref<T>::gru_ra_bwd};

}  // namespace

namespace nn4j {
namespace rnn {
template <class T> const RowKernels<T>* reference_kernels() { return &kRef<T>; }
template const RowKernels<float>* reference_kernels<float>();
template const RowKernels<double>* reference_kernels<double>();
}  // namespace rnn
}  // namespace nn4j

namespace {

template <class T> const RowKernels<T>* row_kernels();
template <> const RowKernels<float>* row_kernels<float>() {
    return active_isa() >= NN4J_ISA_AVX2 ? avx2_kernels() : &kRef<float>;
}
template <> const RowKernels<double>* row_kernels<double>() { return &kRef<double>; }

// Row kernels are cheap (a few ns per element): run them serially below this many element-ops.
constexpr int64_t kRowsParallelMin = 16384;

template <class F> void for_rows(int64_t n, int64_t work_per_row, F&& f) {
    if (n <= 1 || n * work_per_row < kRowsParallelMin) {
        for (int64_t i = 0; i < n; ++i) f(i);
        return;
    }
    const int64_t grain = std::max<int64_t>(1, kRowsParallelMin / 2 / std::max<int64_t>(work_per_row, 1));
    parallel_for(n, grain, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) f(i);
    });
}

template <class T> constexpr int dtype_of();
template <> constexpr int dtype_of<float>() { return NN4J_F32; }
template <> constexpr int dtype_of<double>() { return NN4J_F64; }

// The CPU backend of rnn_driver.h. Row operations run K over the N rows of a step (a Rows
// pointer with ld 0 repeats one row: the zero state).
template <class T> struct CpuBackend {
    using R = Rows<T>;
    using C = Rows<const T>;
    const RowKernels<T>& K = *row_kernels<T>();

    static T* at(R r, int64_t n) { return r.p + n * r.ld; }
    static const T* at(C r, int64_t n) { return r.p + n * r.ld; }

    int gemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, const T* a, int64_t lda, const T* b, int64_t ldb,
             double beta, T* c, int64_t ldc) {
        if (m == 0 || n == 0) return NN4J_OK;
        return nn4j_gemm(0, dtype_of<T>(), ta, tb, m, n, k, 1.0, a, lda, b, ldb, beta, c, ldc, 1, 0, 0, 0);
    }
    int scratch(size_t bytes, char** base) {
        Carve cv;
        cv.add((int64_t)bytes, 1);
        *base = cv.base();  // throws std::bad_alloc, caught at the entry point
        return NN4J_OK;
    }
    int fill_zero(T* p, int64_t n) {
        std::fill(p, p + n, T(0));
        return NN4J_OK;
    }
    int copy_rows(int64_t rows, int64_t cols, const T* src, int64_t lds, T* dst, int64_t ldd) {
        for (int64_t r = 0; r < rows; ++r) std::memcpy(dst + r * ldd, src + r * lds, (size_t)cols * sizeof(T));
        return NN4J_OK;
    }
    // Threads split the columns; each sums its columns over all rows in double.
    int colsum(int64_t rows, int64_t cols, const T* src, int64_t lds, T* dst) {
        for_rows(cols, rows, [&](int64_t j) {
            double s = 0;
            for (int64_t r = 0; r < rows; ++r) s += (double)src[r * lds + j];
            dst[j] = (T)s;
        });
        return NN4J_OK;
    }

    // The time loop over slices of the batch, one slice per thread, each running single-threaded
    // GEMMs and rows (nested parallel_for calls run serially): a per-step step GEMM is small
    // (32x512x128 for the benchmark LSTM), and waking the pool several times per step cost more
    // than it saved. Fewer than kRowsPerSlice rows per thread: one slice, with the GEMMs and
    // rows threaded inside instead.
    static constexpr int64_t kRowsPerSlice = 4;
    template <class F> int batches(int64_t N, F&& fn) {
        const int64_t slices = std::min<int64_t>(num_threads(), N / kRowsPerSlice);
        if (slices <= 1) return fn(0, N);
        std::atomic<int> status{NN4J_OK};
        std::string message;  // a worker's error text, re-raised on the calling thread
        std::mutex mu;
        parallel_for(slices, 1, [&](int64_t b, int64_t e) {
            for (int64_t i = b; i < e; ++i) {
                const int st = fn(i * N / slices, (i + 1) * N / slices);
                if (st != NN4J_OK) {
                    std::lock_guard<std::mutex> lk(mu);
                    if (status.load() == NN4J_OK) message = nn4j_last_error();
                    status.store(st);
                }
            }
        });
        if (status.load() != NN4J_OK) return fail(status.load(), "%s", message.c_str());
        return NN4J_OK;
    }

    // Work per row in element-operations, for the serial/parallel choice.
    int tanh_fwd(int64_t N, int64_t H, R a, const T* b, R y) {
        for_rows(N, 4 * H, [&](int64_t n) { K.tanh_fwd(H, at(a, n), b, at(y, n)); });
        return NN4J_OK;
    }
    int lstm_fwd(int64_t N, int64_t H, R a, const T* b, C cp, R y) {
        for_rows(N, 24 * H, [&](int64_t n) { K.lstm_fwd(H, at(a, n), b, at(cp, n), at(y, n)); });
        return NN4J_OK;
    }
    int gru_fwd_zr(int64_t N, int64_t H, R a, const T* b, C hp) {
        for_rows(N, 10 * H, [&](int64_t n) { K.gru_fwd_zr(H, at(a, n), b, at(hp, n)); });
        return NN4J_OK;
    }
    int gru_fwd_h(int64_t N, int64_t H, R a, const T* b, C hp, R y) {
        for_rows(N, 6 * H, [&](int64_t n) { K.gru_fwd_h(H, at(a, n), b, at(hp, n), at(y, n)); });
        return NN4J_OK;
    }
    int gru_ra_fwd(int64_t N, int64_t H, R a, C hu, const T* b, C hp, R y) {
        for_rows(N, 16 * H, [&](int64_t n) { K.gru_ra_fwd(H, at(a, n), at(hu, n), b, at(hp, n), at(y, n)); });
        return NN4J_OK;
    }
    int tanh_bwd(int64_t N, int64_t H, C a, C dy, R dh, R d) {
        for_rows(N, 4 * H, [&](int64_t n) { K.tanh_bwd(H, at(a, n), at(dy, n), at(dh, n), at(d, n)); });
        return NN4J_OK;
    }
    int lstm_bwd(int64_t N, int64_t H, C a, C cp, C dy, R dh, R dc, R d) {
        for_rows(N, 16 * H, [&](int64_t n) { K.lstm_bwd(H, at(a, n), at(cp, n), at(dy, n), at(dh, n), at(dc, n), at(d, n)); });
        return NN4J_OK;
    }
    int gru_bwd_zh(int64_t N, int64_t H, C a, C hp, C dy, R dh, R d) {
        for_rows(N, 8 * H, [&](int64_t n) { K.gru_bwd_zh(H, at(a, n), at(hp, n), at(dy, n), at(dh, n), at(d, n)); });
        return NN4J_OK;
    }
    int gru_bwd_r(int64_t N, int64_t H, C a, C hp, C drh, R dh, R d) {
        for_rows(N, 6 * H, [&](int64_t n) { K.gru_bwd_r(H, at(a, n), at(hp, n), at(drh, n), at(dh, n), at(d, n)); });
        return NN4J_OK;
    }
    int gru_ra_bwd(int64_t N, int64_t H, C a, C hp, C dy, R dh, R d) {
        for_rows(N, 12 * H, [&](int64_t n) { K.gru_ra_bwd(H, at(a, n), at(hp, n), at(dy, n), at(dh, n), at(d, n)); });
        return NN4J_OK;
    }
};

template <class T>
int own_forward(int cell, int64_t n, int64_t t, int64_t f, int64_t h, const void* x, const void* h0, const void* c0,
                const void* w, const void* u, const void* b, void* y, void* hn, void* cn, void* P) {
    CpuBackend<T> be;
    return drive_forward<T>(be, cell, n, t, f, h, (const T*)x, (const T*)h0, (const T*)c0, (const T*)w, (const T*)u,
                            (const T*)b, (T*)y, (T*)hn, (T*)cn, (T*)P);
}

template <class T>
int own_backward(int cell, int64_t n, int64_t t, int64_t f, int64_t h, const void* x, const void* h0, const void* c0,
                 const void* w, const void* u, const void* y, const void* P, const void* dy, const void* dhn,
                 const void* dcn, void* dx, void* dh0, void* dc0, void* dw, void* du, void* db) {
    CpuBackend<T> be;
    return drive_backward<T>(be, cell, n, t, f, h, (const T*)x, (const T*)h0, (const T*)c0, (const T*)w, (const T*)u,
                             (const T*)y, (const T*)P, (const T*)dy, (const T*)dhn, (const T*)dcn, (T*)dx, (T*)dh0,
                             (T*)dc0, (T*)dw, (T*)du, (T*)db);
}

// ---- argument checks ------------------------------------------------------------------------------
const char* cell_name(int cell) {
    switch (cell) {
        case NN4J_RNN_TANH: return "tanh";
        case NN4J_RNN_LSTM: return "lstm";
        case NN4J_RNN_GRU: return "gru";
        case NN4J_RNN_GRU_RESET_AFTER: return "gru_reset_after";
        default: return "?";
    }
}

// Sizes of one problem, all checked for overflow in bytes.
struct Dims {
    int64_t n, t, f, h, G, GH, S, GD, NB;
    size_t es;
    int64_t own_payload;  // bytes of the own kernel's workspace payload
};

int check_dims(const char* fn, int cell, int dtype, int64_t n, int64_t t, int64_t f, int64_t h, Dims* d) {
    if (cell < 0 || cell >= NN4J_RNN_CELL_COUNT)
        return fail(NN4J_ERR_ARG, "%s: cell = %d is not NN4J_RNN_TANH (0), LSTM (1), GRU (2) or GRU_RESET_AFTER (3)",
                    fn, cell);
    if (int st = check_float_dtype(fn, dtype)) return st;
    const struct { const char* name; int64_t v; } sizes[] = {{"n", n}, {"t", t}, {"f", f}, {"h", h}};
    for (const auto& s : sizes)
        if (s.v < 0) return fail(NN4J_ERR_ARG, "%s: %s = %lld is negative", fn, s.name, (long long)s.v);
    d->n = n; d->t = t; d->f = f; d->h = h;
    d->G = gates(cell);
    d->es = dtype_size(dtype);
    // Every buffer is at most 5H (or F) per (n, t) row, or (F + H) x 4H: bound those in bytes.
    int64_t nt, row, big, tmp;
    const int64_t widest = std::max<int64_t>(f, 1);
    if (__builtin_mul_overflow(n, t, &nt) || __builtin_mul_overflow(h, 5, &row) ||
        __builtin_mul_overflow(nt, std::max(row, widest), &big) || __builtin_mul_overflow(big, (int64_t)8, &tmp) ||
        __builtin_add_overflow(f, h, &tmp) || __builtin_mul_overflow(tmp, row, &tmp) ||
        __builtin_mul_overflow(tmp, (int64_t)8, &tmp) || __builtin_mul_overflow(n, row, &tmp) ||
        __builtin_mul_overflow(tmp, (int64_t)8, &tmp))
        return fail(NN4J_ERR_SHAPE, "%s: sizes n = %lld, t = %lld, f = %lld, h = %lld overflow int64 bytes", fn,
                    (long long)n, (long long)t, (long long)f, (long long)h);
    d->GH = d->G * h;
    d->S = ws_row(cell, h);
    d->GD = grad_row(cell, h);
    d->NB = bias_len(cell, h);
    d->own_payload = nt * d->S * (int64_t)d->es;
    if (d->own_payload > INT64_MAX - kWsHeaderBytes - 64)
        return fail(NN4J_ERR_SHAPE, "%s: workspace size overflows int64", fn);
    return NN4J_OK;
}

// Pointer p must be set when the buffer has elements (required) or may be null (optional).
int need(const char* fn, const char* what, const void* p, int64_t elems) {
    if (elems > 0 && p == nullptr) return fail(NN4J_ERR_ARG, "%s: %s is null", fn, what);
    return NN4J_OK;
}
int lstm_only(const char* fn, int cell, const char* what, const void* p) {
    if (cell != NN4J_RNN_LSTM && p != nullptr)
        return fail(NN4J_ERR_ARG, "%s: %s must be null for cell %s (it is LSTM-only)", fn, what, cell_name(cell));
    return NN4J_OK;
}

int check_params(const char* fn, int cell, const Dims& d, const void* x, const void* w, const void* u) {
    if (int st = need(fn, "x", x, d.n * d.t * d.f)) return st;
    if (int st = need(fn, "w", w, d.f * d.GH)) return st;
    if (int st = need(fn, "u", u, d.h * d.GH)) return st;
    return NN4J_OK;
}

int64_t dnnl_payload(int cell, const Dims& d) {
    int64_t bytes = 0;
    if (!onednn_workspace_bytes(cell, d.n, d.t, d.f, d.h, &bytes)) return 0;
    return bytes;
}

// Room for the implementation a training forward would pick now. (If the oneDNN mode changes
// before the forward and oneDNN then needs more than was given, the forward runs nn4j's kernel.)
int workspace_need(int cell, int dtype, const Dims& d, int64_t* out) {
    int64_t payload = d.own_payload;
    if (onednn_wanted(cell, dtype, d.n, d.t, d.f, d.h, true)) payload = std::max(payload, dnnl_payload(cell, d));
    *out = kWsHeaderBytes + payload;
    return NN4J_OK;
}

int check_ws_ptr(const char* fn, const void* ws) {
    if ((uintptr_t)ws % 64 != 0)
        return fail(NN4J_ERR_ARG, "%s: workspace %p is not 64-byte aligned (nn4j_alloc memory is)", fn, ws);
    return NN4J_OK;
}

}  // namespace

// ---- CUDA forwarding ----------------------------------------------------------------------------
namespace {
const RnnCudaTable* cuda_rnn(const char* fn, int device, int* st) {
    return cuda_family_table<RnnCudaTable>(fn, device, "nn4j_cuda_rnn_table", NN4J_CUDA_RNN_TABLE_VERSION, "rnn", st);
}
}  // namespace

extern "C" {

int nn4j_rnn_workspace_size(int device, int cell, int dtype, int64_t n, int64_t t, int64_t f, int64_t h,
                            int64_t* out_bytes) {
    static const char* fn = "nn4j_rnn_workspace_size";
    Dims d{};
    if (int st = check_dims(fn, cell, dtype, n, t, f, h, &d)) return st;
    if (int st = check_ptr(fn, "out_bytes", out_bytes)) return st;
    if (device != 0) {  // the CUDA twin runs the own kernel's layout
        int st;
        if (!cuda_rnn(fn, device, &st)) return st;
        *out_bytes = kWsHeaderBytes + d.own_payload;
        return NN4J_OK;
    }
    try {
        return workspace_need(cell, dtype, d, out_bytes);
    } catch (...) {
        return fail(NN4J_ERR_INTERNAL, "%s: unexpected C++ exception", fn);
    }
}

int nn4j_rnn_forward(int device, int cell, int dtype, int64_t n, int64_t t, int64_t f, int64_t h, const void* x,
                     const void* h0, const void* c0, const void* w, const void* u, const void* b, void* y, void* h_n,
                     void* c_n, void* workspace, int64_t workspace_bytes) {
    static const char* fn = "nn4j_rnn_forward";
    Dims d{};
    if (int st = check_dims(fn, cell, dtype, n, t, f, h, &d)) return st;
    if (int st = check_params(fn, cell, d, x, w, u)) return st;
    if (int st = need(fn, "y", y, n * t * h)) return st;
    if (int st = lstm_only(fn, cell, "c0", c0)) return st;
    if (int st = lstm_only(fn, cell, "c_n", c_n)) return st;
    if (workspace) {
        if (int st = check_ws_ptr(fn, workspace)) return st;
        if (workspace_bytes < kWsHeaderBytes + d.own_payload)
            return fail(NN4J_ERR_ARG, "%s: workspace_bytes = %lld is less than the %lld needed (ask "
                        "nn4j_rnn_workspace_size)", fn, (long long)workspace_bytes,
                        (long long)(kWsHeaderBytes + d.own_payload));
    }
    if (device != 0) {
        int st;
        const RnnCudaTable* tab = cuda_rnn(fn, device, &st);
        if (!tab) return st;
        return tab->forward(device - 1, cell, dtype, n, t, f, h, x, h0, c0, w, u, b, y, h_n, c_n, workspace,
                            workspace_bytes);
    }
    try {
        WsHeader* hdr = (WsHeader*)workspace;
        char* payload = workspace ? (char*)workspace + kWsHeaderBytes : nullptr;
        const int64_t payload_bytes = workspace ? workspace_bytes - kWsHeaderBytes : 0;
        int path = kPathOwn;
        if (dtype == NN4J_F32 && onednn_wanted(cell, dtype, n, t, f, h, workspace != nullptr)) {
            int64_t need_bytes = 0;
            if (!workspace || (onednn_workspace_bytes(cell, n, t, f, h, &need_bytes) && need_bytes <= payload_bytes))
                path = kPathDnnl;
        }
        int st;
        if (path == kPathDnnl) {
            st = onednn_forward(cell, n, t, f, h, (const float*)x, (const float*)h0, (const float*)c0, (const float*)w,
                              (const float*)u, (const float*)b, (float*)y, (float*)h_n, (float*)c_n, payload,
                              payload_bytes);
        } else {
            auto fwd = dtype == NN4J_F32 ? own_forward<float> : own_forward<double>;
            st = fwd(cell, n, t, f, h, x, h0, c0, w, u, b, y, h_n, c_n, payload);
        }
        dnnl_note_path("rnn", path == kPathDnnl);
        if (st) return st;
        if (hdr) {
            std::memset(hdr, 0, sizeof(WsHeader));
            std::memcpy(hdr->magic, "nn4j.rnn", 8);
            hdr->cell = cell;
            hdr->dtype = dtype;
            hdr->path = path;
            hdr->n = n; hdr->t = t; hdr->f = f; hdr->h = h;
            hdr->payload_bytes = payload_bytes;
        }
        return NN4J_OK;
    } catch (const std::bad_alloc&) {
        return fail(NN4J_ERR_OOM, "%s: out of memory", fn);
    } catch (...) {
        return fail(NN4J_ERR_INTERNAL, "%s: unexpected C++ exception", fn);
    }
}

int nn4j_rnn_backward(int device, int cell, int dtype, int64_t n, int64_t t, int64_t f, int64_t h, const void* x,
                      const void* h0, const void* c0, const void* w, const void* u, const void* b, const void* y,
                      const void* workspace, int64_t workspace_bytes, const void* dy, const void* dh_n,
                      const void* dc_n, void* dx, void* dh0, void* dc0, void* dw, void* du, void* db) {
    static const char* fn = "nn4j_rnn_backward";
    Dims d{};
    if (int st = check_dims(fn, cell, dtype, n, t, f, h, &d)) return st;
    if (int st = check_params(fn, cell, d, x, w, u)) return st;
    if (int st = need(fn, "y", y, n * t * h)) return st;
    for (auto p : {std::make_pair("c0", c0), std::make_pair("dc_n", (const void*)dc_n),
                   std::make_pair("dc0", (const void*)dc0)})
        if (int st = lstm_only(fn, cell, p.first, p.second)) return st;
    if (int st = check_ptr(fn, "workspace", workspace)) return st;
    if (int st = check_ws_ptr(fn, workspace)) return st;
    if (workspace_bytes < kWsHeaderBytes)
        return fail(NN4J_ERR_ARG, "%s: workspace_bytes = %lld is smaller than its header", fn, (long long)workspace_bytes);
    if (device != 0) {
        int st;
        const RnnCudaTable* tab = cuda_rnn(fn, device, &st);
        if (!tab) return st;
        return tab->backward(device - 1, cell, dtype, n, t, f, h, x, h0, c0, w, u, b, y, workspace, workspace_bytes,
                             dy, dh_n, dc_n, dx, dh0, dc0, dw, du, db);
    }
    const WsHeader* hdr = (const WsHeader*)workspace;
    if (std::memcmp(hdr->magic, "nn4j.rnn", 8) != 0)
        return fail(NN4J_ERR_ARG, "%s: the workspace was not written by nn4j_rnn_forward (bad magic)", fn);
    if (hdr->cell != cell || hdr->dtype != dtype || hdr->n != n || hdr->t != t || hdr->f != f || hdr->h != h)
        return fail(NN4J_ERR_ARG,
                    "%s: the workspace was written for cell %s, dtype %s, n %lld, t %lld, f %lld, h %lld, but "
                    "backward got cell %s, dtype %s, n %lld, t %lld, f %lld, h %lld", fn, cell_name(hdr->cell),
                    dtype_name(hdr->dtype), (long long)hdr->n, (long long)hdr->t, (long long)hdr->f,
                    (long long)hdr->h, cell_name(cell), dtype_name(dtype), (long long)n, (long long)t, (long long)f,
                    (long long)h);
    if (hdr->path != kPathOwn && hdr->path != kPathDnnl)
        return fail(NN4J_ERR_ARG, "%s: the workspace header is corrupt (path %d)", fn, hdr->path);
    if (hdr->payload_bytes > workspace_bytes - kWsHeaderBytes)
        return fail(NN4J_ERR_ARG, "%s: workspace_bytes = %lld is less than the %lld the forward wrote", fn,
                    (long long)workspace_bytes, (long long)(hdr->payload_bytes + kWsHeaderBytes));
    const char* payload = (const char*)workspace + kWsHeaderBytes;
    try {
        int st;
        if (hdr->path == kPathDnnl) {
            st = onednn_backward(cell, n, t, f, h, (const float*)x, (const float*)h0, (const float*)c0, (const float*)w,
                               (const float*)u, (const float*)b, (const float*)y, payload, hdr->payload_bytes,
                               (const float*)dy, (const float*)dh_n, (const float*)dc_n, (float*)dx, (float*)dh0,
                               (float*)dc0, (float*)dw, (float*)du, (float*)db);
        } else {
            auto bwd = dtype == NN4J_F32 ? own_backward<float> : own_backward<double>;
            st = bwd(cell, n, t, f, h, x, h0, c0, w, u, y, payload, dy, dh_n, dc_n, dx, dh0, dc0, dw, du, db);
        }
        dnnl_note_path("rnn", hdr->path == kPathDnnl);
        return st;
    } catch (const std::bad_alloc&) {
        return fail(NN4J_ERR_OOM, "%s: out of memory", fn);
    } catch (...) {
        return fail(NN4J_ERR_INTERNAL, "%s: unexpected C++ exception", fn);
    }
}

}  // extern "C"
