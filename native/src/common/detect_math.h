// Per-box and per-pair math of the detection family (nn4j_detect.h), shared by the CPU kernels
// and their CUDA twins so that both validate, convert, measure IoU and decide suppression with
// the same operations in the same order. NN4J_HD only.
#pragma once
#include "elementwise_math.h"
#include "nn4j_detect.h"

namespace nn4j {
namespace detect {

template <class T> struct Box {
    T x1, y1, x2, y2;
};

template <class T> NN4J_HD T max_(T a, T b) { return a > b ? a : b; }
template <class T> NN4J_HD T min_(T a, T b) { return a < b ? a : b; }

// Corners of the 4 numbers at p, given in `format`.
template <class T> NN4J_HD Box<T> corners(int format, const T* p) {
    Box<T> r;
    if (format == NN4J_BOX_CORNERS) {
        r.x1 = p[0], r.y1 = p[1], r.x2 = p[2], r.y2 = p[3];
    } else {
        const T hw = p[2] * T(0.5), hh = p[3] * T(0.5);
        r.x1 = p[0] - hw, r.y1 = p[1] - hh, r.x2 = p[0] + hw, r.y2 = p[1] + hh;
    }
    return r;
}

template <class T> NN4J_HD T area(const Box<T>& b) { return (b.x2 - b.x1) * (b.y2 - b.y1); }

// Why a box is rejected by IoU and NMS: 0 valid, 1 a non-finite coordinate, 2 a negative size.
enum { BOX_OK = 0, BOX_NOT_FINITE = 1, BOX_NEGATIVE = 2 };
template <class T> NN4J_HD int box_problem(int format, const T* p) {
    for (int k = 0; k < 4; ++k)
        if (!(ew::m_fabs(p[k]) < T(INFINITY))) return BOX_NOT_FINITE;
    const bool neg = format == NN4J_BOX_CORNERS ? (p[2] < p[0] || p[3] < p[1]) : (p[2] < T(0) || p[3] < T(0));
    return neg ? BOX_NEGATIVE : BOX_OK;
}

// y = x converted between formats (4 numbers each); from == to copies.
template <class T> NN4J_HD void convert(int from, int to, const T* x, T* y) {
    if (from == to) {
        for (int k = 0; k < 4; ++k) y[k] = x[k];
    } else if (from == NN4J_BOX_CORNERS) {
        const T x1 = x[0], y1 = x[1], x2 = x[2], y2 = x[3];
        y[0] = (x1 + x2) * T(0.5), y[1] = (y1 + y2) * T(0.5), y[2] = x2 - x1, y[3] = y2 - y1;
    } else {
        const Box<T> c = corners(NN4J_BOX_CENTER, x);
        y[0] = c.x1, y[1] = c.y1, y[2] = c.x2, y[3] = c.y2;
    }
}

// dx = J^T dy for the conversion above (dy, dx may alias).
template <class T> NN4J_HD void convert_backward(int from, int to, const T* dy, T* dx) {
    const T g0 = dy[0], g1 = dy[1], g2 = dy[2], g3 = dy[3];
    if (from == to) {
        dx[0] = g0, dx[1] = g1, dx[2] = g2, dx[3] = g3;
    } else if (from == NN4J_BOX_CORNERS) {  // y = (cx, cy, w, h) of x = corners
        dx[0] = g0 * T(0.5) - g2, dx[1] = g1 * T(0.5) - g3;
        dx[2] = g0 * T(0.5) + g2, dx[3] = g1 * T(0.5) + g3;
    } else {  // y = corners of x = (cx, cy, w, h)
        dx[0] = g0 + g2, dx[1] = g1 + g3;
        dx[2] = (g2 - g0) * T(0.5), dx[3] = (g3 - g1) * T(0.5);
    }
}

// Intersection over union of two boxes given by corners and areas (D4); 0 when the union is 0.
template <class T> NN4J_HD T iou(const Box<T>& a, T area_a, const Box<T>& b, T area_b) {
    const T iw = max_(min_(a.x2, b.x2) - max_(a.x1, b.x1), T(0));
    const T ih = max_(min_(a.y2, b.y2) - max_(a.y1, b.y1), T(0));
    const T inter = iw * ih;
    const T uni = area_a + area_b - inter;
    return uni > T(0) ? inter / uni : T(0);
}

// NMS suppression test IoU > thr, written inter > thr * union: no division, and a zero union
// (inter 0) never suppresses. Branch-free so that the CPU loop over candidates vectorizes.
template <class T>
NN4J_HD bool suppresses(T ax1, T ay1, T ax2, T ay2, T area_a, T bx1, T by1, T bx2, T by2, T area_b, T thr) {
    T iw = min_(ax2, bx2) - max_(ax1, bx1);
    T ih = min_(ay2, by2) - max_(ay1, by1);
    iw = iw > T(0) ? iw : T(0);
    ih = ih > T(0) ? ih : T(0);
    const T inter = iw * ih;
    return inter > thr * (area_a + area_b - inter);
}

// Gradient of g * IoU(a, b) in the 4 numbers of a and of b (given in `format`), added to
// ga[4] and gb[4]; computed in double. Kinks as documented in nn4j_detect.h: the clamp at 0
// passes no gradient, min/max ties go to a, a zero union gives 0.
template <class T> NN4J_HD void iou_grad(int format, const T* pa, const T* pb, double g, double* ga, double* gb) {
    const Box<T> ta = corners(format, pa), tb = corners(format, pb);
    const double ax1 = ta.x1, ay1 = ta.y1, ax2 = ta.x2, ay2 = ta.y2;
    const double bx1 = tb.x1, by1 = tb.y1, bx2 = tb.x2, by2 = tb.y2;
    const bool a_l = ax1 >= bx1, a_r = ax2 <= bx2, a_t = ay1 >= by1, a_b = ay2 <= by2;
    const double rw = (a_r ? ax2 : bx2) - (a_l ? ax1 : bx1);
    const double rh = (a_b ? ay2 : by2) - (a_t ? ay1 : by1);
    const double iw = rw > 0 ? rw : 0, ih = rh > 0 ? rh : 0;
    const double aw = ax2 - ax1, ah = ay2 - ay1, bw = bx2 - bx1, bh = by2 - by1;
    const double inter = iw * ih, uni = aw * ah + bw * bh - inter;
    if (!(uni > 0)) return;
    const double gi = g * (uni + inter) / (uni * uni);  // dIoU/dinter
    const double gu = -g * inter / (uni * uni);          // dIoU/darea_a = dIoU/darea_b
    const double gw = rw > 0 ? gi * ih : 0;              // d/d(right - left)
    const double gh = rh > 0 ? gi * iw : 0;              // d/d(bottom - top)
    double da[4] = {-(a_l ? gw : 0) - gu * ah, -(a_t ? gh : 0) - gu * aw, (a_r ? gw : 0) + gu * ah,
                    (a_b ? gh : 0) + gu * aw};
    double db[4] = {-(a_l ? 0 : gw) - gu * bh, -(a_t ? 0 : gh) - gu * bw, (a_r ? 0 : gw) + gu * bh,
                    (a_b ? 0 : gh) + gu * bw};
    if (format == NN4J_BOX_CENTER) {  // chain through x1 = cx - w/2, x2 = cx + w/2
        convert_backward<double>(NN4J_BOX_CENTER, NN4J_BOX_CORNERS, da, da);
        convert_backward<double>(NN4J_BOX_CENTER, NN4J_BOX_CORNERS, db, db);
    }
    for (int k = 0; k < 4; ++k) ga[k] += da[k], gb[k] += db[k];
}

}  // namespace detect
}  // namespace nn4j
