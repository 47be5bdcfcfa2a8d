// Geometry and per-element rules shared by the convolution and pooling kernels on the CPU
// (native/src/cpu/conv.cpp, pool.cpp, dnnl_*.cpp) and their CUDA twins (native/src/cuda/conv.cu,
// pool.cu), so that both sides index, pad and break ties identically.
//
// Spatial axes are right-aligned into three (a 1-D op has D = H = 1, k = s = d = 1, no padding
// on the leading axes), so one code path serves 1-D, 2-D and 3-D. Geometries are validated by
// the CPU entry points (conv.cpp / pool.cpp) before any kernel or CUDA table entry sees them.
#pragma once
#include <math.h>
#include <stdint.h>
#include "philox.h"  // NN4J_HD

namespace nn4j {
namespace conv {

constexpr int kSp = 3;  // spatial axes after right-alignment

// One convolution, as the forward op sees it: x (n, cin, in...) -> y (n, cout, out...),
// w (cout, cin/groups, k...). Transposed convolution uses the geometry of its adjoint.
struct Geom {
    int nsp;                               // spatial axes of the caller (1..3)
    int64_t n, cin, cout, groups;
    int64_t in[kSp], out[kSp], k[kSp], s[kSp], d[kSp], pb[kSp], pe[kSp];
    // derived by finish()
    int64_t cin_g, cout_g;  // channels per group
    int64_t ksz;            // kernel positions, k0*k1*k2
    int64_t kdim;           // rows of one group's column matrix, cin_g*ksz
    int64_t isz, osz;       // positions of one input / output plane
};

// Output length on one axis, or 0 when the (padded) input is shorter than the dilated kernel.
NN4J_HD int64_t out_len(int64_t in, int64_t k, int64_t s, int64_t d, int64_t pb, int64_t pe) {
    const int64_t span = in + pb + pe - d * (k - 1) - 1;
    return span < 0 ? 0 : span / s + 1;
}

inline void finish(Geom& g) {
    g.cin_g = g.cin / g.groups;
    g.cout_g = g.cout / g.groups;
    g.ksz = g.k[0] * g.k[1] * g.k[2];
    g.kdim = g.cin_g * g.ksz;
    g.isz = g.in[0] * g.in[1] * g.in[2];
    g.osz = g.out[0] * g.out[1] * g.out[2];
}

// 1x1 kernels with unit stride and no padding read x itself as the column matrix.
inline bool is_pointwise(const Geom& g) {
    for (int a = 0; a < kSp; ++a)
        if (g.k[a] != 1 || g.s[a] != 1 || g.pb[a] != 0 || g.pe[a] != 0) return false;
    return true;
}

// Input coordinate read by output coordinate o at kernel tap q on axis a (may be outside [0, in)).
NN4J_HD int64_t in_coord(const Geom& g, int a, int64_t o, int64_t q) {
    return o * g.s[a] - g.pb[a] + q * g.d[a];
}

// Range [lo, hi) of output coordinates whose tap q lands inside the input on axis a:
// 0 <= o*s - pb + q*d < in.
NN4J_HD void valid_out_range(const Geom& g, int a, int64_t q, int64_t* lo, int64_t* hi) {
    const int64_t off = q * g.d[a] - g.pb[a];  // input coordinate of o = 0
    const int64_t s = g.s[a], n = g.out[a];
    int64_t l = off >= 0 ? 0 : (-off + s - 1) / s;
    int64_t h = g.in[a] - off <= 0 ? 0 : (g.in[a] - off + s - 1) / s;
    if (l > n) l = n;
    if (h > n) h = n;
    if (h < l) h = l;
    *lo = l;
    *hi = h;
}

}  // namespace conv

namespace pool {

constexpr int kSp = 3;
enum { kMax = 0, kAvg = 1, kMin = 2 };  // = NN4J_POOL_MAX / AVG / MIN

// x (n, c, in...) -> y (n, c, out...): planes = n*c independent planes.
struct Geom {
    int nsp;
    int64_t n, c;
    int64_t in[kSp], out[kSp], k[kSp], s[kSp], pb[kSp], pe[kSp];
    int64_t planes, isz, osz;  // derived by finish()
};

inline void finish(Geom& g) {
    g.planes = g.n * g.c;
    g.isz = g.in[0] * g.in[1] * g.in[2];
    g.osz = g.out[0] * g.out[1] * g.out[2];
}

NN4J_HD int64_t out_len(int64_t in, int64_t k, int64_t s, int64_t pb, int64_t pe) {
    const int64_t span = in + pb + pe - k;
    return span < 0 ? 0 : span / s + 1;
}

// Window of output coordinate o on axis a, clipped to the input: [lo, hi), never empty when
// pads < k (checked by the entry points).
NN4J_HD void window(const Geom& g, int a, int64_t o, int64_t* lo, int64_t* hi) {
    const int64_t start = o * g.s[a] - g.pb[a];
    const int64_t end = start + g.k[a];
    *lo = start < 0 ? 0 : start;
    *hi = end > g.in[a] ? g.in[a] : end;
}

// Whether candidate v replaces the current pick for MAX/MIN, scanning the window in row-major
// order: the first element starts the scan; a strictly better value replaces it, so ties keep the
// first index (K16); the first NaN replaces a number and then stays (K17).
template <class T> NN4J_HD bool takes(int kind, T v, T best) {
    if (v != v) return best == best;
    return kind == kMin ? v < best : v > best;
}

// Workspace tags (ws[0]): which implementation wrote the rest of the workspace.
constexpr int64_t kWsOwn = 0x6e6e346a6f776e31LL;   // "nn4jown1": ws[1 + i] = plane index of the pick
constexpr int64_t kWsDnnl = 0x6e6e346a646e6e31LL;  // "nn4jdnn1": oneDNN's workspace follows

}  // namespace pool
}  // namespace nn4j
