// Development check and benchmark for the convolution and pooling families (not built by CMake).
//
// Build (after building libnn4j.so into $BUILD/lib; DNNL = the unpacked dnnl jar folder):
//   DNNL=/tmp/dnnl/org/bytedeco/dnnl/linux-x86_64 BUILD=/tmp/build-conv
//   g++ -O2 -std=c++17 -Inative/include -I$DNNL/include native/test/conv_check.cpp \
//       -o /tmp/conv_check -L$BUILD/lib -lnn4j $DNNL/libdnnl.so.3 $DNNL/libgomp.so.1 \
//       -Wl,-rpath,$BUILD/lib:$DNNL -lpthread
// Run:
//   /tmp/conv_check check        own (f32, f64) and oneDNN (f32) vs naive float64 references on
//                                random odd geometries; adjoint identities; pooling rules
//   /tmp/conv_check args         argument validation (every bad call fails with a message)
//   /tmp/conv_check bench [reps] [threads] [name]  conv2d forward + backward on the shapes:
//                                own, oneDNN (with reorders), auto, raw oneDNN, timed round-robin
//                                (best of reps rounds); then pooling. With a name ("c3", "resnet")
//                                only the conv shapes containing it, no pooling
//   /tmp/conv_check cuda LIB     CUDA (device 1) vs CPU on random geometries, conv and pooling, f32/f64
//                                (also runs on an emulated runtime: see conv_check's cuda section)
//   /tmp/conv_check              check + args
// Exit status 0 only if every check passed.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>
#include "nn4j.h"
#include "nn4j_conv.h"
#include "nn4j_pool.h"
#include "oneapi/dnnl/dnnl.h"

extern "C" void omp_set_num_threads(int);  // libgomp, which oneDNN uses

static int g_failures = 0;
#define CHECK(cond, ...)                     \
    do {                                     \
        if (!(cond)) {                       \
            ++g_failures;                    \
            std::printf("FAIL: " __VA_ARGS__); \
            std::printf("\n");               \
        }                                    \
    } while (0)

using Vec = std::vector<double>;
std::mt19937_64 rng(1234);
Vec randv(size_t n) {
    std::uniform_real_distribution<double> u(-1, 1);
    Vec v(n);
    for (auto& x : v) x = u(rng);
    return v;
}
int64_t prod(const std::vector<int64_t>& v, size_t from = 0) {
    int64_t p = 1;
    for (size_t i = from; i < v.size(); ++i) p *= v[i];
    return p;
}

// ---- naive references (float64), spatial axes right-aligned into 3 --------------------------

struct G {
    int nsp;
    int64_t n, cin, cout, groups;
    int64_t in[3], out[3], k[3], s[3], d[3], pb[3], pe[3];
    std::vector<int64_t> xs() const { return shape(cin, in); }
    std::vector<int64_t> ys() const { return shape(cout, out); }
    std::vector<int64_t> ws() const {
        std::vector<int64_t> v = {cout, cin / groups};
        for (int i = 3 - nsp; i < 3; ++i) v.push_back(k[i]);
        return v;
    }
    std::vector<int64_t> shape(int64_t c, const int64_t* sp) const {
        std::vector<int64_t> v = {n, c};
        for (int i = 3 - nsp; i < 3; ++i) v.push_back(sp[i]);
        return v;
    }
    std::vector<int64_t> vec(const int64_t* a) const { return std::vector<int64_t>(a + 3 - nsp, a + 3); }
};

// visits every (n, o, out pos, c, tap) with the x and w offsets; xi < 0 for padding
template <class F> void conv_visit(const G& g, F&& f) {
    const int64_t cig = g.cin / g.groups, cog = g.cout / g.groups;
    const int64_t isz = g.in[0] * g.in[1] * g.in[2], osz = g.out[0] * g.out[1] * g.out[2];
    const int64_t ksz = g.k[0] * g.k[1] * g.k[2];
    for (int64_t n = 0; n < g.n; ++n)
        for (int64_t o = 0; o < g.cout; ++o)
            for (int64_t p = 0; p < osz; ++p) {
                const int64_t op[3] = {p / (g.out[1] * g.out[2]), p / g.out[2] % g.out[1], p % g.out[2]};
                const int64_t grp = o / cog;
                for (int64_t c = 0; c < cig; ++c)
                    for (int64_t q = 0; q < ksz; ++q) {
                        const int64_t qq[3] = {q / (g.k[1] * g.k[2]), q / g.k[2] % g.k[1], q % g.k[2]};
                        int64_t ip[3];
                        bool ok = true;
                        for (int a = 0; a < 3; ++a) {
                            ip[a] = op[a] * g.s[a] - g.pb[a] + qq[a] * g.d[a];
                            ok &= ip[a] >= 0 && ip[a] < g.in[a];
                        }
                        const int64_t xi = ok ? (n * g.cin + grp * cig + c) * isz + (ip[0] * g.in[1] + ip[1]) * g.in[2] + ip[2] : -1;
                        f((n * g.cout + o) * osz + p, xi, (o * cig + c) * ksz + q, o);
                    }
            }
}

double rel_err(const Vec& a, const Vec& b) {
    double num = 0, den = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        num = std::max(num, std::fabs(a[i] - b[i]));
        den = std::max(den, std::fabs(b[i]));
    }
    return den == 0 ? num : num / den;
}

template <class T> std::vector<T> cast(const Vec& v) { return std::vector<T>(v.begin(), v.end()); }
template <class T> Vec back(const std::vector<T>& v) { return Vec(v.begin(), v.end()); }

G random_geom(std::mt19937_64& r) {
    auto pick = [&](int64_t lo, int64_t hi) { return (int64_t)(lo + r() % (uint64_t)(hi - lo + 1)); };
    G g;
    g.nsp = (int)pick(1, 3);
    g.groups = pick(1, 3);
    g.cin = g.groups * pick(1, 3);
    g.cout = g.groups * pick(1, 3);
    g.n = pick(1, 3);
    for (int a = 0; a < 3; ++a) {
        g.in[a] = g.out[a] = g.k[a] = g.s[a] = g.d[a] = 1;
        g.pb[a] = g.pe[a] = 0;
    }
    for (int a = 3 - g.nsp; a < 3; ++a) {
        g.k[a] = pick(1, 3);
        g.s[a] = pick(1, 3);
        g.d[a] = pick(1, 2);
        g.pb[a] = pick(0, 2);
        g.pe[a] = pick(0, 2);
        const int64_t span = g.d[a] * (g.k[a] - 1) + 1;
        g.in[a] = std::max<int64_t>(1, span - g.pb[a] - g.pe[a]) + pick(0, g.nsp == 3 ? 4 : 7);
        g.out[a] = (g.in[a] + g.pb[a] + g.pe[a] - span) / g.s[a] + 1;
    }
    return g;
}

struct ConvRef {
    Vec y, dx, dw, db;
};
ConvRef conv_ref(const G& g, const Vec& x, const Vec& w, const Vec& b, const Vec& dy) {
    ConvRef r{Vec(prod(g.ys())), Vec(prod(g.xs())), Vec(prod(g.ws())), Vec(g.cout)};
    conv_visit(g, [&](int64_t yi, int64_t xi, int64_t wi, int64_t) {
        if (xi < 0) return;
        r.y[yi] += w[wi] * x[xi];
        r.dx[xi] += w[wi] * dy[yi];
        r.dw[wi] += x[xi] * dy[yi];
    });
    const int64_t osz = g.out[0] * g.out[1] * g.out[2];
    for (int64_t i = 0; i < (int64_t)r.y.size(); ++i) {
        const int64_t o = i / osz % g.cout;
        r.y[i] += b[o];
        r.db[o] += dy[i];
    }
    return r;
}

