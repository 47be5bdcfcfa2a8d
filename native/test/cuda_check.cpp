// cuda_check: runs every nn4j op on CUDA device 0 and on the CPU through the public C ABI and
// compares the results (statuses too: an argument the CPU rejects must be rejected on the
// device as well). It loads libnn4j_cuda.so with nn4j_cuda_load, as the Java side does.
//
// Build (by hand; the CMake build does not compile it):
//   g++ -std=c++17 -O2 -I native/include native/test/cuda_check.cpp -o /tmp/cuda_check
//       -L <lib dir> -lnn4j -ldl -Wl,-rpath,<lib dir>     (one line)
// Run:
//   /tmp/cuda_check [path/to/libnn4j_cuda.so] [--no-bench] [--only=GROUP]
//   (library default: next to libnn4j.so; GROUP: memory fill random copy unary binary reduce
//   gemm gather; without --no-bench, a few device timings follow a clean run)
// Exit status: 0 all checks passed, or there is no CUDA device ("no CUDA device: <reason>");
//              1 some check failed; 2 the CUDA library could not be loaded.
#include <dlfcn.h>
#include <chrono>
#include <cstdarg>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>
#include "nn4j.h"

namespace {

int D = 1;  // nn4j device id of CUDA ordinal 0
int g_checks = 0, g_failures = 0;

size_t esize(int dt) { return dt == NN4J_F64 || dt == NN4J_I64 ? 8 : dt == NN4J_BOOL ? 1 : 4; }
const char* dname(int dt) {
    static const char* n[] = {"f32", "f64", "i32", "i64", "bool"};
    return dt >= 0 && dt <= 4 ? n[dt] : "?";
}

// Deterministic data (xorshift), so a failure reproduces.
uint64_t g_rng = 0x9E3779B97F4A7C15ull;
uint64_t next_u64() {
    g_rng ^= g_rng << 13;
    g_rng ^= g_rng >> 7;
    g_rng ^= g_rng << 17;
    return g_rng;
}
double uniform(double lo, double hi) { return lo + (hi - lo) * (double)(next_u64() >> 11) * (1.0 / 9007199254740992.0); }

// A tensor held twice: host bytes (the CPU's operand) and a device copy with the same bytes.
struct Buf {
    int dtype;
    int64_t n;
    std::vector<uint8_t> host;
    int64_t dev = 0;
    Buf(int dt, int64_t count) : dtype(dt), n(count), host((size_t)(count * (int64_t)esize(dt)) + 1) {}
    ~Buf() { if (dev) nn4j_free(D, dev); }
    Buf(const Buf&) = delete;
    size_t bytes() const { return (size_t)n * esize(dtype); }
    void* ptr(int device) { return device == 0 ? (void*)host.data() : (void*)(intptr_t)dev; }
    void set(int64_t i, double v) {
        uint8_t* p = host.data() + i * (int64_t)esize(dtype);
        switch (dtype) {
            case NN4J_F32: { float f = (float)v; memcpy(p, &f, 4); break; }
            case NN4J_F64: memcpy(p, &v, 8); break;
            case NN4J_I32: { int32_t x = (int32_t)v; memcpy(p, &x, 4); break; }
            case NN4J_I64: { int64_t x = (int64_t)v; memcpy(p, &x, 8); break; }
            default: p[0] = v != 0; break;
        }
    }
    // Copies host -> device (allocating on first use).
    bool upload() {
        if (!dev && nn4j_alloc(D, (int64_t)bytes(), &dev)) return false;
        return nn4j_memcpy(D, (void*)(intptr_t)dev, 0, host.data(), (int64_t)bytes()) == NN4J_OK;
    }
};

// Random contents: floats in [lo, hi] with a few specials, integers in [-50, 50], bools 0/1.
void randomize(Buf& b, double lo = -3, double hi = 3, bool specials = false) {
    for (int64_t i = 0; i < b.n; ++i) {
        double v = uniform(lo, hi);
        if (b.dtype == NN4J_I32 || b.dtype == NN4J_I64) v = std::floor(uniform(-50, 51));
        if (b.dtype == NN4J_BOOL) v = next_u64() & 1;
        if (specials && (b.dtype == NN4J_F32 || b.dtype == NN4J_F64)) {
            switch (next_u64() % 23) {
                case 0: v = NAN; break;
                case 1: v = INFINITY; break;
                case 2: v = -INFINITY; break;
                case 3: v = 0.0; break;
                case 4: v = -0.0; break;
                case 5: v = std::floor(v) + 0.5; break;  // rounding ties
                default: break;
            }
        }
        b.set(i, v);
    }
    b.upload();
}

double get(const uint8_t* p, int dt, int64_t i) {
    p += i * (int64_t)esize(dt);
    switch (dt) {
        case NN4J_F32: { float f; memcpy(&f, p, 4); return f; }
        case NN4J_F64: { double d; memcpy(&d, p, 8); return d; }
        case NN4J_I32: { int32_t x; memcpy(&x, p, 4); return x; }
        case NN4J_I64: { int64_t x; memcpy(&x, p, 8); return (double)x; }
        default: return p[0];
    }
}

struct Tol { double rtol, atol; };
const Tol kExact{0, 0};

void report_failure(const std::string& what, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
void report_failure(const std::string& what, const char* fmt, ...) {
    ++g_failures;
    if (g_failures > 60) return;  // enough to diagnose
    printf("FAIL %s: ", what.c_str());
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
}

// Device copy of `b` vs its host bytes (the CPU result). I64 compares exactly as integers.
void compare(const std::string& what, Buf& b, Tol tol) {
    std::vector<uint8_t> got(b.bytes() + 1);
    if (nn4j_memcpy(0, got.data(), D, (const void*)(intptr_t)b.dev, (int64_t)b.bytes())) {
        report_failure(what, "download failed: %s", nn4j_last_error());
        return;
    }
    int shown = 0;
    int64_t bad = 0;
    for (int64_t i = 0; i < b.n; ++i) {
        bool ok;
        double c = get(b.host.data(), b.dtype, i), g = get(got.data(), b.dtype, i);
        if (b.dtype == NN4J_I64) {
            ok = memcmp(b.host.data() + i * 8, got.data() + i * 8, 8) == 0;
        } else if (std::isnan(c) || std::isnan(g)) {
            ok = std::isnan(c) && std::isnan(g);
        } else if (std::isinf(c) || std::isinf(g)) {
            ok = c == g;
        } else {
            ok = std::fabs(c - g) <= tol.atol + tol.rtol * std::fabs(c);
        }
        if (!ok) {
            ++bad;
            if (shown++ < 4) printf("    [%lld] cpu %.17g  gpu %.17g\n", (long long)i, c, g);
        }
    }
    if (bad) report_failure(what, "%lld of %lld elements differ", (long long)bad, (long long)b.n);
}

// Runs op on the CPU (device 0) and on the GPU, then compares statuses and the outputs.
// same_message: the error texts must match too (where the device reproduces the CPU's message).
void both(const std::string& what, const std::function<int(int)>& op, std::vector<Buf*> outs, Tol tol,
          bool same_message = false) {
    ++g_checks;
    int sc = op(0);
    std::string mc = sc ? nn4j_last_error() : "";
    int sg = op(D);
    std::string mg = sg ? nn4j_last_error() : "";
    if (sc != sg || (same_message && mc != mg)) {
        report_failure(what, "status cpu %d (%s) vs gpu %d (%s)", sc, mc.c_str(), sg, mg.c_str());
        return;
    }
    if (sg == NN4J_OK && nn4j_synchronize(D)) {
        report_failure(what, "synchronize: %s", nn4j_last_error());
        return;
    }
    if (sc) return;  // both rejected it the same way
    for (Buf* b : outs) compare(what, *b, tol);
}

Tol float_tol(int dt, double f32 = 1e-5, double f64 = 1e-12) {
    if (dt == NN4J_F32) return {f32, f32};
    if (dt == NN4J_F64) return {f64, f64};
    return kExact;
}

std::vector<int64_t> contiguous(const std::vector<int64_t>& shape) {
    std::vector<int64_t> s(shape.size());
    int64_t m = 1;
    for (int d = (int)shape.size() - 1; d >= 0; --d) { s[d] = m; m *= shape[d]; }
    return s;
}
int64_t numel(const std::vector<int64_t>& shape) {
    int64_t n = 1;
    for (int64_t v : shape) n *= v;
    return n;
}

// ---- checks ------------------------------------------------------------------------------------

void check_memory() {
    int64_t a = 0, b = 0;
    ++g_checks;
    if (nn4j_alloc(D, 0, &a) || nn4j_alloc(D, 0, &b) || !a || !b || a == b)
        report_failure("alloc(0)", "expected two distinct non-null blocks: %s", nn4j_last_error());
    nn4j_free(D, a);
    nn4j_free(D, b);
    ++g_checks;
    const int64_t live0 = nn4j_live_bytes(D);
    Buf x(NN4J_I64, 100003), y(NN4J_I64, 100003);
    randomize(x);
    y.upload();
    if (nn4j_live_bytes(D) != live0 + 2 * (int64_t)x.bytes()) report_failure("live_bytes", "count off");
    nn4j_memcpy(D, y.ptr(D), D, x.ptr(D), (int64_t)x.bytes());  // device -> device
    y.host = x.host;
    compare("memcpy d2d", y, kExact);
    ++g_checks;
    int64_t huge = 0;
    int st = nn4j_alloc(D, int64_t(1) << 45, &huge);
    if (st != NN4J_ERR_OOM) report_failure("alloc(32 TiB)", "status %d, expected NN4J_ERR_OOM", st);
    if (huge) nn4j_free(D, huge);
    Buf z(NN4J_F32, 10);  // the failed allocation must not poison later calls
    randomize(z);
    both("fill after OOM", [&](int dev) { return nn4j_fill(dev, NN4J_F32, z.ptr(dev), z.n, 2.5); }, {&z}, kExact);
}

void check_fill() {
    const double values[] = {0.0, -1.5, 3e9, -3e9, NAN, 7.0};
    for (int dt = 0; dt <= 4; ++dt)
        for (double v : values) {
            Buf o(dt, 1001);
            o.upload();
            both(std::string("fill ") + dname(dt) + " " + std::to_string(v),
                 [&](int dev) { return nn4j_fill(dev, dt, o.ptr(dev), o.n, v); }, {&o}, kExact);
        }
    const double args[][2] = {{0, 1}, {-2.5, 0.3}, {5, -2}, {1e9, 1e9}, {0.1, 0.7}};
    for (int dt = 0; dt <= 4; ++dt)
        for (auto& a : args) {
            Buf o(dt, 999);
            o.upload();
            both(std::string("arange ") + dname(dt) + " " + std::to_string(a[0]) + "," + std::to_string(a[1]),
                 [&](int dev) { return nn4j_arange(dev, dt, o.ptr(dev), o.n, a[0], a[1]); }, {&o}, kExact);
        }
}

void check_random() {
    const char* names[] = {"uniform", "normal", "bernoulli", "trunc_normal"};
    for (int dist = 0; dist < 4; ++dist)
        for (int dt = 0; dt <= 4; ++dt)
            for (int64_t n : {1, 7, 4099}) {
                Buf o(dt, n);
                o.upload();
                double p1 = dist == 2 ? 0.3 : -1.0, p2 = dist == 0 ? 2.0 : 1.5;
                // Uniform and Bernoulli are bit-exact; Box-Muller goes through log/sin/cos, whose
                // CUDA and libm versions may differ in the last ulp.
                Tol tol = dist == 0 || dist == 2 ? kExact : float_tol(dt, 1e-5, 1e-13);
                both(std::string("random ") + names[dist] + " " + dname(dt) + " n=" + std::to_string(n),
                     [&](int dev) { return nn4j_random(dev, dist, dt, o.ptr(dev), n, 1234567, 77, p1, p2); },
                     {&o}, tol);
            }
}

void check_copy() {
    // x is a (4, 5, 6) view of a (6, 5, 4) buffer (axes reversed); out is strided with gaps.
    const std::vector<int64_t> shape = {4, 5, 6};
    const int64_t xs[] = {1, 4, 20}, os[] = {60, 12, 2}, bs[] = {0, 1, 0};
    for (int xd = 0; xd <= 4; ++xd)
        for (int od = 0; od <= 4; ++od) {
            Buf x(xd, 120), o(od, 240);
            randomize(x, -4e9, 4e9, true);  // saturating float -> int casts included
            randomize(o);
            both(std::string("copy ") + dname(xd) + "->" + dname(od),
                 [&](int dev) { return nn4j_copy(dev, 3, shape.data(), xd, x.ptr(dev), xs, od, o.ptr(dev), os); },
                 {&o}, kExact);
            both(std::string("copy broadcast ") + dname(xd) + "->" + dname(od),
                 [&](int dev) { return nn4j_copy(dev, 3, shape.data(), xd, x.ptr(dev), bs, od, o.ptr(dev), os); },
                 {&o}, kExact);
        }
    Buf x(NN4J_F32, 1 << 20), o(NN4J_F32, 1 << 20);  // the dense fast path
    randomize(x);
    o.upload();
    const int64_t n = 1 << 20, one = 1;
    both("copy dense f32", [&](int dev) { return nn4j_copy(dev, 1, &n, 0, x.ptr(dev), &one, 0, o.ptr(dev), &one); },
         {&o}, kExact);
}

void check_unary() {
    // (7, 33) read transposed from a (33, 7) buffer; output contiguous.
    const int64_t shape[] = {7, 33}, xs[] = {1, 7}, os[] = {33, 1};
    const double params[][2] = {{2.0, 0}, {0.5, 0}, {-1.25, 2.5}, {3.0, -1.0}};
    for (int op = 0; op < NN4J_UNARY_COUNT; ++op)
        for (int dt = 0; dt <= 4; ++dt)
            for (int pi = 0; pi < 4; ++pi) {
                if (pi > 0 && op != NN4J_UNARY_POW_SCALAR && op != NN4J_UNARY_CLAMP) break;
                const int od = (op == NN4J_UNARY_ISNAN || op == NN4J_UNARY_ISFINITE) ? NN4J_BOOL : dt;
                Buf x(dt, 231), o(od, 231);
                randomize(x, -3, 3, true);
                o.upload();
                // CUDA's float transcendentals are within 2-4 ulp of libm's.
                both("unary op " + std::to_string(op) + " " + dname(dt) + " p" + std::to_string(pi),
                     [&](int dev) {
                         return nn4j_unary(dev, op, dt, 2, shape, x.ptr(dev), xs, o.ptr(dev), os,
                                           params[pi][0], params[pi][1]);
                     },
                     {&o}, float_tol(od, 2e-6, 1e-14));
            }
    Buf x(NN4J_F32, 1000), o(NN4J_F32, 1000);  // in place
    randomize(x);
    const int64_t n = 1000, one = 1;
    both("unary in place", [&](int dev) { return nn4j_unary(dev, NN4J_UNARY_SIGMOID, 0, 1, &n, x.ptr(dev), &one, x.ptr(dev), &one, 0, 0); },
         {&x}, float_tol(0, 2e-6));
}

void check_binary() {
    // a (5, 1, 7) and b (1, 6, 7) broadcast to out (5, 6, 7).
    const int64_t shape[] = {5, 6, 7}, as[] = {7, 0, 1}, bs[] = {0, 7, 1}, os[] = {42, 7, 1};
    for (int op = 0; op < NN4J_BINARY_COUNT; ++op)
        for (int dt = 0; dt <= 4; ++dt) {
            const int od = (op >= NN4J_BINARY_EQ && op <= NN4J_BINARY_GE) ? NN4J_BOOL : dt;
            Buf a(dt, 35), b(dt, 42), o(od, 210);
            randomize(a, -3, 3, true);
            randomize(b, -3, 3, true);
            if (op == NN4J_BINARY_DIV && (dt == NN4J_I32 || dt == NN4J_I64)) {
                for (int64_t i = 0; i < b.n; ++i)
                    if (get(b.host.data(), dt, i) == 0) b.set(i, 3);
                b.upload();
            }
            if (op >= NN4J_BINARY_EQ && op <= NN4J_BINARY_GE) {  // some equal pairs
                for (int64_t i = 0; i < 7; ++i) b.set(i, get(a.host.data(), dt, i));
                b.upload();
            }
            o.upload();
            both("binary op " + std::to_string(op) + " " + dname(dt),
                 [&](int dev) { return nn4j_binary(dev, op, dt, 3, shape, a.ptr(dev), as, b.ptr(dev), bs, o.ptr(dev), os); },
                 {&o}, float_tol(od, 4e-6, 1e-14));
        }
    for (int dt : {NN4J_I32, NN4J_I64}) {  // integer division by zero: an error on both
        Buf a(dt, 35), b(dt, 42), o(dt, 210);
        randomize(a);
        randomize(b);
        b.set(41, 0);
        b.upload();
        o.upload();
        both(std::string("binary int div by zero ") + dname(dt),
             [&](int dev) { return nn4j_binary(dev, NN4J_BINARY_DIV, dt, 3, shape, a.ptr(dev), as, b.ptr(dev), bs, o.ptr(dev), os); },
             {&o}, kExact, true);
    }
    for (int dt = 0; dt <= 4; ++dt) {  // where, cond broadcast along the middle axis
        Buf c(NN4J_BOOL, 35), a(dt, 35), b(dt, 42), o(dt, 210);
        randomize(c);
        randomize(a, -3, 3, true);
        randomize(b, -3, 3, true);
        o.upload();
        both(std::string("where ") + dname(dt),
             [&](int dev) {
                 return nn4j_where(dev, dt, 3, shape, c.ptr(dev), as, a.ptr(dev), as, b.ptr(dev), bs, o.ptr(dev), os);
             },
             {&o}, kExact);
    }
}

void check_reduce() {
    struct Case { std::vector<int64_t> shape; std::vector<int> perm; std::vector<int64_t> masks; };
    // perm: x is a permuted view of a contiguous buffer (non-contiguous reductions).
    const Case cases[] = {
        {{4, 5, 6}, {2, 0, 1}, {0, 1, 2, 4, 3, 5, 6, 7}},
        {{3, 100000}, {0, 1}, {1, 2, 3}},          // few long rows: split reductions
        {{100000, 3}, {0, 1}, {1, 2}},             // column sums: one thread per output
        {{2000, 300}, {1, 0}, {1, 2}},             // mid-size rows, transposed storage
        {{1, 70000}, {0, 1}, {2, 3}},
        {{20, 3000}, {0, 1}, {2}},                 // a block per output, no split
        {{40, 50, 60}, {1, 2, 0}, {5, 2}},         // axes that do not coalesce
        {{0, 5}, {0, 1}, {1, 2, 3}},               // empty reduced axis / empty output
        {{}, {}, {0}},                              // scalar
    };
    for (const Case& cs : cases) {
        const int nd = (int)cs.shape.size();
        // strides of the permuted view: buffer dims are shape[perm[k]] in order k
        std::vector<int64_t> bshape(nd), strides(nd);
        for (int k = 0; k < nd; ++k) bshape[k] = cs.shape[cs.perm[k]];
        std::vector<int64_t> bstr = contiguous(bshape);
        for (int k = 0; k < nd; ++k) strides[cs.perm[k]] = bstr[k];
        const int64_t n = numel(cs.shape);
        for (int64_t mask : cs.masks)
            for (int op = 0; op < NN4J_REDUCE_COUNT; ++op)
                for (int dt = 0; dt <= 4; ++dt) {
                    if (op == NN4J_REDUCE_PROD && n > 1000 && (dt == NN4J_F32 || dt == NN4J_F64))
                        continue;  // long float products overflow in an order-dependent way
                    int64_t nout = 1;
                    for (int d = 0; d < nd; ++d)
                        if (!((mask >> d) & 1)) nout *= cs.shape[d];
                    const int od = op == NN4J_REDUCE_ARGMAX || op == NN4J_REDUCE_ARGMIN ? NN4J_I64
                                   : op == NN4J_REDUCE_ALL || op == NN4J_REDUCE_ANY   ? NN4J_BOOL
                                                                                      : dt;
                    Buf x(dt, n), o(od, nout);
                    const bool specials = n < 1000 && op != NN4J_REDUCE_VAR;
                    if (op == NN4J_REDUCE_ARGMAX || op == NN4J_REDUCE_ARGMIN) {
                        // few distinct values, so that ties are common
                        for (int64_t i = 0; i < n; ++i) x.set(i, std::floor(uniform(-3, 3)));
                        if (specials && n > 10) x.set(n / 2, NAN);
                        x.upload();
                    } else {
                        randomize(x, -1, 1, specials);
                    }
                    o.upload();
                    char what[160];
                    snprintf(what, sizeof what, "reduce op %d %s shape[%d]=%lld.. mask %lld", op, dname(dt), nd,
                             nd ? (long long)cs.shape[0] : 0LL, (long long)mask);
                    // f32 results are rounded from double sums: 1 ulp apart at most
                    Tol tol = float_tol(od, 3e-7, 1e-11);
                    both(what,
                         [&](int dev) {
                             return nn4j_reduce(dev, op, dt, nd, cs.shape.data(), x.ptr(dev), strides.data(), mask,
                                                o.ptr(dev), op == NN4J_REDUCE_VAR ? 1.0 : 0.0);
                         },
                         {&o}, tol);
                }
    }
}

void check_gemm() {
    struct Case { int64_t m, n, k, batch; };
    const Case cases[] = {{1, 1, 1, 1}, {17, 33, 65, 1}, {64, 64, 64, 2}, {130, 70, 45, 3}, {5, 7, 0, 1}, {200, 190, 300, 1}};
    for (int dt : {NN4J_F32, NN4J_F64})
        for (const Case& c : cases)
            for (int ta = 0; ta < 2; ++ta)
                for (int tb = 0; tb < 2; ++tb)
                    for (double beta : {0.0, 0.5}) {
                        // padded leading dimensions; A broadcast over the batch (stride 0)
                        const int64_t lda = (ta ? c.m : c.k) + 3, ldb = (tb ? c.k : c.n) + 1, ldc = c.n + 2;
                        const int64_t ra = ta ? c.k : c.m, rb = tb ? c.n : c.k;
                        const int64_t sa = 0, sb = rb * ldb + 5, sc = c.m * ldc + 1;
                        Buf a(dt, ra * lda + 1), b(dt, sb * c.batch + 1), cc(dt, sc * c.batch + 1);
                        randomize(a, -1, 1);
                        randomize(b, -1, 1);
                        randomize(cc, -1, 1);
                        if (beta == 0.0) {  // old C contents must be ignored, NaN included
                            for (int64_t i = 0; i < cc.n; i += 3) cc.set(i, NAN);
                            cc.upload();
                        }
                        char what[128];
                        snprintf(what, sizeof what, "gemm %s %lldx%lldx%lld b%lld ta%d tb%d beta %g", dname(dt),
                                 (long long)c.m, (long long)c.n, (long long)c.k, (long long)c.batch, ta, tb, beta);
                        const double tol = dt == NN4J_F32 ? 1e-5 * (double)(c.k + 1) : 1e-13 * (double)(c.k + 1);
                        both(what,
                             [&](int dev) {
                                 return nn4j_gemm(dev, dt, ta, tb, c.m, c.n, c.k, 1.5, a.ptr(dev), lda, b.ptr(dev), ldb,
                                                  beta, cc.ptr(dev), ldc, c.batch, sa, sb, sc);
                             },
                             {&cc}, {tol, tol});
                    }
}

void check_gather() {
    const std::vector<int64_t> xshape = {4, 5, 6};
    for (int axis = 0; axis < 3; ++axis)
        for (int dt = 0; dt <= 4; ++dt) {
            std::vector<int64_t> ishape = {3, 4, 5};  // smaller than x off the axis
            ishape[axis] = 7;                          // and longer along it
            const int64_t ni = numel(ishape);
            Buf x(dt, 120), idx(NN4J_I64, ni), out(dt, ni), acc(dt, 120), src(dt, ni);
            randomize(x, -3, 3, true);
            for (int64_t i = 0; i < ni; ++i) idx.set(i, (double)(next_u64() % (uint64_t)xshape[axis]));
            idx.upload();
            out.upload();
            randomize(acc);
            randomize(src);
            const std::string tag = std::string(dname(dt)) + " axis " + std::to_string(axis);
            both("gather " + tag,
                 [&](int dev) {
                     return nn4j_gather(dev, dt, 3, xshape.data(), x.ptr(dev), axis, ishape.data(),
                                        (const int64_t*)idx.ptr(dev), out.ptr(dev));
                 },
                 {&out}, kExact);
            // repeated indices accumulate in a device-dependent order (atomics)
            const Tol acc_tol = float_tol(dt, 1e-5, 1e-13);
            both("scatter_add " + tag,
                 [&](int dev) {
                     return nn4j_scatter_add(dev, dt, 3, xshape.data(), acc.ptr(dev), axis, ishape.data(),
                                             (const int64_t*)idx.ptr(dev), src.ptr(dev));
                 },
                 {&acc}, acc_tol);
            // an out-of-range index (too large, then negative) fails on both with the same
            // message and leaves the output untouched
            for (double bad : {(double)xshape[axis], -1.0}) {
                idx.set(ni - 2, bad);
                idx.upload();
                const std::string b = " (index " + std::to_string((int)bad) + ") ";
                both("scatter_add bad index" + b + tag,
                     [&](int dev) {
                         return nn4j_scatter_add(dev, dt, 3, xshape.data(), acc.ptr(dev), axis, ishape.data(),
                                                 (const int64_t*)idx.ptr(dev), src.ptr(dev));
                     },
                     {&acc}, kExact, true);
                if (dt != NN4J_BOOL) compare("scatter_add untouched" + b + tag, acc, acc_tol);
                both("gather bad index" + b + tag,
                     [&](int dev) {
                         return nn4j_gather(dev, dt, 3, xshape.data(), x.ptr(dev), axis, ishape.data(),
                                            (const int64_t*)idx.ptr(dev), out.ptr(dev));
                     },
                     {&out}, kExact, true);
            }
        }
}

// A few device timings, for information only.
void bench() {
    auto time_ms = [](const std::function<int()>& f, int reps) {
        f();
        nn4j_synchronize(D);
        auto t0 = std::chrono::steady_clock::now();
        for (int r = 0; r < reps; ++r) f();
        nn4j_synchronize(D);
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() / reps;
    };
    for (int dt : {NN4J_F32, NN4J_F64}) {
        const int64_t n = 2048;
        Buf a(dt, n * n), b(dt, n * n), c(dt, n * n);
        a.upload(); b.upload(); c.upload();
        nn4j_fill(D, dt, a.ptr(D), a.n, 0.5);
        nn4j_fill(D, dt, b.ptr(D), b.n, 0.25);
        double ms = time_ms([&] { return nn4j_gemm(D, dt, 0, 0, n, n, n, 1.0, a.ptr(D), n, b.ptr(D), n, 0.0, c.ptr(D), n, 1, 0, 0, 0); }, 3);
        printf("bench gemm %s 2048^3: %.2f ms, %.0f GFLOP/s\n", dname(dt), ms, 2.0 * n * n * n / ms / 1e6);
    }
    const int64_t n = 1 << 26, one = 1;
    Buf x(NN4J_F32, n), y(NN4J_F32, n);
    x.upload(); y.upload();
    nn4j_fill(D, NN4J_F32, x.ptr(D), n, 1.0);
    double ms = time_ms([&] { return nn4j_unary(D, NN4J_UNARY_EXP, 0, 1, &n, x.ptr(D), &one, y.ptr(D), &one, 0, 0); }, 5);
    printf("bench unary exp f32 64M: %.2f ms, %.0f GB/s\n", ms, 8.0 * n / ms / 1e6);
    ms = time_ms([&] { return nn4j_reduce(D, NN4J_REDUCE_SUM, 0, 1, &n, x.ptr(D), &one, 1, y.ptr(D), 0); }, 5);
    printf("bench reduce sum f32 64M: %.2f ms, %.0f GB/s\n", ms, 4.0 * n / ms / 1e6);
}

std::string default_path() {
    Dl_info info;
    if (dladdr((void*)&nn4j_version, &info) && info.dli_fname) {
        std::string p = info.dli_fname;
        size_t slash = p.rfind('/');
        return (slash == std::string::npos ? std::string() : p.substr(0, slash + 1)) + "libnn4j_cuda.so";
    }
    return "libnn4j_cuda.so";
}

}  // namespace

int main(int argc, char** argv) {
    setvbuf(stdout, nullptr, _IOLBF, 0);  // progress survives a crash or a timeout
    std::string path, only;
    bool run_bench = true;
    for (int i = 1; i < argc; ++i) {
        if (strcmp(argv[i], "--no-bench") == 0) run_bench = false;
        else if (strncmp(argv[i], "--only=", 7) == 0) only = argv[i] + 7;
        else if (argv[i][0] == '-') { printf("usage: %s [libnn4j_cuda.so] [--no-bench] [--only=GROUP]\n", argv[0]); return 2; }
        else path = argv[i];
    }
    if (path.empty()) path = default_path();
    if (nn4j_cuda_load(path.c_str()) != NN4J_OK) {
        printf("cannot load the CUDA library: %s\n", nn4j_last_error());
        return 2;
    }
    if (nn4j_cuda_device_count() < 1) {
        // The table reports why (no driver, no device) to any call on the device.
        int64_t p = 0;
        nn4j_alloc(D, 16, &p);
        printf("no CUDA device: %s\n", nn4j_last_error());
        return 0;
    }
    char name[256];
    nn4j_cuda_device_name(0, name, sizeof name);
    printf("CUDA device 0: %s (library %s)\n", name, path.c_str());
    const struct { const char* name; void (*fn)(); } groups[] = {
        {"memory", check_memory}, {"fill", check_fill}, {"random", check_random}, {"copy", check_copy},
        {"unary", check_unary}, {"binary", check_binary}, {"reduce", check_reduce}, {"gemm", check_gemm},
        {"gather", check_gather}};
    for (const auto& g : groups) {
        if (!only.empty() && only != g.name) continue;
        const int f0 = g_failures, c0 = g_checks;
        g.fn();
        printf("%-7s %4d checks, %d failures\n", g.name, g_checks - c0, g_failures - f0);
    }
    printf("total   %4d checks, %d failures\n", g_checks, g_failures);
    if (g_failures == 0 && run_bench && only.empty()) bench();
    return g_failures ? 1 : 0;
}
