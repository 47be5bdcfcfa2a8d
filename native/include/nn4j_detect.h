/*
 * nn4j detection kernels (CURRICULUM D1, D4, D5): box-format conversion, batched pairwise IoU
 * and greedy non-maximum suppression. Included by nn4j.h; same invariants (status codes,
 * nn4j_last_error, no aborts, `device` 0 = CPU, 1 + ordinal = CUDA). Every buffer is contiguous
 * row-major; dtypes NN4J_F32 or NN4J_F64 for boxes and scores, NN4J_I32 / NN4J_I64 for class ids,
 * NN4J_I64 for NMS outputs. Every output OVERWRITES its buffer (=).
 *
 * Entry points, forward | backward (what forward saves for backward):
 *   nn4j_box_convert_forward | nn4j_box_convert_backward (nothing: the map is linear)
 *   nn4j_box_iou_forward     | nn4j_box_iou_backward     (a, b: the input boxes)
 *   nn4j_nms                 | none (selects indices; not differentiable)
 *
 * Boxes are 4 numbers in one of two formats (origin top-left, any unit: pixels or [0, 1]):
 *   NN4J_BOX_CORNERS (x1, y1, x2, y2), valid when x1 <= x2 and y1 <= y2;
 *   NN4J_BOX_CENTER  (cx, cy, w, h),   valid when w >= 0 and h >= 0;
 *   centre -> corners: x1 = cx - w/2, x2 = cx + w/2 (same for y);
 *   corners -> centre: cx = (x1 + x2)/2, w = x2 - x1.
 * IoU and NMS reject (NN4J_ERR_ARG, naming image, box and values) boxes with a non-finite
 * coordinate or a negative size; zero-area boxes are valid. Box conversion is a plain linear
 * map and accepts any values (NaN propagates).
 */
#ifndef NN4J_DETECT_H
#define NN4J_DETECT_H

#include <stdint.h>
#include "nn4j.h"

#ifdef __cplusplus
extern "C" {
#endif

enum { NN4J_BOX_CORNERS = 0, NN4J_BOX_CENTER = 1 };

/* ---- box format conversion: x, y (count, 4) ------------------------------------------------
 * y = x converted from format `from` to `to` (from == to copies). Backward: dx = J^T dy, the
 * adjoint of that linear map (corners -> centre: dx1 = dcx/2 - dw, dx2 = dcx/2 + dw;
 * centre -> corners: dcx = dx1 + dx2, dw = (dx2 - dx1)/2). dx may alias dy. */
NN4J_API int nn4j_box_convert_forward(int device, int dtype, int from, int to, int64_t count,
                                      const void* x, void* y);
NN4J_API int nn4j_box_convert_backward(int device, int dtype, int from, int to, int64_t count,
                                       const void* dy, void* dx);

/* ---- pairwise IoU (D4): a (batch, n, 4), b (batch, m, 4) -> iou (batch, n, m) --------------
 * From the corners of each pair: inter = max(0, min x2 - max x1) * max(0, min y2 - max y1),
 * union = area_a + area_b - inter, IoU = inter / union, and 0 when union is 0 (two zero-area
 * boxes), so degenerate boxes give 0, never NaN.
 * Backward: da (batch, n, 4) = sum_m diou * dIoU/da, db (batch, m, 4) = sum_n diou * dIoU/db,
 * in the boxes' own format; either may be null (not computed). Each element is summed in index
 * order by one thread (in double), so the result does not depend on the thread count.
 * Kinks: the clamp max(0, .) has derivative 0 at 0 (touching boxes get no gradient); a tie in
 * min/max sends the derivative to a's coordinate; union 0 gives gradient 0. */
NN4J_API int nn4j_box_iou_forward(int device, int dtype, int format, int64_t batch, int64_t n,
                                  int64_t m, const void* a, const void* b, void* iou);
NN4J_API int nn4j_box_iou_backward(int device, int dtype, int format, int64_t batch, int64_t n,
                                   int64_t m, const void* a, const void* b, const void* diou,
                                   void* da, void* db);

/* ---- greedy non-maximum suppression (D5), per image ----------------------------------------
 * boxes (batch, n, 4) in `format`, scores (batch, n) of the same dtype (finite or +-inf; NaN is
 * rejected), classes (batch, n) of class_dtype I32 / I64 or null. Per image:
 *   1. candidates are the boxes with score >= score_threshold (compared in double);
 *   2. candidates are visited by descending score; EQUAL SCORES: THE LOWER INDEX COMES FIRST
 *      (it is kept first and may suppress the higher index, never the reverse);
 *   3. a visited box that is not suppressed is kept and suppresses every later candidate of the
 *      SAME CLASS (any class when classes is null: class-agnostic) whose IoU with it is greater
 *      than iou_threshold. The test is inter > iou_threshold * union, from the corners and in
 *      the boxes' dtype, the same in every kernel (no division; union 0 never suppresses);
 *   4. the kept boxes are ordered by descending score (ties: lower index first) and the first
 *      min(kept, max_outputs) are written: max_outputs is per image, over all classes.
 * keep (batch, k) with k = min(n, max_outputs) receives the kept indices (into [0, n)) of each
 * image, padded with -1; counts (batch) the number kept. score_threshold: any value but NaN
 * (-inf keeps every box as a candidate); iou_threshold in [0, 1]; max_outputs >= 0.
 * Cost per image: two sorts of the candidates, then each kept box tests only the candidates of
 * its class whose x-extent can overlap its own (found by binary search in an x1-sorted layout),
 * stopping once max_outputs boxes of the class are kept; the worst case (every box spanning a
 * common x) is c^2 pair tests for c candidates of one class. The CUDA twin sorts on the host,
 * computes all pair tests as a c x ceil(c/64) bit matrix on the device (c^2 / 8 bytes, at most
 * 65535 * 64 candidates per image) and runs the greedy scan on the host; it keeps exactly what
 * the CPU kernel keeps. n <= 2^31 - 1. */
NN4J_API int nn4j_nms(int device, int dtype, int format, int64_t batch, int64_t n,
                      const void* boxes, const void* scores, int class_dtype, const void* classes,
                      double score_threshold, double iou_threshold, int64_t max_outputs,
                      int64_t* keep, int64_t* counts);

#ifdef __cplusplus
}
#endif
#endif /* NN4J_DETECT_H */
