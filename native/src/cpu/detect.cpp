// Detection kernels (nn4j_detect.h): box conversion, pairwise IoU forward/backward, greedy NMS.
// Invariant: every output is overwritten (=); gradients are summed per element in index order
// by one thread (in double), so they do not depend on the thread count. Per-box and per-pair
// math comes from detect_math.h and the NMS candidate order from detect_host.h, both shared with
// the CUDA twin (native/src/cuda/detect.cu).
#include <cstring>
#include <initializer_list>
#include <vector>
#include "core.h"
#include "cuda_detect_table.h"
#include "detect_math.h"
#include "detect_host.h"

using namespace nn4j;
using namespace nn4j::detect;

namespace {

// Forwards to the detection family's CUDA table for device != 0 (after the host-side checks).
#define NN4J_DETECT_CUDA(fn, member, ...) \
    NN4J_FAMILY_CUDA(DetectCudaTable, "nn4j_cuda_detect_table", NN4J_CUDA_DETECT_TABLE_VERSION, "detection", fn, member, __VA_ARGS__)

// ---- argument checks ----------------------------------------------------------------------

int check_format(const char* fn, const char* what, int format) {
    if (format != NN4J_BOX_CORNERS && format != NN4J_BOX_CENTER)
        return fail(NN4J_ERR_ARG, "%s: %s %d is neither NN4J_BOX_CORNERS (0) nor NN4J_BOX_CENTER (1)", fn, what,
                    format);
    return NN4J_OK;
}

int check_size(const char* fn, const char* what, int64_t v) {
    if (v < 0) return fail(NN4J_ERR_ARG, "%s: %s = %lld is negative", fn, what, (long long)v);
    return NN4J_OK;
}

// The product of the sizes must fit in bytes of an 8-byte element.
int check_product(const char* fn, std::initializer_list<int64_t> sizes) {
    int64_t p = 1;
    for (int64_t s : sizes) {
        if (s > 0 && p > (INT64_MAX / 8) / s)
            return fail(NN4J_ERR_ARG, "%s: a buffer of these sizes would overflow 64-bit byte counts", fn);
        p *= s;
    }
    return NN4J_OK;
}

// The first invalid box of p (count boxes, numbered [image, box] with n boxes per image).
template <class T> int check_boxes(const char* fn, const char* what, int format, int64_t count, int64_t n, const T* p) {
    for (int64_t i = 0; i < count; ++i) {
        if (box_problem(format, p + 4 * i) == BOX_OK) continue;
        char msg[512];
        box_message(msg, sizeof msg, fn, what, format, i / n, i % n, p + 4 * i);
        return fail(NN4J_ERR_ARG, "%s", msg);
    }
    return NN4J_OK;
}

int check_iou_args(const char* fn, int dtype, int format, int64_t batch, int64_t n, int64_t m) {
    if (int st = check_float_dtype(fn, dtype)) return st;
    if (int st = check_format(fn, "format", format)) return st;
    if (int st = check_size(fn, "batch", batch)) return st;
    if (int st = check_size(fn, "n", n)) return st;
    if (int st = check_size(fn, "m", m)) return st;
    if (int st = check_product(fn, {batch, n, m})) return st;
    if (int st = check_product(fn, {batch, n, 4})) return st;
    return check_product(fn, {batch, m, 4});
}

// ---- conversion ---------------------------------------------------------------------------

template <class T> void convert_all(int from, int to, int64_t count, const T* x, T* y) {
    parallel_for(count, 4096, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) convert(from, to, x + 4 * i, y + 4 * i);
    });
}

template <class T> void convert_back_all(int from, int to, int64_t count, const T* dy, T* dx) {
    parallel_for(count, 4096, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) convert_backward(from, to, dy + 4 * i, dx + 4 * i);
    });
}

// ---- IoU ----------------------------------------------------------------------------------