template <class T>
void check_conv_impl(const G& g, int dtype, const char* label, const Vec& x, const Vec& w, const Vec& b, const Vec& dy,
                     const ConvRef& ref, double tol) {
    auto xs = g.xs(), ws = g.ws(), ys = g.ys();
    auto st = g.vec(g.s), di = g.vec(g.d), pb = g.vec(g.pb), pe = g.vec(g.pe);
    auto tx = cast<T>(x), tw = cast<T>(w), tb = cast<T>(b), tdy = cast<T>(dy);
    std::vector<T> y(ys.size() ? prod(ys) : 0, T(7)), dx(prod(xs), T(7)), dw(prod(ws), T(7)), db(g.cout, T(7));
    char desc[256];
    snprintf(desc, sizeof desc, "%s nsp=%d n=%lld cin=%lld cout=%lld g=%lld in=(%lld,%lld,%lld) k=(%lld,%lld,%lld) s=(%lld,%lld,%lld) d=(%lld,%lld,%lld) pb=(%lld,%lld,%lld) pe=(%lld,%lld,%lld)",
             label, g.nsp, (long long)g.n, (long long)g.cin, (long long)g.cout, (long long)g.groups, (long long)g.in[0],
             (long long)g.in[1], (long long)g.in[2], (long long)g.k[0], (long long)g.k[1], (long long)g.k[2],
             (long long)g.s[0], (long long)g.s[1], (long long)g.s[2], (long long)g.d[0], (long long)g.d[1],
             (long long)g.d[2], (long long)g.pb[0], (long long)g.pb[1], (long long)g.pb[2], (long long)g.pe[0],
             (long long)g.pe[1], (long long)g.pe[2]);
    int rc = nn4j_conv_forward(0, dtype, g.nsp, xs.data(), ws.data(), ys.data(), st.data(), di.data(), pb.data(),
                               pe.data(), g.groups, tx.data(), tw.data(), tb.data(), y.data());
    CHECK(rc == 0, "%s forward rc %d: %s", desc, rc, nn4j_last_error());
    double e = rel_err(back(y), ref.y);
    CHECK(e < tol, "%s forward err %.3g", desc, e);
    rc = nn4j_conv_backward_data(0, dtype, g.nsp, xs.data(), ws.data(), ys.data(), st.data(), di.data(), pb.data(),
                                 pe.data(), g.groups, tdy.data(), tw.data(), dx.data());
    CHECK(rc == 0, "%s backward_data rc %d: %s", desc, rc, nn4j_last_error());
    e = rel_err(back(dx), ref.dx);
    CHECK(e < tol, "%s backward_data err %.3g", desc, e);
    rc = nn4j_conv_backward_weights(0, dtype, g.nsp, xs.data(), ws.data(), ys.data(), st.data(), di.data(), pb.data(),
                                    pe.data(), g.groups, tx.data(), tdy.data(), dw.data(), db.data());
    CHECK(rc == 0, "%s backward_weights rc %d: %s", desc, rc, nn4j_last_error());
    e = rel_err(back(dw), ref.dw);
    CHECK(e < tol, "%s dw err %.3g", desc, e);
    e = rel_err(back(db), ref.db);
    CHECK(e < tol, "%s db err %.3g", desc, e);

    // transposed convolution: its x is this conv's y, its y this conv's x.
    // forward(dy as input) + b_t == backward_data + b_t; backward_data == conv forward without bias;
    // weights: dw_t(x_t = dy, dy_t = x) == the conv's dw; db_t = channel sums of x.
    Vec bt = randv(g.cin);
    auto tbt = cast<T>(bt);
    std::vector<T> yt(prod(xs)), dxt(prod(ys)), dwt(prod(ws)), dbt(g.cin);
    rc = nn4j_conv_transpose_forward(0, dtype, g.nsp, ys.data(), ws.data(), xs.data(), st.data(), di.data(), pb.data(),
                                     pe.data(), g.groups, tdy.data(), tw.data(), tbt.data(), yt.data());
    CHECK(rc == 0, "%s transpose_forward rc %d: %s", desc, rc, nn4j_last_error());
    Vec want = ref.dx;
    const int64_t isz = g.in[0] * g.in[1] * g.in[2];
    for (size_t i = 0; i < want.size(); ++i) want[i] += bt[i / isz % g.cin];
    e = rel_err(back(yt), want);
    CHECK(e < tol, "%s transpose_forward err %.3g", desc, e);
    rc = nn4j_conv_transpose_backward_data(0, dtype, g.nsp, ys.data(), ws.data(), xs.data(), st.data(), di.data(),
                                           pb.data(), pe.data(), g.groups, tx.data(), tw.data(), dxt.data());
    CHECK(rc == 0, "%s transpose_backward_data rc %d: %s", desc, rc, nn4j_last_error());
    want = ref.y;
    const int64_t osz = g.out[0] * g.out[1] * g.out[2];
    for (size_t i = 0; i < want.size(); ++i) want[i] -= b[i / osz % g.cout];
    e = rel_err(back(dxt), want);
    CHECK(e < tol, "%s transpose_backward_data err %.3g", desc, e);
    rc = nn4j_conv_transpose_backward_weights(0, dtype, g.nsp, ys.data(), ws.data(), xs.data(), st.data(), di.data(),
                                              pb.data(), pe.data(), g.groups, tdy.data(), tx.data(), dwt.data(),
                                              dbt.data());
    CHECK(rc == 0, "%s transpose_backward_weights rc %d: %s", desc, rc, nn4j_last_error());
    e = rel_err(back(dwt), ref.dw);
    CHECK(e < tol, "%s transpose dw err %.3g", desc, e);
    Vec sx(g.cin);
    for (size_t i = 0; i < x.size(); ++i) sx[i / isz % g.cin] += x[i];
    e = rel_err(back(dbt), sx);
    CHECK(e < tol, "%s transpose db err %.3g", desc, e);
}

// Own f64, own f32 and oneDNN f32 against the reference, at 1 and 2 threads; labels start with
// prefix. Leaves the dnnl mode at AUTO.
void check_conv_paths(const G& g, const std::string& prefix, const Vec& x, const Vec& w, const Vec& b, const Vec& dy,
                      const ConvRef& ref) {
    for (int threads : {1, 2}) {
        nn4j_set_num_threads(threads);
        nn4j_set_dnnl_mode(NN4J_DNNL_OFF);
        check_conv_impl<double>(g, NN4J_F64, (prefix + "own f64").c_str(), x, w, b, dy, ref, 1e-12);
        check_conv_impl<float>(g, NN4J_F32, (prefix + "own f32").c_str(), x, w, b, dy, ref, 1e-5);
        nn4j_set_dnnl_mode(NN4J_DNNL_FORCE);
        check_conv_impl<float>(g, NN4J_F32, (prefix + "onednn f32").c_str(), x, w, b, dy, ref, 1e-5);
    }
    nn4j_set_dnnl_mode(NN4J_DNNL_AUTO);
}

