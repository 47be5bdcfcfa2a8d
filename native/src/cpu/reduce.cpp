// nn4j_reduce: reductions over any set of axes of a strided tensor into a contiguous output.
//
// The axes are split into kept (K, walked with x and out strides) and reduced (R, x strides),
// each coalesced. Two walks:
//  * row walk: one output at a time, the reduced sub-space in row-major order; its contiguous
//    innermost runs go through 8-lane accumulators that the compiler vectorises (sums of rows);
//  * column walk, when the innermost kept axis is the contiguous one (e.g. summing (N, F) over
//    N for bias gradients): up to kLanes neighbouring outputs are accumulated together while
//    the reduced axes are walked, so every load is a contiguous run of a row.
// Work is split over the pool by outputs, and when there are few outputs also by blocks of the
// reduced index range, whose partial results are merged in block order. Every split depends on
// the shape only, never on the thread count, so results are bitwise reproducible.
//
// Float sums, means, norms and variances accumulate in double; integer sums and products
// wrap around in 64 bits and are then narrowed. VAR is two-pass (mean, then squared
// deviations) and LOGSUMEXP two-pass (max, then sum of exp(x - max)).
#include <algorithm>
#include <cmath>
#include <type_traits>
#include <vector>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include "elementwise_math.h"
#include "ew_common.h"

using namespace nn4j;