// a (batch, n, 4), b (batch, m, 4) -> out (batch, n, m); one row (image, i) per iteration.
template <class T> void iou_forward(int format, int64_t batch, int64_t n, int64_t m, const T* a, const T* b, T* out) {
    parallel_for(batch * n, std::max<int64_t>(1, 16384 / std::max<int64_t>(m, 1)), [&](int64_t r0, int64_t r1) {
        for (int64_t r = r0; r < r1; ++r) {
            const Box<T> ca = corners(format, a + 4 * r);
            const T aa = area(ca);
            const T* bb = b + (r / n) * m * 4;
            T* o = out + r * m;
            for (int64_t j = 0; j < m; ++j) {
                const Box<T> cb = corners(format, bb + 4 * j);
                o[j] = iou(ca, aa, cb, area(cb));
            }
        }
    });
}

// da (batch, n, 4) sums over j, db (batch, m, 4) sums over i: two passes, each element owned by
// one thread, instead of one pass with racing or atomic updates.
template <class T>
void iou_backward(int format, int64_t batch, int64_t n, int64_t m, const T* a, const T* b, const T* g, T* da, T* db) {
    const int64_t grain_a = std::max<int64_t>(1, 4096 / std::max<int64_t>(m, 1));
    const int64_t grain_b = std::max<int64_t>(1, 4096 / std::max<int64_t>(n, 1));
    if (da) {
        parallel_for(batch * n, grain_a, [&](int64_t r0, int64_t r1) {
            for (int64_t r = r0; r < r1; ++r) {
                double acc[4] = {0, 0, 0, 0}, unused[4];
                const T* bb = b + (r / n) * m * 4;
                const T* gr = g + r * m;
                for (int64_t j = 0; j < m; ++j)
                    if (gr[j] != T(0)) iou_grad(format, a + 4 * r, bb + 4 * j, (double)gr[j], acc, unused);
                for (int k = 0; k < 4; ++k) da[4 * r + k] = (T)acc[k];
            }
        });
    }
    if (db) {
        parallel_for(batch * m, grain_b, [&](int64_t r0, int64_t r1) {
            for (int64_t r = r0; r < r1; ++r) {
                const int64_t img = r / m, j = r - img * m;
                double acc[4] = {0, 0, 0, 0}, unused[4];
                const T* aa = a + img * n * 4;
                const T* gc = g + img * n * m + j;
                for (int64_t i = 0; i < n; ++i)
                    if (gc[i * m] != T(0)) iou_grad(format, aa + 4 * i, b + 4 * r, (double)gc[i * m], unused, acc);
                for (int k = 0; k < 4; ++k) db[4 * r + k] = (T)acc[k];
            }
        });
    }
}

// ---- NMS ----------------------------------------------------------------------------------
//
// Greedy NMS visits a class's candidates by score, but a box can only suppress boxes that it
// overlaps in x with positive width (inter > t * union needs inter > 0, and fl(a - b) > 0 iff
// a > b). So the candidates of a class are also laid out sorted by x1, and a kept box i scans
// only the window of that layout that can intersect it:
//   hi = first position with x1 >= x2_i                     (x1 ascending)
//   lo = first position with max(x2 of positions <= it) > x1_i   (prefix maximum, ascending)
// Both bounds are found with comparisons only, so no overlapping box is missed, and the
// result is exactly the plain greedy scan's. Within the window, boxes ranked before i (higher
// score, or equal score and lower index) are left alone. Random layouts scan a small fraction
// of the class; the worst case (every box spanning a common x) stays O(c^2).

// Suppression flags and ranks as wide as T, so that the window loop vectorizes without packing.
template <class T> struct Flag;
template <> struct Flag<float> { using type = uint32_t; };
template <> struct Flag<double> { using type = uint64_t; };

// Per-thread scratch, grown once and reused (no allocation per call in steady state).
template <class T> struct NmsWork {
    using F = typename Flag<T>::type;
    std::vector<int64_t> order, seg, kept;
    std::vector<int64_t> xorder;  // candidate (score position) at each x position
    std::vector<int64_t> pos;     // x position of each candidate
    std::vector<T> soa;           // x1, y1, x2, y2, area, prefix max of x2: c each, in x order
    std::vector<T> key;           // x1 of each candidate, for the sort
    std::vector<F> rank, sup;     // score position and suppressed flag, in x order
};
template <class T> NmsWork<T>& nms_work() {
    static thread_local NmsWork<T> w;
    return w;
}

