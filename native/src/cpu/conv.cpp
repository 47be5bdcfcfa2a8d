// nn4j_conv_* on the CPU: argument checks, CUDA forwarding, the oneDNN switch, and nn4j's own
// convolution as im2col / col2im + nn4j_gemm. One 3-D code path serves 1-D, 2-D and 3-D (spatial
// axes are right-aligned, see conv_math.h).
//
// Invariant: every output (y, dx, dw, db) is overwritten, never accumulated into.
//
// Per block of columns (samples x output positions) and group g:
//   forward           col = im2col(x)                 y_g = W_g . col_g (+ b)
//   backward data     dcol_g = W_g^T . dy_g           dx += col2im(dcol)
//   backward weights  col = im2col(x)                 dW_g += dy_g . col_g^T
//                                                     (or dW_g^T += col_g . dy_g^T when that fills
//                                                     the gemm's register tiles better)
// A block is a chunk of one sample's output positions (whole output rows when one fits), sized so
// the column matrix stays near kColBytes (in cache between im2col and the gemm), or, for small
// planes, several whole samples side by side so that the gemm sees enough columns (Plan).
// Pointwise convolutions (1x1, stride 1, no padding) on one sample use x itself as the column
// matrix.
//
// Threads: a "unit" (one sample, or one multi-sample block) is the grain. With at least as many
// units as threads, units are spread over the threads and each runs its im2col and gemms on one
// thread (nested parallel_for calls run serially); otherwise units run one after another with
// im2col, col2im and gemm parallel inside. Weight gradients are summed per thread over its units,
// then reduced in a fixed order.
//
// The plain references for these kernels are the naive float64 loops in native/test/conv_check.cpp
// and in the Java tests (ConvolutionTest).
#include <algorithm>
#include <array>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <string>
#include <utility>
#include "conv_math.h"
#include "core.h"
#include "cuda_conv_table.h"
#include "dnnl_conv.h"
#include "dnnl_util.h"
#include "gemm.h"
#include "nn4j_conv.h"

namespace nn4j {

const ConvCudaTable* cuda_conv_table() {
    using Fn = const ConvCudaTable* (*)();
    auto f = reinterpret_cast<Fn>(cuda_symbol("nn4j_cuda_conv_table"));
    const ConvCudaTable* t = f ? f() : nullptr;
    return t && t->version == NN4J_CUDA_CONV_TABLE_VERSION ? t : nullptr;
}

int no_cuda_conv(const char* fn, int device) {
    if (device < 0) return fail(NN4J_ERR_ARG, "%s: device %d is negative", fn, device);
    return fail(NN4J_ERR_NO_DEVICE,
                "%s: CUDA device %d requested, but the CUDA library is not loaded (no GPU, or nn4j "
                "was built without nvcc)", fn, device - 1);
}

namespace conv {
namespace {

// Column chunk target: about the size of a core's L2 cache. A chunk has at least kMinChunk
// columns, so that the gemm's n stays large enough for its register tiles.
constexpr int64_t kColBytes = 1 << 19;
constexpr int64_t kMinChunk = 128;
// Limits that keep every index computation inside int64.
constexpr int64_t kMaxDim = int64_t(1) << 40;
constexpr int64_t kMaxGeom = int64_t(1) << 30;

// A grow-only 64-byte aligned buffer, one per thread and purpose: steady-state calls allocate
// nothing.
class Buffer {
  public:
    ~Buffer() { std::free(p_); }
    template <class T> T* get(int64_t count) {
        const size_t bytes = (size_t)std::max<int64_t>(count, 1) * sizeof(T);
        if (bytes > cap_) {
            const size_t want = (bytes + 63) / 64 * 64;
            void* q = std::aligned_alloc(64, want);
            if (!q) return nullptr;
            std::free(p_);
            p_ = q;
            cap_ = want;
        }
        return static_cast<T*>(p_);
    }

  private:
    void* p_ = nullptr;
    size_t cap_ = 0;
};
thread_local Buffer t_col;   // the column block of this thread's current unit
thread_local Buffer t_ybuf;  // the output block of a multi-sample unit
thread_local Buffer t_acc;   // per-thread weight-gradient partial sums (owned by the caller)

// The first error raised on a worker thread. Messages live in thread-local slots, so the text is
// copied here and raised again on the calling thread.
class WorkerError {
  public:
    bool any() const { return status_.load(std::memory_order_relaxed) != 0; }
    void set(int st) {
        std::lock_guard<std::mutex> lk(mu_);
        if (status_.load()) return;
        msg_ = nn4j_last_error();
        status_.store(st);
    }
    int raise() const {
        const int st = status_.load();
        return st ? fail(st, "%s", msg_.c_str()) : NN4J_OK;
    }

