// nn4j_unary, nn4j_binary and nn4j_where over strided, broadcasting (stride 0) operands.
// The per-element math is ew::unary_op / ew::binary_op (elementwise_math.h, shared with CUDA);
// this file only walks the index space. Innermost runs get tight loops over __restrict
// pointers so that the compiler vectorises them; an output that is exactly one of the inputs
// (same address and strides, e.g. a += b) takes an in-place loop instead, since __restrict
// would be a lie there.
#include <atomic>
#include <cmath>
#include "elementwise_math.h"
#include "elementwise_avx2.h"
#include "ew_common.h"

using namespace nn4j;

namespace {

const char* const kUnaryNames[NN4J_UNARY_COUNT] = {
    "NEG", "ABS", "SIGN", "EXP", "LOG", "LOG1P", "EXPM1", "SQRT", "RSQRT", "SQUARE",
    "RECIPROCAL", "SIN", "COS", "TANH", "SIGMOID", "RELU", "FLOOR", "CEIL", "ROUND",
    "POW_SCALAR", "CLAMP", "LOGICAL_NOT", "ISNAN", "ISFINITE", "STEP"};
const char* const kBinaryNames[NN4J_BINARY_COUNT] = {
    "ADD", "SUB", "MUL", "DIV", "POW", "MAX", "MIN", "EQ", "NE", "LT", "LE", "GT", "GE",
    "AND", "OR", "XOR"};

// ---- run loops -------------------------------------------------------------------------------
template <class Ti, class To, class F>
void map1(const Ti* __restrict x, To* __restrict o, int64_t n, F f) {
    for (int64_t i = 0; i < n; ++i) o[i] = f(x[i]);
}
template <class T, class F> void map1_inplace(T* o, int64_t n, F f) {
    for (int64_t i = 0; i < n; ++i) o[i] = f(o[i]);
}
template <class T, class To, class F>
void map2(const T* __restrict a, const T* __restrict b, To* __restrict o, int64_t n, F f) {
    for (int64_t i = 0; i < n; ++i) o[i] = f(a[i], b[i]);
}
// Output == a (or == b): only the other input may be __restrict.
template <class T, class F> void map2_inplace_a(T* o, const T* __restrict b, int64_t n, F f) {
    for (int64_t i = 0; i < n; ++i) o[i] = f(o[i], b[i]);
}
template <class T, class F> void map2_inplace_b(const T* __restrict a, T* o, int64_t n, F f) {
    for (int64_t i = 0; i < n; ++i) o[i] = f(a[i], o[i]);
}
template <class T> void fill_run(T* o, int64_t os, int64_t n, T v) {
    for (int64_t i = 0; i < n; ++i) o[i * os] = v;
}

// ---- unary -----------------------------------------------------------------------------------
// Relative cost of one element, to start threads earlier for libm-bound ops.
constexpr int64_t unary_cost(int op) {
    return ew::unary_float_only(op) && op != NN4J_UNARY_SQRT && op != NN4J_UNARY_RSQRT &&
                   op != NN4J_UNARY_RECIPROCAL
               ? 8
               : 1;
}

template <int OP, class T>
void unary_kernel(const StridedIter<2>& it, int64_t numel, const T* x,
                  typename ew::UnaryResult<OP, T>::type* out, T alpha, T beta) {
    using R = typename ew::UnaryResult<OP, T>::type;
    auto f = [alpha, beta](T v) { return ew::unary_op<OP, T>(v, alpha, beta); };
    constexpr bool kAvx2Op = ew::same_t<T, float>::value &&
                             (OP == NN4J_UNARY_EXP || OP == NN4J_UNARY_LOG || OP == NN4J_UNARY_TANH ||
                              OP == NN4J_UNARY_SIGMOID);
    [[maybe_unused]] const bool avx2 = kAvx2Op && active_isa() >= NN4J_ISA_AVX2;
    // the AVX2 kernels run at a few cycles per element, so start threads later for them
    parallel_ranges(it, numel, avx2 ? 2 : unary_cost(OP), [&](const int64_t* off, int64_t n, const int64_t* st) {
        const T* xp = x + off[0];
        R* op = out + off[1];
        if (st[0] == 1 && st[1] == 1) {
            if constexpr (ew::same_t<T, R>::value) {
                if constexpr (kAvx2Op)
                    if (avx2 && avx2_unary_run(OP, xp, op, n)) return;  // in-place safe too
                if ((const void*)xp == (const void*)op) return map1_inplace(op, n, f);
            }
            map1(xp, op, n, f);
        } else if (st[0] == 0) {
            fill_run(op, st[1], n, f(xp[0]));
        } else {
            for (int64_t i = 0; i < n; ++i) op[i * st[1]] = f(xp[i * st[0]]);
        }
    });
}

int unary_dispatch(int op, int dtype, const StridedIter<2>& it, int64_t numel, const void* x,
                   void* out, double alpha, double beta) {
    if (op == NN4J_UNARY_POW_SCALAR && alpha == 2.0) op = NN4J_UNARY_SQUARE;  // exact either way
    return dispatch_dtype(dtype, [&](auto tag) -> int {
        using T = typename decltype(tag)::type;
        const T a = op == NN4J_UNARY_CLAMP ? ew::clamp_bound_lo<T>(alpha) : ew::convert<T, double>(alpha);
        const T b = op == NN4J_UNARY_CLAMP ? ew::clamp_bound_hi<T>(beta) : ew::convert<T, double>(beta);
        return dispatch_op<NN4J_UNARY_COUNT>(op, [&](auto opc) -> int {
            constexpr int OP = decltype(opc)::value;
            constexpr int DT = dtype_code<T>();
            if constexpr (ew::unary_supports(OP, DT)) {
                using R = typename ew::UnaryResult<OP, T>::type;
                unary_kernel<OP, T>(it, numel, (const T*)x, (R*)out, a, b);
                return NN4J_OK;
            } else {
                return fail(NN4J_ERR_INTERNAL, "nn4j_unary: unsupported pair reached the kernel");
            }
        });
    });
}

// ---- binary ----------------------------------------------------------------------------------
template <int OP, class T>
void binary_kernel(const StridedIter<3>& it, int64_t numel, const T* a, const T* b,
                   typename ew::BinaryResult<OP, T>::type* out) {
    using R = typename ew::BinaryResult<OP, T>::type;
    constexpr bool same = ew::same_t<T, R>::value;
    auto f = [](T u, T v) { return ew::binary_op<OP, T>(u, v); };
    const int64_t cost = OP == NN4J_BINARY_POW ? 8 : 1;
    parallel_ranges(it, numel, cost, [&](const int64_t* off, int64_t n, const int64_t* st) {
        const T* ap = a + off[0];
        const T* bp = b + off[1];
        R* op = out + off[2];
        const int64_t as = st[0], bs = st[1], os = st[2];
        const bool in_a = same && (const void*)ap == (const void*)op;
        const bool in_b = same && (const void*)bp == (const void*)op;
        if (os == 1 && as == 1 && bs == 1) {
            if constexpr (same) {
                if (in_a && in_b) return map1_inplace(op, n, [&](T u) { return f(u, u); });
                if (in_a) return map2_inplace_a(op, bp, n, f);
                if (in_b) return map2_inplace_b(ap, op, n, f);
            }
            map2(ap, bp, op, n, f);
        } else if (os == 1 && as == 1 && bs == 0) {
            const T v = bp[0];
            if constexpr (same)
                if (in_a) return map1_inplace(op, n, [&](T u) { return f(u, v); });
            map1(ap, op, n, [&](T u) { return f(u, v); });
        } else if (os == 1 && as == 0 && bs == 1) {
            const T u = ap[0];
            if constexpr (same)
                if (in_b) return map1_inplace(op, n, [&](T v) { return f(u, v); });
            map1(bp, op, n, [&](T v) { return f(u, v); });
        } else if (as == 0 && bs == 0) {
            fill_run(op, os, n, f(ap[0], bp[0]));
        } else {
            for (int64_t i = 0; i < n; ++i) op[i * os] = f(ap[i * as], bp[i * bs]);
        }
    });
}

// Integer division: a zero divisor anywhere is an error, found before anything is written.
template <class T>
bool has_zero(int ndim, const int64_t* shape, const T* b, const int64_t* b_strides) {
    const int64_t* strides[1] = {b_strides};
    StridedIter<1> it = make_iter<1>(ndim, shape, strides);
    int64_t n = 1;
    for (int d = 0; d < it.ndim; ++d) n *= it.shape[d];
    std::atomic<bool> zero{false};
    parallel_ranges(it, n, 1, [&](const int64_t* off, int64_t len, const int64_t* st) {
        bool z = false;
        for (int64_t i = 0; i < len; ++i) z |= b[off[0] + i * st[0]] == 0;
        if (z) zero.store(true, std::memory_order_relaxed);
    });
    return zero.load();
}

int binary_dispatch(int op, int dtype, int ndim, const int64_t* shape, const StridedIter<3>& it,
                    int64_t numel, const void* a, const void* b, const int64_t* b_strides, void* out) {
    return dispatch_dtype(dtype, [&](auto tag) -> int {
        using T = typename decltype(tag)::type;
        if constexpr (!ew::is_fp<T>::value) {
            if (op == NN4J_BINARY_DIV && has_zero(ndim, shape, (const T*)b, b_strides))
                return fail(NN4J_ERR_ARG, "nn4j_binary: DIV %s: integer division by zero (b has a 0 "
                            "element)", dtype_name(dtype));
        }
        return dispatch_op<NN4J_BINARY_COUNT>(op, [&](auto opc) -> int {
            constexpr int OP = decltype(opc)::value;
            constexpr int DT = dtype_code<T>();
            if constexpr (ew::binary_supports(OP, DT)) {
                using R = typename ew::BinaryResult<OP, T>::type;
                binary_kernel<OP, T>(it, numel, (const T*)a, (const T*)b, (R*)out);
                return NN4J_OK;
            } else {
                return fail(NN4J_ERR_INTERNAL, "nn4j_binary: unsupported pair reached the kernel");
            }
        });
    });
}

// ---- where -----------------------------------------------------------------------------------
template <class T>
void where_contig(const uint8_t* __restrict c, const T* __restrict a, const T* __restrict b,
                  T* __restrict o, int64_t n) {
    for (int64_t i = 0; i < n; ++i) o[i] = c[i] ? a[i] : b[i];
}

template <class T>
void where_kernel(const StridedIter<4>& it, int64_t numel, const uint8_t* cond, const T* a,
                  const T* b, T* out) {
    parallel_ranges(it, numel, 1, [&](const int64_t* off, int64_t n, const int64_t* st) {
        const uint8_t* cp = cond + off[0];
        const T* ap = a + off[1];
        const T* bp = b + off[2];
        T* op = out + off[3];
        const bool alias = (const void*)ap == (const void*)op || (const void*)bp == (const void*)op;
        if (st[0] == 1 && st[1] == 1 && st[2] == 1 && st[3] == 1 && !alias)
            return where_contig(cp, ap, bp, op, n);
        for (int64_t i = 0; i < n; ++i) op[i * st[3]] = cp[i * st[0]] ? ap[i * st[1]] : bp[i * st[2]];
    });
}

// ---- shared validation ----------------------------------------------------------------------
int check_operand(const char* fn, const char* name, const char* sname, int ndim, const int64_t* shape,
                  int64_t numel, const void* p, const int64_t* strides, bool is_output) {
    if (numel > 0)
        if (int rc = check_ptr(fn, name, p)) return rc;
    return check_strides(fn, sname, ndim, shape, strides, is_output);
}

}  // namespace