namespace {

const char* const kReduceNames[NN4J_REDUCE_COUNT] = {
    "SUM", "MEAN", "MAX", "MIN", "PROD", "LOGSUMEXP", "VAR", "ARGMAX", "ARGMIN", "ALL", "ANY", "NORM2"};

bool reduce_supports(int op, int dtype) {
    const bool fp = dtype == NN4J_F32 || dtype == NN4J_F64;
    switch (op) {
        case NN4J_REDUCE_SUM:
        case NN4J_REDUCE_PROD: return dtype != NN4J_BOOL;
        case NN4J_REDUCE_MAX:
        case NN4J_REDUCE_MIN:
        case NN4J_REDUCE_ARGMAX:
        case NN4J_REDUCE_ARGMIN: return true;
        case NN4J_REDUCE_ALL:
        case NN4J_REDUCE_ANY: return dtype == NN4J_BOOL;
        default: return fp;  // MEAN, LOGSUMEXP, VAR, NORM2
    }
}

template <class T> using Wide = typename std::conditional<ew::is_fp<T>::value, double, uint64_t>::type;

// 8 independent partial sums of f(p[i * s]) (fixed association, so vectorisable and
// reproducible).
template <class A, class T, class F> A lanes_sum(const T* p, int64_t n, int64_t s, F f) {
    A l[8] = {};
    int64_t i = 0;
    if (s == 1) {
        for (; i + 8 <= n; i += 8)
            for (int k = 0; k < 8; ++k) l[k] += f(p[i + k]);
    } else {
        for (; i + 8 <= n; i += 8)
            for (int k = 0; k < 8; ++k) l[k] += f(p[(i + k) * s]);
    }
    for (; i < n; ++i) l[0] += f(p[i * s]);
    return ((l[0] + l[1]) + (l[2] + l[3])) + ((l[4] + l[5]) + (l[6] + l[7]));
}

// ---- accumulators ----------------------------------------------------------------------------
// init(r0): state for a block whose first reduced index is r0; step(a, x, r, param): fold in
// element x at reduced index r (param: per-output value of a second pass); merge(a, b): fold
// in the state of a later block; run(a, p, n, s, r0, param): a strided run.
template <class T, class Derived> struct Folds {
    template <class A>
    void run(A& a, const T* p, int64_t n, int64_t s, int64_t r0, double prm) const {
        const Derived& d = static_cast<const Derived&>(*this);
        for (int64_t i = 0; i < n; ++i) d.step(a, p[i * s], r0 + i, prm);
    }
};

template <class T> struct Sum {
    using A = Wide<T>;
    static constexpr bool kParam = false;
    A init(int64_t) const { return A(0); }
    void step(A& a, T x, int64_t, double) const { a += (A)x; }
    void merge(A& a, A b) const { a += b; }
    void run(A& a, const T* p, int64_t n, int64_t s, int64_t, double) const {
        a += lanes_sum<A>(p, n, s, [](T x) { return (A)x; });
    }
};

template <class T> struct SumSq {  // NORM2
    using A = double;
    static constexpr bool kParam = false;
    A init(int64_t) const { return 0.0; }
    void step(A& a, T x, int64_t, double) const { a += (double)x * (double)x; }
    void merge(A& a, A b) const { a += b; }
    void run(A& a, const T* p, int64_t n, int64_t s, int64_t, double) const {
        a += lanes_sum<A>(p, n, s, [](T x) { return (double)x * (double)x; });
    }
};

template <class T> struct SqDev {  // VAR, second pass; param = mean
    using A = double;
    static constexpr bool kParam = true;
    A init(int64_t) const { return 0.0; }
    void step(A& a, T x, int64_t, double m) const { double d = (double)x - m; a += d * d; }
    void merge(A& a, A b) const { a += b; }
    void run(A& a, const T* p, int64_t n, int64_t s, int64_t, double m) const {
        a += lanes_sum<A>(p, n, s, [m](T x) { double d = (double)x - m; return d * d; });
    }
};

template <class T> struct SumExp : Folds<T, SumExp<T>> {  // LOGSUMEXP, second pass; param = max
    using A = double;
    static constexpr bool kParam = true;
    A init(int64_t) const { return 0.0; }
    void step(A& a, T x, int64_t, double m) const { a += ::exp((double)x - m); }
    void merge(A& a, A b) const { a += b; }
};

template <class T> struct Prod : Folds<T, Prod<T>> {
    using A = Wide<T>;
    static constexpr bool kParam = false;
    A init(int64_t) const { return A(1); }
    void step(A& a, T x, int64_t, double) const { a *= (A)x; }
    void merge(A& a, A b) const { a *= b; }
};

#if defined(__SSE2__)
template <class T> struct SseVec;
template <> struct SseVec<float> { using V = __m128; };
template <> struct SseVec<double> { using V = __m128d; };
#endif

// NaN is sticky: once a NaN is seen, the result is NaN (like torch.max).
template <class T, bool IsMax> struct Extreme {
    using A = T;
    static constexpr bool kParam = false;
    static T pick(T a, T x) {
        if constexpr (IsMax) return (x > a || x != x) ? x : a;
        else return (x < a || x != x) ? x : a;
    }
    A init(int64_t) const { return IsMax ? ew::lim<T>::lowest() : ew::lim<T>::highest(); }
    void step(A& a, T x, int64_t, double) const { a = pick(a, x); }
    void merge(A& a, A b) const { a = pick(a, b); }
    void run(A& a, const T* p, int64_t n, int64_t s, int64_t, double) const {
#if defined(__SSE2__)
        if constexpr (ew::is_fp<T>::value)
            if (s == 1) return sse_run(a, p, n);
#endif
        T l[8];
        for (int k = 0; k < 8; ++k) l[k] = a;
        int64_t i = 0;
        if (s == 1) {
            for (; i + 8 <= n; i += 8)
                for (int k = 0; k < 8; ++k) l[k] = pick(l[k], p[i + k]);
        } else {
            for (; i + 8 <= n; i += 8)
                for (int k = 0; k < 8; ++k) l[k] = pick(l[k], p[(i + k) * s]);
        }
        for (; i < n; ++i) l[0] = pick(l[0], p[i * s]);
        for (int k = 0; k < 8; ++k) a = pick(a, l[k]);
    }
#if defined(__SSE2__)
    // GCC will not if-convert pick() into maxps, so contiguous float runs are written out:
    // max_ps(x, m) is exactly (x > m ? x : m); NaNs are tracked on the side.
    static void sse_run(T& a, const T* p, int64_t n) {
        using V = typename SseVec<T>::V;
        constexpr int W = 16 / sizeof(T);
        auto load = [](const T* q) -> V {
            if constexpr (std::is_same<T, float>::value) return _mm_loadu_ps(q); else return _mm_loadu_pd(q);
        };
        auto ext = [](V x, V m) -> V {
            if constexpr (std::is_same<T, float>::value) return IsMax ? _mm_max_ps(x, m) : _mm_min_ps(x, m);
            else return IsMax ? _mm_max_pd(x, m) : _mm_min_pd(x, m);
        };
        auto unord = [](V bad, V x) -> V {
            if constexpr (std::is_same<T, float>::value) return _mm_or_ps(bad, _mm_cmpunord_ps(x, x));
            else return _mm_or_pd(bad, _mm_cmpunord_pd(x, x));
        };
        V m[4], bad;
        if constexpr (std::is_same<T, float>::value) { m[0] = _mm_set1_ps(a); bad = _mm_setzero_ps(); }
        else { m[0] = _mm_set1_pd(a); bad = _mm_setzero_pd(); }
        m[1] = m[2] = m[3] = m[0];
        int64_t i = 0;
        for (; i + 4 * W <= n; i += 4 * W)
            for (int k = 0; k < 4; ++k) {
                V x = load(p + i + k * W);
                m[k] = ext(x, m[k]);
                bad = unord(bad, x);
            }
        alignas(16) T lanes[4 * W];
        for (int k = 0; k < 4; ++k) {
            if constexpr (std::is_same<T, float>::value) _mm_store_ps(lanes + k * W, m[k]);
            else _mm_store_pd(lanes + k * W, m[k]);
        }
        int nan_seen;
        if constexpr (std::is_same<T, float>::value) nan_seen = _mm_movemask_ps(bad);
        else nan_seen = _mm_movemask_pd(bad);
        for (int k = 0; k < 4 * W; ++k) a = pick(a, lanes[k]);
        for (; i < n; ++i) a = pick(a, p[i]);
        if (nan_seen) a = (T)NAN;
    }
#endif
};

// First extreme wins ties; the first NaN beats everything.
template <class T, bool IsMax> struct ArgExtreme : Folds<T, ArgExtreme<T, IsMax>> {
    struct A { T v; int64_t i; };
    static constexpr bool kParam = false;
    static bool better(T x, T v) {
        if constexpr (IsMax) return x > v || (x != x && v == v);
        else return x < v || (x != x && v == v);
    }
    A init(int64_t r0) const { return A{IsMax ? ew::lim<T>::lowest() : ew::lim<T>::highest(), r0}; }
    void step(A& a, T x, int64_t r, double) const {
        if (better(x, a.v)) { a.v = x; a.i = r; }
    }
    void merge(A& a, const A& b) const {
        if (better(b.v, a.v)) a = b;
    }
};

template <class T, bool IsAll> struct Logical {
    using A = uint8_t;
    static constexpr bool kParam = false;
    A init(int64_t) const { return IsAll ? 1 : 0; }
    void step(A& a, T x, int64_t, double) const {
        if constexpr (IsAll) a &= (uint8_t)(x != 0); else a |= (uint8_t)(x != 0);
    }
    void merge(A& a, A b) const {
        if constexpr (IsAll) a &= b; else a |= b;
    }
    void run(A& a, const T* p, int64_t n, int64_t s, int64_t, double) const {
        uint8_t acc = a;
        for (int64_t i = 0; i < n; ++i) step(acc, p[i * s], 0, 0.0);
        a = acc;
    }
};

// ---- walks -----------------------------------------------------------------------------------
struct Plan {
    StridedIter<2> K;  // kept axes: x strides, out strides
    StridedIter<1> R;  // reduced axes: x strides
    int64_t nout = 1, nred = 1;
};

constexpr int64_t kBlock = 32768;   // reduced elements per block when splitting few outputs
constexpr int64_t kMaxBlocks = 256;  // bounds the partial-result buffer
constexpr int kLanes = 64;          // outputs accumulated together by the column walk

template <class T, class Op, class Emit>
void row_walk(const Plan& p, const T* x, const Op& op, const double* prm, Emit& emit) {
    using A = typename Op::A;
    const int64_t rrows = outer_rows(p.R);
    auto fold = [&](A& a, int64_t xo, int64_t r0, int64_t r1, double pm) {
        int64_t r = r0;
        for_each_range(p.R, r0, r1, [&](const int64_t* off, int64_t len, const int64_t* st) {
            op.run(a, x + xo + off[0], len, st[0], r, pm);
            r += len;
        });
    };
    if (p.nred < 2 * kBlock || p.nout >= 32) {
        parallel_ranges(p.K, p.nout, std::max<int64_t>(1, p.nred),
                        [&](const int64_t* off, int64_t len, const int64_t* st) {
            for (int64_t t = 0; t < len; ++t) {
                const int64_t xo = off[0] + t * st[0], oo = off[1] + t * st[1];
                const double pm = Op::kParam ? prm[oo] : 0.0;
                A a = op.init(0);
                int64_t r = 0;
                for_each_row(p.R, 0, rrows, [&](const int64_t* roff, int64_t rlen, const int64_t* rst) {
                    op.run(a, x + xo + roff[0], rlen, rst[0], r, pm);
                    r += rlen;
                });
                emit(oo, a);
            }
        });
        return;
    }
    // few outputs, long reductions: blocks of the reduced range, merged in order
    const int64_t blk = std::max(kBlock, (p.nred + kMaxBlocks - 1) / kMaxBlocks);
    const int64_t nblk = (p.nred + blk - 1) / blk;
    std::vector<A> part((size_t)(p.nout * nblk));
    parallel_for(p.nout * nblk, 1, [&](int64_t b, int64_t e) {
        for (int64_t item = b; item < e; ++item) {
            int64_t ko[2];
            offsets_at(p.K, item / nblk, ko);
            const int64_t r0 = (item % nblk) * blk, r1 = std::min(p.nred, r0 + blk);
            A a = op.init(r0);
            fold(a, ko[0], r0, r1, Op::kParam ? prm[ko[1]] : 0.0);
            part[(size_t)item] = a;
        }
    });
    for (int64_t o = 0; o < p.nout; ++o) {
        A a = part[(size_t)(o * nblk)];
        for (int64_t k = 1; k < nblk; ++k) op.merge(a, part[(size_t)(o * nblk + k)]);
        int64_t ko[2];
        offsets_at(p.K, o, ko);
        emit(ko[1], a);
    }
}

template <class T, class Op, class Emit>
void column_walk(const Plan& p, const T* x, const Op& op, const double* prm, Emit& emit) {
    using A = typename Op::A;
    const int64_t kin = p.K.shape[p.K.ndim - 1];
    const int64_t nch = (kin + kLanes - 1) / kLanes;
    const int64_t groups = (p.nout / kin) * nch;
    const int64_t width = std::min<int64_t>(kin, kLanes);
    // split the reduced range only when there are too few groups to go around
    int64_t blk = p.nred;
    if (groups < 16) {
        blk = std::max<int64_t>(std::max<int64_t>(1, kBlock / width), (p.nred + 63) / 64);
        blk = std::min(blk, p.nred);
    }
    const int64_t nblk = (p.nred + blk - 1) / blk;
    std::vector<A> part;
    if (nblk > 1) part.resize((size_t)(groups * nblk * kLanes));

    auto group = [&](int64_t g, int64_t k, A* acc) {  // group g, reduced block k -> acc[0, w)
        const int64_t c = g % nch, j0 = c * kLanes, w = std::min<int64_t>(kLanes, kin - j0);
        int64_t ko[2];
        offsets_at(p.K, (g / nch) * kin + j0, ko);
        const int64_t r0 = k * blk, r1 = std::min(p.nred, r0 + blk);
        for (int64_t j = 0; j < w; ++j) acc[j] = op.init(r0);
        const double* pm = Op::kParam ? prm + ko[1] : nullptr;
        int64_t r = r0;
        for_each_range(p.R, r0, r1, [&](const int64_t* roff, int64_t len, const int64_t* rst) {
            for (int64_t t = 0; t < len; ++t, ++r) {
                const T* row = x + ko[0] + roff[0] + t * rst[0];
                if constexpr (Op::kParam) {
                    for (int64_t j = 0; j < w; ++j) op.step(acc[j], row[j], r, pm[j]);
                } else {
                    for (int64_t j = 0; j < w; ++j) op.step(acc[j], row[j], r, 0.0);
                }
            }
        });
        return ko[1];
    };

    if (nblk == 1) {
        auto body = [&](int64_t b, int64_t e) {
            A acc[kLanes];
            for (int64_t g = b; g < e; ++g) {
                const int64_t oo = group(g, 0, acc);
                const int64_t w = std::min<int64_t>(kLanes, kin - (g % nch) * kLanes);
                for (int64_t j = 0; j < w; ++j) emit(oo + j, acc[j]);
            }
        };
        if (p.nred * p.nout < kParallelMin) body(0, groups);
        else parallel_for(groups, std::max<int64_t>(1, kGrain / (p.nred * width)), body);
        return;
    }
    parallel_for(groups * nblk, 1, [&](int64_t b, int64_t e) {
        for (int64_t item = b; item < e; ++item)
            group(item / nblk, item % nblk, &part[(size_t)(item * kLanes)]);
    });
    for (int64_t g = 0; g < groups; ++g) {
        const int64_t j0 = (g % nch) * kLanes, w = std::min<int64_t>(kLanes, kin - j0);
        int64_t ko[2];
        offsets_at(p.K, (g / nch) * kin + j0, ko);
        A* first = &part[(size_t)(g * nblk * kLanes)];
        for (int64_t k = 1; k < nblk; ++k) {
            const A* blkp = &part[(size_t)((g * nblk + k) * kLanes)];
            for (int64_t j = 0; j < w; ++j) op.merge(first[j], blkp[j]);
        }
        for (int64_t j = 0; j < w; ++j) emit(ko[1] + j, first[j]);
    }
}

// Runs op over the plan; emit(out_offset, state) receives each output's final state. prm, for
// second passes, is indexed by output offset.
template <class T, class Op, class Emit>
void walk(const Plan& p, const T* x, const Op& op, const double* prm, Emit&& emit) {
    const bool column = p.K.strides[0][p.K.ndim - 1] == 1 && p.K.shape[p.K.ndim - 1] > 1 &&
                        p.R.strides[0][p.R.ndim - 1] != 1 && p.nred > 1;
    if (column) column_walk(p, x, op, prm, emit);
    else row_walk(p, x, op, prm, emit);
}

template <class T> int reduce_typed(int op, const Plan& p, const T* x, void* out_v, double ddof) {
    T* out = (T*)out_v;
    const double n = (double)p.nred;
    switch (op) {
        case NN4J_REDUCE_SUM:
            walk(p, x, Sum<T>(), nullptr, [&](int64_t o, Wide<T> a) { out[o] = (T)(typename ew::uns<T>::type)a; });
            return NN4J_OK;
        case NN4J_REDUCE_PROD:
            walk(p, x, Prod<T>(), nullptr, [&](int64_t o, Wide<T> a) { out[o] = (T)(typename ew::uns<T>::type)a; });
            return NN4J_OK;
        case NN4J_REDUCE_MAX:
            walk(p, x, Extreme<T, true>(), nullptr, [&](int64_t o, T a) { out[o] = a; });
            return NN4J_OK;
        case NN4J_REDUCE_MIN:
            walk(p, x, Extreme<T, false>(), nullptr, [&](int64_t o, T a) { out[o] = a; });
            return NN4J_OK;
        case NN4J_REDUCE_ARGMAX:
            walk(p, x, ArgExtreme<T, true>(), nullptr,
                 [&](int64_t o, const typename ArgExtreme<T, true>::A& a) { ((int64_t*)out_v)[o] = a.i; });
            return NN4J_OK;
        case NN4J_REDUCE_ARGMIN:
            walk(p, x, ArgExtreme<T, false>(), nullptr,
                 [&](int64_t o, const typename ArgExtreme<T, false>::A& a) { ((int64_t*)out_v)[o] = a.i; });
            return NN4J_OK;
        case NN4J_REDUCE_ALL:
            walk(p, x, Logical<T, true>(), nullptr, [&](int64_t o, uint8_t a) { ((uint8_t*)out_v)[o] = a; });
            return NN4J_OK;
        case NN4J_REDUCE_ANY:
            walk(p, x, Logical<T, false>(), nullptr, [&](int64_t o, uint8_t a) { ((uint8_t*)out_v)[o] = a; });
            return NN4J_OK;
        default: break;
    }
    if constexpr (ew::is_fp<T>::value) {
        switch (op) {
            case NN4J_REDUCE_MEAN:
                walk(p, x, Sum<T>(), nullptr, [&](int64_t o, double a) { out[o] = (T)(a / n); });
                return NN4J_OK;
            case NN4J_REDUCE_NORM2:
                walk(p, x, SumSq<T>(), nullptr, [&](int64_t o, double a) { out[o] = (T)std::sqrt(a); });
                return NN4J_OK;
            case NN4J_REDUCE_VAR: {
                std::vector<double> mean((size_t)p.nout);
                walk(p, x, Sum<T>(), nullptr, [&](int64_t o, double a) { mean[(size_t)o] = a / n; });
                const double div = n - ddof;
                walk(p, x, SqDev<T>(), mean.data(),
                     [&](int64_t o, double a) { out[o] = div > 0 ? (T)(a / div) : (T)NAN; });
                return NN4J_OK;
            }
            case NN4J_REDUCE_LOGSUMEXP: {
                std::vector<double> mx((size_t)p.nout);
                walk(p, x, Extreme<T, true>(), nullptr, [&](int64_t o, T a) { mx[(size_t)o] = (double)a; });
                walk(p, x, SumExp<T>(), mx.data(), [&](int64_t o, double a) {
                    const double m = mx[(size_t)o];
                    out[o] = std::isfinite(m) ? (T)(m + std::log(a)) : (T)m;  // -inf, +inf, NaN rows
                });
                return NN4J_OK;
            }
            default: break;
        }
    }
    return fail(NN4J_ERR_INTERNAL, "nn4j_reduce: op %d reached the kernel for a dtype it does not support", op);
}

// Result of reducing zero elements, or an error for ops without one.
template <class T> int reduce_empty(int op, int64_t nout, void* out, int empty_axis, int64_t axes_mask) {
    double v;
    switch (op) {
        case NN4J_REDUCE_SUM: case NN4J_REDUCE_NORM2: case NN4J_REDUCE_ANY: v = 0; break;
        case NN4J_REDUCE_PROD: case NN4J_REDUCE_ALL: v = 1; break;
        case NN4J_REDUCE_MEAN: case NN4J_REDUCE_VAR: v = NAN; break;
        case NN4J_REDUCE_LOGSUMEXP: v = -INFINITY; break;
        default:
            return fail(NN4J_ERR_SHAPE, "nn4j_reduce: %s over zero elements (axis %d has size 0, "
                        "axes_mask = 0x%llx)", kReduceNames[op], empty_axis, (unsigned long long)axes_mask);
    }
    if (op == NN4J_REDUCE_ALL || op == NN4J_REDUCE_ANY)
        std::fill((uint8_t*)out, (uint8_t*)out + nout, (uint8_t)v);
    else
        std::fill((T*)out, (T*)out + nout, ew::convert<T, double>(v));
    return NN4J_OK;
}

}  // namespace

