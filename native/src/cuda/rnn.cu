// CUDA twin of nn4j's own recurrent kernel (nn4j_rnn.h). The step loop is the CPU's
// (common/rnn_driver.h); this file is its CUDA backend: the core library's GEMM (cu::gemm), one
// kernel per row operation with a thread per (n, unit) calling the gate math of rnn_math.h, and
// cudaMalloc'd scratch for the call. Arguments arrive validated by the core (rnn.cpp); the
// workspace header is written and read through cudaMemcpy. Everything runs on the legacy
// default stream, like the other twins, so a following nn4j_memcpy to the host orders after it.
// Invariant: every output is overwritten (=).
#include <cstring>
#include "cuda_common.cuh"
#include "cuda_rnn_table.h"
#include "rnn_driver.h"
#include "rnn_math.h"
#include "rnn_workspace.h"

#pragma GCC visibility push(hidden)

namespace nn4j {
namespace cu {
namespace {

using rnn::Rows;

// ---- row kernels: thread i handles unit j = i % H of row n = i / H ---------------------------
#define NN4J_RNN_UNITS(N, H)                       \
    NN4J_CU_GRID_STRIDE(i, (N) * (H)) {            \
        const int64_t n = i / (H), j = i - n * (H);

template <class T> __device__ __forceinline__ T* row(Rows<T> r, int64_t n) { return r.p + n * r.ld; }

template <class T> __global__ void k_tanh_fwd(int64_t N, int64_t H, Rows<T> a, const T* b, Rows<T> y) {
    NN4J_RNN_UNITS(N, H)
        T* A = row(a, n);
        row(y, n)[j] = A[j] = rnn::m_tanh(A[j] + b[j]);
    }
}

template <class T>
__global__ void k_lstm_fwd(int64_t N, int64_t H, Rows<T> a, const T* b, Rows<const T> cp, Rows<T> y) {
    NN4J_RNN_UNITS(N, H)
        T* A = row(a, n);
        rnn::lstm_fwd(A[j] + b[j], A[H + j] + b[H + j], A[2 * H + j] + b[2 * H + j], A[3 * H + j] + b[3 * H + j],
                      row(cp, n)[j], &A[j], &A[H + j], &A[2 * H + j], &A[3 * H + j], &A[4 * H + j], &row(y, n)[j]);
    }
}

template <class T> __global__ void k_gru_fwd_zr(int64_t N, int64_t H, Rows<T> a, const T* b, Rows<const T> hp) {
    NN4J_RNN_UNITS(N, H)
        T* A = row(a, n);
        rnn::gru_fwd_zr(A[j] + b[j], A[H + j] + b[H + j], row(hp, n)[j], &A[j], &A[H + j], &A[3 * H + j]);
    }
}

template <class T>
__global__ void k_gru_fwd_h(int64_t N, int64_t H, Rows<T> a, const T* b, Rows<const T> hp, Rows<T> y) {
    NN4J_RNN_UNITS(N, H)
        T* A = row(a, n);
        rnn::gru_fwd_h(A[2 * H + j] + b[2 * H + j], A[j], row(hp, n)[j], &A[2 * H + j], &row(y, n)[j]);
    }
}

template <class T>
__global__ void k_gru_ra_fwd(int64_t N, int64_t H, Rows<T> a, Rows<const T> hu, const T* b, Rows<const T> hp,
                             Rows<T> y) {
    NN4J_RNN_UNITS(N, H)
        T* A = row(a, n);
        const T* U = row(hu, n);
        const T hn = U[2 * H + j] + b[3 * H + j];
        rnn::gru_ra_fwd(A[j] + b[j], A[H + j] + b[H + j], A[2 * H + j] + b[2 * H + j], U[j], U[H + j], hn,
                        row(hp, n)[j], &A[j], &A[H + j], &A[2 * H + j], &row(y, n)[j]);
        A[3 * H + j] = hn;
    }
}

template <class T>
__global__ void k_tanh_bwd(int64_t N, int64_t H, Rows<const T> a, Rows<const T> dy, Rows<T> dh, Rows<T> d) {
    NN4J_RNN_UNITS(N, H)
        row(d, n)[j] = rnn::tanh_bwd(row(a, n)[j], row(dy, n)[j] + row(dh, n)[j]);
    }
}