void check_conv(int cases) {
    std::mt19937_64 r(77);
    int done = 0;
    for (int t = 0; t < cases; ++t) {
        G g = random_geom(r);
        Vec x = randv(prod(g.xs())), w = randv(prod(g.ws())), b = randv(g.cout), dy = randv(prod(g.ys()));
        check_conv_paths(g, "", x, w, b, dy, conv_ref(g, x, w, b, dy));
        ++done;
    }
    std::printf("conv: %d random geometries x {own f64, own f32, oneDNN f32} x {1, 2 threads}\n", done);
}

// Larger shapes, so that chunking, per-sample threading and the pointwise path are exercised.
void check_conv_large() {
    struct S { int nsp; int64_t n, cin, cout, groups, in, k, s, d, pb, pe; };
    const S cases[] = {
        {2, 5, 6, 10, 2, 37, 3, 1, 1, 1, 1},   // several chunks, groups
        {2, 3, 16, 8, 1, 30, 1, 1, 1, 0, 0},   // pointwise
        {2, 4, 8, 8, 8, 29, 3, 2, 1, 1, 0},    // depthwise, stride 2, one-sided pad
        {1, 3, 5, 7, 1, 501, 5, 1, 2, 4, 3},   // long 1-D
        {3, 2, 4, 6, 2, 13, 3, 1, 1, 1, 1},    // 3-D
    };
    for (const S& c : cases) {
        G g;
        g.nsp = c.nsp, g.n = c.n, g.cin = c.cin, g.cout = c.cout, g.groups = c.groups;
        for (int a = 0; a < 3; ++a) {
            const bool sp = a >= 3 - c.nsp;
            g.in[a] = sp ? c.in + a : 1;
            g.k[a] = sp ? c.k : 1;
            g.s[a] = sp ? c.s : 1;
            g.d[a] = sp ? c.d : 1;
            g.pb[a] = sp ? c.pb : 0;
            g.pe[a] = sp ? c.pe : 0;
            g.out[a] = (g.in[a] + g.pb[a] + g.pe[a] - g.d[a] * (g.k[a] - 1) - 1) / g.s[a] + 1;
        }
        Vec x = randv(prod(g.xs())), w = randv(prod(g.ws())), b = randv(g.cout), dy = randv(prod(g.ys()));
        check_conv_paths(g, "large ", x, w, b, dy, conv_ref(g, x, w, b, dy));
    }
    std::printf("conv: %zu larger shapes checked\n", sizeof cases / sizeof cases[0]);
}

