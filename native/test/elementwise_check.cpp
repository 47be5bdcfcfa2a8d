// Dev check for the CPU fill / copy / element-wise / reduction / random / gather kernels:
// every op against a plain scalar reference on random non-zero inputs at odd shapes (scalar,
// 1, 7x13, 129x65, broadcast (7,1)+(1,13), transposed strides, 3-d, and sizes that take the
// threaded paths), plus argument validation, in-place use, and thread-count independence.
//
// Build against a private build of libnn4j (see the lead's brief), from the repository root:
//   g++ -O2 -std=c++17 -Inative/include -Inative/src/common native/test/elementwise_check.cpp
//       -L/tmp/build-ew/lib -lnn4j -Wl,-rpath,/tmp/build-ew/lib
//       -Wl,-rpath,/tmp/dnnl/org/bytedeco/dnnl/linux-x86_64 -o /tmp/ew_check && /tmp/ew_check
// (one line; libnn4j needs libdnnl.so.3, hence its rpath). Exits 0 when every check passes.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>
#include "nn4j.h"
#include "philox.h"

namespace {

int g_fail = 0, g_checks = 0, g_threads = 2;
std::mt19937_64 g_rng(12345);

#define CHECK(cond, ...)                                          \
    do {                                                          \
        ++g_checks;                                               \
        if (!(cond)) {                                            \
            ++g_fail;                                             \
            if (g_fail < 60) {                                    \
                printf("FAIL %s:%d: ", __FILE__, __LINE__);       \
                printf(__VA_ARGS__);                              \
                printf("\n");                                     \
            }                                                     \
        }                                                         \
    } while (0)

const char* dt_name(int dt) {
    static const char* n[] = {"f32", "f64", "i32", "i64", "bool"};
    return dt >= 0 && dt <= 4 ? n[dt] : "?";
}
size_t dt_size(int dt) { return dt == NN4J_F32 || dt == NN4J_I32 ? 4 : dt == NN4J_BOOL ? 1 : 8; }
bool is_float(int dt) { return dt == NN4J_F32 || dt == NN4J_F64; }

// A strided tensor view over its own buffer (non-negative strides).
struct Tensor {
    int dtype = NN4J_F32;
    std::vector<int64_t> shape, strides;
    std::vector<uint8_t> buf;
    int ndim() const { return (int)shape.size(); }
    int64_t numel() const {
        int64_t n = 1;
        for (auto s : shape) n *= s;
        return n;
    }
    void* data() { return buf.data(); }
    double get(int64_t off) const {
        const uint8_t* p = buf.data() + off * dt_size(dtype);
        switch (dtype) {
            case NN4J_F32: { float v; memcpy(&v, p, 4); return v; }
            case NN4J_F64: { double v; memcpy(&v, p, 8); return v; }
            case NN4J_I32: { int32_t v; memcpy(&v, p, 4); return v; }
            case NN4J_I64: { int64_t v; memcpy(&v, p, 8); return (double)v; }
            default: return *p;
        }
    }
    void set(int64_t off, double x) {
        uint8_t* p = buf.data() + off * dt_size(dtype);
        switch (dtype) {
            case NN4J_F32: { float v = (float)x; memcpy(p, &v, 4); break; }
            case NN4J_F64: memcpy(p, &x, 8); break;
            case NN4J_I32: { int32_t v = (int32_t)x; memcpy(p, &v, 4); break; }
            case NN4J_I64: { int64_t v = (int64_t)x; memcpy(p, &v, 8); break; }
            default: *p = x != 0;
        }
    }
    // offset of the row-major element index i
    int64_t offset(int64_t i) const {
        int64_t off = 0;
        for (int d = ndim() - 1; d >= 0; --d) {
            off += (i % shape[d]) * strides[d];
            i /= shape[d];
        }
        return off;
    }
    double at(int64_t i) const { return get(offset(i)); }
};

// Contiguous (row-major) tensor, or with `transposed` the last two axes stored swapped.
Tensor make(int dtype, std::vector<int64_t> shape, bool transposed = false) {
    Tensor t;
    t.dtype = dtype;
    t.shape = shape;
    int nd = (int)shape.size();
    std::vector<int64_t> order(shape);
    if (transposed && nd >= 2) std::swap(order[nd - 1], order[nd - 2]);
    std::vector<int64_t> st(nd);
    int64_t s = 1;
    for (int d = nd - 1; d >= 0; --d) { st[d] = s; s *= order[d]; }
    t.strides = st;
    if (transposed && nd >= 2) std::swap(t.strides[nd - 1], t.strides[nd - 2]);
    t.buf.assign((size_t)std::max<int64_t>(s, 1) * dt_size(dtype), 0);
    return t;
}

// Broadcast view of t to `shape` (t's size-1 axes get stride 0).
Tensor bview(const Tensor& t, std::vector<int64_t> shape) {
    Tensor v = t;
    v.shape = shape;
    for (size_t d = 0; d < shape.size(); ++d)
        if (t.shape[d] == 1 && shape[d] != 1) v.strides[d] = 0;
    return v;
}

// Random non-zero values: floats in +-[0.05, 3], ints in +-[1, 50], bools 0/1.
void randomize(Tensor& t, bool positive = false) {
    std::uniform_real_distribution<double> u(0.05, 3.0);
    std::uniform_int_distribution<int> ui(1, 50), sign(0, 1);
    for (int64_t i = 0; i < t.numel(); ++i) {
        double v;
        if (t.dtype == NN4J_BOOL) v = sign(g_rng);
        else if (is_float(t.dtype)) v = u(g_rng);
        else v = ui(g_rng);
        if (t.dtype != NN4J_BOOL && !positive && sign(g_rng)) v = -v;
        t.set(t.offset(i), v);
    }
}

bool close(double got, double ref, int dtype, double rtol_scale = 1) {
    if (std::isnan(ref)) return std::isnan(got);
    if (std::isinf(ref)) return got == ref;
    if (!is_float(dtype)) return got == ref;
    double rtol = (dtype == NN4J_F32 ? 2e-6 : 1e-13) * rtol_scale;
    return std::fabs(got - ref) <= rtol * std::max(1.0, std::fabs(ref));
}

std::string shape_str(const std::vector<int64_t>& s) {
    std::string r = "(";
    for (size_t i = 0; i < s.size(); ++i) r += (i ? "," : "") + std::to_string(s[i]);
    return r + ")";
}

// ---- references ------------------------------------------------------------------------------
bool unary_ok(int op, int dt) {
    bool fonly = op == NN4J_UNARY_EXP || op == NN4J_UNARY_LOG || op == NN4J_UNARY_LOG1P ||
                 op == NN4J_UNARY_EXPM1 || op == NN4J_UNARY_SQRT || op == NN4J_UNARY_RSQRT ||
                 op == NN4J_UNARY_RECIPROCAL || op == NN4J_UNARY_SIN || op == NN4J_UNARY_COS ||
                 op == NN4J_UNARY_TANH || op == NN4J_UNARY_SIGMOID || op == NN4J_UNARY_POW_SCALAR;
    if (op == NN4J_UNARY_LOGICAL_NOT) return dt == NN4J_BOOL;
    if (op == NN4J_UNARY_ISNAN || op == NN4J_UNARY_ISFINITE) return true;
    if (fonly) return is_float(dt);
    return dt != NN4J_BOOL;
}

double ref_unary(int op, double x, double a, double b, int dt) {
    switch (op) {
        case NN4J_UNARY_NEG: return -x;
        case NN4J_UNARY_ABS: return std::fabs(x);
        case NN4J_UNARY_SIGN: return x > 0 ? 1 : x < 0 ? -1 : 0;
        case NN4J_UNARY_EXP: return std::exp(x);
        case NN4J_UNARY_LOG: return std::log(x);
        case NN4J_UNARY_LOG1P: return std::log1p(x);
        case NN4J_UNARY_EXPM1: return std::expm1(x);
        case NN4J_UNARY_SQRT: return std::sqrt(x);
        case NN4J_UNARY_RSQRT: return 1 / std::sqrt(x);
        case NN4J_UNARY_SQUARE: return x * x;
        case NN4J_UNARY_RECIPROCAL: return 1 / x;
        case NN4J_UNARY_SIN: return std::sin(x);
        case NN4J_UNARY_COS: return std::cos(x);
        case NN4J_UNARY_TANH: return std::tanh(x);
        case NN4J_UNARY_SIGMOID: return 1 / (1 + std::exp(-x));
        case NN4J_UNARY_RELU: return x > 0 ? x : 0;
        case NN4J_UNARY_FLOOR: return std::floor(x);
        case NN4J_UNARY_CEIL: return std::ceil(x);
        case NN4J_UNARY_ROUND: return std::nearbyint(x);
        case NN4J_UNARY_POW_SCALAR: return dt == NN4J_F32 ? std::pow(x, (double)(float)a) : std::pow(x, a);
        case NN4J_UNARY_CLAMP:
            if (!is_float(dt)) { a = std::ceil(a); b = std::floor(b); }
            return std::min(std::max(x, a), b);
        case NN4J_UNARY_LOGICAL_NOT: return x == 0;
        case NN4J_UNARY_ISNAN: return std::isnan(x);
        case NN4J_UNARY_ISFINITE: return std::isfinite(x);
        case NN4J_UNARY_STEP: return x >= 0;
    }
    return NAN;
}

bool binary_ok(int op, int dt) {
    if (op >= NN4J_BINARY_EQ && op <= NN4J_BINARY_GE) return true;
    if (op >= NN4J_BINARY_AND) return dt == NN4J_BOOL;
    if (op == NN4J_BINARY_POW) return is_float(dt);
    return dt != NN4J_BOOL;
}

double ref_binary(int op, double a, double b, int dt) {
    switch (op) {
        case NN4J_BINARY_ADD: return a + b;
        case NN4J_BINARY_SUB: return a - b;
        case NN4J_BINARY_MUL: return a * b;
        case NN4J_BINARY_DIV: return is_float(dt) ? a / b : std::trunc(a / b);
        case NN4J_BINARY_POW: return std::pow(a, b);
        case NN4J_BINARY_MAX: return std::isnan(a) || std::isnan(b) ? NAN : std::max(a, b);
        case NN4J_BINARY_MIN: return std::isnan(a) || std::isnan(b) ? NAN : std::min(a, b);
        case NN4J_BINARY_EQ: return a == b;
        case NN4J_BINARY_NE: return a != b;
        case NN4J_BINARY_LT: return a < b;
        case NN4J_BINARY_LE: return a <= b;
        case NN4J_BINARY_GT: return a > b;
        case NN4J_BINARY_GE: return a >= b;
        case NN4J_BINARY_AND: return a != 0 && b != 0;
        case NN4J_BINARY_OR: return a != 0 || b != 0;
        case NN4J_BINARY_XOR: return (a != 0) != (b != 0);
    }
    return NAN;
}

// ---- element-wise ------------------------------------------------------------------------------
// Layouts: shape of the op, and for each operand whether it is transposed / broadcast.
struct Layout {
    std::vector<int64_t> shape, a_shape, b_shape;
    bool a_t, b_t, o_t;
};
std::vector<Layout> layouts() {
    return {
        {{}, {}, {}, false, false, false},
        {{1}, {1}, {1}, false, false, false},
        {{7, 13}, {7, 13}, {7, 13}, false, false, false},
        {{129, 65}, {129, 65}, {129, 65}, false, false, false},
        {{7, 13}, {7, 1}, {1, 13}, false, false, false},
        {{7, 13}, {7, 13}, {7, 13}, true, false, true},
        {{4, 5, 6}, {4, 1, 6}, {4, 5, 6}, false, true, false},
        {{300, 257}, {300, 257}, {1, 257}, false, false, false},  // threaded
        {{300, 257}, {300, 257}, {300, 257}, true, false, false},  // threaded, transposed
        {{70001}, {70001}, {1}, false, false, false},              // one long run, threaded
    };
}

void test_unary() {
    for (int op = 0; op < NN4J_UNARY_COUNT; ++op)
        for (int dt = 0; dt <= NN4J_BOOL; ++dt) {
            if (!unary_ok(op, dt)) {
                Tensor x = make(dt, {3}), o = make(dt, {3});
                int rc = nn4j_unary(0, op, dt, 1, x.shape.data(), x.data(), x.strides.data(), o.data(),
                                    o.strides.data(), 0, 0);
                CHECK(rc == NN4J_ERR_DTYPE, "unary op %d dtype %s should be rejected, rc %d", op, dt_name(dt), rc);
                continue;
            }
            const int odt = op == NN4J_UNARY_ISNAN || op == NN4J_UNARY_ISFINITE ? NN4J_BOOL : dt;
            const bool positive = op == NN4J_UNARY_LOG || op == NN4J_UNARY_LOG1P || op == NN4J_UNARY_SQRT ||
                                  op == NN4J_UNARY_RSQRT || op == NN4J_UNARY_POW_SCALAR;
            double alphas[] = {op == NN4J_UNARY_CLAMP ? -1.5 : 1.7, 2.0};
            for (double alpha : alphas) {
                if (alpha == 2.0 && op != NN4J_UNARY_POW_SCALAR) continue;
                double beta = op == NN4J_UNARY_CLAMP ? 2.25 : 0;
                for (const Layout& L : layouts()) {
                    Tensor x0 = make(dt, L.a_shape, L.a_t);
                    randomize(x0, positive);
                    Tensor x = bview(x0, L.shape);
                    Tensor o = make(odt, L.shape, L.o_t);
                    int rc = nn4j_unary(0, op, dt, x.ndim(), x.shape.data(), x.data(), x.strides.data(),
                                        o.data(), o.strides.data(), alpha, beta);
                    CHECK(rc == 0, "unary %d %s rc %d: %s", op, dt_name(dt), rc, nn4j_last_error());
                    int bad = 0;
                    for (int64_t i = 0; i < x.numel() && bad < 3; ++i) {
                        double ref = ref_unary(op, x.at(i), alpha, beta, dt);
                        if (!is_float(odt) && odt != NN4J_BOOL && dt == NN4J_I32) ref = (double)(int32_t)(int64_t)ref;
                        if (!close(o.at(i), ref, odt)) {
                            ++bad;
                            CHECK(false, "unary op %d %s %s at %lld: x=%.9g got %.9g ref %.9g", op, dt_name(dt),
                                  shape_str(L.shape).c_str(), (long long)i, x.at(i), o.at(i), ref);
                        }
                    }
                    ++g_checks;
                }
            }
        }
    // special values
    {
        float xs[] = {-1000.f, 1000.f, 0.f, -0.f, NAN, INFINITY, -INFINITY, 2.5f, -2.5f, 0.5f, 1e-8f};
        const int n = 11;
        int64_t shape[1] = {n}, st[1] = {1};
        float o[n];
        nn4j_unary(0, NN4J_UNARY_SIGMOID, NN4J_F32, 1, shape, xs, st, o, st, 0, 0);
        CHECK(o[0] == 0.f && o[1] == 1.f && o[2] == 0.5f && std::isnan(o[4]) && o[5] == 1.f && o[6] == 0.f,
              "sigmoid specials %g %g %g %g %g %g", o[0], o[1], o[2], o[4], o[5], o[6]);
        nn4j_unary(0, NN4J_UNARY_TANH, NN4J_F32, 1, shape, xs, st, o, st, 0, 0);
        CHECK(o[0] == -1.f && o[1] == 1.f && o[2] == 0.f && std::isnan(o[4]) && std::fabs(o[10] - 1e-8f) < 1e-14f,
              "tanh specials %g %g %g %g %g", o[0], o[1], o[2], o[4], o[10]);
        nn4j_unary(0, NN4J_UNARY_SIGN, NN4J_F32, 1, shape, xs, st, o, st, 0, 0);
        CHECK(o[2] == 0.f && o[3] == 0.f && std::isnan(o[4]) && o[0] == -1.f, "sign specials");
        nn4j_unary(0, NN4J_UNARY_ROUND, NN4J_F32, 1, shape, xs, st, o, st, 0, 0);
        CHECK(o[7] == 2.f && o[8] == -2.f && o[9] == 0.f, "round half-even %g %g %g", o[7], o[8], o[9]);
        nn4j_unary(0, NN4J_UNARY_STEP, NN4J_F32, 1, shape, xs, st, o, st, 0, 0);
        CHECK(o[2] == 1.f && o[3] == 1.f && o[4] == 0.f && o[0] == 0.f, "step specials");
        nn4j_unary(0, NN4J_UNARY_RELU, NN4J_F32, 1, shape, xs, st, o, st, 0, 0);
        CHECK(std::isnan(o[4]) && o[0] == 0.f && o[1] == 1000.f, "relu NaN passes");
        uint8_t b[n];
        nn4j_unary(0, NN4J_UNARY_ISFINITE, NN4J_F32, 1, shape, xs, st, b, st, 0, 0);
        CHECK(b[0] && !b[4] && !b[5] && !b[6], "isfinite specials");
        nn4j_unary(0, NN4J_UNARY_CLAMP, NN4J_F32, 1, shape, xs, st, o, st, 1.0, -1.0);
        CHECK(o[1] == -1.f && o[0] == -1.f && std::isnan(o[4]), "clamp alpha > beta gives beta, NaN passes");
        int32_t ix[3] = {INT32_MIN, -7, 9}, io[3];
        int64_t s3[1] = {3};
        nn4j_unary(0, NN4J_UNARY_CLAMP, NN4J_I32, 1, s3, ix, st, io, st, -INFINITY, 3.5);
        CHECK(io[0] == INT32_MIN && io[1] == -7 && io[2] == 3, "int clamp with -inf / 3.5");
        nn4j_unary(0, NN4J_UNARY_ABS, NN4J_I32, 1, s3, ix, st, io, st, 0, 0);
        CHECK(io[0] == INT32_MIN && io[1] == 7, "int abs wraps");
    }
    // in place
    {
        Tensor x = make(NN4J_F32, {129, 65});
        randomize(x);
        Tensor ref = x;
        int rc = nn4j_unary(0, NN4J_UNARY_EXP, NN4J_F32, 2, x.shape.data(), x.data(), x.strides.data(), x.data(),
                            x.strides.data(), 0, 0);
        CHECK(rc == 0, "in-place exp");
        bool ok = true;
        for (int64_t i = 0; i < x.numel(); ++i) ok &= close(x.at(i), std::exp(ref.at(i)), NN4J_F32);
        CHECK(ok, "in-place exp values");
    }
}

void test_binary() {
    for (int op = 0; op < NN4J_BINARY_COUNT; ++op)
        for (int dt = 0; dt <= NN4J_BOOL; ++dt) {
            if (!binary_ok(op, dt)) {
                Tensor a = make(dt, {3}), o = make(dt, {3});
                int rc = nn4j_binary(0, op, dt, 1, a.shape.data(), a.data(), a.strides.data(), a.data(),
                                     a.strides.data(), o.data(), o.strides.data());
                CHECK(rc == NN4J_ERR_DTYPE, "binary op %d dtype %s should be rejected, rc %d", op, dt_name(dt), rc);
                continue;
            }
            const int odt = op >= NN4J_BINARY_EQ && op <= NN4J_BINARY_GE ? NN4J_BOOL : dt;
            for (const Layout& L : layouts()) {
                Tensor a0 = make(dt, L.a_shape, L.a_t), b0 = make(dt, L.b_shape, L.b_t);
                randomize(a0, op == NN4J_BINARY_POW);
                randomize(b0);
                if (op == NN4J_BINARY_EQ || op == NN4J_BINARY_NE) {  // make some equal
                    for (int64_t i = 0; i < std::min(a0.numel(), b0.numel()); i += 3) b0.set(b0.offset(i), a0.at(i));
                }
                Tensor a = bview(a0, L.shape), b = bview(b0, L.shape);
                Tensor o = make(odt, L.shape, L.o_t);
                int rc = nn4j_binary(0, op, dt, a.ndim(), a.shape.data(), a.data(), a.strides.data(), b.data(),
                                     b.strides.data(), o.data(), o.strides.data());
                CHECK(rc == 0, "binary %d %s rc %d: %s", op, dt_name(dt), rc, nn4j_last_error());
                int bad = 0;
                for (int64_t i = 0; i < o.numel() && bad < 3; ++i) {
                    double ref = ref_binary(op, a.at(i), b.at(i), dt);
                    if (!close(o.at(i), ref, odt)) {
                        ++bad;
                        CHECK(false, "binary op %d %s %s at %lld: a=%.9g b=%.9g got %.9g ref %.9g", op, dt_name(dt),
                              shape_str(L.shape).c_str(), (long long)i, a.at(i), b.at(i), o.at(i), ref);
                    }
                }
                ++g_checks;
            }
        }
    // NaN through max/min, integer division rules
    {
        float a[4] = {NAN, 1.f, 2.f, -0.f}, b[4] = {1.f, NAN, 3.f, 0.f}, o[4];
        int64_t s[1] = {4}, st[1] = {1};
        nn4j_binary(0, NN4J_BINARY_MAX, NN4J_F32, 1, s, a, st, b, st, o, st);
        CHECK(std::isnan(o[0]) && std::isnan(o[1]) && o[2] == 3.f, "max NaN propagation");
        nn4j_binary(0, NN4J_BINARY_MIN, NN4J_F32, 1, s, a, st, b, st, o, st);
        CHECK(std::isnan(o[0]) && std::isnan(o[1]) && o[2] == 2.f, "min NaN propagation");
        int32_t ia[4] = {7, -7, INT32_MIN, 5}, ib[4] = {2, 2, -1, 0}, io[4] = {9, 9, 9, 9};
        int rc = nn4j_binary(0, NN4J_BINARY_DIV, NN4J_I32, 1, s, ia, st, ib, st, io, st);
        CHECK(rc == NN4J_ERR_ARG && strstr(nn4j_last_error(), "division by zero") && io[0] == 9,
              "int div by zero: rc %d '%s'", rc, nn4j_last_error());
        rc = nn4j_binary(0, NN4J_BINARY_DIV, NN4J_I32, 1, s, ia, st, ib, st, io, st);
        s[0] = 3;
        rc = nn4j_binary(0, NN4J_BINARY_DIV, NN4J_I32, 1, s, ia, st, ib, st, io, st);
        CHECK(rc == 0 && io[0] == 3 && io[1] == -3 && io[2] == INT32_MIN, "int div trunc / wrap %d %d %d", io[0],
              io[1], io[2]);
        int64_t la[2] = {INT64_MAX, 3}, lb[2] = {1, 4}, lo[2];
        s[0] = 2;
        nn4j_binary(0, NN4J_BINARY_ADD, NN4J_I64, 1, s, la, st, lb, st, lo, st);
        CHECK(lo[0] == INT64_MIN && lo[1] == 7, "int64 add wraps");
    }
    // in place: out == a, out == b, out == a == b, with broadcasting
    {
        Tensor a = make(NN4J_F32, {129, 65}), b = make(NN4J_F32, {129, 65}), r = make(NN4J_F32, {1, 65});
        randomize(a);
        randomize(b);
        randomize(r);
        Tensor a0 = a, b0 = b;
        auto* sh = a.shape.data();
        nn4j_binary(0, NN4J_BINARY_ADD, NN4J_F32, 2, sh, a.data(), a.strides.data(), b.data(), b.strides.data(),
                    a.data(), a.strides.data());
        bool ok = true;
        for (int64_t i = 0; i < a.numel(); ++i) ok &= a.at(i) == (float)((float)a0.at(i) + (float)b0.at(i));
        CHECK(ok, "a += b in place");
        a = a0;
        nn4j_binary(0, NN4J_BINARY_SUB, NN4J_F32, 2, sh, a.data(), a.strides.data(), b.data(), b.strides.data(),
                    b.data(), b.strides.data());
        ok = true;
        for (int64_t i = 0; i < a.numel(); ++i) ok &= b.at(i) == (float)((float)a0.at(i) - (float)b0.at(i));
        CHECK(ok, "b = a - b in place");
        a = a0;
        nn4j_binary(0, NN4J_BINARY_MUL, NN4J_F32, 2, sh, a.data(), a.strides.data(), a.data(), a.strides.data(),
                    a.data(), a.strides.data());
        ok = true;
        for (int64_t i = 0; i < a.numel(); ++i) ok &= a.at(i) == (float)((float)a0.at(i) * (float)a0.at(i));
        CHECK(ok, "a *= a in place");
        a = a0;
        Tensor rb = bview(r, a.shape);
        nn4j_binary(0, NN4J_BINARY_ADD, NN4J_F32, 2, sh, a.data(), a.strides.data(), rb.data(), rb.strides.data(),
                    a.data(), a.strides.data());
        ok = true;
        for (int64_t i = 0; i < a.numel(); ++i) ok &= a.at(i) == (float)((float)a0.at(i) + (float)rb.at(i));
        CHECK(ok, "a += row in place");
    }
}

void test_where() {
    for (int dt = 0; dt <= NN4J_BOOL; ++dt)
        for (const Layout& L : layouts()) {
            Tensor c0 = make(NN4J_BOOL, L.a_shape, L.a_t), a0 = make(dt, L.b_shape, L.b_t), b0 = make(dt, L.shape);
            randomize(c0);
            randomize(a0);
            randomize(b0);
            Tensor c = bview(c0, L.shape), a = bview(a0, L.shape), b = b0;
            Tensor o = make(dt, L.shape, L.o_t);
            int rc = nn4j_where(0, dt, o.ndim(), o.shape.data(), c.data(), c.strides.data(), a.data(),
                                a.strides.data(), b.data(), b.strides.data(), o.data(), o.strides.data());
            CHECK(rc == 0, "where rc %d %s", rc, nn4j_last_error());
            bool ok = true;
            for (int64_t i = 0; i < o.numel(); ++i) ok &= o.at(i) == (c.at(i) ? a.at(i) : b.at(i));
            CHECK(ok, "where %s %s", dt_name(dt), shape_str(L.shape).c_str());
        }
}

// ---- copy ------------------------------------------------------------------------------------
double ref_convert(double x, int to) {
    switch (to) {
        case NN4J_F32: return (float)x;
        case NN4J_F64: return x;
        case NN4J_BOOL: return x != 0;
        case NN4J_I32:
            if (std::isnan(x)) return 0;
            return std::max(-2147483648.0, std::min(2147483647.0, std::trunc(x)));
        default:
            if (std::isnan(x)) return 0;
            return std::max(-9223372036854775808.0, std::min(9223372036854775807.0, std::trunc(x)));
    }
}

void test_copy() {
    for (int from = 0; from <= NN4J_BOOL; ++from)
        for (int to = 0; to <= NN4J_BOOL; ++to)
            for (const Layout& L : layouts()) {
                Tensor x = make(from, L.shape, L.a_t), o = make(to, L.shape, L.o_t);
                randomize(x);
                if (is_float(from) && x.numel() >= 13) {  // specials
                    double sp[] = {NAN, INFINITY, -INFINITY, 3.7, -3.7, 1e10, -1e10, 0.0, -0.0, 0.4, 1e20, -1e20, 2147483647.0};
                    for (int k = 0; k < 13; ++k) x.set(x.offset(k), sp[k]);
                }
                int rc = nn4j_copy(0, x.ndim(), x.shape.data(), from, x.data(), x.strides.data(), to, o.data(),
                                   o.strides.data());
                CHECK(rc == 0, "copy rc %d %s", rc, nn4j_last_error());
                bool ok = true;
                int64_t badi = -1;
                for (int64_t i = 0; i < o.numel(); ++i) {
                    double ref = ref_convert(x.at(i), to);
                    bool e = std::isnan(ref) ? std::isnan(o.at(i)) : o.at(i) == ref;
                    if (!e && badi < 0) badi = i;
                    ok &= e;
                }
                CHECK(ok, "copy %s -> %s %s at %lld: x=%g got %g", dt_name(from), dt_name(to), shape_str(L.shape).c_str(),
                      (long long)badi, badi >= 0 ? x.at(badi) : 0, badi >= 0 ? o.at(badi) : 0);
            }
    // batched transpose (tiled path) with ragged tiles and a dtype change
    {
        Tensor x = make(NN4J_F32, {3, 70, 45}, true), o = make(NN4J_F64, {3, 70, 45});
        randomize(x);
        int rc = nn4j_copy(0, 3, x.shape.data(), NN4J_F32, x.data(), x.strides.data(), NN4J_F64, o.data(),
                           o.strides.data());
        bool ok = rc == 0;
        for (int64_t i = 0; i < o.numel(); ++i) ok &= o.at(i) == x.at(i);
        CHECK(ok, "batched transpose copy");
    }
    // broadcast copy (stride 0 source) and in-place same-dtype copy
    Tensor r = make(NN4J_F32, {1, 65}), o = make(NN4J_F64, {129, 65});
    randomize(r);
    Tensor rb = bview(r, o.shape);
    nn4j_copy(0, 2, o.shape.data(), NN4J_F32, rb.data(), rb.strides.data(), NN4J_F64, o.data(), o.strides.data());
    bool ok = true;
    for (int64_t i = 0; i < o.numel(); ++i) ok &= o.at(i) == rb.at(i);
    CHECK(ok, "broadcast copy");
    Tensor s = o;
    int rc = nn4j_copy(0, 2, o.shape.data(), NN4J_F64, o.data(), o.strides.data(), NN4J_F64, o.data(), o.strides.data());
    CHECK(rc == 0 && o.buf == s.buf, "in-place copy is a no-op");
    int64_t big[2] = {INT64_MAX, INT64_MIN + 1}, bo[2];
    int32_t io[2];
    int64_t sh[1] = {2}, st[1] = {1};
    nn4j_copy(0, 1, sh, NN4J_I64, big, st, NN4J_I32, io, st);
    CHECK(io[0] == -1 && io[1] == 1, "i64 -> i32 wraps (%d %d)", io[0], io[1]);
    nn4j_copy(0, 1, sh, NN4J_I64, big, st, NN4J_I64, bo, st);
    CHECK(bo[0] == INT64_MAX && bo[1] == INT64_MIN + 1, "i64 -> i64 exact");
}

// ---- fill / arange ----------------------------------------------------------------------------
void test_fill() {
    for (int dt = 0; dt <= NN4J_BOOL; ++dt)
        for (int64_t n : {0, 1, 17, 100003})
            for (double v : {0.0, -0.0, 2.5, -7.0}) {
                Tensor t = make(dt, {std::max<int64_t>(n, 1)});
                randomize(t);
                int rc = nn4j_fill(0, dt, t.data(), n, v);
                bool ok = rc == 0;
                for (int64_t i = 0; i < n; ++i) ok &= t.at(i) == ref_convert(v, dt);
                if (dt == NN4J_F32 && v == 0.0 && std::signbit(v) && n > 0) ok &= std::signbit(t.at(0));
                CHECK(ok, "fill %s n=%lld v=%g", dt_name(dt), (long long)n, v);
            }
    for (int dt = 0; dt < NN4J_BOOL; ++dt)
        for (int64_t n : {1, 17, 100003}) {
            Tensor t = make(dt, {n});
            double start = is_float(dt) ? -3.25 : -40, step = is_float(dt) ? 0.5 : 3;
            int rc = nn4j_arange(0, dt, t.data(), n, start, step);
            bool ok = rc == 0;
            for (int64_t i = 0; i < n; ++i) ok &= t.at(i) == ref_convert(start + (double)i * step, dt);
            CHECK(ok, "arange %s n=%lld", dt_name(dt), (long long)n);
        }
    int64_t big[3];
    nn4j_arange(0, NN4J_I64, big, 3, 9007199254740992.0, 1);  // 2^53 + 1 is not a double
    CHECK(big[1] == 9007199254740993LL, "arange int64 exact beyond 2^53");
    CHECK(nn4j_arange(0, NN4J_BOOL, big, 3, 0, 1) == NN4J_ERR_DTYPE, "arange bool rejected");
    CHECK(nn4j_arange(0, NN4J_F32, big, 3, NAN, 1) == NN4J_ERR_ARG, "arange NaN start rejected");
}

// ---- reductions ------------------------------------------------------------------------------
bool reduce_ok(int op, int dt) {
    switch (op) {
        case NN4J_REDUCE_SUM: case NN4J_REDUCE_PROD: return dt != NN4J_BOOL;
        case NN4J_REDUCE_MAX: case NN4J_REDUCE_MIN: case NN4J_REDUCE_ARGMAX: case NN4J_REDUCE_ARGMIN: return true;
        case NN4J_REDUCE_ALL: case NN4J_REDUCE_ANY: return dt == NN4J_BOOL;
        default: return is_float(dt);
    }
}

int reduce_out_dtype(int op, int dt) {
    if (op == NN4J_REDUCE_ARGMAX || op == NN4J_REDUCE_ARGMIN) return NN4J_I64;
    if (op == NN4J_REDUCE_ALL || op == NN4J_REDUCE_ANY) return NN4J_BOOL;
    return dt;
}

// Naive reduction in long double over the reduced multi-indices in row-major order.
double ref_reduce(int op, const std::vector<double>& v, double ddof, int dt) {
    long double s = 0, p = 1;
    const size_t n = v.size();
    switch (op) {
        case NN4J_REDUCE_SUM: for (double x : v) s += x; return is_float(dt) ? (double)s : (double)(int64_t)s;
        case NN4J_REDUCE_MEAN: for (double x : v) s += x; return (double)(s / n);
        case NN4J_REDUCE_PROD: for (double x : v) p *= x; return (double)p;
        case NN4J_REDUCE_NORM2: for (double x : v) s += (long double)x * x; return std::sqrt((double)s);
        case NN4J_REDUCE_MAX: case NN4J_REDUCE_MIN: {
            double m = v[0];
            for (double x : v) {
                if (std::isnan(x)) return NAN;
                m = op == NN4J_REDUCE_MAX ? std::max(m, x) : std::min(m, x);
            }
            return m;
        }
        case NN4J_REDUCE_ARGMAX: case NN4J_REDUCE_ARGMIN: {
            size_t best = 0;
            for (size_t i = 0; i < n; ++i) {
                if (std::isnan(v[i])) return (double)i;
                if (op == NN4J_REDUCE_ARGMAX ? v[i] > v[best] : v[i] < v[best]) best = i;
            }
            return (double)best;
        }
        case NN4J_REDUCE_ALL: for (double x : v) if (x == 0) return 0; return 1;
        case NN4J_REDUCE_ANY: for (double x : v) if (x != 0) return 1; return 0;
        case NN4J_REDUCE_VAR: {
            if (n - ddof <= 0) return NAN;
            for (double x : v) s += x;
            long double m = s / n, q = 0;
            for (double x : v) q += (x - m) * (x - m);
            return (double)(q / (n - ddof));
        }
        case NN4J_REDUCE_LOGSUMEXP: {
            double m = -INFINITY;
            for (double x : v) m = std::max(m, x);
            if (!std::isfinite(m)) return m;
            for (double x : v) s += std::exp((long double)(x - m));
            return m + (double)std::log(s);
        }
    }
    return NAN;
}

// Reduces x over mask with nn4j_reduce and compares with the reference; returns the output.
Tensor run_reduce(int op, const Tensor& x, int64_t mask, double ddof, bool compare = true) {
    std::vector<int64_t> oshape, rshape;
    for (int d = 0; d < x.ndim(); ++d) ((mask >> d) & 1 ? rshape : oshape).push_back(x.shape[d]);
    const int odt = reduce_out_dtype(op, x.dtype);
    Tensor o = make(odt, oshape);
    int rc = nn4j_reduce(0, op, x.dtype, x.ndim(), x.shape.data(), x.buf.data(), x.strides.data(), mask, o.data(),
                         ddof);
    CHECK(rc == 0, "reduce op %d %s rc %d: %s", op, dt_name(x.dtype), rc, nn4j_last_error());
    if (!compare) return o;
    int64_t nout = o.numel(), nred = 1;
    for (auto s : rshape) nred *= s;
    int bad = 0;
    for (int64_t oi = 0; oi < nout && bad < 3; ++oi) {
        std::vector<double> v;
        v.reserve((size_t)nred);
        for (int64_t ri = 0; ri < nred; ++ri) {
            // merge the output index and reduced index into x's multi-index
            int64_t rem_o = oi, rem_r = ri, off = 0;
            for (int d = x.ndim() - 1; d >= 0; --d) {
                int64_t i;
                if ((mask >> d) & 1) { i = rem_r % x.shape[d]; rem_r /= x.shape[d]; }
                else { i = rem_o % x.shape[d]; rem_o /= x.shape[d]; }
                off += i * x.strides[d];
            }
            v.push_back(x.get(off));
        }
        double ref = ref_reduce(op, v, ddof, x.dtype);
        if (odt == NN4J_I32 && op != NN4J_REDUCE_ARGMAX) ref = (double)(int32_t)(int64_t)ref;
        double got = o.at(oi);
        double scale = op == NN4J_REDUCE_PROD || op == NN4J_REDUCE_VAR ? 8 : 2;
        if (!close(got, ref, odt, scale)) {
            ++bad;
            CHECK(false, "reduce op %d %s x%s mask 0x%llx out %lld: got %.12g ref %.12g", op, dt_name(x.dtype),
                  shape_str(x.shape).c_str(), (unsigned long long)mask, (long long)oi, got, ref);
        }
    }
    ++g_checks;
    return o;
}

void test_reduce() {
    struct Case { std::vector<int64_t> shape; bool t; std::vector<int64_t> masks; };
    std::vector<Case> cases = {
        {{}, false, {0}},
        {{1}, false, {0, 1}},
        {{7, 13}, false, {0, 1, 2, 3}},
        {{7, 13}, true, {0, 1, 2, 3}},
        {{129, 65}, false, {1, 2, 3}},
        {{4, 5, 6}, false, {1, 2, 4, 5, 6, 7}},
        {{3, 1, 4, 5}, true, {2, 9, 10, 15}},
        {{1000, 70}, false, {1, 2, 3}},        // column sums (bias gradient shape), threaded
        {{20, 3000}, false, {1, 2}},           // long rows, threaded
        {{70001}, false, {1}},                 // one long row, split into blocks
        {{2, 3, 40000}, false, {4, 5, 1}},     // few outputs, long reduction; column split
        {{40000, 5}, false, {1}},              // narrow columns, split over N
    };
    for (int op = 0; op < NN4J_REDUCE_COUNT; ++op)
        for (int dt = 0; dt <= NN4J_BOOL; ++dt) {
            if (!reduce_ok(op, dt)) {
                Tensor x = make(dt, {3}), o = make(NN4J_F64, {1});
                int rc = nn4j_reduce(0, op, dt, 1, x.shape.data(), x.data(), x.strides.data(), 1, o.data(), 0);
                CHECK(rc == NN4J_ERR_DTYPE, "reduce op %d %s should be rejected (rc %d)", op, dt_name(dt), rc);
                continue;
            }
            for (const Case& c : cases) {
                Tensor x = make(dt, c.shape, c.t);
                randomize(x);
                if (op == NN4J_REDUCE_PROD && is_float(dt))  // keep products finite
                    for (int64_t i = 0; i < x.numel(); ++i) x.set(x.offset(i), 1 + 0.001 * x.at(i));
                if (op == NN4J_REDUCE_PROD && !is_float(dt))
                    for (int64_t i = 0; i < x.numel(); ++i) x.set(x.offset(i), i % 7 == 0 ? -1 : 1);
                if (op == NN4J_REDUCE_ALL)  // mostly true, so ALL is not trivially false
                    for (int64_t i = 0; i < x.numel(); ++i) x.set(x.offset(i), i % 97 != 5);
                if (op == NN4J_REDUCE_ARGMAX || op == NN4J_REDUCE_ARGMIN || op == NN4J_REDUCE_MAX) {
                    // ties: small value range
                    for (int64_t i = 0; i < x.numel(); ++i) x.set(x.offset(i), (double)((i * 7) % 5));
                }
                for (int64_t m : c.masks) run_reduce(op, x, m, op == NN4J_REDUCE_VAR ? 1.0 : 0.0);
            }
        }
    // VAR ddof 0 and ddof >= n; NaN and -inf rows; empty reductions
    {
        Tensor x = make(NN4J_F64, {5, 3});
        randomize(x);
        run_reduce(NN4J_REDUCE_VAR, x, 1, 0.0);
        run_reduce(NN4J_REDUCE_VAR, x, 1, 5.0);
        Tensor y = make(NN4J_F32, {4, 3});
        randomize(y);
        y.set(y.offset(1), NAN);
        for (int k = 6; k < 9; ++k) y.set(y.offset(k), -INFINITY);
        y.set(y.offset(10), INFINITY);
        for (int op : {NN4J_REDUCE_MAX, NN4J_REDUCE_MIN, NN4J_REDUCE_ARGMAX, NN4J_REDUCE_ARGMIN, NN4J_REDUCE_LOGSUMEXP,
                       NN4J_REDUCE_SUM})
            run_reduce(op, y, 2, 0.0);
        for (int dt : {NN4J_F32, NN4J_F64}) {  // NaN inside long contiguous rows (vector paths)
            Tensor z = make(dt, {3, 1000});
            randomize(z);
            z.set(z.offset(537), NAN);
            z.set(z.offset(1999), NAN);
            for (int op : {NN4J_REDUCE_MAX, NN4J_REDUCE_MIN, NN4J_REDUCE_ARGMAX, NN4J_REDUCE_ARGMIN, NN4J_REDUCE_LOGSUMEXP})
                for (int64_t m : {1, 2, 3}) run_reduce(op, z, m, 0.0);
        }
        int64_t shape[2] = {3, 0}, st[2] = {0, 1};
        float o[3];
        double od[3];
        int rc = nn4j_reduce(0, NN4J_REDUCE_SUM, NN4J_F32, 2, shape, nullptr, st, 2, o, 0);
        CHECK(rc == 0 && o[0] == 0 && o[2] == 0, "empty SUM");
        rc = nn4j_reduce(0, NN4J_REDUCE_PROD, NN4J_F32, 2, shape, nullptr, st, 2, o, 0);
        CHECK(rc == 0 && o[0] == 1, "empty PROD");
        rc = nn4j_reduce(0, NN4J_REDUCE_MEAN, NN4J_F64, 2, shape, nullptr, st, 2, od, 0);
        CHECK(rc == 0 && std::isnan(od[1]), "empty MEAN");
        rc = nn4j_reduce(0, NN4J_REDUCE_MAX, NN4J_F32, 2, shape, nullptr, st, 2, o, 0);
        CHECK(rc == NN4J_ERR_SHAPE && strstr(nn4j_last_error(), "MAX"), "empty MAX: %s", nn4j_last_error());
        rc = nn4j_reduce(0, NN4J_REDUCE_ARGMIN, NN4J_F32, 2, shape, nullptr, st, 2, o, 0);
        CHECK(rc == NN4J_ERR_SHAPE, "empty ARGMIN");
        rc = nn4j_reduce(0, NN4J_REDUCE_MAX, NN4J_F32, 2, shape, nullptr, st, 1, nullptr, 0);
        CHECK(rc == 0, "empty output is a no-op: %s", nn4j_last_error());
    }
}

// Reductions and element-wise results must not depend on the thread count.
void test_determinism() {
    for (int op : {NN4J_REDUCE_SUM, NN4J_REDUCE_VAR, NN4J_REDUCE_LOGSUMEXP, NN4J_REDUCE_NORM2, NN4J_REDUCE_ARGMAX})
        for (auto shape : std::vector<std::vector<int64_t>>{{300001}, {1000, 70}, {3, 100000}, {40000, 5}})
            for (int64_t mask : {1, 2, 3}) {
                if (mask >= (1 << shape.size())) continue;
                Tensor x = make(NN4J_F64, shape);
                randomize(x);
                nn4j_set_num_threads(1);
                Tensor a = run_reduce(op, x, mask, 0, false);
                nn4j_set_num_threads(2);
                Tensor b = run_reduce(op, x, mask, 0, false);
                nn4j_set_num_threads(3);
                Tensor c = run_reduce(op, x, mask, 0, false);
                CHECK(a.buf == b.buf && a.buf == c.buf, "reduce op %d %s mask %lld differs across thread counts", op,
                      shape_str(shape).c_str(), (long long)mask);
            }
    nn4j_set_num_threads(g_threads);
}

// ---- random ------------------------------------------------------------------------------------
void test_random() {
    const int64_t n = 200003;
    for (int dist = 0; dist <= NN4J_RAND_TRUNC_NORMAL; ++dist)
        for (int dt = 0; dt <= NN4J_BOOL; ++dt) {
            bool ok_dt = dist == NN4J_RAND_BERNOULLI || is_float(dt);
            Tensor a = make(dt, {n}), b = make(dt, {n});
            double p1 = dist == NN4J_RAND_BERNOULLI ? 0.3 : dist == NN4J_RAND_UNIFORM ? -2 : 1.5;
            double p2 = dist == NN4J_RAND_UNIFORM ? 3 : 2;
            nn4j_set_num_threads(1);
            int rc = nn4j_random(0, dist, dt, a.data(), n, 42, 7, p1, p2);
            if (!ok_dt) {
                CHECK(rc == NN4J_ERR_DTYPE, "random dist %d %s should be rejected", dist, dt_name(dt));
                continue;
            }
            CHECK(rc == 0, "random rc %d %s", rc, nn4j_last_error());
            nn4j_set_num_threads(2);
            nn4j_random(0, dist, dt, b.data(), n, 42, 7, p1, p2);
            nn4j_set_num_threads(g_threads);
            CHECK(a.buf == b.buf, "random dist %d %s: threads 1 and 2 differ", dist, dt_name(dt));
            // statistics
            long double s = 0, q = 0;
            double lo = 1e300, hi = -1e300;
            for (int64_t i = 0; i < n; ++i) {
                double v = a.at(i);
                s += v;
                q += (long double)v * v;
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
            double mean = (double)(s / n), var = (double)(q / n) - mean * mean;
            if (dist == NN4J_RAND_UNIFORM) {
                CHECK(lo >= p1 && hi < p2 && std::fabs(mean - 0.5) < 0.02 && std::fabs(var - 25.0 / 12) < 0.05,
                      "uniform %s stats lo %g hi %g mean %g var %g", dt_name(dt), lo, hi, mean, var);
            } else if (dist == NN4J_RAND_NORMAL) {
                CHECK(std::fabs(mean - p1) < 0.02 && std::fabs(var - 4) < 0.06, "normal %s mean %g var %g", dt_name(dt),
                      mean, var);
            } else if (dist == NN4J_RAND_TRUNC_NORMAL) {
                // variance of N(0,1) truncated to [-2, 2] is 0.7737
                CHECK(lo >= p1 - 2 * p2 && hi <= p1 + 2 * p2 && std::fabs(mean - p1) < 0.02 &&
                          std::fabs(var - 4 * 0.7737) < 0.06,
                      "trunc normal %s lo %g hi %g mean %g var %g", dt_name(dt), lo, hi, mean, var);
            } else {
                CHECK(lo == 0 && hi == 1 && std::fabs(mean - 0.3) < 0.01, "bernoulli %s mean %g", dt_name(dt), mean);
            }
        }
    nn4j_set_num_threads(g_threads);
    // exact counter layout: uniform f32 on [0,1) is u01_f32(word i%4 of counter offset + i/4)
    {
        const int64_t m = 1001;
        std::vector<float> u(m);
        nn4j_random(0, NN4J_RAND_UNIFORM, NN4J_F32, u.data(), m, 0xDEADBEEFCAFEull, 99, 0, 1);
        bool ok = true;
        for (int64_t i = 0; i < m; ++i) {
            nn4j::Philox4 v = nn4j::philox4x32_10(0xDEADBEEFCAFEull, 99 + (uint64_t)i / 4);
            ok &= u[(size_t)i] == nn4j::u01_f32(v.v[i % 4]);
        }
        CHECK(ok, "uniform f32 counter layout");
        std::vector<double> d(m);
        nn4j_random(0, NN4J_RAND_UNIFORM, NN4J_F64, d.data(), m, 5, 0, 0, 1);
        ok = true;
        for (int64_t i = 0; i < m; ++i) {
            nn4j::Philox4 v = nn4j::philox4x32_10(5, (uint64_t)i / 2);
            ok &= d[(size_t)i] == nn4j::u01_f64(v.v[2 * (i % 2)], v.v[2 * (i % 2) + 1]);
        }
        CHECK(ok, "uniform f64 counter layout");
        // sub-range with a later offset reproduces the middle of a longer call
        std::vector<float> whole(40), part(10);
        nn4j_random(0, NN4J_RAND_NORMAL, NN4J_F32, whole.data(), 40, 3, 0, 0, 1);
        nn4j_random(0, NN4J_RAND_NORMAL, NN4J_F32, part.data(), 10, 3, 5, 0, 1);
        CHECK(memcmp(whole.data() + 20, part.data(), 40) == 0, "offset advances by counters (4 f32 per counter)");
        // bernoulli masks agree across dtypes
        std::vector<uint8_t> mb(m);
        std::vector<float> mf(m);
        nn4j_random(0, NN4J_RAND_BERNOULLI, NN4J_BOOL, mb.data(), m, 8, 1, 0.5, 0);
        nn4j_random(0, NN4J_RAND_BERNOULLI, NN4J_F32, mf.data(), m, 8, 1, 0.5, 0);
        ok = true;
        for (int64_t i = 0; i < m; ++i) ok &= mb[(size_t)i] == mf[(size_t)i];
        CHECK(ok, "bernoulli mask same for bool and f32");
        std::vector<float> ones(m);
        nn4j_random(0, NN4J_RAND_BERNOULLI, NN4J_F32, ones.data(), m, 8, 1, 1.0, 0);
        ok = true;
        for (float v : ones) ok &= v == 1.f;
        CHECK(ok, "bernoulli p = 1 gives all ones");
        CHECK(nn4j_random(0, NN4J_RAND_BERNOULLI, NN4J_F32, ones.data(), m, 8, 1, 1.5, 0) == NN4J_ERR_ARG, "p > 1");
        CHECK(nn4j_random(0, NN4J_RAND_UNIFORM, NN4J_F32, ones.data(), m, 8, 1, 2, 1) == NN4J_ERR_ARG, "lo > hi");
        CHECK(nn4j_random(0, NN4J_RAND_NORMAL, NN4J_F32, ones.data(), m, 8, 1, 0, -1) == NN4J_ERR_ARG, "std < 0");
    }
}

// ---- gather / scatter_add ------------------------------------------------------------------------
void test_gather() {
    struct Case { std::vector<int64_t> xs, is; int axis; };
    std::vector<Case> cases = {
        {{5}, {9}, 0},
        {{7, 13}, {7, 1}, 1},          // pick one class per row
        {{7, 13}, {4, 13}, 0},
        {{7, 13}, {5, 9}, 1},          // index smaller than x in the other axis
        {{4, 5, 6}, {3, 7, 2}, 1},
        {{4, 5, 6}, {4, 5, 6}, 2},
        {{300, 257}, {300, 300}, 1},   // threaded
        {{300, 257}, {400, 257}, 0},
    };
    for (int dt = 0; dt <= NN4J_BOOL; ++dt)
        for (const Case& c : cases) {
            const int nd = (int)c.xs.size();
            Tensor x = make(dt, c.xs), o = make(dt, c.is);
            randomize(x);
            Tensor idx = make(NN4J_I64, c.is);
            std::uniform_int_distribution<int64_t> ui(0, c.xs[c.axis] - 1);
            for (int64_t i = 0; i < idx.numel(); ++i) idx.set(i, (double)ui(g_rng));
            int rc = nn4j_gather(0, dt, nd, c.xs.data(), x.data(), c.axis, c.is.data(),
                                 (const int64_t*)idx.data(), o.data());
            CHECK(rc == 0, "gather rc %d %s", rc, nn4j_last_error());
            // reference: unravel each index position
            bool ok = true;
            std::vector<int64_t> xst(nd);
            int64_t s = 1;
            for (int d = nd - 1; d >= 0; --d) { xst[d] = s; s *= c.xs[d]; }
            Tensor sref = make(dt, c.xs);  // scatter reference accumulator (zero)
            for (int64_t i = 0; i < idx.numel(); ++i) {
                int64_t rem = i, off = 0;
                for (int d = nd - 1; d >= 0; --d) {
                    int64_t k = rem % c.is[d];
                    rem /= c.is[d];
                    off += (d == c.axis ? (int64_t)idx.at(i) : k) * xst[d];
                }
                ok &= o.at(i) == x.get(off);
                if (dt != NN4J_BOOL) sref.set(off, sref.get(off) + o.at(i));
            }
            CHECK(ok, "gather %s x%s index%s axis %d", dt_name(dt), shape_str(c.xs).c_str(), shape_str(c.is).c_str(),
                  c.axis);
            if (dt == NN4J_BOOL) continue;
            // scatter_add of the gathered values back: repeated indices accumulate
            Tensor acc = make(dt, c.xs);
            rc = nn4j_scatter_add(0, dt, nd, c.xs.data(), acc.data(), c.axis, c.is.data(),
                                  (const int64_t*)idx.data(), o.data());
            CHECK(rc == 0, "scatter rc %d %s", rc, nn4j_last_error());
            ok = true;
            for (int64_t i = 0; i < acc.numel(); ++i) ok &= close(acc.at(i), sref.at(i), dt, 4);
            CHECK(ok, "scatter_add %s x%s index%s axis %d", dt_name(dt), shape_str(c.xs).c_str(),
                  shape_str(c.is).c_str(), c.axis);
        }
    // bounds
    float x[6] = {1, 2, 3, 4, 5, 6}, o[4] = {0, 0, 0, 0};
    int64_t xs[2] = {2, 3}, is[2] = {2, 2}, bad[4] = {0, 2, 3, 1}, neg[4] = {0, -1, 0, 0};
    int rc = nn4j_gather(0, NN4J_F32, 2, xs, x, 1, is, bad, o);
    CHECK(rc == NN4J_ERR_ARG && strstr(nn4j_last_error(), "index[1, 0] = 3"), "gather bound: %s", nn4j_last_error());
    rc = nn4j_scatter_add(0, NN4J_F32, 2, xs, x, 1, is, neg, o);
    CHECK(rc == NN4J_ERR_ARG && strstr(nn4j_last_error(), "-1") && x[0] == 1, "scatter negative: %s", nn4j_last_error());
    int64_t is3[2] = {3, 2};
    rc = nn4j_gather(0, NN4J_F32, 2, xs, x, 1, is3, bad, o);
    CHECK(rc == NN4J_ERR_SHAPE, "gather index larger than x on a non-axis dim");
    rc = nn4j_gather(0, NN4J_F32, 2, xs, x, 2, is, bad, o);
    CHECK(rc == NN4J_ERR_ARG, "gather axis out of range");
}

// Float32 transcendental accuracy of the active ISA's kernels (AVX2 has its own) against
// double-precision libm, in ulps of the float result.
void test_ulp() {
    struct Sweep { int op; double lo, hi; double max_ulp; };
    const Sweep sweeps[] = {
        {NN4J_UNARY_EXP, -110, 90, 2}, {NN4J_UNARY_EXP, -1, 1, 2},
        {NN4J_UNARY_LOG, 1e-45, 1e-30, 2}, {NN4J_UNARY_LOG, 0.5, 2, 2}, {NN4J_UNARY_LOG, 1e-30, 3e38, 2},
        {NN4J_UNARY_TANH, -12, 12, 3}, {NN4J_UNARY_TANH, -0.7, 0.7, 3}, {NN4J_UNARY_TANH, -1e-3, 1e-3, 3},
        {NN4J_UNARY_SIGMOID, -110, 30, 3}, {NN4J_UNARY_SIGMOID, -3, 3, 3},
    };
    const int64_t n = 400009;
    std::vector<float> x(n), y(n);
    for (const Sweep& s : sweeps) {
        const bool geometric = s.lo > 0;
        for (int64_t i = 0; i < n; ++i) {
            double t = (double)i / (n - 1);
            x[(size_t)i] = (float)(geometric ? s.lo * std::pow(s.hi / s.lo, t) : s.lo + (s.hi - s.lo) * t);
        }
        int64_t sh[1] = {n}, st[1] = {1};
        nn4j_unary(0, s.op, NN4J_F32, 1, sh, x.data(), st, y.data(), st, 0, 0);
        double worst = 0, at = 0;
        for (int64_t i = 0; i < n; ++i) {
            double xv = x[(size_t)i], ref;
            switch (s.op) {
                case NN4J_UNARY_EXP: ref = std::exp(xv); break;
                case NN4J_UNARY_LOG: ref = std::log(xv); break;
                case NN4J_UNARY_TANH: ref = std::tanh(xv); break;
                default: ref = 1 / (1 + std::exp(-xv));
            }
            float rf = (float)ref;
            double spacing = std::max((double)std::nextafter(std::fabs(rf), INFINITY) - std::fabs(rf),
                                      (double)std::numeric_limits<float>::denorm_min());
            double u = std::isinf(rf) ? (y[(size_t)i] == rf ? 0 : 1e9) : std::fabs(y[(size_t)i] - ref) / spacing;
            if (u > worst) { worst = u; at = xv; }
        }
        printf("    op %2d on [%g, %g]: max %.2f ulp (at x = %.9g)\n", s.op, s.lo, s.hi, worst, at);
        CHECK(worst <= s.max_ulp, "op %d on [%g, %g]: %.2f ulp at x = %.9g", s.op, s.lo, s.hi, worst, at);
    }
    // specials through the vector and tail paths (n = 11 is one vector and a 3-lane tail)
    float xs[11] = {0.f, -0.f, -1.f, INFINITY, -INFINITY, NAN, 1e-45f, 89.f, -104.f, 1000.f, -1000.f}, o[11];
    int64_t sh[1] = {11}, st[1] = {1};
    nn4j_unary(0, NN4J_UNARY_LOG, NN4J_F32, 1, sh, xs, st, o, st, 0, 0);
    CHECK(o[0] == -INFINITY && o[1] == -INFINITY && std::isnan(o[2]) && o[3] == INFINITY && std::isnan(o[4]) &&
              std::isnan(o[5]) && std::fabs(o[6] - std::log((double)xs[6])) < 1e-4,
          "log specials %g %g %g %g %g %g %g", o[0], o[1], o[2], o[3], o[4], o[5], o[6]);
    nn4j_unary(0, NN4J_UNARY_EXP, NN4J_F32, 1, sh, xs, st, o, st, 0, 0);
    CHECK(o[0] == 1 && o[3] == INFINITY && o[4] == 0 && std::isnan(o[5]) && o[7] == INFINITY && o[8] == 0 &&
              o[9] == INFINITY && o[10] == 0,
          "exp specials %g %g %g %g %g %g", o[3], o[4], o[5], o[7], o[8], o[9]);
    nn4j_unary(0, NN4J_UNARY_TANH, NN4J_F32, 1, sh, xs, st, o, st, 0, 0);
    CHECK(o[0] == 0 && std::signbit(o[1]) && o[3] == 1 && o[4] == -1 && std::isnan(o[5]) && o[9] == 1 && o[10] == -1,
          "tanh specials %g %g %g %g %g %g %g", o[0], o[1], o[3], o[4], o[5], o[9], o[10]);
    nn4j_unary(0, NN4J_UNARY_SIGMOID, NN4J_F32, 1, sh, xs, st, o, st, 0, 0);
    CHECK(o[0] == 0.5f && o[3] == 1 && o[4] == 0 && std::isnan(o[5]) && o[9] == 1 && o[10] == 0, "sigmoid specials");
}

// ---- argument validation --------------------------------------------------------------------------
void test_validation() {
    float buf[16] = {};
    int64_t sh[2] = {2, 3}, st[2] = {3, 1}, neg[2] = {2, -3}, zero_st[2] = {0, 1};
    int rc;
    rc = nn4j_unary(0, 99, NN4J_F32, 2, sh, buf, st, buf, st, 0, 0);
    CHECK(rc == NN4J_ERR_ARG && strstr(nn4j_last_error(), "nn4j_unary"), "bad unary op: %s", nn4j_last_error());
    rc = nn4j_unary(0, NN4J_UNARY_EXP, 7, 2, sh, buf, st, buf, st, 0, 0);
    CHECK(rc == NN4J_ERR_DTYPE, "bad dtype");
    rc = nn4j_unary(0, NN4J_UNARY_EXP, NN4J_I32, 2, sh, buf, st, buf, st, 0, 0);
    CHECK(rc == NN4J_ERR_DTYPE && strstr(nn4j_last_error(), "EXP") && strstr(nn4j_last_error(), "int32"),
          "exp on int: %s", nn4j_last_error());
    rc = nn4j_unary(0, NN4J_UNARY_EXP, NN4J_F32, 9, sh, buf, st, buf, st, 0, 0);
    CHECK(rc == NN4J_ERR_SHAPE, "ndim 9");
    rc = nn4j_unary(0, NN4J_UNARY_EXP, NN4J_F32, 2, neg, buf, st, buf, st, 0, 0);
    CHECK(rc == NN4J_ERR_SHAPE && strstr(nn4j_last_error(), "-3"), "negative dim: %s", nn4j_last_error());
    rc = nn4j_unary(0, NN4J_UNARY_EXP, NN4J_F32, 2, sh, nullptr, st, buf, st, 0, 0);
    CHECK(rc == NN4J_ERR_ARG && strstr(nn4j_last_error(), "x is null"), "null x: %s", nn4j_last_error());
    rc = nn4j_unary(0, NN4J_UNARY_EXP, NN4J_F32, 2, sh, buf, nullptr, buf, st, 0, 0);
    CHECK(rc == NN4J_ERR_ARG, "null strides");
    rc = nn4j_unary(0, NN4J_UNARY_EXP, NN4J_F32, 2, sh, buf, st, buf, zero_st, 0, 0);
    CHECK(rc == NN4J_ERR_SHAPE, "broadcast output: %s", nn4j_last_error());
    int64_t zsh[2] = {0, 3};
    rc = nn4j_unary(0, NN4J_UNARY_EXP, NN4J_F32, 2, zsh, nullptr, nullptr, nullptr, nullptr, 0, 0);
    CHECK(rc == 0, "zero-element unary is a no-op: %s", nn4j_last_error());
    rc = nn4j_unary(1, NN4J_UNARY_EXP, NN4J_F32, 2, sh, buf, st, buf, st, 0, 0);
    CHECK(rc == NN4J_ERR_NO_DEVICE && strstr(nn4j_last_error(), "nn4j_unary"), "device 1: %s", nn4j_last_error());
    rc = nn4j_unary(-1, NN4J_UNARY_EXP, NN4J_F32, 2, sh, buf, st, buf, st, 0, 0);
    CHECK(rc == NN4J_ERR_ARG, "device -1");
    rc = nn4j_binary(0, NN4J_BINARY_AND, NN4J_F32, 2, sh, buf, st, buf, st, buf, st);
    CHECK(rc == NN4J_ERR_DTYPE && strstr(nn4j_last_error(), "AND"), "AND on float: %s", nn4j_last_error());
    rc = nn4j_binary(0, -1, NN4J_F32, 2, sh, buf, st, buf, st, buf, st);
    CHECK(rc == NN4J_ERR_ARG, "bad binary op");
    rc = nn4j_binary(0, NN4J_BINARY_ADD, NN4J_F32, 2, sh, buf, st, nullptr, st, buf, st);
    CHECK(rc == NN4J_ERR_ARG && strstr(nn4j_last_error(), "b is null"), "null b");
    rc = nn4j_where(0, NN4J_F32, 2, sh, nullptr, st, buf, st, buf, st, buf, st);
    CHECK(rc == NN4J_ERR_ARG && strstr(nn4j_last_error(), "cond"), "null cond");
    rc = nn4j_reduce(0, NN4J_REDUCE_SUM, NN4J_F32, 2, sh, buf, st, 4, buf, 0);
    CHECK(rc == NN4J_ERR_ARG && strstr(nn4j_last_error(), "axes_mask"), "mask beyond ndim: %s", nn4j_last_error());
    rc = nn4j_reduce(0, NN4J_REDUCE_SUM, NN4J_F32, 2, sh, buf, st, -1, buf, 0);
    CHECK(rc == NN4J_ERR_ARG, "negative mask");
    rc = nn4j_reduce(0, NN4J_REDUCE_VAR, NN4J_F32, 2, sh, buf, st, 1, buf, -1);
    CHECK(rc == NN4J_ERR_ARG && strstr(nn4j_last_error(), "ddof"), "negative ddof");
    rc = nn4j_reduce(0, NN4J_REDUCE_MEAN, NN4J_I32, 2, sh, buf, st, 1, buf, 0);
    CHECK(rc == NN4J_ERR_DTYPE, "mean of int");
    rc = nn4j_reduce(0, NN4J_REDUCE_ALL, NN4J_F32, 2, sh, buf, st, 1, buf, 0);
    CHECK(rc == NN4J_ERR_DTYPE, "all of float");
    rc = nn4j_reduce(0, 12, NN4J_F32, 2, sh, buf, st, 1, buf, 0);
    CHECK(rc == NN4J_ERR_ARG, "bad reduce op");
    rc = nn4j_reduce(0, NN4J_REDUCE_SUM, NN4J_F32, 2, sh, buf, st, 1, nullptr, 0);
    CHECK(rc == NN4J_ERR_ARG, "null reduce out");
    rc = nn4j_copy(0, 2, sh, NN4J_F32, buf, st, 9, buf, st);
    CHECK(rc == NN4J_ERR_DTYPE && strstr(nn4j_last_error(), "out_dtype"), "copy bad out dtype");
    rc = nn4j_fill(0, NN4J_F32, nullptr, 3, 1);
    CHECK(rc == NN4J_ERR_ARG, "fill null");
    rc = nn4j_fill(0, NN4J_F32, buf, -1, 1);
    CHECK(rc == NN4J_ERR_ARG, "fill negative n");
    rc = nn4j_fill(0, NN4J_F32, nullptr, 0, 1);
    CHECK(rc == 0, "fill zero elements");
    rc = nn4j_random(0, 9, NN4J_F32, buf, 3, 0, 0, 0, 1);
    CHECK(rc == NN4J_ERR_ARG, "bad dist");
    rc = nn4j_gather(0, NN4J_F32, 0, sh, buf, 0, sh, nullptr, buf);
    CHECK(rc == NN4J_ERR_SHAPE, "gather ndim 0");
    rc = nn4j_scatter_add(0, NN4J_BOOL, 2, sh, buf, 0, sh, (const int64_t*)buf, buf);
    CHECK(rc == NN4J_ERR_DTYPE, "scatter bool");
    rc = nn4j_gather(0, NN4J_F32, 2, sh, buf, 0, sh, nullptr, buf);
    CHECK(rc == NN4J_ERR_ARG && strstr(nn4j_last_error(), "index"), "gather null index");
}

}  // namespace

int main(int argc, char** argv) {
    g_threads = argc > 1 ? atoi(argv[1]) : 2;  // optional: thread count for the checks
    nn4j_set_num_threads(g_threads);
    printf("nn4j %s, isa %s, threads %d\n", nn4j_version(), nn4j_isa_name(nn4j_isa_active()), nn4j_get_num_threads());
    struct { const char* name; void (*fn)(); } tests[] = {
        {"unary", test_unary}, {"binary", test_binary}, {"where", test_where}, {"copy", test_copy},
        {"fill", test_fill}, {"reduce", test_reduce}, {"determinism", test_determinism},
        {"random", test_random}, {"gather", test_gather}, {"validation", test_validation},
        {"f32 ulps", test_ulp},
    };
    for (int isa = nn4j_isa_supported(); isa >= 0; --isa) {
        if (isa == NN4J_ISA_AVX512) continue;
        nn4j_set_isa(isa);
        printf("-- isa %s\n", nn4j_isa_name(isa));
        for (auto& t : tests) {
            int before = g_fail, checks = g_checks;
            t.fn();
            printf("%-12s %s (%d checks)\n", t.name, g_fail == before ? "ok" : "FAILED", g_checks - checks);
        }
    }
    printf("%d checks, %d failures\n", g_checks, g_fail);
    return g_fail == 0 ? 0 : 1;
}