template <class T>
__global__ void k_lstm_bwd(int64_t N, int64_t H, Rows<const T> a, Rows<const T> cp, Rows<const T> dy, Rows<T> dh,
                           Rows<T> dc, Rows<T> d) {
    NN4J_RNN_UNITS(N, H)
        const T* A = row(a, n);
        T* D = row(d, n);
        rnn::lstm_bwd(A[j], A[H + j], A[2 * H + j], A[3 * H + j], A[4 * H + j], row(cp, n)[j],
                      row(dy, n)[j] + row(dh, n)[j], &row(dc, n)[j], &D[j], &D[H + j], &D[2 * H + j], &D[3 * H + j]);
    }
}

template <class T>
__global__ void k_gru_bwd_zh(int64_t N, int64_t H, Rows<const T> a, Rows<const T> hp, Rows<const T> dy, Rows<T> dh,
                             Rows<T> d) {
    NN4J_RNN_UNITS(N, H)
        const T* A = row(a, n);
        T* D = row(d, n);
        T* g = &row(dh, n)[j];
        *g += row(dy, n)[j];
        rnn::gru_bwd_zh(A[j], A[2 * H + j], row(hp, n)[j], *g, &D[j], &D[2 * H + j]);
    }
}

template <class T>
__global__ void k_gru_bwd_r(int64_t N, int64_t H, Rows<const T> a, Rows<const T> hp, Rows<const T> drh, Rows<T> dh,
                            Rows<T> d) {
    NN4J_RNN_UNITS(N, H)
        const T* A = row(a, n);
        T* g = &row(dh, n)[j];
        rnn::gru_bwd_r(A[j], A[H + j], row(hp, n)[j], *g, row(drh, n)[j], &row(d, n)[H + j], g);
    }
}

template <class T>
__global__ void k_gru_ra_bwd(int64_t N, int64_t H, Rows<const T> a, Rows<const T> hp, Rows<const T> dy, Rows<T> dh,
                             Rows<T> d) {
    NN4J_RNN_UNITS(N, H)
        const T* A = row(a, n);
        T* D = row(d, n);
        T* g = &row(dh, n)[j];
        rnn::gru_ra_bwd(A[j], A[H + j], A[2 * H + j], A[3 * H + j], row(hp, n)[j], row(dy, n)[j] + *g, &D[j],
                        &D[H + j], &D[2 * H + j], &D[3 * H + j], g);
    }
}

#undef NN4J_RNN_UNITS

template <class T>
__global__ void k_copy_rows(int64_t rows, int64_t cols, const T* src, int64_t lds, T* dst, int64_t ldd) {
    NN4J_CU_GRID_STRIDE(i, rows * cols) {
        const int64_t r = i / cols, c = i - r * cols;
        dst[r * ldd + c] = src[r * lds + c];
    }
}

// One thread per column, rows summed in order in double (deterministic).
template <class T> __global__ void k_colsum(int64_t rows, int64_t cols, const T* src, int64_t lds, T* dst) {
    NN4J_CU_GRID_STRIDE(j, cols) {
        double s = 0;
        for (int64_t r = 0; r < rows; ++r) s += (double)src[r * lds + j];
        dst[j] = (T)s;
    }
}

