// Host-only helpers of the detection family (nn4j_detect.h), shared by the CPU kernels and the
// CUDA twin: the messages for rejected inputs, and the bookkeeping of greedy NMS, so that both
// visit the candidates in the same order and report the kept boxes the same way. This is the
// one place that fixes the tie rule (equal scores: lower index first).
//
// Boxes of different classes never suppress each other, so per-class NMS runs the greedy scan
// on each class's candidates separately ("segments" of the candidate order); class-agnostic NMS
// has one segment. Merging the per-segment survivors by (score desc, index asc) gives exactly
// what one greedy pass over all candidates with a same-class test would keep.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <vector>
#include "detect_math.h"

namespace nn4j {
namespace detect {

// Why box q (number `box` of image `img` in buffer `what`) was rejected, for the error slot.
template <class T>
void box_message(char* buf, size_t len, const char* fn, const char* what, int format, int64_t img, int64_t box,
                 const T* q) {
    const double v0 = q[0], v1 = q[1], v2 = q[2], v3 = q[3];
    if (box_problem(format, q) == BOX_NOT_FINITE) {
        std::snprintf(buf, len,
                      "%s: %s[%lld, %lld] = (%g, %g, %g, %g) has a non-finite coordinate; drop or repair NaN and "
                      "infinite boxes first", fn, what, (long long)img, (long long)box, v0, v1, v2, v3);
    } else {
        const bool c = format == NN4J_BOX_CORNERS;
        std::snprintf(buf, len,
                      "%s: %s[%lld, %lld] = (%g, %g, %g, %g) has a negative size as %s; boxes need %s (is the box "
                      "format right?)", fn, what, (long long)img, (long long)box, v0, v1, v2, v3,
                      c ? "corners (x1, y1, x2, y2)" : "centre/size (cx, cy, w, h)",
                      c ? "x1 <= x2 and y1 <= y2" : "w >= 0 and h >= 0");
    }
}

inline void nan_score_message(char* buf, size_t len, const char* fn, int64_t img, int64_t box) {
    std::snprintf(buf, len, "%s: scores[%lld, %lld] is NaN; NMS needs comparable scores (drop the box or give it -inf)",
                  fn, (long long)img, (long long)box);
}

inline int64_t class_at(int class_dtype, const void* classes, int64_t i) {
    return class_dtype == NN4J_I32 ? (int64_t)((const int32_t*)classes)[i] : ((const int64_t*)classes)[i];
}

// Candidates of one image (n boxes): the indices with score >= score_threshold, ordered by
// (class asc when classes != null), score desc, index asc. seg receives the start of each
// class's run in `order`, followed by order.size().
template <class T>
void order_candidates(int64_t n, const T* scores, int class_dtype, const void* classes, double score_threshold,
                      std::vector<int64_t>& order, std::vector<int64_t>& seg) {
    order.clear();
    seg.clear();
    for (int64_t i = 0; i < n; ++i)
        if ((double)scores[i] >= score_threshold) order.push_back(i);
    auto by_score = [scores](int64_t a, int64_t b) { return scores[a] > scores[b] || (scores[a] == scores[b] && a < b); };
    if (classes) {
        std::sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
            const int64_t ca = class_at(class_dtype, classes, a), cb = class_at(class_dtype, classes, b);
            return ca < cb || (ca == cb && by_score(a, b));
        });
        for (size_t k = 0; k < order.size(); ++k)
            if (k == 0 || class_at(class_dtype, classes, order[k]) != class_at(class_dtype, classes, order[k - 1]))
                seg.push_back((int64_t)k);
    } else {
        std::sort(order.begin(), order.end(), by_score);
        if (!order.empty()) seg.push_back(0);
    }
    seg.push_back((int64_t)order.size());
}

// Orders the kept indices by (score desc, index asc), writes the first min(kept, max_outputs)
// to keep[0, width) padded with -1, and returns how many were written.
template <class T>
int64_t finish_keep(std::vector<int64_t>& kept, const T* scores, int64_t max_outputs, int64_t width, int64_t* keep) {
    std::sort(kept.begin(), kept.end(),
              [scores](int64_t a, int64_t b) { return scores[a] > scores[b] || (scores[a] == scores[b] && a < b); });
    const int64_t count = std::min<int64_t>((int64_t)kept.size(), max_outputs);
    for (int64_t k = 0; k < width; ++k) keep[k] = k < count ? kept[k] : -1;
    return count;
}

}  // namespace detect
}  // namespace nn4j