extern "C" {

int nn4j_unary(int device, int op, int dtype, int ndim, const int64_t* shape, const void* x,
               const int64_t* x_strides, void* out, const int64_t* out_strides, double alpha,
               double beta) {
    static const char* fn = "nn4j_unary";
    if (op < 0 || op >= NN4J_UNARY_COUNT) return fail(NN4J_ERR_ARG, "%s: unknown op code %d", fn, op);
    if (int rc = check_dtype(fn, dtype)) return rc;
    if (!ew::unary_supports(op, dtype))
        return fail(NN4J_ERR_DTYPE, "%s: %s does not support dtype %s", fn, kUnaryNames[op],
                    dtype_name(dtype));
    if (int rc = check_shape(fn, ndim, shape)) return rc;
    const int64_t numel = shape_numel(ndim, shape);
    if (int rc = check_operand(fn, "x", "x_strides", ndim, shape, numel, x, x_strides, false)) return rc;
    if (int rc = check_operand(fn, "out", "out_strides", ndim, shape, numel, out, out_strides, true))
        return rc;
    if (device != 0)
        return NN4J_CUDA_FORWARD(fn, unary, device - 1, op, dtype, ndim, shape, x, x_strides, out,
                                 out_strides, alpha, beta);
    if (numel == 0) return NN4J_OK;
    return guarded(fn, [&]() -> int {
        const int64_t* strides[2] = {x_strides, out_strides};
        StridedIter<2> it = make_iter<2>(ndim, shape, strides);
        return unary_dispatch(op, dtype, it, numel, x, out, alpha, beta);
    });
}

int nn4j_binary(int device, int op, int dtype, int ndim, const int64_t* shape, const void* a,
                const int64_t* a_strides, const void* b, const int64_t* b_strides, void* out,
                const int64_t* out_strides) {
    static const char* fn = "nn4j_binary";
    if (op < 0 || op >= NN4J_BINARY_COUNT) return fail(NN4J_ERR_ARG, "%s: unknown op code %d", fn, op);
    if (int rc = check_dtype(fn, dtype)) return rc;
    if (!ew::binary_supports(op, dtype))
        return fail(NN4J_ERR_DTYPE, "%s: %s does not support dtype %s", fn, kBinaryNames[op],
                    dtype_name(dtype));
    if (int rc = check_shape(fn, ndim, shape)) return rc;
    const int64_t numel = shape_numel(ndim, shape);
    if (int rc = check_operand(fn, "a", "a_strides", ndim, shape, numel, a, a_strides, false)) return rc;
    if (int rc = check_operand(fn, "b", "b_strides", ndim, shape, numel, b, b_strides, false)) return rc;
    if (int rc = check_operand(fn, "out", "out_strides", ndim, shape, numel, out, out_strides, true))
        return rc;
    if (device != 0)
        return NN4J_CUDA_FORWARD(fn, binary, device - 1, op, dtype, ndim, shape, a, a_strides, b,
                                 b_strides, out, out_strides);
    if (numel == 0) return NN4J_OK;
    return guarded(fn, [&]() -> int {
        const int64_t* strides[3] = {a_strides, b_strides, out_strides};
        StridedIter<3> it = make_iter<3>(ndim, shape, strides);
        return binary_dispatch(op, dtype, ndim, shape, it, numel, a, b, b_strides, out);
    });
}

int nn4j_where(int device, int dtype, int ndim, const int64_t* shape, const void* cond,
               const int64_t* cond_strides, const void* a, const int64_t* a_strides, const void* b,
               const int64_t* b_strides, void* out, const int64_t* out_strides) {
    static const char* fn = "nn4j_where";
    if (int rc = check_dtype(fn, dtype)) return rc;
    if (int rc = check_shape(fn, ndim, shape)) return rc;
    const int64_t numel = shape_numel(ndim, shape);
    if (int rc = check_operand(fn, "cond", "cond_strides", ndim, shape, numel, cond, cond_strides, false))
        return rc;
    if (int rc = check_operand(fn, "a", "a_strides", ndim, shape, numel, a, a_strides, false)) return rc;
    if (int rc = check_operand(fn, "b", "b_strides", ndim, shape, numel, b, b_strides, false)) return rc;
    if (int rc = check_operand(fn, "out", "out_strides", ndim, shape, numel, out, out_strides, true))
        return rc;
    if (device != 0)
        return NN4J_CUDA_FORWARD(fn, where, device - 1, dtype, ndim, shape, cond, cond_strides, a,
                                 a_strides, b, b_strides, out, out_strides);
    if (numel == 0) return NN4J_OK;
    return guarded(fn, [&]() -> int {
        const int64_t* strides[4] = {cond_strides, a_strides, b_strides, out_strides};
        StridedIter<4> it = make_iter<4>(ndim, shape, strides);
        return dispatch_dtype(dtype, [&](auto tag) -> int {
            using T = typename decltype(tag)::type;
            where_kernel<T>(it, numel, (const uint8_t*)cond, (const T*)a, (const T*)b, (T*)out);
            return NN4J_OK;
        });
    });
}

}  // extern "C"