template <class T> struct CudaBackend {
    using R = Rows<T>;
    using C = Rows<const T>;
    const char* fn;
    int ordinal;
    void* block = nullptr;

    CudaBackend(const char* fn_, int ordinal_) : fn(fn_), ordinal(ordinal_) {}
    CudaBackend(const CudaBackend&) = delete;
    CudaBackend& operator=(const CudaBackend&) = delete;
    ~CudaBackend() {
        if (block) cudaFree(block);  // waits for the kernels that use it
    }

    int launched() { return check_launch(fn); }

    // The whole batch at once: each launch already covers every row.
    template <class F> int batches(int64_t N, F&& f) { return f(0, N); }

    int gemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, const T* a, int64_t lda, const T* b, int64_t ldb,
             double beta, T* c, int64_t ldc) {
        if (m == 0 || n == 0) return NN4J_OK;
        return cu::gemm(ordinal, DtypeOf<T>::value, ta, tb, m, n, k, 1.0, a, lda, b, ldb, beta, c, ldc, 1, 0, 0, 0);
    }
    int scratch(size_t bytes, char** base) {
        NN4J_CU_TRY(fn, cudaMalloc(&block, bytes > 0 ? bytes : 64));
        *base = (char*)block;
        return NN4J_OK;
    }
    int fill_zero(T* p, int64_t n) {
        if (n > 0) NN4J_CU_TRY(fn, cudaMemsetAsync(p, 0, (size_t)n * sizeof(T), 0));
        return NN4J_OK;
    }
    int copy_rows(int64_t rows, int64_t cols, const T* src, int64_t lds, T* dst, int64_t ldd) {
        if (rows * cols == 0) return NN4J_OK;
        k_copy_rows<T><<<grid_for(rows * cols), kThreads>>>(rows, cols, src, lds, dst, ldd);
        return launched();
    }
    int colsum(int64_t rows, int64_t cols, const T* src, int64_t lds, T* dst) {
        if (cols == 0) return NN4J_OK;
        k_colsum<T><<<grid_for(cols, 128), 128>>>(rows, cols, src, lds, dst);
        return launched();
    }

#define NN4J_RNN_LAUNCH(kernel, ...)                                        \
    if (N * H == 0) return NN4J_OK;                                         \
    kernel<T><<<grid_for(N * H), kThreads>>>(N, H, __VA_ARGS__);            \
    return launched();

    int tanh_fwd(int64_t N, int64_t H, R a, const T* b, R y) { NN4J_RNN_LAUNCH(k_tanh_fwd, a, b, y) }
    int lstm_fwd(int64_t N, int64_t H, R a, const T* b, C cp, R y) { NN4J_RNN_LAUNCH(k_lstm_fwd, a, b, cp, y) }
    int gru_fwd_zr(int64_t N, int64_t H, R a, const T* b, C hp) { NN4J_RNN_LAUNCH(k_gru_fwd_zr, a, b, hp) }
    int gru_fwd_h(int64_t N, int64_t H, R a, const T* b, C hp, R y) { NN4J_RNN_LAUNCH(k_gru_fwd_h, a, b, hp, y) }
    int gru_ra_fwd(int64_t N, int64_t H, R a, C hu, const T* b, C hp, R y) {
        NN4J_RNN_LAUNCH(k_gru_ra_fwd, a, hu, b, hp, y)
    }
    int tanh_bwd(int64_t N, int64_t H, C a, C dy, R dh, R d) { NN4J_RNN_LAUNCH(k_tanh_bwd, a, dy, dh, d) }
    int lstm_bwd(int64_t N, int64_t H, C a, C cp, C dy, R dh, R dc, R d) {
        NN4J_RNN_LAUNCH(k_lstm_bwd, a, cp, dy, dh, dc, d)
    }
    int gru_bwd_zh(int64_t N, int64_t H, C a, C hp, C dy, R dh, R d) { NN4J_RNN_LAUNCH(k_gru_bwd_zh, a, hp, dy, dh, d) }
    int gru_bwd_r(int64_t N, int64_t H, C a, C hp, C drh, R dh, R d) { NN4J_RNN_LAUNCH(k_gru_bwd_r, a, hp, drh, dh, d) }
    int gru_ra_bwd(int64_t N, int64_t H, C a, C hp, C dy, R dh, R d) { NN4J_RNN_LAUNCH(k_gru_ra_bwd, a, hp, dy, dh, d) }
#undef NN4J_RNN_LAUNCH
};