// Marks the boxes in x positions [lo, hi) ranked after candidate k that box p suppresses.
template <class T, class F>
void suppress_window(int64_t p, F k, int64_t lo, int64_t hi, int64_t c, const T* soa, const F* rank, T thr, F* sup) {
    const T* x1 = soa;
    const T* y1 = soa + c;
    const T* x2 = soa + 2 * c;
    const T* y2 = soa + 3 * c;
    const T* ar = soa + 4 * c;
    const T ax1 = x1[p], ay1 = y1[p], ax2 = x2[p], ay2 = y2[p], aa = ar[p];
    for (int64_t j = lo; j < hi; ++j)
        sup[j] |= (F)(rank[j] > k) & (F)suppresses(ax1, ay1, ax2, ay2, aa, x1[j], y1[j], x2[j], y2[j], ar[j], thr);
}

// Greedy NMS on one image; writes keep[0, width) and returns the count.
template <class T>
int64_t nms_image(int format, int64_t n, const T* boxes, const T* scores, int class_dtype, const void* classes,
                  double score_threshold, double iou_threshold, int64_t max_outputs, int64_t width, int64_t* keep) {
    using F = typename Flag<T>::type;
    NmsWork<T>& w = nms_work<T>();
    w.kept.clear();
    if (max_outputs == 0) return finish_keep(w.kept, scores, max_outputs, width, keep);
    order_candidates(n, scores, class_dtype, classes, score_threshold, w.order, w.seg);
    const int64_t c = (int64_t)w.order.size();
    w.xorder.resize(c);
    w.pos.resize(c);
    w.soa.resize(6 * c);
    w.key.resize(c);
    w.rank.resize(c);
    w.sup.assign(c, 0);
    T* soa = w.soa.data();
    T* x1 = soa;
    T* x2 = soa + 2 * c;
    T* xmax = soa + 5 * c;
    F* rank = w.rank.data();
    F* sup = w.sup.data();
    const T thr = (T)iou_threshold;
    for (size_t s = 0; s + 1 < w.seg.size(); ++s) {
        const int64_t s0 = w.seg[s], s1 = w.seg[s + 1];
        // x layout of this class: candidates sorted by x1 (ties by score position)
        T* key = w.key.data();
        int64_t* xo = w.xorder.data();
        for (int64_t k = s0; k < s1; ++k) key[k] = corners(format, boxes + 4 * w.order[k]).x1, xo[k] = k;
        std::sort(xo + s0, xo + s1, [key](int64_t a, int64_t b) { return key[a] < key[b] || (key[a] == key[b] && a < b); });
        for (int64_t q = s0; q < s1; ++q) {
            const Box<T> bx = corners(format, boxes + 4 * w.order[xo[q]]);
            soa[q] = bx.x1, soa[c + q] = bx.y1, soa[2 * c + q] = bx.x2, soa[3 * c + q] = bx.y2;
            soa[4 * c + q] = area(bx);
            xmax[q] = q > s0 && xmax[q - 1] > bx.x2 ? xmax[q - 1] : bx.x2;
            rank[q] = (F)(xo[q] - s0);
            w.pos[xo[q]] = q;
        }
        int64_t kept_here = 0;
        for (int64_t k = s0; k < s1; ++k) {
            const int64_t p = w.pos[k];
            if (sup[p]) continue;
            w.kept.push_back(w.order[k]);
            if (++kept_here == max_outputs) break;  // later boxes of this class cannot make the cut
            const int64_t lo = std::upper_bound(xmax + s0, xmax + s1, x1[p]) - xmax;
            const int64_t hi = std::lower_bound(x1 + s0, x1 + s1, x2[p]) - x1;
            suppress_window(p, (F)(k - s0), lo, hi, c, soa, rank, thr, sup);
        }
    }
    return finish_keep(w.kept, scores, max_outputs, width, keep);
}

