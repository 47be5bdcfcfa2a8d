// nn4j_copy: strided -> strided copy with dtype conversion (rules in elementwise_math.h:
// float -> int truncates toward zero and saturates like Java, NaN -> 0; -> bool is x != 0).
#include <algorithm>
#include <cstring>
#include "elementwise_math.h"
#include "ew_common.h"

using namespace nn4j;

namespace {

template <class To, class From>
void convert_contig(const From* __restrict x, To* __restrict o, int64_t n) {
    for (int64_t i = 0; i < n; ++i) o[i] = ew::convert<To, From>(x[i]);
}

// When x is column-major in the last two axes and out row-major (materialising a transposed
// view), a row-by-row walk reads x with a large stride; walking kTile x kTile tiles keeps both
// sides in L1. Returns false when the layout is not of that kind.
constexpr int64_t kTile = 32;

template <class To, class From>
bool transpose_copy(const StridedIter<2>& it, int64_t numel, const From* x, To* out) {
    const int nd = it.ndim;
    if (nd < 2) return false;
    const int64_t xr = it.strides[0][nd - 2], xc = it.strides[0][nd - 1];
    const int64_t orow = it.strides[1][nd - 2], oc = it.strides[1][nd - 1];
    const int64_t R = it.shape[nd - 2], C = it.shape[nd - 1];
    if (!(xr == 1 && oc == 1 && xc != 1) || R < kTile || C < kTile) return false;
    StridedIter<2> outer = it;  // leading axes, if any
    outer.ndim = nd - 2;
    int64_t nouter = 1;
    for (int d = 0; d < nd - 2; ++d) nouter *= it.shape[d];
    const int64_t tr = (R + kTile - 1) / kTile, tc = (C + kTile - 1) / kTile;
    auto tiles = [&](int64_t b, int64_t e) {
        for (int64_t t = b; t < e; ++t) {
            int64_t base[2] = {0, 0};
            if (outer.ndim > 0) offsets_at(outer, t / (tr * tc), base);
            const int64_t r0 = (t / tc) % tr * kTile, c0 = t % tc * kTile;
            const int64_t r1 = std::min(R, r0 + kTile), c1 = std::min(C, c0 + kTile);
            for (int64_t r = r0; r < r1; ++r) {
                const From* xp = x + base[0] + r;
                To* op = out + base[1] + r * orow;
                for (int64_t c = c0; c < c1; ++c) op[c] = ew::convert<To, From>(xp[c * xc]);
            }
        }
    };
    const int64_t ntiles = nouter * tr * tc;
    if (numel < kParallelMin) tiles(0, ntiles);
    else parallel_for(ntiles, std::max<int64_t>(1, kGrain / (kTile * kTile)), tiles);
    return true;
}

template <class To, class From>
void copy_kernel(const StridedIter<2>& it, int64_t numel, const From* x, To* out) {
    if (transpose_copy(it, numel, x, out)) return;
    parallel_ranges(it, numel, 1, [&](const int64_t* off, int64_t n, const int64_t* st) {
        const From* xp = x + off[0];
        To* op = out + off[1];
        const int64_t xs = st[0], os = st[1];
        if (xs == 1 && os == 1) {
            if constexpr (ew::same_t<To, From>::value) {
                if ((const void*)xp != (const void*)op) std::memcpy(op, xp, (size_t)n * sizeof(To));
            } else {
                convert_contig(xp, op, n);
            }
        } else if (xs == 0) {
            const To v = ew::convert<To, From>(xp[0]);
            for (int64_t i = 0; i < n; ++i) op[i * os] = v;
        } else {
            for (int64_t i = 0; i < n; ++i) op[i * os] = ew::convert<To, From>(xp[i * xs]);
        }
    });
}

}  // namespace

extern "C" int nn4j_copy(int device, int ndim, const int64_t* shape, int x_dtype, const void* x,
                         const int64_t* x_strides, int out_dtype, void* out,
                         const int64_t* out_strides) {
    static const char* fn = "nn4j_copy";
    if (int rc = check_shape(fn, ndim, shape)) return rc;
    if (dtype_size(x_dtype) == 0) return fail(NN4J_ERR_DTYPE, "%s: unknown x_dtype code %d", fn, x_dtype);
    if (dtype_size(out_dtype) == 0)
        return fail(NN4J_ERR_DTYPE, "%s: unknown out_dtype code %d", fn, out_dtype);
    const int64_t numel = shape_numel(ndim, shape);
    if (numel > 0) {
        if (int rc = check_ptr(fn, "x", x)) return rc;
        if (int rc = check_ptr(fn, "out", out)) return rc;
    }
    if (int rc = check_strides(fn, "x_strides", ndim, shape, x_strides, false)) return rc;
    if (int rc = check_strides(fn, "out_strides", ndim, shape, out_strides, true)) return rc;
    if (device != 0)
        return NN4J_CUDA_FORWARD(fn, copy, device - 1, ndim, shape, x_dtype, x, x_strides, out_dtype,
                                 out, out_strides);
    if (numel == 0) return NN4J_OK;
    return guarded(fn, [&]() -> int {
        const int64_t* strides[2] = {x_strides, out_strides};
        StridedIter<2> it = make_iter<2>(ndim, shape, strides);
        return dispatch_dtype(x_dtype, [&](auto xt) -> int {
            using From = typename decltype(xt)::type;
            return dispatch_dtype(out_dtype, [&](auto ot) -> int {
                using To = typename decltype(ot)::type;
                copy_kernel<To, From>(it, numel, (const From*)x, (To*)out);
                return NN4J_OK;
            });
        });
    });
}