extern "C" int nn4j_reduce(int device, int op, int dtype, int ndim, const int64_t* shape,
                           const void* x, const int64_t* x_strides, int64_t axes_mask, void* out,
                           double param) {
    static const char* fn = "nn4j_reduce";
    if (op < 0 || op >= NN4J_REDUCE_COUNT) return fail(NN4J_ERR_ARG, "%s: unknown op code %d", fn, op);
    if (int rc = check_dtype(fn, dtype)) return rc;
    if (!reduce_supports(op, dtype))
        return fail(NN4J_ERR_DTYPE, "%s: %s does not support dtype %s", fn, kReduceNames[op], dtype_name(dtype));
    if (int rc = check_shape(fn, ndim, shape)) return rc;
    if (axes_mask < 0 || (axes_mask >> ndim) != 0)
        return fail(NN4J_ERR_ARG, "%s: axes_mask = 0x%llx names axes beyond ndim = %d", fn,
                    (unsigned long long)axes_mask, ndim);
    if (op == NN4J_REDUCE_VAR && !(param >= 0 && std::isfinite(param)))
        return fail(NN4J_ERR_ARG, "%s: VAR ddof = %g must be finite and >= 0", fn, param);
    const int64_t numel = shape_numel(ndim, shape);
    int64_t nout = 1, nred = 1;
    int empty_axis = -1;
    for (int d = 0; d < ndim; ++d) {
        if ((axes_mask >> d) & 1) {
            nred *= shape[d];
            if (shape[d] == 0 && empty_axis < 0) empty_axis = d;
        } else {
            nout *= shape[d];
        }
    }
    if (numel > 0)
        if (int rc = check_ptr(fn, "x", x)) return rc;
    if (nout > 0)
        if (int rc = check_ptr(fn, "out", out)) return rc;
    if (int rc = check_strides(fn, "x_strides", ndim, shape, x_strides, false)) return rc;
    if (device != 0)
        return NN4J_CUDA_FORWARD(fn, reduce, device - 1, op, dtype, ndim, shape, x, x_strides, axes_mask,
                                 out, param);
    if (nout == 0) return NN4J_OK;
    return guarded(fn, [&]() -> int {
        if (nred == 0)
            return dispatch_dtype(dtype, [&](auto tag) -> int {
                return reduce_empty<typename decltype(tag)::type>(op, nout, out, empty_axis, axes_mask);
            });
        Plan p;
        p.K.ndim = p.R.ndim = 0;
        int64_t ostride = 1;
        for (int d = ndim - 1; d >= 0; --d) {
            if ((axes_mask >> d) & 1) continue;
            p.K.shape[p.K.ndim] = shape[d];
            p.K.strides[0][p.K.ndim] = x_strides[d];
            p.K.strides[1][p.K.ndim] = ostride;
            ostride *= shape[d];
            ++p.K.ndim;
        }
        std::reverse(p.K.shape, p.K.shape + p.K.ndim);
        std::reverse(p.K.strides[0], p.K.strides[0] + p.K.ndim);
        std::reverse(p.K.strides[1], p.K.strides[1] + p.K.ndim);
        for (int d = 0; d < ndim; ++d) {
            if (!((axes_mask >> d) & 1)) continue;
            p.R.shape[p.R.ndim] = shape[d];
            p.R.strides[0][p.R.ndim] = x_strides[d];
            ++p.R.ndim;
        }
        coalesce(p.K);
        coalesce(p.R);
        p.nout = nout;
        p.nred = nred;
        return dispatch_dtype(dtype, [&](auto tag) -> int {
            using T = typename decltype(tag)::type;
            return reduce_typed<T>(op, p, (const T*)x, out, param);
        });
    });
}