template <class T>
void nms_all(int format, int64_t batch, int64_t n, const T* boxes, const T* scores, int class_dtype,
             const void* classes, double score_threshold, double iou_threshold, int64_t max_outputs, int64_t width,
             int64_t* keep, int64_t* counts) {
    const size_t cls_size = class_dtype == NN4J_I32 ? 4 : 8;
    parallel_for(batch, 1, [&](int64_t b0, int64_t b1) {
        for (int64_t b = b0; b < b1; ++b) {
            const void* cls = classes ? (const char*)classes + (size_t)(b * n) * cls_size : nullptr;
            counts[b] = nms_image(format, n, boxes + b * n * 4, scores + b * n, class_dtype, cls, score_threshold,
                                  iou_threshold, max_outputs, width, keep + b * width);
        }
    });
}

template <class T> int check_scores(const char* fn, int64_t batch, int64_t n, const T* scores) {
    for (int64_t i = 0; i < batch * n; ++i)
        if (scores[i] != scores[i]) {
            char msg[256];
            nan_score_message(msg, sizeof msg, fn, i / n, i % n);
            return fail(NN4J_ERR_ARG, "%s", msg);
        }
    return NN4J_OK;
}

}  // namespace

extern "C" {

int nn4j_box_convert_forward(int device, int dtype, int from, int to, int64_t count, const void* x, void* y) {
    static const char* fn = "nn4j_box_convert_forward";
    if (int st = check_float_dtype(fn, dtype)) return st;
    if (int st = check_format(fn, "from", from)) return st;
    if (int st = check_format(fn, "to", to)) return st;
    if (int st = check_size(fn, "count", count)) return st;
    if (int st = check_product(fn, {count, 4})) return st;
    if (count == 0) return NN4J_OK;
    if (int st = check_ptr(fn, "x", x)) return st;
    if (int st = check_ptr(fn, "y", y)) return st;
    NN4J_DETECT_CUDA(fn, box_convert_forward, dtype, from, to, count, x, y);
    NN4J_FLOAT(dtype, T, convert_all<T>(from, to, count, (const T*)x, (T*)y));
    return NN4J_OK;
}

int nn4j_box_convert_backward(int device, int dtype, int from, int to, int64_t count, const void* dy, void* dx) {
    static const char* fn = "nn4j_box_convert_backward";
    if (int st = check_float_dtype(fn, dtype)) return st;
    if (int st = check_format(fn, "from", from)) return st;
    if (int st = check_format(fn, "to", to)) return st;
    if (int st = check_size(fn, "count", count)) return st;
    if (int st = check_product(fn, {count, 4})) return st;
    if (count == 0) return NN4J_OK;
    if (int st = check_ptr(fn, "dy", dy)) return st;
    if (int st = check_ptr(fn, "dx", dx)) return st;
    NN4J_DETECT_CUDA(fn, box_convert_backward, dtype, from, to, count, dy, dx);
    NN4J_FLOAT(dtype, T, convert_back_all<T>(from, to, count, (const T*)dy, (T*)dx));
    return NN4J_OK;
}

int nn4j_box_iou_forward(int device, int dtype, int format, int64_t batch, int64_t n, int64_t m, const void* a,
                         const void* b, void* iou) {
    static const char* fn = "nn4j_box_iou_forward";
    if (int st = check_iou_args(fn, dtype, format, batch, n, m)) return st;
    if (batch * n > 0)
        if (int st = check_ptr(fn, "a", a)) return st;
    if (batch * m > 0)
        if (int st = check_ptr(fn, "b", b)) return st;
    if (batch * n * m > 0)
        if (int st = check_ptr(fn, "iou", iou)) return st;
    NN4J_DETECT_CUDA(fn, box_iou_forward, dtype, format, batch, n, m, a, b, iou);
    NN4J_FLOAT(dtype, T, {
        if (int st = check_boxes(fn, "a", format, batch * n, n, (const T*)a)) return st;
        if (int st = check_boxes(fn, "b", format, batch * m, m, (const T*)b)) return st;
        iou_forward<T>(format, batch, n, m, (const T*)a, (const T*)b, (T*)iou);
    });
    return NN4J_OK;
}

int nn4j_box_iou_backward(int device, int dtype, int format, int64_t batch, int64_t n, int64_t m, const void* a,
                          const void* b, const void* diou, void* da, void* db) {
    static const char* fn = "nn4j_box_iou_backward";
    if (int st = check_iou_args(fn, dtype, format, batch, n, m)) return st;
    if (!da || batch * n == 0) da = nullptr;
    if (!db || batch * m == 0) db = nullptr;
    if (!da && !db) return NN4J_OK;
    if (int st = check_ptr(fn, "a", a)) return st;
    if (int st = check_ptr(fn, "b", b)) return st;
    if (batch * n * m > 0)
        if (int st = check_ptr(fn, "diou", diou)) return st;
    NN4J_DETECT_CUDA(fn, box_iou_backward, dtype, format, batch, n, m, a, b, diou, da, db);
    NN4J_FLOAT(dtype, T, {
        if (int st = check_boxes(fn, "a", format, batch * n, n, (const T*)a)) return st;
        if (int st = check_boxes(fn, "b", format, batch * m, m, (const T*)b)) return st;
        iou_backward<T>(format, batch, n, m, (const T*)a, (const T*)b, (const T*)diou, (T*)da, (T*)db);
    });
    return NN4J_OK;
}

int nn4j_nms(int device, int dtype, int format, int64_t batch, int64_t n, const void* boxes, const void* scores,
             int class_dtype, const void* classes, double score_threshold, double iou_threshold, int64_t max_outputs,
             int64_t* keep, int64_t* counts) {
    static const char* fn = "nn4j_nms";
    if (int st = check_float_dtype(fn, dtype)) return st;
    if (int st = check_format(fn, "format", format)) return st;
    if (int st = check_size(fn, "batch", batch)) return st;
    if (int st = check_size(fn, "n", n)) return st;
    if (int st = check_size(fn, "max_outputs", max_outputs)) return st;
    if (n > INT32_MAX)
        return fail(NN4J_ERR_ARG, "%s: n = %lld boxes per image is more than NMS handles (2^31 - 1)", fn, (long long)n);
    if (int st = check_product(fn, {batch, n, 4})) return st;
    if (classes && class_dtype != NN4J_I32 && class_dtype != NN4J_I64)
        return fail(NN4J_ERR_DTYPE, "%s: class ids must be int32 or int64, got %s", fn, dtype_name(class_dtype));
    if (score_threshold != score_threshold)
        return fail(NN4J_ERR_ARG, "%s: score_threshold is NaN; use -inf to keep every box as a candidate", fn);
    if (!(iou_threshold >= 0 && iou_threshold <= 1))
        return fail(NN4J_ERR_ARG, "%s: iou_threshold = %g is outside [0, 1]", fn, iou_threshold);
    if (batch == 0) return NN4J_OK;
    if (int st = check_ptr(fn, "counts", counts)) return st;
    const int64_t width = std::min(n, max_outputs);
    if (width > 0)
        if (int st = check_ptr(fn, "keep", keep)) return st;
    if (n > 0) {
        if (int st = check_ptr(fn, "boxes", boxes)) return st;
        if (int st = check_ptr(fn, "scores", scores)) return st;
    }
    NN4J_DETECT_CUDA(fn, nms, dtype, format, batch, n, boxes, scores, class_dtype, classes, score_threshold,
                     iou_threshold, max_outputs, keep, counts);
    if (n == 0) {
        std::memset(counts, 0, (size_t)batch * sizeof(int64_t));
        return NN4J_OK;
    }
    NN4J_FLOAT(dtype, T, {
        if (int st = check_boxes(fn, "boxes", format, batch * n, n, (const T*)boxes)) return st;
        if (int st = check_scores(fn, batch, n, (const T*)scores)) return st;
        nms_all<T>(format, batch, n, (const T*)boxes, (const T*)scores, class_dtype, classes, score_threshold,
                   iou_threshold, max_outputs, width, keep, counts);
    });
    return NN4J_OK;
}

}  // extern "C"