// 3x3 input, padding 1, 2x2 kernel (the hand-checked case); see ConvolutionTest for the
// worked arithmetic.
void check_hand() {
    const double x[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    const double w[4] = {1, 2, 3, 4};
    const int64_t xs[] = {1, 1, 3, 3}, ws[] = {1, 1, 2, 2}, ys[] = {1, 1, 4, 4};
    const int64_t one[] = {1, 1}, pad[] = {1, 1};
    double y[16];
    int rc = nn4j_conv_forward(0, NN4J_F64, 2, xs, ws, ys, one, one, pad, pad, 1, x, w, nullptr, y);
    const double want[16] = {4, 11, 18, 9, 18, 37, 47, 21, 36, 67, 77, 33, 14, 23, 26, 9};
    CHECK(rc == 0, "hand rc %d", rc);
    for (int i = 0; i < 16; ++i) CHECK(y[i] == want[i], "hand y[%d] = %g, want %g", i, y[i], want[i]);
}

// ---- pooling -------------------------------------------------------------------------------

struct P {
    int nsp;
    int64_t n, c, in[3], out[3], k[3], s[3], pb[3], pe[3];
    std::vector<int64_t> xs() const { return shape(in); }
    std::vector<int64_t> ys() const { return shape(out); }
    std::vector<int64_t> shape(const int64_t* sp) const {
        std::vector<int64_t> v = {n, c};
        for (int i = 3 - nsp; i < 3; ++i) v.push_back(sp[i]);
        return v;
    }
    std::vector<int64_t> vec(const int64_t* a) const { return std::vector<int64_t>(a + 3 - nsp, a + 3); }
};

// y and the picked/contributing positions, from the naive definition
void pool_ref(const P& p, int kind, const Vec& x, const Vec& dy, Vec& y, Vec& dx) {
    const int64_t isz = p.in[0] * p.in[1] * p.in[2], osz = p.out[0] * p.out[1] * p.out[2];
    y.assign(p.n * p.c * osz, 0);
    dx.assign(p.n * p.c * isz, 0);
    for (int64_t pl = 0; pl < p.n * p.c; ++pl)
        for (int64_t o = 0; o < osz; ++o) {
            const int64_t op[3] = {o / (p.out[1] * p.out[2]), o / p.out[2] % p.out[1], o % p.out[2]};
            std::vector<int64_t> idx;
            for (int64_t q = 0; q < p.k[0] * p.k[1] * p.k[2]; ++q) {
                const int64_t qq[3] = {q / (p.k[1] * p.k[2]), q / p.k[2] % p.k[1], q % p.k[2]};
                int64_t ip[3];
                bool ok = true;
                for (int a = 0; a < 3; ++a) {
                    ip[a] = op[a] * p.s[a] - p.pb[a] + qq[a];
                    ok &= ip[a] >= 0 && ip[a] < p.in[a];
                }
                if (ok) idx.push_back((ip[0] * p.in[1] + ip[1]) * p.in[2] + ip[2]);
            }
            const double* xp = x.data() + pl * isz;
            double* dxp = dx.data() + pl * isz;
            const double g = dy[pl * osz + o];
            if (kind == NN4J_POOL_AVG) {
                double s = 0;
                for (int64_t i : idx) s += xp[i];
                y[pl * osz + o] = s / idx.size();
                for (int64_t i : idx) dxp[i] += g / idx.size();
            } else {
                int64_t best = idx[0];
                for (int64_t i : idx)
                    if (kind == NN4J_POOL_MAX ? xp[i] > xp[best] : xp[i] < xp[best]) best = i;
                y[pl * osz + o] = xp[best];
                dxp[best] += g;
            }
        }
}

template <class T>
void check_pool_impl(const P& p, int kind, int dtype, const char* label, const Vec& x, const Vec& dy, const Vec& ry,
                     const Vec& rdx, double tol) {
    auto xs = p.xs(), ys = p.ys();
    auto k = p.vec(p.k), s = p.vec(p.s), pb = p.vec(p.pb), pe = p.vec(p.pe);
    auto tx = cast<T>(x), tdy = cast<T>(dy);
    std::vector<T> y(prod(ys), T(7)), dx(prod(xs), T(7));
    std::vector<int64_t> ws(prod(ys) + 1, -5);
    char desc[200];
    snprintf(desc, sizeof desc, "%s kind=%d nsp=%d in=(%lld,%lld,%lld) k=(%lld,%lld,%lld) s=(%lld,%lld,%lld)", label,
             kind, p.nsp, (long long)p.in[0], (long long)p.in[1], (long long)p.in[2], (long long)p.k[0],
             (long long)p.k[1], (long long)p.k[2], (long long)p.s[0], (long long)p.s[1], (long long)p.s[2]);
    int rc = nn4j_pool_forward(0, dtype, kind, p.nsp, xs.data(), ys.data(), k.data(), s.data(), pb.data(), pe.data(),
                               tx.data(), y.data(), ws.data());
    CHECK(rc == 0, "%s forward rc %d: %s", desc, rc, nn4j_last_error());
    double e = rel_err(back(y), ry);
    CHECK(e < tol, "%s forward err %.3g", desc, e);
    rc = nn4j_pool_backward(0, dtype, kind, p.nsp, xs.data(), ys.data(), k.data(), s.data(), pb.data(), pe.data(),
                            tdy.data(), ws.data(), dx.data());
    CHECK(rc == 0, "%s backward rc %d: %s", desc, rc, nn4j_last_error());
    e = rel_err(back(dx), rdx);
    CHECK(e < tol, "%s backward err %.3g", desc, e);
}

void check_pool(int cases) {
    std::mt19937_64 r(99);
    auto pick = [&](int64_t lo, int64_t hi) { return (int64_t)(lo + r() % (uint64_t)(hi - lo + 1)); };
    for (int t = 0; t < cases; ++t) {
        P p;
        p.nsp = (int)pick(1, 3);
        p.n = pick(1, 3);
        p.c = pick(1, 4);
        for (int a = 0; a < 3; ++a) {
            p.in[a] = p.out[a] = p.k[a] = p.s[a] = 1;
            p.pb[a] = p.pe[a] = 0;
        }
        for (int a = 3 - p.nsp; a < 3; ++a) {
            p.k[a] = pick(1, 3);
            p.s[a] = pick(1, 3);
            p.pb[a] = pick(0, p.k[a] - 1);
            p.pe[a] = pick(0, p.k[a] - 1);
            p.in[a] = std::max<int64_t>(1, p.k[a] - p.pb[a] - p.pe[a]) + pick(0, 7);
            p.out[a] = (p.in[a] + p.pb[a] + p.pe[a] - p.k[a]) / p.s[a] + 1;
        }
        Vec x = randv(prod(p.xs())), dy = randv(prod(p.ys()));
        for (int kind : {NN4J_POOL_MAX, NN4J_POOL_AVG, NN4J_POOL_MIN}) {
            Vec ry, rdx;
            pool_ref(p, kind, x, dy, ry, rdx);
            for (int threads : {1, 2}) {
                nn4j_set_num_threads(threads);
                nn4j_set_dnnl_mode(NN4J_DNNL_OFF);
                check_pool_impl<double>(p, kind, NN4J_F64, "own f64", x, dy, ry, rdx, 1e-12);
                check_pool_impl<float>(p, kind, NN4J_F32, "own f32", x, dy, ry, rdx, 1e-6);
                nn4j_set_dnnl_mode(NN4J_DNNL_FORCE);
                check_pool_impl<float>(p, kind, NN4J_F32, "onednn f32", x, dy, ry, rdx, 1e-6);
            }
            nn4j_set_dnnl_mode(NN4J_DNNL_AUTO);
        }
    }
    std::printf("pool: %d random geometries x {max, avg, min} x {own f64, own f32, oneDNN f32}\n", cases);
}

// Ties go to the first index in both modes (oneDNN's max pooling included); NaN propagates in
// nn4j's kernel (oneDNN's drops it, noted).
void check_pool_rules() {
    const int64_t xs[] = {1, 1, 2, 4}, ys[] = {1, 1, 1, 2}, k[] = {2, 2}, s[] = {2, 2}, z[] = {0, 0};
    for (int mode : {NN4J_DNNL_OFF, NN4J_DNNL_FORCE}) {
        nn4j_set_dnnl_mode(mode);
        const char* m = mode == NN4J_DNNL_OFF ? "own" : "onednn";
        // window 0: all 5 (tie), window 1: NaN at its second element
        float x[8] = {5, 5, 1, NAN, 5, 5, 2, 3};
        float y[2], dy[2] = {1, 10}, dx[8];
        int64_t ws[3];
        int rc = nn4j_pool_forward(0, NN4J_F32, NN4J_POOL_MAX, 2, xs, ys, k, s, z, z, x, y, ws);
        CHECK(rc == 0, "rules rc");
        CHECK(y[0] == 5, "%s max tie value %g", m, y[0]);
        if (mode == NN4J_DNNL_OFF)
            CHECK(std::isnan(y[1]), "%s max NaN not propagated: %g (path %s)", m, y[1], nn4j_last_path());
        else if (!std::isnan(y[1]))  // documented in nn4j_pool.h: FORCE only, AUTO uses nn4j's kernel
            std::printf("note: oneDNN's max pooling drops NaN (y = %g); nn4j's kernel propagates it\n", y[1]);
        rc = nn4j_pool_backward(0, NN4J_F32, NN4J_POOL_MAX, 2, xs, ys, k, s, z, z, dy, ws, dx);
        CHECK(rc == 0, "rules bwd rc");
        CHECK(dx[0] == 1 && dx[1] == 0 && dx[4] == 0 && dx[5] == 0, "%s max tie routed to %g %g %g %g (path %s)", m,
              dx[0], dx[1], dx[4], dx[5], nn4j_last_path());
        float x2[8] = {5, 5, 1, 1, 5, 5, 2, 3};
        rc = nn4j_pool_forward(0, NN4J_F32, NN4J_POOL_MIN, 2, xs, ys, k, s, z, z, x2, y, ws);
        rc |= nn4j_pool_backward(0, NN4J_F32, NN4J_POOL_MIN, 2, xs, ys, k, s, z, z, dy, ws, dx);
        CHECK(rc == 0 && y[1] == 1 && dx[2] == 10 && dx[3] == 0, "%s min tie: y %g dx %g %g", m, y[1], dx[2], dx[3]);
    }
    nn4j_set_dnnl_mode(NN4J_DNNL_AUTO);
}

// ---- argument validation -----------------------------------------------------------------------

void check_args() {
    float buf[4096] = {};
    const int64_t xs[] = {1, 2, 5, 5}, ws[] = {4, 2, 3, 3}, ys[] = {1, 4, 3, 3};
    const int64_t one[] = {1, 1}, zero[] = {0, 0}, two[] = {2, 2};
    auto expect = [&](int rc, int want, const char* what) {
        CHECK(rc == want, "%s: rc %d, want %d (%s)", what, rc, want, nn4j_last_error());
        if (rc == want && rc != 0 && std::strlen(nn4j_last_error()) < 10) CHECK(false, "%s: empty message", what);
        if (rc == want && rc) std::printf("  ok %-28s %s\n", what, nn4j_last_error());
    };
    expect(nn4j_conv_forward(0, NN4J_F32, 2, xs, ws, ys, one, one, zero, zero, 1, buf, buf, nullptr, buf + 1000), 0, "valid");
    expect(nn4j_conv_forward(0, NN4J_I32, 2, xs, ws, ys, one, one, zero, zero, 1, buf, buf, nullptr, buf), NN4J_ERR_DTYPE, "dtype");
    expect(nn4j_conv_forward(0, NN4J_F32, 4, xs, ws, ys, one, one, zero, zero, 1, buf, buf, nullptr, buf), NN4J_ERR_ARG, "nsp");
    expect(nn4j_conv_forward(0, NN4J_F32, 2, nullptr, ws, ys, one, one, zero, zero, 1, buf, buf, nullptr, buf), NN4J_ERR_ARG, "null shape");
    expect(nn4j_conv_forward(0, NN4J_F32, 2, xs, ws, ys, zero, one, zero, zero, 1, buf, buf, nullptr, buf), NN4J_ERR_ARG, "stride 0");
    expect(nn4j_conv_forward(0, NN4J_F32, 2, xs, ws, ys, one, zero, zero, zero, 1, buf, buf, nullptr, buf), NN4J_ERR_ARG, "dilation 0");
    const int64_t neg[] = {-1, 0};
    expect(nn4j_conv_forward(0, NN4J_F32, 2, xs, ws, ys, one, one, neg, zero, 1, buf, buf, nullptr, buf), NN4J_ERR_ARG, "negative pad");
    expect(nn4j_conv_forward(0, NN4J_F32, 2, xs, ws, ys, one, one, zero, zero, 0, buf, buf, nullptr, buf), NN4J_ERR_ARG, "groups 0");
    expect(nn4j_conv_forward(0, NN4J_F32, 2, xs, ws, ys, one, one, zero, zero, 3, buf, buf, nullptr, buf), NN4J_ERR_SHAPE, "groups not dividing");
    const int64_t ws_bad[] = {4, 1, 3, 3};
    expect(nn4j_conv_forward(0, NN4J_F32, 2, xs, ws_bad, ys, one, one, zero, zero, 1, buf, buf, nullptr, buf), NN4J_ERR_SHAPE, "w channels");
    const int64_t ys_bad[] = {1, 4, 4, 3};
    expect(nn4j_conv_forward(0, NN4J_F32, 2, xs, ws, ys_bad, one, one, zero, zero, 1, buf, buf, nullptr, buf), NN4J_ERR_SHAPE, "y size");
    const int64_t ws_big[] = {4, 2, 7, 3};
    expect(nn4j_conv_forward(0, NN4J_F32, 2, xs, ws_big, ys, one, one, zero, zero, 1, buf, buf, nullptr, buf), NN4J_ERR_SHAPE, "kernel too long");
    const int64_t huge[] = {1LL << 40, 1LL << 40, 5, 5};
    expect(nn4j_conv_forward(0, NN4J_F32, 2, huge, ws, ys, one, one, zero, zero, 1, buf, buf, nullptr, buf), NN4J_ERR_SHAPE, "overflow");
    expect(nn4j_conv_forward(0, NN4J_F32, 2, xs, ws, ys, one, one, zero, zero, 1, nullptr, buf, nullptr, buf), NN4J_ERR_ARG, "null x");
    expect(nn4j_conv_forward(1, NN4J_F32, 2, xs, ws, ys, one, one, zero, zero, 1, buf, buf, nullptr, buf), NN4J_ERR_NO_DEVICE, "no cuda");
    expect(nn4j_conv_forward(-1, NN4J_F32, 2, xs, ws, ys, one, one, zero, zero, 1, buf, buf, nullptr, buf), NN4J_ERR_ARG, "negative device");
    expect(nn4j_conv_backward_weights(0, NN4J_F32, 2, xs, ws, ys, one, one, zero, zero, 1, buf, buf, nullptr, nullptr), NN4J_ERR_ARG, "dw and db null");
    // transposed: x (1, 4, 3, 3) -> y (1, 2, 5, 5) with the same w
    expect(nn4j_conv_transpose_forward(0, NN4J_F32, 2, ys, ws, xs, one, one, zero, zero, 1, buf, buf, nullptr, buf + 1000), 0, "transposed valid");
    const int64_t xs6[] = {1, 2, 6, 5};
    expect(nn4j_conv_transpose_forward(0, NN4J_F32, 2, ys, ws, xs6, one, one, zero, zero, 1, buf, buf, nullptr, buf + 1000), NN4J_ERR_SHAPE, "transposed y size");
    const int64_t xs7[] = {1, 2, 6, 6};  // output_padding 1 with stride 2: (3-1)*2 + 3 + 1 = 8? no: valid for stride 2 is 7 or 8
    const int64_t ys7[] = {1, 2, 8, 8};
    expect(nn4j_conv_transpose_forward(0, NN4J_F32, 2, ys, ws, ys7, two, one, zero, zero, 1, buf, buf, nullptr, buf + 1000), 0, "transposed output_padding 1");
    (void)xs7;
    // pooling
    const int64_t px[] = {1, 2, 5, 5}, py[] = {1, 2, 2, 2}, pk[] = {2, 2};
    int64_t wsb[64];
    expect(nn4j_pool_forward(0, NN4J_F32, NN4J_POOL_MAX, 2, px, py, pk, two, zero, zero, buf, buf + 1000, wsb), 0, "pool valid");
    expect(nn4j_pool_forward(0, NN4J_F32, 7, 2, px, py, pk, two, zero, zero, buf, buf + 1000, wsb), NN4J_ERR_ARG, "pool kind");
    expect(nn4j_pool_forward(0, NN4J_F32, NN4J_POOL_MAX, 2, px, py, pk, two, two, zero, buf, buf + 1000, wsb), NN4J_ERR_ARG, "pool pad >= kernel");
    const int64_t py_bad[] = {1, 2, 3, 2};
    expect(nn4j_pool_forward(0, NN4J_F32, NN4J_POOL_MAX, 2, px, py_bad, pk, two, zero, zero, buf, buf + 1000, wsb), NN4J_ERR_SHAPE, "pool y size");
    expect(nn4j_pool_backward(0, NN4J_F32, NN4J_POOL_MAX, 2, px, py, pk, two, zero, zero, buf, nullptr, buf + 1000), NN4J_ERR_ARG, "pool no ws");
    int64_t junk[9] = {42, 0, 0, 0, 0, 0, 0, 0, 0};
    expect(nn4j_pool_backward(0, NN4J_F32, NN4J_POOL_MAX, 2, px, py, pk, two, zero, zero, buf, junk, buf + 1000), NN4J_ERR_ARG, "pool foreign ws");
    nn4j_set_dnnl_mode(NN4J_DNNL_OFF);
    nn4j_pool_forward(0, NN4J_F32, NN4J_POOL_MAX, 2, px, py, pk, two, zero, zero, buf, buf + 1000, wsb);
    wsb[3] = 99;
    expect(nn4j_pool_backward(0, NN4J_F32, NN4J_POOL_MAX, 2, px, py, pk, two, zero, zero, buf, wsb, buf + 1000), NN4J_ERR_ARG, "pool bad index");
    nn4j_set_dnnl_mode(NN4J_DNNL_AUTO);
    // empty batch is legal
    const int64_t ex[] = {0, 2, 5, 5}, ey[] = {0, 4, 3, 3};
    expect(nn4j_conv_forward(0, NN4J_F32, 2, ex, ws, ey, one, one, zero, zero, 1, nullptr, buf, nullptr, nullptr), 0, "empty batch");
    float dwb[72], dbb[4] = {9, 9, 9, 9};
    expect(nn4j_conv_backward_weights(0, NN4J_F32, 2, ex, ws, ey, one, one, zero, zero, 1, nullptr, nullptr, dwb, dbb), 0, "empty batch dw");
    CHECK(dbb[0] == 0 && dwb[0] == 0, "empty batch grads are zero");
}

// ---- bench -------------------------------------------------------------------------------------

struct BenchShape {
    const char* name;
    int64_t n, cin, cout, in, k, pad;
};

// Best of reps, in process CPU time: the development machine is shared, so wall time mostly
// measures the neighbours; CPU time summed over threads is robust to that (compare at 1 thread).
// Note: with more than one thread, CPU time includes oneDNN's OpenMP spin-waits (use wall time).
#include <ctime>
double cpu_ms() {
    timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}
// CONV_CHECK_WALL=1 switches to wall-clock time (for multi-threaded runs on a quiet machine).
double wall_ms() {
    timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}
double now_ms() {
    static const bool wall = getenv("CONV_CHECK_WALL") != nullptr;
    return wall ? wall_ms() : cpu_ms();
}
double time_ms(const std::function<void()>& f, int reps) {
    f();  // warm-up (primitive creation, buffers)
    double best = 1e30;
    for (int r = 0; r < reps; ++r) {
        const double t0 = now_ms();
        f();
        best = std::min(best, now_ms() - t0);
    }
    return best;
}

// Best of `rounds` for each of several calls, timed round-robin (one call of each per round), so
// that a busy phase of the machine's other load hits every path alike instead of one of them.
std::vector<double> time_interleaved(const std::vector<std::function<void()>>& fs, int rounds) {
    std::vector<double> best(fs.size(), 1e30);
    for (auto& f : fs) f();  // warm-up
    for (int r = 0; r < rounds; ++r)
        for (size_t i = 0; i < fs.size(); ++i) {
            const double t0 = now_ms();
            fs[i]();
            best[i] = std::min(best[i], now_ms() - t0);
        }
    return best;
}

// The raw oneDNN primitives on the layouts oneDNN prefers ("any"), operands already in those
// layouts: no reorders, no nn4j code in the timed calls ({fwd, bwd_data, bwd_weights}).
struct RawOnednn {
    dnnl_engine_t eng;
    dnnl_stream_t st;
    std::vector<dnnl_primitive_t> prims;
    std::vector<dnnl_memory_t> mems;
    std::vector<std::vector<dnnl_exec_arg_t>> args;
    std::string impl;
    RawOnednn(const int64_t* xs, const int64_t* ws, const int64_t* ys, int64_t pad) {
        dnnl_engine_create(&eng, dnnl_cpu, 0);
        dnnl_stream_create(&st, eng, dnnl_stream_default_flags);
        dnnl_memory_desc_t src, wei, dst, bia;
        dnnl_dims_t dx = {xs[0], xs[1], xs[2], xs[3]}, dw = {ws[0], ws[1], ws[2], ws[3]}, dy = {ys[0], ys[1], ys[2], ys[3]}, db = {ws[0]};
        dnnl_memory_desc_create_with_tag(&src, 4, dx, dnnl_f32, dnnl_format_tag_any);
        dnnl_memory_desc_create_with_tag(&wei, 4, dw, dnnl_f32, dnnl_format_tag_any);
        dnnl_memory_desc_create_with_tag(&dst, 4, dy, dnnl_f32, dnnl_format_tag_any);
        dnnl_memory_desc_create_with_tag(&bia, 1, db, dnnl_f32, dnnl_a);
        dnnl_dims_t s1 = {1, 1}, d0 = {0, 0}, p = {pad, pad};
        dnnl_primitive_desc_t fpd, bdpd, bwpd;
        dnnl_convolution_forward_primitive_desc_create(&fpd, eng, dnnl_forward_training, dnnl_convolution_direct, src, wei, bia, dst, s1, d0, p, p, nullptr);
        dnnl_convolution_backward_data_primitive_desc_create(&bdpd, eng, dnnl_convolution_direct, src, wei, dst, s1, d0, p, p, fpd, nullptr);
        dnnl_convolution_backward_weights_primitive_desc_create(&bwpd, eng, dnnl_convolution_direct, src, wei, bia, dst, s1, d0, p, p, fpd, nullptr);
        const char* name = nullptr;
        dnnl_primitive_desc_query(fpd, dnnl_query_impl_info_str, 0, &name);
        impl = name ? name : "?";
        auto add = [&](dnnl_primitive_desc_t pd, std::initializer_list<int> ids) {
            dnnl_primitive_t prim;
            dnnl_primitive_create(&prim, pd);
            prims.push_back(prim);
            args.emplace_back();
            for (int id : ids) {
                const_dnnl_memory_desc_t md = dnnl_primitive_desc_query_md(pd, dnnl_query_exec_arg_md, id);
                dnnl_memory_t m;
                dnnl_memory_create(&m, md, eng, DNNL_MEMORY_ALLOCATE);
                void* h;
                dnnl_memory_get_data_handle(m, &h);
                std::memset(h, 0, dnnl_memory_desc_get_size(md));
                mems.push_back(m);
                args.back().push_back({id, m});
            }
        };
        add(fpd, {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_BIAS, DNNL_ARG_DST});
        add(bdpd, {DNNL_ARG_DIFF_DST, DNNL_ARG_WEIGHTS, DNNL_ARG_DIFF_SRC});
        add(bwpd, {DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_WEIGHTS, DNNL_ARG_DIFF_BIAS});
        for (auto pd : {fpd, bdpd, bwpd}) dnnl_primitive_desc_destroy(pd);
        for (auto md : {src, wei, dst, bia}) dnnl_memory_desc_destroy(md);
    }
    void run(int i) {
        dnnl_primitive_execute(prims[i], st, (int)args[i].size(), args[i].data());
        dnnl_stream_wait(st);
    }
    ~RawOnednn() {
        for (auto m : mems) dnnl_memory_destroy(m);
        for (auto p : prims) dnnl_primitive_destroy(p);
        dnnl_stream_destroy(st);
        dnnl_engine_destroy(eng);
    }
};

void bench(int reps, const char* only) {
    const BenchShape shapes[] = {
        {"lenet c1 64x1x28x28 5x5 same", 64, 1, 6, 28, 5, 2},
        {"lenet c3 64x6x14x14 5x5 valid", 64, 6, 16, 14, 5, 0},
        {"resnet 32x64x56x56 3x3 pad 1", 32, 64, 64, 56, 3, 1},
    };
    std::printf("%-32s %-8s %10s %10s %10s %10s\n", "shape", "path", "fwd ms", "bwd_d ms", "bwd_w ms", "total");
    for (const auto& s : shapes) {
        if (only && !strstr(s.name, only)) continue;
        const int64_t out = s.in + 2 * s.pad - s.k + 1;
        const int64_t xs[] = {s.n, s.cin, s.in, s.in}, ws[] = {s.cout, s.cin, s.k, s.k}, ys[] = {s.n, s.cout, out, out};
        const int64_t one[] = {1, 1}, pad[] = {s.pad, s.pad};
        std::vector<float> x(prod({xs[0], xs[1], xs[2], xs[3]})), w(prod({ws[0], ws[1], ws[2], ws[3]})),
            y(prod({ys[0], ys[1], ys[2], ys[3]})), b(s.cout), dx(x.size()), dw(w.size()), db(s.cout);
        for (auto& v : x) v = (float)(rng() % 1000) / 1000.f;
        for (auto& v : w) v = (float)(rng() % 1000) / 1000.f - 0.5f;
        RawOnednn raw(xs, ws, ys, s.pad);
        const int modes[] = {NN4J_DNNL_OFF, NN4J_DNNL_FORCE, NN4J_DNNL_AUTO};
        std::vector<std::function<void()>> fs;
        for (int mode : modes) {
            fs.push_back([&, mode] { nn4j_set_dnnl_mode(mode); nn4j_conv_forward(0, NN4J_F32, 2, xs, ws, ys, one, one, pad, pad, 1, x.data(), w.data(), b.data(), y.data()); });
            fs.push_back([&, mode] { nn4j_set_dnnl_mode(mode); nn4j_conv_backward_data(0, NN4J_F32, 2, xs, ws, ys, one, one, pad, pad, 1, y.data(), w.data(), dx.data()); });
            fs.push_back([&, mode] { nn4j_set_dnnl_mode(mode); nn4j_conv_backward_weights(0, NN4J_F32, 2, xs, ws, ys, one, one, pad, pad, 1, x.data(), y.data(), dw.data(), db.data()); });
        }
        for (int i = 0; i < 3; ++i) fs.push_back([&, i] { raw.run(i); });
        const std::vector<double> t = time_interleaved(fs, reps);
        const char* names[] = {"own", "onednn", "auto", "raw"};
        for (int r = 0; r < 4; ++r)
            std::printf("%-32s %-8s %10.3f %10.3f %10.3f %10.3f%s%s\n", s.name, names[r], t[3 * r], t[3 * r + 1],
                        t[3 * r + 2], t[3 * r] + t[3 * r + 1] + t[3 * r + 2], r == 3 ? "   " : "",
                        r == 3 ? raw.impl.c_str() : "");
    }
    nn4j_set_dnnl_mode(NN4J_DNNL_AUTO);
}

void bench_pool(int reps) {
    struct S { const char* name; int64_t n, c, in, k, s, pad; };
    const S shapes[] = {
        {"lenet s2 64x6x28x28 2x2 s2", 64, 6, 28, 2, 2, 0},
        {"resnet 32x64x112x112 3x3 s2 p1", 32, 64, 112, 3, 2, 1},
        {"32x64x56x56 2x2 s2", 32, 64, 56, 2, 2, 0},
        {"global 32x512x7x7", 32, 512, 7, 7, 1, 0},
    };
    std::printf("%-32s %-5s %-8s %10s %10s\n", "pool shape", "kind", "path", "fwd ms", "bwd ms");
    for (const auto& s : shapes) {
        const int64_t out = (s.in + 2 * s.pad - s.k) / s.s + 1;
        const int64_t xs[] = {s.n, s.c, s.in, s.in}, ys[] = {s.n, s.c, out, out};
        const int64_t k[] = {s.k, s.k}, st[] = {s.s, s.s}, pad[] = {s.pad, s.pad};
        std::vector<float> x(s.n * s.c * s.in * s.in), y(s.n * s.c * out * out), dx(x.size());
        std::vector<int64_t> ws(y.size() + 1);
        for (auto& v : x) v = (float)(rng() % 1000) / 1000.f;
        for (int kind : {NN4J_POOL_MAX, NN4J_POOL_AVG}) {
            for (int mode : {NN4J_DNNL_OFF, NN4J_DNNL_FORCE, NN4J_DNNL_AUTO}) {
                nn4j_set_dnnl_mode(mode);
                double f = time_ms([&] { nn4j_pool_forward(0, NN4J_F32, kind, 2, xs, ys, k, st, pad, pad, x.data(), y.data(), ws.data()); }, reps);
                double b = time_ms([&] { nn4j_pool_backward(0, NN4J_F32, kind, 2, xs, ys, k, st, pad, pad, y.data(), ws.data(), dx.data()); }, reps);
                std::printf("%-32s %-5s %-8s %10.3f %10.3f\n", s.name, kind == NN4J_POOL_MAX ? "max" : "avg",
                            mode == NN4J_DNNL_OFF ? "own" : mode == NN4J_DNNL_FORCE ? "onednn" : "auto", f, b);
            }
        }
    }
    nn4j_set_dnnl_mode(NN4J_DNNL_AUTO);
}


// ---- CUDA vs CPU -------------------------------------------------------------------------------

struct Dev {  // a device buffer mirroring a host vector
    int64_t addr = 0;
    size_t bytes = 0;
    template <class T> Dev(const std::vector<T>& h) : bytes(h.size() * sizeof(T)) {
        nn4j_alloc(1, (int64_t)bytes, &addr);
        nn4j_memcpy(1, (void*)addr, 0, h.data(), (int64_t)bytes);
    }
    ~Dev() { nn4j_free(1, addr); }
    void* p() const { return (void*)addr; }
    template <class T> std::vector<T> get() const {
        std::vector<T> h(bytes / sizeof(T));
        nn4j_memcpy(0, h.data(), 1, (void*)addr, (int64_t)bytes);
        return h;
    }
};

template <class T>
void cuda_conv_case(const G& g, int dtype, double tol) {
    auto xs = g.xs(), ws = g.ws(), ys = g.ys();
    auto st = g.vec(g.s), di = g.vec(g.d), pb = g.vec(g.pb), pe = g.vec(g.pe);
    auto x = cast<T>(randv(prod(xs))), w = cast<T>(randv(prod(ws))), b = cast<T>(randv(g.cout)),
         dy = cast<T>(randv(prod(ys))), bt = cast<T>(randv(g.cin));
    std::vector<T> y(prod(ys)), dx(prod(xs)), dw(prod(ws)), db(g.cout), yt(prod(xs)), dxt(prod(ys)), dwt(prod(ws)),
        dbt(g.cin);
    const int64_t *S = st.data(), *D = di.data(), *PB = pb.data(), *PE = pe.data();
    // CPU
    int rc = 0;
    rc |= nn4j_conv_forward(0, dtype, g.nsp, xs.data(), ws.data(), ys.data(), S, D, PB, PE, g.groups, x.data(), w.data(), b.data(), y.data());
    rc |= nn4j_conv_backward_data(0, dtype, g.nsp, xs.data(), ws.data(), ys.data(), S, D, PB, PE, g.groups, dy.data(), w.data(), dx.data());
    rc |= nn4j_conv_backward_weights(0, dtype, g.nsp, xs.data(), ws.data(), ys.data(), S, D, PB, PE, g.groups, x.data(), dy.data(), dw.data(), db.data());
    rc |= nn4j_conv_transpose_forward(0, dtype, g.nsp, ys.data(), ws.data(), xs.data(), S, D, PB, PE, g.groups, dy.data(), w.data(), bt.data(), yt.data());
    rc |= nn4j_conv_transpose_backward_data(0, dtype, g.nsp, ys.data(), ws.data(), xs.data(), S, D, PB, PE, g.groups, x.data(), w.data(), dxt.data());
    rc |= nn4j_conv_transpose_backward_weights(0, dtype, g.nsp, ys.data(), ws.data(), xs.data(), S, D, PB, PE, g.groups, dy.data(), x.data(), dwt.data(), dbt.data());
    CHECK(rc == 0, "cuda case: CPU failed: %s", nn4j_last_error());
    // device
    Dev X(x), W(w), B(b), DY(dy), BT(bt), Y(y), DX(dx), DW(dw), DB(db), YT(yt), DXT(dxt), DWT(dwt), DBT(dbt);
    rc = 0;
    rc |= nn4j_conv_forward(1, dtype, g.nsp, xs.data(), ws.data(), ys.data(), S, D, PB, PE, g.groups, X.p(), W.p(), B.p(), Y.p());
    rc |= nn4j_conv_backward_data(1, dtype, g.nsp, xs.data(), ws.data(), ys.data(), S, D, PB, PE, g.groups, DY.p(), W.p(), DX.p());
    rc |= nn4j_conv_backward_weights(1, dtype, g.nsp, xs.data(), ws.data(), ys.data(), S, D, PB, PE, g.groups, X.p(), DY.p(), DW.p(), DB.p());
    rc |= nn4j_conv_transpose_forward(1, dtype, g.nsp, ys.data(), ws.data(), xs.data(), S, D, PB, PE, g.groups, DY.p(), W.p(), BT.p(), YT.p());
    rc |= nn4j_conv_transpose_backward_data(1, dtype, g.nsp, ys.data(), ws.data(), xs.data(), S, D, PB, PE, g.groups, X.p(), W.p(), DXT.p());
    rc |= nn4j_conv_transpose_backward_weights(1, dtype, g.nsp, ys.data(), ws.data(), xs.data(), S, D, PB, PE, g.groups, DY.p(), X.p(), DWT.p(), DBT.p());
    CHECK(rc == 0, "cuda case: device failed: %s", nn4j_last_error());
    const char* names[] = {"y", "dx", "dw", "db", "yt", "dxt", "dwt", "dbt"};
    const std::vector<T>* cpu[] = {&y, &dx, &dw, &db, &yt, &dxt, &dwt, &dbt};
    const Dev* dev[] = {&Y, &DX, &DW, &DB, &YT, &DXT, &DWT, &DBT};
    for (int i = 0; i < 8; ++i) {
        double e = rel_err(back(dev[i]->template get<T>()), back(*cpu[i]));
        CHECK(e < tol, "cuda conv nsp=%d g=%lld %s %s: rel err %.3g", g.nsp, (long long)g.groups,
              dtype == NN4J_F32 ? "f32" : "f64", names[i], e);
    }
}

template <class T>
void cuda_pool_case(const P& p, int kind, int dtype, double tol) {
    auto xs = p.xs(), ys = p.ys();
    auto k = p.vec(p.k), s = p.vec(p.s), pb = p.vec(p.pb), pe = p.vec(p.pe);
    auto x = cast<T>(randv(prod(xs))), dy = cast<T>(randv(prod(ys)));
    std::vector<T> y(prod(ys)), dx(prod(xs));
    std::vector<int64_t> ws(prod(ys) + 1);
    nn4j_set_dnnl_mode(NN4J_DNNL_OFF);
    int rc = nn4j_pool_forward(0, dtype, kind, p.nsp, xs.data(), ys.data(), k.data(), s.data(), pb.data(), pe.data(), x.data(), y.data(), ws.data());
    rc |= nn4j_pool_backward(0, dtype, kind, p.nsp, xs.data(), ys.data(), k.data(), s.data(), pb.data(), pe.data(), dy.data(), ws.data(), dx.data());
    nn4j_set_dnnl_mode(NN4J_DNNL_AUTO);
    CHECK(rc == 0, "cuda pool: CPU failed: %s", nn4j_last_error());
    Dev X(x), DY(dy), Y(y), DX(dx), WS(ws);
    rc = nn4j_pool_forward(1, dtype, kind, p.nsp, xs.data(), ys.data(), k.data(), s.data(), pb.data(), pe.data(), X.p(), Y.p(), (int64_t*)WS.p());
    rc |= nn4j_pool_backward(1, dtype, kind, p.nsp, xs.data(), ys.data(), k.data(), s.data(), pb.data(), pe.data(), DY.p(), (const int64_t*)WS.p(), DX.p());
    CHECK(rc == 0, "cuda pool: device failed: %s", nn4j_last_error());
    CHECK(rel_err(back(Y.get<T>()), back(y)) < tol, "cuda pool kind %d nsp %d y", kind, p.nsp);
    CHECK(rel_err(back(DX.get<T>()), back(dx)) < tol, "cuda pool kind %d nsp %d dx", kind, p.nsp);
    if (kind != NN4J_POOL_AVG) CHECK(WS.get<int64_t>() == ws, "cuda pool kind %d nsp %d: workspace differs", kind, p.nsp);
}

int check_cuda(const char* lib, int cases) {
    if (int rc = nn4j_cuda_load(lib)) {
        std::printf("cannot load %s: %s\n", lib, nn4j_last_error());
        return 2;
    }
    if (nn4j_cuda_device_count() < 1) {
        std::printf("no CUDA device: CUDA checks skipped\n");
        return 0;
    }
    std::mt19937_64 r(5);
    for (int t = 0; t < cases; ++t) {
        G g = random_geom(r);
        cuda_conv_case<double>(g, NN4J_F64, 1e-12);
        cuda_conv_case<float>(g, NN4J_F32, 1e-5);
    }
    auto pick = [&](int64_t lo, int64_t hi) { return (int64_t)(lo + r() % (uint64_t)(hi - lo + 1)); };
    for (int t = 0; t < cases; ++t) {
        P p;
        p.nsp = (int)pick(1, 3);
        p.n = pick(1, 2);
        p.c = pick(1, 3);
        for (int a = 0; a < 3; ++a) p.in[a] = p.out[a] = p.k[a] = p.s[a] = 1, p.pb[a] = p.pe[a] = 0;
        for (int a = 3 - p.nsp; a < 3; ++a) {
            p.k[a] = pick(1, 3);
            p.s[a] = pick(1, 3);
            p.pb[a] = pick(0, p.k[a] - 1);
            p.pe[a] = pick(0, p.k[a] - 1);
            p.in[a] = std::max<int64_t>(1, p.k[a] - p.pb[a] - p.pe[a]) + pick(0, 5);
            p.out[a] = (p.in[a] + p.pb[a] + p.pe[a] - p.k[a]) / p.s[a] + 1;
        }
        for (int kind : {NN4J_POOL_MAX, NN4J_POOL_AVG, NN4J_POOL_MIN}) {
            cuda_pool_case<double>(p, kind, NN4J_F64, 1e-12);
            cuda_pool_case<float>(p, kind, NN4J_F32, 1e-6);
        }
    }
    std::printf("cuda: %d conv and %d pooling geometries compared with the CPU\n", cases, cases);
    return 0;
}

int main(int argc, char** argv) {
    const std::string what = argc > 1 ? argv[1] : "all";
    if (what == "check" || what == "all") {
        check_hand();
        check_conv(argc > 2 ? atoi(argv[2]) : 60);
        check_conv_large();
        check_pool(60);
        check_pool_rules();
    }
    if (what == "args" || what == "all") check_args();
    if (what == "cuda") {
        const int rc = check_cuda(argc > 2 ? argv[2] : "libnn4j_cuda.so", argc > 3 ? atoi(argv[3]) : 20);
        if (rc == 2) return 2;
    }
    if (what == "pbench") {
        nn4j_set_num_threads(argc > 3 ? atoi(argv[3]) : 1);
        bench_pool(argc > 2 ? atoi(argv[2]) : 5);
    }
    if (what == "bench") {
        nn4j_set_num_threads(argc > 3 ? atoi(argv[3]) : 1);
        omp_set_num_threads(argc > 3 ? atoi(argv[3]) : 1);
        bench(argc > 2 ? atoi(argv[2]) : 5, argc > 4 ? argv[4] : nullptr);
        if (argc > 4) return g_failures ? 1 : 0;
        bench_pool(argc > 2 ? atoi(argv[2]) : 5);
    }
    std::printf("%s: %d failure(s)\n", g_failures ? "FAILED" : "OK", g_failures);
    return g_failures ? 1 : 0;
}