int rnn_forward(int ordinal, int cell, int dtype, int64_t n, int64_t t, int64_t f, int64_t h, const void* x,
                const void* h0, const void* c0, const void* w, const void* u, const void* b, void* y, void* h_n,
                void* c_n, void* workspace, int64_t workspace_bytes) {
    NN4J_CU_ENTER("nn4j_rnn_forward");
    char* payload = workspace ? (char*)workspace + rnn::kWsHeaderBytes : nullptr;
    int st = NN4J_OK;
    NN4J_CU_DISPATCH_FLOAT(fn, dtype, T, {
        CudaBackend<T> be(fn, ordinal);
        st = rnn::drive_forward<T>(be, cell, n, t, f, h, (const T*)x, (const T*)h0, (const T*)c0, (const T*)w,
                                   (const T*)u, (const T*)b, (T*)y, (T*)h_n, (T*)c_n, (T*)payload);
    });
    if (st || !workspace) return st;
    rnn::WsHeader hdr;
    std::memset(&hdr, 0, sizeof hdr);
    std::memcpy(hdr.magic, "nn4j.rnn", 8);
    hdr.cell = cell;
    hdr.dtype = dtype;
    hdr.path = rnn::kPathOwn;
    hdr.n = n;
    hdr.t = t;
    hdr.f = f;
    hdr.h = h;
    hdr.payload_bytes = workspace_bytes - rnn::kWsHeaderBytes;
    NN4J_CU_TRY(fn, cudaMemcpy(workspace, &hdr, sizeof hdr, cudaMemcpyHostToDevice));
    return NN4J_OK;
}

int rnn_backward(int ordinal, int cell, int dtype, int64_t n, int64_t t, int64_t f, int64_t h, const void* x,
                 const void* h0, const void* c0, const void* w, const void* u, const void* b, const void* y,
                 const void* workspace, int64_t workspace_bytes, const void* dy, const void* dh_n, const void* dc_n,
                 void* dx, void* dh0, void* dc0, void* dw, void* du, void* db) {
    NN4J_CU_ENTER("nn4j_rnn_backward");
    rnn::WsHeader hdr;
    NN4J_CU_TRY(fn, cudaMemcpy(&hdr, workspace, sizeof hdr, cudaMemcpyDeviceToHost));
    if (std::memcmp(hdr.magic, "nn4j.rnn", 8) != 0)
        return fail(NN4J_ERR_ARG, "%s: the workspace was not written by nn4j_rnn_forward (bad magic)", fn);
    if (hdr.cell != cell || hdr.dtype != dtype || hdr.n != n || hdr.t != t || hdr.f != f || hdr.h != h ||
        hdr.path != rnn::kPathOwn)
        return fail(NN4J_ERR_ARG,
                    "%s: the workspace was written for cell %d, dtype %d, n %lld, t %lld, f %lld, h %lld (path %d), "
                    "but backward got cell %d, dtype %d, n %lld, t %lld, f %lld, h %lld", fn, hdr.cell, hdr.dtype,
                    (long long)hdr.n, (long long)hdr.t, (long long)hdr.f, (long long)hdr.h, hdr.path, cell, dtype,
                    (long long)n, (long long)t, (long long)f, (long long)h);
    if (hdr.payload_bytes > workspace_bytes - rnn::kWsHeaderBytes)
        return fail(NN4J_ERR_ARG, "%s: workspace_bytes = %lld is less than the %lld the forward wrote", fn,
                    (long long)workspace_bytes, (long long)(hdr.payload_bytes + rnn::kWsHeaderBytes));
    const char* payload = (const char*)workspace + rnn::kWsHeaderBytes;
    int st = NN4J_OK;
    NN4J_CU_DISPATCH_FLOAT(fn, dtype, T, {
        CudaBackend<T> be(fn, ordinal);
        st = rnn::drive_backward<T>(be, cell, n, t, f, h, (const T*)x, (const T*)h0, (const T*)c0, (const T*)w,
                                    (const T*)u, (const T*)y, (const T*)payload, (const T*)dy, (const T*)dh_n,
                                    (const T*)dc_n, (T*)dx, (T*)dh0, (T*)dc0, (T*)dw, (T*)du, (T*)db);
    });
    (void)b;
    return st;
}

const RnnCudaTable g_rnn_table = {NN4J_CUDA_RNN_TABLE_VERSION, rnn_forward, rnn_backward};

}  // namespace
}  // namespace cu
}  // namespace nn4j

#pragma GCC visibility pop

extern "C" __attribute__((visibility("default"))) const nn4j::RnnCudaTable* nn4j_cuda_rnn_table(void) {
    return &nn4j::cu::g_rnn_table;
}