  private:
    std::atomic<int> status_{0};
    std::mutex mu_;
    std::string msg_;
};

// ---- validation ---------------------------------------------------------------------------------

int check_vec(const char* fn, const char* name, const int64_t* v, int nsp, int64_t lo, int64_t hi) {
    if (!v) return fail(NN4J_ERR_ARG, "%s: %s is null", fn, name);
    for (int a = 0; a < nsp; ++a)
        if (v[a] < lo || v[a] > hi)
            return fail(NN4J_ERR_ARG, "%s: %s[%d] = %lld outside [%lld, %lld]", fn, name, a,
                        (long long)v[a], (long long)lo, (long long)hi);
    return NN4J_OK;
}

int check_dims(const char* fn, const char* name, const int64_t* s, int nd, int64_t* numel) {
    if (!s) return fail(NN4J_ERR_ARG, "%s: %s is null", fn, name);
    int64_t n = 1;
    for (int d = 0; d < nd; ++d) {
        if (s[d] < 0 || s[d] > kMaxDim)
            return fail(NN4J_ERR_SHAPE, "%s: %s[%d] = %lld outside [0, 2^40]", fn, name, d, (long long)s[d]);
        if (__builtin_mul_overflow(n, s[d], &n) || n > (int64_t(1) << 59))
            return fail(NN4J_ERR_SHAPE, "%s: %s has too many elements (overflow)", fn, name);
    }
    *numel = n;
    return NN4J_OK;
}

// Builds the geometry of the convolution x (conv input) -> y (conv output). For the transposed
// entries the caller's y is the convolution's input and the caller's x its output; `tr` only
// changes the names in messages.
int make_geom(const char* fn, int dtype, int nsp, const int64_t* in_shape, const int64_t* w_shape,
              const int64_t* out_shape, const int64_t* stride, const int64_t* dilation,
              const int64_t* pad_begin, const int64_t* pad_end, int64_t groups, bool tr, Geom* g,
              int64_t numel[3]) {
    const char* in_name = tr ? "y_shape" : "x_shape";
    const char* out_name = tr ? "x_shape" : "y_shape";
    if (int st = check_float_dtype(fn, dtype)) return st;
    if (nsp < 1 || nsp > kSp)
        return fail(NN4J_ERR_ARG, "%s: nsp = %d, expected 1, 2 or 3 spatial axes", fn, nsp);
    const int nd = nsp + 2;
    if (int st = check_dims(fn, in_name, in_shape, nd, &numel[0])) return st;
    if (int st = check_dims(fn, "w_shape", w_shape, nd, &numel[1])) return st;
    if (int st = check_dims(fn, out_name, out_shape, nd, &numel[2])) return st;
    if (int st = check_vec(fn, "stride", stride, nsp, 1, kMaxGeom)) return st;
    if (int st = check_vec(fn, "dilation", dilation, nsp, 1, kMaxGeom)) return st;
    if (int st = check_vec(fn, "pad_begin", pad_begin, nsp, 0, kMaxGeom)) return st;
    if (int st = check_vec(fn, "pad_end", pad_end, nsp, 0, kMaxGeom)) return st;
    if (groups < 1 || groups > kMaxDim)
        return fail(NN4J_ERR_ARG, "%s: groups = %lld, expected >= 1", fn, (long long)groups);
    if (in_shape[0] != out_shape[0])
        return fail(NN4J_ERR_SHAPE, "%s: batch sizes differ: %s[0] = %lld, %s[0] = %lld", fn, in_name,
                    (long long)in_shape[0], out_name, (long long)out_shape[0]);
    const int64_t cin = in_shape[1], cout = w_shape[0];
    if (cin % groups != 0 || cout % groups != 0)
        return fail(NN4J_ERR_SHAPE, "%s: groups = %lld must divide both channel counts %lld (%s[1]) and %lld (w_shape[0])",
                    fn, (long long)groups, (long long)cin, in_name, (long long)cout);
    if (w_shape[1] != cin / groups)
        return fail(NN4J_ERR_SHAPE, "%s: w_shape[1] = %lld, expected %s[1] / groups = %lld / %lld = %lld", fn,
                    (long long)w_shape[1], in_name, (long long)cin, (long long)groups, (long long)(cin / groups));
    if (out_shape[1] != cout)
        return fail(NN4J_ERR_SHAPE, "%s: %s[1] = %lld, expected w_shape[0] = %lld channels", fn, out_name,
                    (long long)out_shape[1], (long long)cout);
    g->nsp = nsp;
    g->n = in_shape[0];
    g->cin = cin;
    g->cout = cout;
    g->groups = groups;
    const int lead = kSp - nsp;
    for (int a = 0; a < kSp; ++a) {
        g->in[a] = g->out[a] = g->k[a] = g->s[a] = g->d[a] = 1;
        g->pb[a] = g->pe[a] = 0;
    }
    for (int i = 0; i < nsp; ++i) {
        const int a = lead + i;
        const int64_t in = in_shape[2 + i], k = w_shape[2 + i];
        if (in < 1)
            return fail(NN4J_ERR_SHAPE, "%s: %s[%d] = %lld, spatial sizes must be >= 1", fn, in_name, 2 + i, (long long)in);
        if (k < 1)
            return fail(NN4J_ERR_SHAPE, "%s: w_shape[%d] = %lld, kernel sizes must be >= 1", fn, 2 + i, (long long)k);
        int64_t span;
        if (__builtin_mul_overflow(dilation[i], k - 1, &span) || span + 1 > in + pad_begin[i] + pad_end[i])
            return fail(NN4J_ERR_SHAPE,
                        "%s: on spatial axis %d the dilated kernel (dilation %lld, size %lld) is longer than the padded input %lld + %lld + %lld",
                        fn, i, (long long)dilation[i], (long long)k, (long long)in, (long long)pad_begin[i],
                        (long long)pad_end[i]);
        const int64_t out = out_len(in, k, stride[i], dilation[i], pad_begin[i], pad_end[i]);
        if (out_shape[2 + i] != out)
            return fail(NN4J_ERR_SHAPE,
                        "%s: %s[%d] = %lld does not fit %s[%d] = %lld: floor((%lld + %lld + %lld - %lld*(%lld - 1) - 1) / %lld) + 1 = %lld",
                        fn, out_name, 2 + i, (long long)out_shape[2 + i], in_name, 2 + i, (long long)in, (long long)in,
                        (long long)pad_begin[i], (long long)pad_end[i], (long long)dilation[i], (long long)k,
                        (long long)stride[i], (long long)out);
        g->in[a] = in;
        g->out[a] = out;
        g->k[a] = k;
        g->s[a] = stride[i];
        g->d[a] = dilation[i];
        g->pb[a] = pad_begin[i];
        g->pe[a] = pad_end[i];
    }
    finish(*g);
    int64_t rows, col;  // one block of columns for all groups must be addressable
    if (__builtin_mul_overflow(g->cin, g->ksz, &rows) ||
        __builtin_mul_overflow(rows, std::max<int64_t>(g->osz, kMinChunk), &col) || col > (int64_t(1) << 59))
        return fail(NN4J_ERR_SHAPE, "%s: the column matrix (%lld channels x %lld taps x %lld positions) is too large",
                    fn, (long long)g->cin, (long long)g->ksz, (long long)g->osz);
    return NN4J_OK;
}

int need(const char* fn, const char* name, const void* p, int64_t numel) {
    return (numel > 0 && !p) ? fail(NN4J_ERR_ARG, "%s: %s is null", fn, name) : NN4J_OK;
}

// ---- own kernels ----------------------------------------------------------------------------

template <class T> void fill(T* p, int64_t n, T v) { std::fill(p, p + n, v); }

// How the column space (samples x output positions) is cut. A "unit" is the work one thread
// does without synchronisation: one sample cut into chunks of positions (nb == 1), or, for small
// planes, nb whole samples side by side in one column block, so that the gemm sees enough columns
// (LeNet's 10x10 planes would otherwise give 100-column gemms dominated by packing).
struct Plan {
    int64_t nb;      // samples per unit
    int64_t pc;      // positions per chunk (osz when nb > 1)
    int64_t units;   // ceil(n / nb)
    bool direct;     // pointwise and nb == 1: x itself is the column matrix
};

Plan make_plan(const Geom& g, size_t elem) {
    const int64_t rows = std::max<int64_t>(1, g.groups * g.kdim);
    const int64_t target = std::max<int64_t>(kMinChunk, kColBytes / (rows * (int64_t)elem));
    Plan p;
    p.nb = 1;
    p.pc = std::min(target, g.osz);
    // Chunks of whole output rows take walk_rows, whose inner loops only move pointers.
    if (p.pc < g.osz && p.pc >= g.out[2]) p.pc -= p.pc % g.out[2];
    if (2 * g.osz <= target && g.n > 1) {
        const int64_t nt = num_threads();
        p.nb = std::max<int64_t>(1, std::min(target / g.osz, (g.n + nt - 1) / nt));
        p.pc = g.osz;
    }
    p.units = (g.n + p.nb - 1) / p.nb;
    p.direct = is_pointwise(g) && p.nb == 1;
    return p;
}

// Visits the rows of the column matrix for channels [c0, c1), samples [0, nn) (sample s's x at
// s*cin*isz, its columns at s*(p1 - p0)) and output positions [p0, p1): for every (channel,
// kernel tap, sample, output row) it calls
//   run(col_ptr, x_row_index, a, lo, hi, b, s)
// where col_ptr is the column of output (row, a), output columns [a, b) of that row are covered,
// [lo, hi) of them read x at x_row_index + ow*s and the rest read padding (x_row_index is
// meaningless when lo == hi). col rows are (c - c0)*ksz + tap, `ld` apart; each row is written
// front to back.
template <class T, class Run>
void walk_cols(const Geom& g, int64_t c0, int64_t c1, int64_t nn, int64_t p0, int64_t p1, T* col, int64_t ld,
               Run&& run) {
    const int64_t o1 = g.out[1], o2 = g.out[2], np = p1 - p0;
    const int64_t r0 = p0 / o2, r1 = (p1 + o2 - 1) / o2;
    for (int64_t c = c0; c < c1; ++c)
        for (int64_t q0 = 0; q0 < g.k[0]; ++q0)
            for (int64_t q1 = 0; q1 < g.k[1]; ++q1)
                for (int64_t q2 = 0; q2 < g.k[2]; ++q2) {
                    T* row = col + ((c - c0) * g.ksz + (q0 * g.k[1] + q1) * g.k[2] + q2) * ld;
                    int64_t lo2, hi2;
                    valid_out_range(g, 2, q2, &lo2, &hi2);
                    const int64_t off2 = q2 * g.d[2] - g.pb[2];
                    for (int64_t sm = 0; sm < nn; ++sm) {
                        const int64_t xc = (sm * g.cin + c) * g.isz;
                        T* srow = row + sm * np;
                        int64_t od = r0 / o1, oh = r0 - od * o1;
                        for (int64_t r = r0; r < r1; ++r) {
                            const int64_t base = r * o2;
                            const int64_t a = std::max(p0, base) - base, b = std::min(p1, base + o2) - base;
                            T* dst = srow + (base + a - p0);
                            const int64_t id = in_coord(g, 0, od, q0), ih = in_coord(g, 1, oh, q1);
                            const bool pad = id < 0 || id >= g.in[0] || ih < 0 || ih >= g.in[1];
                            const int64_t lo = pad ? b : std::min(std::max(lo2, a), b);
                            const int64_t hi = pad ? b : std::max(std::min(hi2, b), lo);
                            run(dst, xc + (id * g.in[1] + ih) * g.in[2] + off2, a, lo, hi, b, g.s[2]);
                            if (++oh == o1) oh = 0, ++od;
                        }
                    }
                }
}

// Short-run copies: im2col moves one output row (often 10 to 60 elements) per call, where the
// setup of a library memcpy or of a vectorised loop with alias checks costs more than the copy.
// Fixed-size memcpy blocks compile to plain vector moves; a run of at least one block ends with
// a block that overlaps the previous one instead of a scalar tail.
template <class T> inline void copy_run(T* __restrict d, const T* __restrict s, int64_t n) {
    constexpr int64_t B = 32 / sizeof(T), H = 16 / sizeof(T);
    if (n >= B) {
        int64_t i = 0;
        for (; i + B < n; i += B) std::memcpy(d + i, s + i, 32);
        std::memcpy(d + n - B, s + n - B, 32);
    } else if (n >= H) {
        std::memcpy(d, s, 16);
        std::memcpy(d + n - H, s + n - H, 16);
    } else {
        for (int64_t i = 0; i < n; ++i) d[i] = s[i];
    }
}
template <class T> inline void zero_run(T* __restrict d, int64_t n) {
    for (int64_t i = 0; i < n; ++i) d[i] = T(0);
}
template <class T> inline void add_run(T* __restrict d, const T* __restrict s, int64_t n) {
    constexpr int64_t B = 32 / sizeof(T);
    int64_t i = 0;
    for (; i + B <= n; i += B)
#pragma GCC unroll 8
        for (int64_t u = 0; u < B; ++u) d[i + u] += s[i + u];
    for (; i < n; ++i) d[i] += s[i];
}

// Runs of `rows` equal-length rows, `dstep` / `sstep` apart: copies (im2col) or adds (col2im).
// Runs up to kFixedRun elements long go through a version compiled for that length, whose
// fixed-size memcpy / add becomes a few straight vector moves: with the length known only at run
// time the same copy took 1.8x as long (4.3 vs 2.4 ns per 10-float run, LeNet C3's im2col).
constexpr int kFixedRun = 32;
template <class T> using RowsFn = void (*)(T* d, int64_t dstep, const T* s, int64_t sstep, int64_t rows);
template <class T, int W> void copy_rows(T* __restrict d, int64_t dstep, const T* __restrict s, int64_t sstep, int64_t rows) {
    for (int64_t r = 0; r < rows; ++r, d += dstep, s += sstep) std::memcpy(d, s, W * sizeof(T));
}
template <class T, int W> void add_rows(T* __restrict d, int64_t dstep, const T* __restrict s, int64_t sstep, int64_t rows) {
    for (int64_t r = 0; r < rows; ++r, d += dstep, s += sstep)
#pragma GCC unroll 32
        for (int i = 0; i < W; ++i) d[i] += s[i];
}
template <class T, bool ADD, size_t... W> constexpr std::array<RowsFn<T>, sizeof...(W)> rows_table(std::index_sequence<W...>) {
    if constexpr (ADD)
        return {{&add_rows<T, int(W)>...}};
    else
        return {{&copy_rows<T, int(W)>...}};
}
// fn[n] for runs of n elements, n in [0, kFixedRun].
template <class T, bool ADD> struct FixedRows {
    static constexpr std::array<RowsFn<T>, kFixedRun + 1> fn = rows_table<T, ADD>(std::make_index_sequence<kFixedRun + 1>());
};

// The walk of walk_cols when the chunk is made of whole output rows (always so for multi-sample
// blocks), with all per-row bookkeeping hoisted out of the inner loops, which only move pointers:
// small planes (LeNet's 10-wide rows) otherwise spend more time on index arithmetic than on
// copying (measured: im2col was 55 % of LeNet C3's forward before this). ADJOINT false:
// col = im2col(x); true: x += col2im(col). Returns false (nothing done) for other chunks.
template <bool ADJOINT, class T>
bool walk_rows(const Geom& g, T* x, int64_t c0, int64_t c1, int64_t nn, int64_t p0, int64_t p1, T* col, int64_t ld) {
    const int64_t o1 = g.out[1], o2 = g.out[2];
    if (p0 % o2 != 0 || p1 % o2 != 0) return false;
    const int64_t r0 = p0 / o2, r1 = p1 / o2, np = p1 - p0, s2 = g.s[2];
    const int64_t in12 = g.in[1] * g.in[2], xstep = g.s[1] * g.in[2];  // x offset of one output row
    for (int64_t c = c0; c < c1; ++c)
        for (int64_t q0 = 0; q0 < g.k[0]; ++q0)
            for (int64_t q1 = 0; q1 < g.k[1]; ++q1) {
                int64_t lo1, hi1;  // output rows whose tap q1 reads x
                valid_out_range(g, 1, q1, &lo1, &hi1);
                for (int64_t q2 = 0; q2 < g.k[2]; ++q2) {
                    T* row = col + ((c - c0) * g.ksz + (q0 * g.k[1] + q1) * g.k[2] + q2) * ld;
                    int64_t lo, hi;  // output columns whose tap q2 reads x
                    valid_out_range(g, 2, q2, &lo, &hi);
                    const int64_t off2 = q2 * g.d[2] - g.pb[2] + lo * s2, n2 = hi - lo;
                    const RowsFn<T> fixed = s2 == 1 && n2 <= kFixedRun ? FixedRows<T, ADJOINT>::fn[n2] : nullptr;
                    for (int64_t sm = 0; sm < nn; ++sm) {
                        T* xc = x + (sm * g.cin + c) * g.isz + off2;
                        T* d = row + sm * np;
                        int64_t od = r0 / o1, oh = r0 - od * o1;
                        for (int64_t r = r0; r < r1; ++od, oh = 0) {
                            // output rows [oh, oe) of output plane od; rows [a, b) of them read x
                            const int64_t oe = std::min(o1, oh + (r1 - r));
                            const int64_t id = in_coord(g, 0, od, q0);
                            const bool dvalid = id >= 0 && id < g.in[0];
                            const int64_t a = dvalid ? std::min(std::max(oh, lo1), oe) : oe;
                            const int64_t b = dvalid ? std::max(std::min(oe, hi1), a) : oe;
                            if (!ADJOINT) zero_run(d, (a - oh) * o2);
                            d += (a - oh) * o2;
                            if (a < b) {
                                T* xr = xc + id * in12 + in_coord(g, 1, a, q1) * g.in[2];
                                if (!ADJOINT && n2 < o2)
                                    for (int64_t h = a; h < b; ++h) {
                                        zero_run(d + (h - a) * o2, lo);
                                        zero_run(d + (h - a) * o2 + hi, o2 - hi);
                                    }
                                if (fixed) {
                                    if (ADJOINT)
                                        fixed(xr, xstep, d + lo, o2, b - a);
                                    else
                                        fixed(d + lo, o2, xr, xstep, b - a);
                                } else {
                                    for (int64_t h = a; h < b; ++h) {
                                        T* dr = d + (h - a) * o2 + lo;
                                        T* xh = xr + (h - a) * xstep;
                                        if (ADJOINT) {
                                            if (s2 == 1)
                                                add_run(xh, dr, n2);
                                            else
                                                for (int64_t i = 0; i < n2; ++i) xh[i * s2] += dr[i];
                                        } else if (s2 == 1) {
                                            copy_run(dr, xh, n2);
                                        } else {
                                            for (int64_t i = 0; i < n2; ++i) dr[i] = xh[i * s2];
                                        }
                                    }
                                }
                                d += (b - a) * o2;
                            }
                            if (!ADJOINT) zero_run(d, (oe - b) * o2);
                            d += (oe - b) * o2;
                            r += oe - oh;
                        }
                    }
                }
            }
    return true;
}

template <class T>
void im2col(const Geom& g, const T* x, int64_t c0, int64_t c1, int64_t nn, int64_t p0, int64_t p1, T* col,
            int64_t ld) {
    if (walk_rows<false>(g, const_cast<T*>(x), c0, c1, nn, p0, p1, col, ld)) return;
    walk_cols(g, c0, c1, nn, p0, p1, col, ld,
              [&](T* dst, int64_t xi, int64_t a, int64_t lo, int64_t hi, int64_t b, int64_t s) {
                  zero_run(dst, lo - a);
                  const T* src = x + (xi + lo * s);
                  T* d = dst + (lo - a);
                  if (s == 1)
                      copy_run(d, src, hi - lo);
                  else
                      for (int64_t i = 0; i < hi - lo; ++i) d[i] = src[i * s];
                  zero_run(dst + (hi - a), b - hi);
              });
}

// The adjoint of im2col: dx += col2im(col), for channels [c0, c1) of samples [0, nn).
template <class T>
void col2im(const Geom& g, const T* col, int64_t c0, int64_t c1, int64_t nn, int64_t p0, int64_t p1, int64_t ld,
            T* dx) {
    if (walk_rows<true>(g, dx, c0, c1, nn, p0, p1, const_cast<T*>(col), ld)) return;
    walk_cols(g, c0, c1, nn, p0, p1, const_cast<T*>(col), ld,
              [&](T* src, int64_t xi, int64_t a, int64_t lo, int64_t hi, int64_t, int64_t s) {
                  T* d = dx + (xi + lo * s);
                  const T* c = src + (lo - a);
                  if (s == 1)
                      add_run(d, c, hi - lo);
                  else
                      for (int64_t i = 0; i < hi - lo; ++i) d[i * s] += c[i];
              });
}

template <class T> constexpr int dtype_of() { return sizeof(T) == 4 ? NN4J_F32 : NN4J_F64; }

// One chunk [p0, p1) of samples [n0, n0 + nn): the column block has nn*np columns, sample k's at
// k*np. Items (sample, channel) are spread over threads when the caller is not itself parallel.
struct Block {
    int64_t n0, nn, p0, p1;
    int64_t np() const { return p1 - p0; }
    int64_t cols() const { return nn * (p1 - p0); }
};

// Channels are spread over threads (when the caller is not itself parallel); each channel's rows
// cover all the block's samples.
template <class T> void im2col_block(const Geom& g, const Block& k, const T* x, T* col) {
    const int64_t cols = k.cols();
    const T* xs = x + k.n0 * g.cin * g.isz;
    parallel_for(g.cin, std::max<int64_t>(1, 32768 / std::max<int64_t>(1, g.ksz * cols)), [&](int64_t c0, int64_t c1) {
        im2col(g, xs, c0, c1, k.nn, k.p0, k.p1, col + c0 * g.ksz * cols, cols);
    });
}

template <class T> void col2im_block(const Geom& g, const Block& k, const T* col, T* dx) {
    const int64_t cols = k.cols();
    T* dxs = dx + k.n0 * g.cin * g.isz;
    parallel_for(g.cin, std::max<int64_t>(1, 32768 / std::max<int64_t>(1, g.ksz * cols)), [&](int64_t c0, int64_t c1) {
        col2im(g, col + c0 * g.ksz * cols, c0, c1, k.nn, k.p0, k.p1, cols, dxs);
    });
}

// dst (cout x cols) <- the block's slice of t (n, cout, osz), or the reverse.
template <class T> void gather_block(const Geom& g, const Block& k, const T* t, T* dst) {
    const int64_t cols = k.cols();
    for (int64_t s = 0; s < k.nn; ++s)
        for (int64_t o = 0; o < g.cout; ++o)
            std::memcpy(dst + o * cols + s * k.np(), t + ((k.n0 + s) * g.cout + o) * g.osz + k.p0, (size_t)k.np() * sizeof(T));
}

// Buffers of one thread's unit; sizes from the plan.
template <class T> struct Scratch {
    T* col = nullptr;   // (groups*kdim) x cols
    T* ybuf = nullptr;  // cout x cols, for multi-sample blocks
    int get(const Geom& g, const Plan& p) {
        const int64_t cols = p.nb * p.pc;
        if (!p.direct && !(col = t_col.get<T>(g.groups * g.kdim * cols)))
            return fail(NN4J_ERR_OOM, "nn4j_conv: out of memory for the column buffer");
        if (p.nb > 1 && !(ybuf = t_ybuf.get<T>(g.cout * cols)))
            return fail(NN4J_ERR_OOM, "nn4j_conv: out of memory for the output block");
        return NN4J_OK;
    }
};

// Chunks of unit u, in order.
template <class F> int for_chunks(const Geom& g, const Plan& p, int64_t u, F&& f) {
    const int64_t n0 = u * p.nb, nn = std::min(p.nb, g.n - n0);
    for (int64_t p0 = 0; p0 < g.osz; p0 += p.pc)
        if (int st = f(Block{n0, nn, p0, std::min(g.osz, p0 + p.pc)})) return st;
    return NN4J_OK;
}

// y = conv(x) (+ b) for unit u.
template <class T> int forward_unit(const Geom& g, const Plan& p, int64_t u, const T* x, const T* w, const T* b, T* y) {
    Scratch<T> sc;
    if (int st = sc.get(g, p)) return st;
    return for_chunks(g, p, u, [&](const Block& k) {
        const int64_t cols = k.cols(), np = k.np();
        const T* B = x + k.n0 * g.cin * g.isz + k.p0;
        int64_t ldb = g.osz, sb = g.cin_g * g.osz;
        if (!p.direct) {
            im2col_block(g, k, x, sc.col);
            B = sc.col, ldb = cols, sb = g.kdim * cols;
        }
        if (k.nn == 1) {
            T* yn = y + k.n0 * g.cout * g.osz;
            if (b)
                for (int64_t o = 0; o < g.cout; ++o) fill(yn + o * g.osz + k.p0, np, b[o]);
            return nn4j_gemm(0, dtype_of<T>(), 0, 0, g.cout_g, np, g.kdim, 1.0, w, g.kdim, B, ldb, b ? 1.0 : 0.0,
                             yn + k.p0, g.osz, g.groups, g.cout_g * g.kdim, sb, g.cout_g * g.osz);
        }
        if (int st = nn4j_gemm(0, dtype_of<T>(), 0, 0, g.cout_g, cols, g.kdim, 1.0, w, g.kdim, B, ldb, 0.0, sc.ybuf,
                               cols, g.groups, g.cout_g * g.kdim, sb, g.cout_g * cols))
            return st;
        for (int64_t s = 0; s < k.nn; ++s)
            for (int64_t o = 0; o < g.cout; ++o) {
                T* dst = y + ((k.n0 + s) * g.cout + o) * g.osz + k.p0;
                const T* src = sc.ybuf + o * cols + s * np;
                const T bo = b ? b[o] : T(0);
                for (int64_t i = 0; i < np; ++i) dst[i] = src[i] + bo;
            }
        return (int)NN4J_OK;
    });
}

// dx = conv^T(dy) (+ bx) for unit u.
template <class T>
int backward_data_unit(const Geom& g, const Plan& p, int64_t u, const T* dy, const T* w, const T* bx, T* dx) {
    Scratch<T> sc;
    if (int st = sc.get(g, p)) return st;
    const int64_t n0 = u * p.nb, nn = std::min(p.nb, g.n - n0);
    if (!p.direct)
        parallel_for(nn * g.cin, std::max<int64_t>(1, 32768 / g.isz), [&](int64_t b0, int64_t b1) {
            for (int64_t i = b0; i < b1; ++i) fill(dx + (n0 * g.cin + i) * g.isz, g.isz, bx ? bx[i % g.cin] : T(0));
        });
    return for_chunks(g, p, u, [&](const Block& k) {
        const int64_t cols = k.cols(), np = k.np();
        if (p.direct) {
            T* dxn = dx + k.n0 * g.cin * g.isz;
            if (bx)
                for (int64_t c = 0; c < g.cin; ++c) fill(dxn + c * g.isz + k.p0, np, bx[c]);
            return nn4j_gemm(0, dtype_of<T>(), 1, 0, g.kdim, np, g.cout_g, 1.0, w, g.kdim,
                             dy + k.n0 * g.cout * g.osz + k.p0, g.osz, bx ? 1.0 : 0.0, dxn + k.p0, g.isz, g.groups,
                             g.cout_g * g.kdim, g.cout_g * g.osz, g.cin_g * g.isz);
        }
        const T* B = dy + k.n0 * g.cout * g.osz + k.p0;
        int64_t ldb = g.osz, sb = g.cout_g * g.osz;
        if (k.nn > 1) {
            gather_block(g, k, dy, sc.ybuf);
            B = sc.ybuf, ldb = cols, sb = g.cout_g * cols;
        }
        if (int st = nn4j_gemm(0, dtype_of<T>(), 1, 0, g.kdim, cols, g.cout_g, 1.0, w, g.kdim, B, ldb, 0.0, sc.col,
                               cols, g.groups, g.cout_g * g.kdim, sb, g.kdim * cols))
            return st;
        col2im_block(g, k, sc.col, dx);
        return (int)NN4J_OK;
    });
}

// acc = (beta ? acc : 0) + dW contribution of unit u; with `tr`, acc holds dW transposed per
// group (kdim x cout_g, see weights_transposed).
template <class T>
int backward_weights_unit(const Geom& g, const Plan& p, int64_t u, const T* x, const T* dy, T* acc, bool beta,
                          bool tr) {
    Scratch<T> sc;
    if (int st = sc.get(g, p)) return st;
    return for_chunks(g, p, u, [&](const Block& k) {
        const int64_t cols = k.cols();
        const T* B = x + k.n0 * g.cin * g.isz + k.p0;
        int64_t ldb = g.osz, sb = g.cin_g * g.osz;
        if (!p.direct) {
            im2col_block(g, k, x, sc.col);
            B = sc.col, ldb = cols, sb = g.kdim * cols;
        }
        const T* A = dy + k.n0 * g.cout * g.osz + k.p0;
        int64_t lda = g.osz, sa = g.cout_g * g.osz;
        if (k.nn > 1) {
            gather_block(g, k, dy, sc.ybuf);
            A = sc.ybuf, lda = cols, sa = g.cout_g * cols;
        }
        const double bt = (beta || k.p0 > 0) ? 1.0 : 0.0;
        if (tr)  // dW^T = col . dy^T
            return nn4j_gemm(0, dtype_of<T>(), 0, 1, g.kdim, g.cout_g, cols, 1.0, B, ldb, A, lda, bt, acc, g.cout_g,
                             g.groups, sb, sa, g.cout_g * g.kdim);
        return nn4j_gemm(0, dtype_of<T>(), 0, 1, g.cout_g, g.kdim, cols, 1.0, A, lda, B, ldb, bt, acc, g.kdim,
                         g.groups, sa, sb, g.cout_g * g.kdim);
    });
}

// Whether the weight gradient is computed transposed, dW^T = col . dy^T (m = kdim, n = cout_g),
// rather than dW = dy . col^T (m = cout_g, n = kdim). Both products pack the same elements; what
// differs is how much of the gemm's register tiles (mr rows x nr columns of C) m and n fill:
// LeNet C3 (16 x 150) fills 83 % of the AVX2 f32 6 x 16 tiles, its transpose (150 x 16) all
// of them, and transposed its backward weights went from 0.78 to 0.87 of raw oneDNN's speed
// (1 thread, medians of 8 interleaved runs of native/test/conv_check bench); LeNet C1 (6 x 25,
// transposed 25 x 6: 78 % vs 31 % fill) took 1.5x as long transposed. The product is transposed
// only for a clear gain (more than 10 points of fill).
template <class T> bool weights_transposed(const Geom& g) {
    int mr, nr;
    gemm::register_tile(sizeof(T) == 8, &mr, &nr);
    auto used = [](int64_t m, int64_t n, int64_t tm, int64_t tn) {
        return (double)(m * n) / (double)(((m + tm - 1) / tm * tm) * ((n + tn - 1) / tn * tn));
    };
    return used(g.kdim, g.cout_g, mr, nr) > used(g.cout_g, g.kdim, mr, nr) + 0.1;
}

bool split_units(const Plan& p) {
    const int nt = num_threads();
    return nt > 1 && p.units >= nt;
}

// Runs unit(u) for every unit, spread over threads or one after another (see the file comment).
template <class F> int for_units(const Plan& p, F&& unit) {
    if (!split_units(p)) {
        for (int64_t u = 0; u < p.units; ++u)
            if (int st = unit(u)) return st;
        return NN4J_OK;
    }
    WorkerError err;
    parallel_for(p.units, 1, [&](int64_t b, int64_t e) {
        for (int64_t u = b; u < e && !err.any(); ++u)
            if (int st = unit(u)) err.set(st);
    });
    return err.raise();
}

template <class T> int forward(const Geom& g, const T* x, const T* w, const T* b, T* y) {
    if (g.kdim == 0) {  // no input channels per group: y is the bias
        for (int64_t n = 0; n < g.n; ++n)
            for (int64_t o = 0; o < g.cout; ++o) fill(y + (n * g.cout + o) * g.osz, g.osz, b ? b[o] : T(0));
        return NN4J_OK;
    }
    const Plan p = make_plan(g, sizeof(T));
    return for_units(p, [&](int64_t u) { return forward_unit(g, p, u, x, w, b, y); });
}

template <class T> int backward_data(const Geom& g, const T* dy, const T* w, const T* bx, T* dx) {
    if (g.cout_g == 0 || g.kdim == 0) {
        for (int64_t n = 0; n < g.n; ++n)
            for (int64_t c = 0; c < g.cin; ++c) fill(dx + (n * g.cin + c) * g.isz, g.isz, bx ? bx[c] : T(0));
        return NN4J_OK;
    }
    const Plan p = make_plan(g, sizeof(T));
    return for_units(p, [&](int64_t u) { return backward_data_unit(g, p, u, dy, w, bx, dx); });
}

template <class T> int backward_weights(const Geom& g, const T* x, const T* dy, T* dw) {
    const int64_t wsz = g.cout * g.kdim;
    if (g.n == 0 || wsz == 0) {
        fill(dw, wsz, T(0));
        return NN4J_OK;
    }
    const Plan p = make_plan(g, sizeof(T));
    const bool tr = weights_transposed<T>(g);
    auto run = [&](int64_t u0, int64_t u1, T* acc) {
        for (int64_t u = u0; u < u1; ++u)
            if (int st = backward_weights_unit(g, p, u, x, dy, acc, u > u0, tr)) return st;
        return (int)NN4J_OK;
    };
    // Partial sums: one per thread, the first in dw itself unless the result is transposed.
    const int64_t parts = split_units(p) ? num_threads() : 1, own = tr ? 0 : 1;
    T* extra = t_acc.get<T>((parts - own) * wsz);
    if (!extra) return fail(NN4J_ERR_OOM, "nn4j_conv_backward_weights: out of memory for partial sums");
    auto part = [&](int64_t t) { return t < own ? dw : extra + (t - own) * wsz; };
    if (parts == 1) {
        if (int st = run(0, p.units, part(0))) return st;
    } else {
        WorkerError err;
        parallel_for(parts, 1, [&](int64_t b, int64_t e) {
            for (int64_t t = b; t < e; ++t)
                if (int st = run(t * p.units / parts, (t + 1) * p.units / parts, part(t))) err.set(st);
        });
        if (err.any()) return err.raise();
    }
    if (!tr) {
        parallel_for(wsz, 16384, [&](int64_t b, int64_t e) {
            for (int64_t t = 1; t < parts; ++t) {
                const T* src = part(t);
                for (int64_t i = b; i < e; ++i) dw[i] += src[i];
            }
        });
        return NN4J_OK;
    }
    // dw[g][o][k] = sum over parts of part[g][k][o]
    const int64_t ng = g.groups, cg = g.cout_g, kd = g.kdim;
    parallel_for(ng * cg, std::max<int64_t>(1, 16384 / kd), [&](int64_t b, int64_t e) {
        for (int64_t r = b; r < e; ++r) {
            const int64_t gi = r / cg, o = r % cg;
            T* dst = dw + r * kd;
            const T* src = part(0) + gi * kd * cg + o;
            for (int64_t i = 0; i < kd; ++i) dst[i] = src[i * cg];
            for (int64_t t = 1; t < parts; ++t) {
                src = part(t) + gi * kd * cg + o;
                for (int64_t i = 0; i < kd; ++i) dst[i] += src[i * cg];
            }
        }
    });
    return NN4J_OK;
}

}  // namespace

// out[c] = sum over n and positions of t[n, c, :], accumulated in double (also used by pooling
// tests through the transposed bias gradient).
template <class T> void channel_sum(int64_t n, int64_t c, int64_t plane, const T* t, T* out) {
    parallel_for(c, std::max<int64_t>(1, 32768 / std::max<int64_t>(1, n * plane)), [&](int64_t c0, int64_t c1) {
        for (int64_t ch = c0; ch < c1; ++ch) {
            double s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
            for (int64_t i = 0; i < n; ++i) {
                const T* p = t + (i * c + ch) * plane;
                int64_t j = 0;
                for (; j + 8 <= plane; j += 8)
                    for (int u = 0; u < 8; ++u) s[u] += (double)p[j + u];
                for (; j < plane; ++j) s[0] += (double)p[j];
            }
            out[ch] = (T)(((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7])));
        }
    });
}
template void channel_sum<float>(int64_t, int64_t, int64_t, const float*, float*);
template void channel_sum<double>(int64_t, int64_t, int64_t, const double*, double*);

namespace {

// ---- dispatch: CUDA, oneDNN, own ------------------------------------------------------------

int run_forward(const char* fn, int device, int dtype, const Geom& g, const void* x, const void* w,
                const void* b, void* y) {
    if (device != 0) {
        const ConvCudaTable* t = device > 0 ? cuda_conv_table() : nullptr;
        return t ? t->conv_forward(device - 1, dtype, &g, x, w, b, y) : no_cuda_conv(fn, device);
    }
    int st;
    if (onednn_forward(g, dtype, x, w, b, y, &st)) return st;
    dnnl_note_path(fn, false);
    if (dtype == NN4J_F32) return forward(g, (const float*)x, (const float*)w, (const float*)b, (float*)y);
    return forward(g, (const double*)x, (const double*)w, (const double*)b, (double*)y);
}

int run_backward_data(const char* fn, int device, int dtype, const Geom& g, const void* dy,
                      const void* w, const void* bx, void* dx) {
    if (device != 0) {
        const ConvCudaTable* t = device > 0 ? cuda_conv_table() : nullptr;
        return t ? t->conv_backward_data(device - 1, dtype, &g, dy, w, bx, dx) : no_cuda_conv(fn, device);
    }
    int st;
    if (onednn_backward_data(g, dtype, dy, w, dx, &st)) {
        if (st || !bx) return st;
        // the transposed convolution's bias, on top of oneDNN's result
        const int64_t n = g.n, c = g.cin, plane = g.isz;
        parallel_for(n * c, std::max<int64_t>(1, 16384 / plane), [&](int64_t b0, int64_t b1) {
            for (int64_t i = b0; i < b1; ++i) {
                if (dtype == NN4J_F32) {
                    float* p = (float*)dx + i * plane;
                    const float v = ((const float*)bx)[i % c];
                    for (int64_t j = 0; j < plane; ++j) p[j] += v;
                } else {
                    double* p = (double*)dx + i * plane;
                    const double v = ((const double*)bx)[i % c];
                    for (int64_t j = 0; j < plane; ++j) p[j] += v;
                }
            }
        });
        return NN4J_OK;
    }
    dnnl_note_path(fn, false);
    if (dtype == NN4J_F32)
        return backward_data(g, (const float*)dy, (const float*)w, (const float*)bx, (float*)dx);
    return backward_data(g, (const double*)dy, (const double*)w, (const double*)bx, (double*)dx);
}

// dw (may be null) from x and dy; db = channel sums of dy (may be null).
int run_backward_weights(const char* fn, int device, int dtype, const Geom& g, const void* x,
                         const void* dy, void* dw, void* db) {
    if (device != 0) {
        const ConvCudaTable* t = device > 0 ? cuda_conv_table() : nullptr;
        if (!t) return no_cuda_conv(fn, device);
        if (dw)
            if (int st = t->conv_backward_weights(device - 1, dtype, &g, x, dy, dw)) return st;
        return db ? t->channel_sum(device - 1, dtype, g.n, g.cout, g.osz, dy, db) : NN4J_OK;
    }
    int st;
    if (onednn_backward_weights(g, dtype, x, dy, dw, db, &st)) return st;
    dnnl_note_path(fn, false);
    if (dtype == NN4J_F32) {
        if (dw)
            if (int s = backward_weights(g, (const float*)x, (const float*)dy, (float*)dw)) return s;
        if (db) channel_sum(g.n, g.cout, g.osz, (const float*)dy, (float*)db);
    } else {
        if (dw)
            if (int s = backward_weights(g, (const double*)x, (const double*)dy, (double*)dw)) return s;
        if (db) channel_sum(g.n, g.cout, g.osz, (const double*)dy, (double*)db);
    }
    return NN4J_OK;
}

// Exceptions never cross the C ABI.
template <class F> int guarded(const char* fn, F&& body) {
    try {
        return body();
    } catch (const std::bad_alloc&) {
        return fail(NN4J_ERR_OOM, "%s: out of memory", fn);
    } catch (...) {
        return fail(NN4J_ERR_INTERNAL, "%s: unexpected C++ exception", fn);
    }
}

}  // namespace
}  // namespace conv
}  // namespace nn4j

using namespace nn4j;
using namespace nn4j::conv;

#define NN4J_CONV_GEOM(fn, tr, in_shape, out_shape)                                                     \
    Geom g;                                                                                           \
    int64_t numel[3];                                                                                 \
    if (int st_ = make_geom(fn, dtype, nsp, in_shape, w_shape, out_shape, stride, dilation, pad_begin, \
                            pad_end, groups, tr, &g, numel))                                          \
        return st_;                                                                                   \
    if (device < 0) return fail(NN4J_ERR_ARG, "%s: device %d is negative", fn, device)

extern "C" {

int nn4j_conv_forward(int device, int dtype, int nsp, const int64_t* x_shape, const int64_t* w_shape,
                      const int64_t* y_shape, const int64_t* stride, const int64_t* dilation,
                      const int64_t* pad_begin, const int64_t* pad_end, int64_t groups, const void* x,
                      const void* w, const void* b, void* y) {
    const char* fn = "nn4j_conv_forward";
    NN4J_CONV_GEOM(fn, false, x_shape, y_shape);
    if (int st = need(fn, "x", x, numel[0])) return st;
    if (int st = need(fn, "w", w, numel[1])) return st;
    if (int st = need(fn, "y", y, numel[2])) return st;
    if (numel[2] == 0) return NN4J_OK;
    return guarded(fn, [&] { return run_forward(fn, device, dtype, g, x, w, b, y); });
}

int nn4j_conv_backward_data(int device, int dtype, int nsp, const int64_t* x_shape,
                            const int64_t* w_shape, const int64_t* y_shape, const int64_t* stride,
                            const int64_t* dilation, const int64_t* pad_begin, const int64_t* pad_end,
                            int64_t groups, const void* dy, const void* w, void* dx) {
    const char* fn = "nn4j_conv_backward_data";
    NN4J_CONV_GEOM(fn, false, x_shape, y_shape);
    if (int st = need(fn, "dy", dy, numel[2])) return st;
    if (int st = need(fn, "w", w, numel[1])) return st;
    if (int st = need(fn, "dx", dx, numel[0])) return st;
    if (numel[0] == 0) return NN4J_OK;
    return guarded(fn, [&] { return run_backward_data(fn, device, dtype, g, dy, w, nullptr, dx); });
}

int nn4j_conv_backward_weights(int device, int dtype, int nsp, const int64_t* x_shape,
                               const int64_t* w_shape, const int64_t* y_shape, const int64_t* stride,
                               const int64_t* dilation, const int64_t* pad_begin, const int64_t* pad_end,
                               int64_t groups, const void* x, const void* dy, void* dw, void* db) {
    const char* fn = "nn4j_conv_backward_weights";
    NN4J_CONV_GEOM(fn, false, x_shape, y_shape);
    if (!dw && !db) return fail(NN4J_ERR_ARG, "%s: dw and db are both null: nothing to compute", fn);
    if (int st = need(fn, "x", x, dw ? numel[0] : 0)) return st;
    if (int st = need(fn, "dy", dy, numel[2])) return st;
    if (numel[1] + g.cout == 0) return NN4J_OK;
    return guarded(fn, [&] { return run_backward_weights(fn, device, dtype, g, x, dy, dw, db); });
}

int nn4j_conv_transpose_forward(int device, int dtype, int nsp, const int64_t* x_shape,
                                const int64_t* w_shape, const int64_t* y_shape, const int64_t* stride,
                                const int64_t* dilation, const int64_t* pad_begin, const int64_t* pad_end,
                                int64_t groups, const void* x, const void* w, const void* b, void* y) {
    const char* fn = "nn4j_conv_transpose_forward";
    NN4J_CONV_GEOM(fn, true, y_shape, x_shape);
    if (int st = need(fn, "x", x, numel[2])) return st;
    if (int st = need(fn, "w", w, numel[1])) return st;
    if (int st = need(fn, "y", y, numel[0])) return st;
    if (numel[0] == 0) return NN4J_OK;
    return guarded(fn, [&] { return run_backward_data(fn, device, dtype, g, x, w, b, y); });
}

int nn4j_conv_transpose_backward_data(int device, int dtype, int nsp, const int64_t* x_shape,
                                      const int64_t* w_shape, const int64_t* y_shape,
                                      const int64_t* stride, const int64_t* dilation,
                                      const int64_t* pad_begin, const int64_t* pad_end, int64_t groups,
                                      const void* dy, const void* w, void* dx) {
    const char* fn = "nn4j_conv_transpose_backward_data";
    NN4J_CONV_GEOM(fn, true, y_shape, x_shape);
    if (int st = need(fn, "dy", dy, numel[0])) return st;
    if (int st = need(fn, "w", w, numel[1])) return st;
    if (int st = need(fn, "dx", dx, numel[2])) return st;
    if (numel[2] == 0) return NN4J_OK;
    return guarded(fn, [&] { return run_forward(fn, device, dtype, g, dy, w, nullptr, dx); });
}

int nn4j_conv_transpose_backward_weights(int device, int dtype, int nsp, const int64_t* x_shape,
                                         const int64_t* w_shape, const int64_t* y_shape,
                                         const int64_t* stride, const int64_t* dilation,
                                         const int64_t* pad_begin, const int64_t* pad_end, int64_t groups,
                                         const void* x, const void* dy, void* dw, void* db) {
    const char* fn = "nn4j_conv_transpose_backward_weights";
    NN4J_CONV_GEOM(fn, true, y_shape, x_shape);
    if (!dw && !db) return fail(NN4J_ERR_ARG, "%s: dw and db are both null: nothing to compute", fn);
    if (int st = need(fn, "x", x, dw ? numel[2] : 0)) return st;
    if (int st = need(fn, "dy", dy, numel[0])) return st;
    if (numel[1] + g.cin == 0) return NN4J_OK;
    return guarded(fn, [&] {
        // The adjoint convolution reads dy as its input and x as its output gradient; the bias
        // sits on the transposed op's output channels, which are the convolution's input channels.
        if (dw)
            if (int st = run_backward_weights(fn, device, dtype, g, dy, x, dw, nullptr)) return st;
        if (!db) return (int)NN4J_OK;
        if (device != 0) {
            const ConvCudaTable* t = cuda_conv_table();
            return t ? t->channel_sum(device - 1, dtype, g.n, g.cin, g.isz, dy, db) : no_cuda_conv(fn, device);
        }
        if (dtype == NN4J_F32) channel_sum(g.n, g.cin, g.isz, (const float*)dy, (float*)db);
        else channel_sum(g.n, g.cin, g.isz, (const double*)dy, (double*)db);
        return (int)NN4J_OK;
    });
}

}  // extern "C"
