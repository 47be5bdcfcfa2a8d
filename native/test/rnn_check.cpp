// Development check and timing for nn4j_rnn_* (not built by CMake).
//
// Build from the repository root after building libnn4j.so into $BUILD/lib (nn4j.h must include
// nn4j_rnn.h; DNNL = the unpacked org.bytedeco:dnnl jar folder):
//   DNNL=/tmp/dnnl/org/bytedeco/dnnl/linux-x86_64 BUILD=/tmp/build-rnn
//   g++ -O2 -std=c++17 -Inative/include native/test/rnn_check.cpp -o /tmp/rnn_check
//       -L$BUILD/lib -lnn4j $DNNL/libdnnl.so.3 $DNNL/libgomp.so.1 -Wl,-rpath,$BUILD/lib:$DNNL -lpthread
// Run:
//   /tmp/rnn_check check    forward vs a naive double reference; backward vs central differences
//                           (f64); f32 AVX2 vs generic rows; oneDNN vs own kernel (f32)
//   /tmp/rnn_check args     argument validation
//   /tmp/rnn_check bench [threads]  LSTM/GRU N=32 T=50 F=32 H=128 forward+backward, own vs oneDNN
//   /tmp/rnn_check cuda LIB  the CUDA twin (LIB: libnn4j_cuda.so, or a host-emulated build of it)
//                           vs the CPU's own kernel, f32 and f64, forward and backward
// Exit status 0 only if every check passed.
#include <algorithm>
#include <cstdarg>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <vector>
#include "nn4j.h"

namespace {

int g_failures = 0;
const char* kCell[] = {"tanh", "lstm", "gru", "gru_ra"};

void expect(bool ok, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
void expect(bool ok, const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    std::printf(ok ? "  ok    " : "  FAIL  ");
    std::vprintf(fmt, ap);
    std::printf("\n");
    va_end(ap);
    if (!ok) ++g_failures;
}

int gates(int cell) { return cell == NN4J_RNN_TANH ? 1 : cell == NN4J_RNN_LSTM ? 4 : 3; }
int64_t nbias(int cell, int64_t h) { return (cell == NN4J_RNN_GRU_RESET_AFTER ? 4 : gates(cell)) * h; }

double sig(double x) { return 1 / (1 + std::exp(-x)); }

// Naive reference: one loop nest per step, straight from the equations in nn4j_rnn.h.
void reference(int cell, int64_t N, int64_t T, int64_t F, int64_t H, const std::vector<double>& x,
               const std::vector<double>& h0, const std::vector<double>& c0, const std::vector<double>& w,
               const std::vector<double>& u, const std::vector<double>& b, std::vector<double>& y,
               std::vector<double>& hn, std::vector<double>& cn) {
    const int64_t G = gates(cell), GH = G * H;
    y.assign(N * T * H, 0);
    hn = h0;
    cn = c0;
    for (int64_t n = 0; n < N; ++n) {
        std::vector<double> h(h0.begin() + n * H, h0.begin() + (n + 1) * H), c(H, 0);
        if (cell == NN4J_RNN_LSTM) c.assign(c0.begin() + n * H, c0.begin() + (n + 1) * H);
        for (int64_t t = 0; t < T; ++t) {
            std::vector<double> xa(GH, 0), ha(GH, 0);
            for (int64_t g = 0; g < GH; ++g) {
                for (int64_t k = 0; k < F; ++k) xa[g] += x[(n * T + t) * F + k] * w[k * GH + g];
                for (int64_t k = 0; k < H; ++k) ha[g] += h[k] * u[k * GH + g];
            }
            std::vector<double> hnew(H);
            for (int64_t j = 0; j < H; ++j) {
                if (cell == NN4J_RNN_TANH) {
                    hnew[j] = std::tanh(xa[j] + ha[j] + b[j]);
                } else if (cell == NN4J_RNN_LSTM) {
                    double i = sig(xa[j] + ha[j] + b[j]), f = sig(xa[H + j] + ha[H + j] + b[H + j]);
                    double g = std::tanh(xa[2 * H + j] + ha[2 * H + j] + b[2 * H + j]);
                    double o = sig(xa[3 * H + j] + ha[3 * H + j] + b[3 * H + j]);
                    c[j] = f * c[j] + i * g;
                    hnew[j] = o * std::tanh(c[j]);
                } else if (cell == NN4J_RNN_GRU) {
                    double z = sig(xa[j] + ha[j] + b[j]);
                    double r = sig(xa[H + j] + ha[H + j] + b[H + j]);
                    (void)r;
                    hnew[j] = z;  // finished below: (r*h) U_h needs every r first
                } else {
                    double z = sig(xa[j] + ha[j] + b[j]);
                    double r = sig(xa[H + j] + ha[H + j] + b[H + j]);
                    double hh = std::tanh(xa[2 * H + j] + b[2 * H + j] + r * (ha[2 * H + j] + b[3 * H + j]));
                    hnew[j] = z * h[j] + (1 - z) * hh;
                }
            }
            if (cell == NN4J_RNN_GRU) {
                std::vector<double> rh(H);
                for (int64_t k = 0; k < H; ++k) rh[k] = sig(xa[H + k] + ha[H + k] + b[H + k]) * h[k];
                for (int64_t j = 0; j < H; ++j) {
                    double a = xa[2 * H + j] + b[2 * H + j];
                    for (int64_t k = 0; k < H; ++k) a += rh[k] * u[k * GH + 2 * H + j];
                    const double z = hnew[j], hh = std::tanh(a);
                    hnew[j] = z * h[j] + (1 - z) * hh;
                }
            }
            h = hnew;
            for (int64_t j = 0; j < H; ++j) y[(n * T + t) * H + j] = h[j];
        }
        for (int64_t j = 0; j < H; ++j) {
            hn[n * H + j] = h[j];
            if (cell == NN4J_RNN_LSTM) cn[n * H + j] = c[j];
        }
    }
}

std::vector<double> randv(std::mt19937& rng, int64_t n, double scale) {
    std::uniform_real_distribution<double> d(-scale, scale);
    std::vector<double> v(n);
    for (auto& e : v) e = d(rng);
    return v;
}
std::vector<float> tof(const std::vector<double>& v) { return std::vector<float>(v.begin(), v.end()); }

double rel(const std::vector<double>& a, const std::vector<double>& b) {
    double num = 0, den = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        num += (a[i] - b[i]) * (a[i] - b[i]);
        den += a[i] * a[i] + b[i] * b[i];
    }
    return den == 0 ? std::sqrt(num) : std::sqrt(num / den);
}
template <class A, class B> double rel2(const std::vector<A>& a, const std::vector<B>& b) {
    return rel(std::vector<double>(a.begin(), a.end()), std::vector<double>(b.begin(), b.end()));
}

void* aligned(size_t bytes) { return std::aligned_alloc(64, (bytes + 63) / 64 * 64 + 64); }

// Problem data in double; the calls below run it in either dtype.
struct Prob {
    int cell;
    int64_t N, T, F, H;
    std::vector<double> x, h0, c0, w, u, b, dy, dhn, dcn;
    bool use_h0 = true, use_b = true;
    Prob(int cell_, int64_t N_, int64_t T_, int64_t F_, int64_t H_, unsigned seed) : cell(cell_), N(N_), T(T_), F(F_), H(H_) {
        std::mt19937 rng(seed);
        const int64_t GH = gates(cell) * H;
        x = randv(rng, N * T * F, 1.0);
        h0 = randv(rng, N * H, 0.5);
        c0 = cell == NN4J_RNN_LSTM ? randv(rng, N * H, 0.5) : std::vector<double>(N * H, 0.0);
        // ~1/sqrt(fan-in), as initializers do: larger recurrent weights make a 50-step sequence
        // chaotic, and then rounding differences grow without bound
        w = randv(rng, F * GH, std::min(0.6, 1.5 / std::sqrt((double)std::max<int64_t>(F, 1))));
        u = randv(rng, H * GH, std::min(0.6, 1.5 / std::sqrt((double)std::max<int64_t>(H, 1))));
        b = randv(rng, nbias(cell, H), 0.3);
        dy = randv(rng, N * T * H, 1.0);
        dhn = randv(rng, N * H, 1.0);
        dcn = randv(rng, N * H, 1.0);
    }
};

struct Out {
    std::vector<double> y, hn, cn, dx, dh0, dc0, dw, du, db;
    int st = 0;
};

template <class T> std::vector<T> cv(const std::vector<double>& v) { return std::vector<T>(v.begin(), v.end()); }
template <class T> std::vector<double> dv(const std::vector<T>& v) { return std::vector<double>(v.begin(), v.end()); }

// A buffer on `device` (0 = the host vector itself) holding v's values.
template <class T> struct Buf {
    int device;
    std::vector<T> host;
    int64_t addr = 0;
    Buf(int dev, std::vector<T> v) : device(dev), host(std::move(v)) {
        if (device == 0) return;
        nn4j_alloc(device, (int64_t)(host.size() * sizeof(T)), &addr);
        nn4j_memcpy(device, (void*)addr, 0, host.data(), (int64_t)(host.size() * sizeof(T)));
    }
    Buf(const Buf&) = delete;
    ~Buf() {
        if (device) nn4j_free(device, addr);
    }
    T* p() { return device ? (T*)addr : host.data(); }
    std::vector<double> back() {
        if (device) nn4j_memcpy(0, host.data(), device, (const void*)addr, (int64_t)(host.size() * sizeof(T)));
        return std::vector<double>(host.begin(), host.end());
    }
};

// Forward (+ backward when grads) in dtype T through the C ABI, on `device`.
template <class T> Out run(const Prob& p, bool grads, int device = 0) {
    const int dt = sizeof(T) == 4 ? NN4J_F32 : NN4J_F64;
    const bool lstm = p.cell == NN4J_RNN_LSTM;
    const int64_t GH = gates(p.cell) * p.H;
    Buf<T> x(device, cv<T>(p.x)), h0(device, cv<T>(p.h0)), c0(device, cv<T>(p.c0)), w(device, cv<T>(p.w)),
        u(device, cv<T>(p.u)), b(device, cv<T>(p.b)), dy(device, cv<T>(p.dy)), dhn(device, cv<T>(p.dhn)),
        dcn(device, cv<T>(p.dcn));
    Buf<T> y(device, std::vector<T>(p.N * p.T * p.H)), hn(device, std::vector<T>(p.N * p.H)),
        cn(device, std::vector<T>(p.N * p.H));
    int64_t wsb = 0;
    Out o;
    if ((o.st = nn4j_rnn_workspace_size(device, p.cell, dt, p.N, p.T, p.F, p.H, &wsb))) return o;
    void* ws = nullptr;
    if (device) nn4j_alloc(device, wsb, (int64_t*)&ws);
    else ws = aligned(wsb);
    const T* h0p = p.use_h0 ? h0.p() : nullptr;
    const T* c0p = lstm && p.use_h0 ? c0.p() : nullptr;
    const T* bp = p.use_b ? b.p() : nullptr;
    o.st = nn4j_rnn_forward(device, p.cell, dt, p.N, p.T, p.F, p.H, x.p(), h0p, c0p, w.p(), u.p(), bp, y.p(),
                            hn.p(), lstm ? cn.p() : nullptr, grads ? ws : nullptr, wsb);
    if (o.st == 0) {
        o.y = y.back();
        o.hn = hn.back();
        o.cn = cn.back();
    }
    if (o.st == 0 && grads) {
        Buf<T> dx(device, std::vector<T>(p.x.size())), dh0(device, std::vector<T>(p.h0.size())),
            dc0(device, std::vector<T>(p.c0.size())), dw(device, std::vector<T>(p.F * GH)),
            du(device, std::vector<T>(p.H * GH)), db(device, std::vector<T>(p.b.size()));
        o.st = nn4j_rnn_backward(device, p.cell, dt, p.N, p.T, p.F, p.H, x.p(), h0p, c0p, w.p(), u.p(), bp, y.p(), ws,
                                 wsb, dy.p(), dhn.p(), lstm ? dcn.p() : nullptr, dx.p(), dh0.p(),
                                 lstm ? dc0.p() : nullptr, dw.p(), du.p(), db.p());
        o.dx = dx.back();
        o.dh0 = dh0.back();
        o.dc0 = dc0.back();
        o.dw = dw.back();
        o.du = du.back();
        o.db = db.back();
    }
    if (device) nn4j_free(device, (int64_t)ws);
    else std::free(ws);
    return o;
}

// L = <dy, y> + <dhn, hn> + <dcn, cn>, in double through the f64 kernel.
double loss(const Prob& p) {
    Out o = run<double>(p, false);
    double s = 0;
    for (size_t i = 0; i < o.y.size(); ++i) s += p.dy[i] * o.y[i];
    for (size_t i = 0; i < o.hn.size(); ++i) s += p.dhn[i] * o.hn[i];
    if (p.cell == NN4J_RNN_LSTM)
        for (size_t i = 0; i < o.cn.size(); ++i) s += p.dcn[i] * o.cn[i];
    return s;
}

// Central-difference directional derivatives, one random direction per input.
void check_grads(Prob p) {
    Out a = run<double>(p, true);
    expect(a.st == 0, "%s f64 backward status %d %s", kCell[p.cell], a.st, nn4j_last_error());
    if (a.st) return;
    std::mt19937 rng(7);
    struct In { const char* name; std::vector<double>* v; std::vector<double>* g; };
    std::vector<In> ins = {{"x", &p.x, &a.dx}, {"h0", &p.h0, &a.dh0}, {"W", &p.w, &a.dw}, {"U", &p.u, &a.du},
                           {"b", &p.b, &a.db}};
    if (p.cell == NN4J_RNN_LSTM) ins.push_back({"c0", &p.c0, &a.dc0});
    for (auto& in : ins) {
        auto dir = randv(rng, (int64_t)in.v->size(), 1.0);
        const double eps = 1e-6;
        auto orig = *in.v;
        for (size_t i = 0; i < dir.size(); ++i) (*in.v)[i] = orig[i] + eps * dir[i];
        const double lp = loss(p);
        for (size_t i = 0; i < dir.size(); ++i) (*in.v)[i] = orig[i] - eps * dir[i];
        const double lm = loss(p);
        *in.v = orig;
        const double num = (lp - lm) / (2 * eps);
        double ana = 0;
        for (size_t i = 0; i < dir.size(); ++i) ana += (*in.g)[i] * dir[i];
        const double r = std::fabs(num - ana) / std::max(1e-12, std::fabs(num) + std::fabs(ana));
        expect(r < 1e-7, "%s N%lld T%lld F%lld H%lld grad %s: numeric %.10g analytic %.10g rel %.2e", kCell[p.cell],
               (long long)p.N, (long long)p.T, (long long)p.F, (long long)p.H, in.name, num, ana, r);
    }
}

double max_rel(const Out& a, const Out& b, bool grads) {
    double m = std::max({rel(a.y, b.y), rel(a.hn, b.hn), rel(a.cn, b.cn)});
    if (grads)
        m = std::max({m, rel(a.dx, b.dx), rel(a.dh0, b.dh0), rel(a.dc0, b.dc0), rel(a.dw, b.dw), rel(a.du, b.du),
                      rel(a.db, b.db)});
    return m;
}

int check() {
    std::printf("forward vs naive double reference\n");
    for (int cell = 0; cell < 4; ++cell)
        for (auto dims : std::vector<std::vector<int64_t>>{{3, 7, 5, 4}, {2, 1, 3, 9}, {4, 5, 6, 13}, {1, 3, 2, 17}}) {
            for (int variant = 0; variant < 2; ++variant) {
                Prob p(cell, dims[0], dims[1], dims[2], dims[3], 11 + cell);
                p.use_h0 = p.use_b = variant == 0;
                std::vector<double> y, hn, cn;
                const auto h0 = p.use_h0 ? p.h0 : std::vector<double>(p.h0.size(), 0.0);
                const auto c0 = p.use_h0 ? p.c0 : std::vector<double>(p.c0.size(), 0.0);
                const auto b = p.use_b ? p.b : std::vector<double>(p.b.size(), 0.0);
                reference(cell, p.N, p.T, p.F, p.H, p.x, h0, c0, p.w, p.u, b, y, hn, cn);
                Out d = run<double>(p, true), f = run<float>(p, true);
                expect(d.st == 0 && f.st == 0, "status %d %d %s", d.st, f.st, nn4j_last_error());
                if (d.st || f.st) continue;
                const double rd = std::max(rel(d.y, y), rel(d.hn, hn)), rf = std::max(rel(f.y, y), rel(f.hn, hn));
                const double rc = cell == NN4J_RNN_LSTM ? std::max(rel(d.cn, cn), rel(f.cn, cn) * 1e-7) : 0;
                expect(rd < 1e-13 && rf < 1e-5 && rc < 1e-13,
                       "%s N%lld T%lld F%lld H%lld %s: f64 rel %.2e, f32 rel %.2e, f64 c rel %.2e", kCell[cell],
                       (long long)p.N, (long long)p.T, (long long)p.F, (long long)p.H,
                       variant ? "no h0/b" : "h0+b", rd, rf, rc);
                // f32 backward close to f64 backward
                const double rg = max_rel(f, d, true);
                expect(rg < 1e-5, "%s f32 vs f64 (forward+backward) rel %.2e", kCell[cell], rg);
            }
        }
    std::printf("backward vs central differences (f64)\n");
    for (int cell = 0; cell < 4; ++cell) {
        check_grads(Prob(cell, 3, 7, 5, 4, 21 + cell));
        check_grads(Prob(cell, 3, 1, 5, 4, 31 + cell));
        Prob p(cell, 2, 4, 3, 5, 41 + cell);
        p.use_h0 = p.use_b = false;
        Out a = run<double>(p, true);
        expect(a.st == 0, "%s backward without h0/b status %d", kCell[cell], a.st);
    }
    std::printf("f32 rows: AVX2 vs generic\n");
    if (nn4j_isa_supported() >= NN4J_ISA_AVX2) {
        for (int cell = 0; cell < 4; ++cell) {
            Prob p(cell, 5, 9, 7, 21, 51 + cell);
            nn4j_set_dnnl_mode(NN4J_DNNL_OFF);
            Out v = run<float>(p, true);
            nn4j_set_isa(NN4J_ISA_GENERIC);
            Out g = run<float>(p, true);
            nn4j_set_isa(nn4j_isa_supported());
            const double r = max_rel(v, g, true);
            expect(v.st == 0 && g.st == 0 && r < 2e-6, "%s avx2 vs generic rel %.2e", kCell[cell], r);
        }
        // NaN propagates through the vector activations (K17)
        Prob p(NN4J_RNN_LSTM, 1, 2, 1, 8, 3);
        p.x[0] = NAN;
        Out v = run<float>(p, false);
        bool nan = v.st == 0;
        for (double e : v.y) nan = nan && std::isnan(e);
        expect(nan, "NaN input gives NaN outputs");
        // saturation: huge pre-activations stay finite
        Prob q(NN4J_RNN_GRU_RESET_AFTER, 2, 3, 2, 9, 4);
        for (auto& e : q.x) e *= 1000;
        Out s = run<float>(q, true);
        bool fin = s.st == 0;
        for (double e : s.y) fin = fin && std::isfinite(e);
        for (double e : s.dw) fin = fin && std::isfinite(e);
        expect(fin, "x ~ +-1000: outputs and gradients finite");
    }
    std::printf("time loop on batch slices (2 threads) vs one slice (1 thread)\n");
    for (int cell = 0; cell < 4; ++cell) {
        Prob p(cell, 13, 6, 5, 11, 71 + cell);
        nn4j_set_dnnl_mode(NN4J_DNNL_OFF);
        const int threads = nn4j_get_num_threads();
        nn4j_set_num_threads(1);
        Out one = run<float>(p, true), one64 = run<double>(p, true);
        nn4j_set_num_threads(2);
        Out two = run<float>(p, true), two64 = run<double>(p, true);
        nn4j_set_num_threads(threads);
        nn4j_set_dnnl_mode(NN4J_DNNL_AUTO);
        const double r = max_rel(one, two, true), r64 = max_rel(one64, two64, true);
        expect(r < 1e-6 && r64 < 1e-14, "%s: f32 rel %.2e, f64 rel %.2e", kCell[cell], r, r64);
    }
    std::printf("oneDNN vs own kernel (f32)\n");
    if (std::strlen(nn4j_dnnl_version()) > 0) {
        for (int cell = 0; cell < 4; ++cell)
            for (auto dims : std::vector<std::vector<int64_t>>{{3, 7, 5, 4}, {32, 50, 32, 128}, {5, 3, 17, 33}}) {
                for (int variant = 0; variant < 2; ++variant) {
                    Prob p(cell, dims[0], dims[1], dims[2], dims[3], 61 + cell);
                    p.use_h0 = p.use_b = variant == 0;
                    nn4j_set_dnnl_mode(NN4J_DNNL_OFF);
                    Out own = run<float>(p, true);
                    const std::string own_path = nn4j_last_path();
                    nn4j_set_dnnl_mode(NN4J_DNNL_FORCE);
                    Out dn = run<float>(p, true);
                    const std::string dn_path = nn4j_last_path();
                    nn4j_set_dnnl_mode(NN4J_DNNL_AUTO);
                    const double r = max_rel(own, dn, true);
                    expect(own.st == 0 && dn.st == 0 && own_path == "nn4j" && dn_path == "onednn" && r < 1e-5,
                           "%s N%lld T%lld F%lld H%lld %s: paths %s/%s rel %.2e (st %d %d %s)", kCell[cell],
                           (long long)p.N, (long long)p.T, (long long)p.F, (long long)p.H,
                           variant ? "no h0/b" : "h0+b", own_path.c_str(), dn_path.c_str(), r, own.st, dn.st,
                           nn4j_last_error());
                    if (r >= 1e-5) {
                        std::printf("        y %.1e hn %.1e cn %.1e dx %.1e dh0 %.1e dc0 %.1e dw %.1e du %.1e db %.1e\n",
                                    rel(own.y, dn.y), rel(own.hn, dn.hn), rel(own.cn, dn.cn), rel(own.dx, dn.dx),
                                    rel(own.dh0, dn.dh0), rel(own.dc0, dn.dc0), rel(own.dw, dn.dw),
                                    rel(own.du, dn.du), rel(own.db, dn.db));
                    }
                }
            }
        // cached primitives and per-thread scratch: two threads at once give the serial results
        for (int mode : {NN4J_DNNL_OFF, NN4J_DNNL_FORCE}) {
            nn4j_set_dnnl_mode(mode);
            Prob pa(NN4J_RNN_LSTM, 16, 6, 5, 12, 7), pb(NN4J_RNN_GRU_RESET_AFTER, 9, 5, 4, 9, 8);
            Out sa = run<float>(pa, true), sb = run<float>(pb, true), ca, cb, ca2;
            std::thread t1([&] { ca = run<float>(pa, true); ca2 = run<float>(pa, true); });
            std::thread t2([&] { for (int i = 0; i < 3; ++i) cb = run<float>(pb, true); });
            t1.join();
            t2.join();
            expect(max_rel(sa, ca, true) == 0 && max_rel(sa, ca2, true) == 0 && max_rel(sb, cb, true) == 0,
                   "%s: two threads at once equal the serial results",
                   mode == NN4J_DNNL_OFF ? "own kernel" : "oneDNN");
        }
        nn4j_set_dnnl_mode(NN4J_DNNL_AUTO);
        // repeated backward gives the same (overwritten, not accumulated) gradients
        Prob p(NN4J_RNN_LSTM, 3, 4, 5, 6, 5);
        nn4j_set_dnnl_mode(NN4J_DNNL_FORCE);
        Out a = run<float>(p, true), b = run<float>(p, true);
        nn4j_set_dnnl_mode(NN4J_DNNL_AUTO);
        expect(max_rel(a, b, true) == 0, "oneDNN backward twice: identical");
    }
    return g_failures;
}

int args() {
    std::printf("argument validation\n");
    float buf[4096] = {0};
    void* ws = aligned(1 << 20);
    auto fwd = [&](const char* what, int dev, int cell, int dt, int64_t n, int64_t t, int64_t f, int64_t h,
                   const void* x, const void* c0, void* y, void* w, int64_t wsb) {
        const int st = nn4j_rnn_forward(dev, cell, dt, n, t, f, h, x, nullptr, c0, buf, buf, nullptr, y, nullptr,
                                        nullptr, w, wsb);
        expect(st != 0, "%-22s -> %d: %s", what, st, nn4j_last_error());
    };
    fwd("bad cell", 0, 7, NN4J_F32, 2, 3, 4, 5, buf, nullptr, buf, nullptr, 0);
    fwd("int dtype", 0, 1, NN4J_I32, 2, 3, 4, 5, buf, nullptr, buf, nullptr, 0);
    fwd("negative t", 0, 1, NN4J_F32, 2, -3, 4, 5, buf, nullptr, buf, nullptr, 0);
    fwd("null x", 0, 1, NN4J_F32, 2, 3, 4, 5, nullptr, nullptr, buf, nullptr, 0);
    fwd("null y", 0, 1, NN4J_F32, 2, 3, 4, 5, buf, nullptr, nullptr, nullptr, 0);
    fwd("c0 for gru", 0, 2, NN4J_F32, 2, 3, 4, 5, buf, buf, buf, nullptr, 0);
    fwd("small workspace", 0, 1, NN4J_F32, 2, 3, 4, 5, buf, nullptr, buf, ws, 16);
    fwd("misaligned workspace", 0, 1, NN4J_F32, 2, 3, 4, 5, buf, nullptr, buf, (char*)ws + 4, 1 << 19);
    fwd("overflow", 0, 1, NN4J_F32, 1LL << 40, 1LL << 30, 4, 5, buf, nullptr, buf, nullptr, 0);
    fwd("cuda without library", 1, 1, NN4J_F32, 2, 3, 4, 5, buf, nullptr, buf, nullptr, 0);
    // backward with a workspace from another problem
    int64_t wsb = 0;
    nn4j_rnn_workspace_size(0, 1, NN4J_F32, 2, 3, 4, 5, &wsb);
    int st = nn4j_rnn_forward(0, 1, NN4J_F32, 2, 3, 4, 5, buf, nullptr, nullptr, buf, buf, nullptr, buf, nullptr, nullptr, ws, wsb);
    expect(st == 0, "forward into workspace: %d %s", st, nn4j_last_error());
    st = nn4j_rnn_backward(0, 1, NN4J_F32, 2, 3, 4, 6, buf, nullptr, nullptr, buf, buf, nullptr, buf, ws, wsb, nullptr,
                           nullptr, nullptr, buf, nullptr, nullptr, nullptr, nullptr, nullptr);
    expect(st != 0, "backward with another problem's workspace -> %d: %s", st, nn4j_last_error());
    std::memset(ws, 0, 128);
    st = nn4j_rnn_backward(0, 1, NN4J_F32, 2, 3, 4, 5, buf, nullptr, nullptr, buf, buf, nullptr, buf, ws, wsb, nullptr,
                           nullptr, nullptr, buf, nullptr, nullptr, nullptr, nullptr, nullptr);
    expect(st != 0, "backward with a blank workspace -> %d: %s", st, nn4j_last_error());
    // empty problems
    for (auto dims : std::vector<std::vector<int64_t>>{{0, 3, 4, 5}, {2, 0, 4, 5}, {2, 3, 0, 5}, {2, 3, 4, 0}}) {
        for (int cell = 0; cell < 4; ++cell) {
            Prob p(cell, dims[0], dims[1], dims[2], dims[3], 9);
            Out o = run<float>(p, true);
            expect(o.st == 0, "empty %s N%lld T%lld F%lld H%lld: %d %s", kCell[cell], (long long)dims[0],
                   (long long)dims[1], (long long)dims[2], (long long)dims[3], o.st, o.st ? nn4j_last_error() : "");
            if (dims[1] == 0 && o.st == 0 && dims[0] * dims[3] > 0)
                expect(rel(o.hn, p.h0) < 1e-7 && rel(o.dh0, p.dhn) < 1e-7, "T = 0 passes h0 -> h_n (%.1e) and dh_n -> dh0 (%.1e)",
                       rel(o.hn, p.h0), rel(o.dh0, p.dhn));
        }
    }
    std::free(ws);
    return g_failures;
}

// CUDA twin vs the CPU's own kernel (which it mirrors), forward and backward; lib = the CUDA
// library to load (a real libnn4j_cuda.so, or a host-emulated build of it).
int cuda(const char* lib) {
    std::printf("CUDA twin vs CPU own kernel\n");
    int st = nn4j_cuda_load(lib);
    if (st || nn4j_cuda_device_count() == 0) {
        std::printf("  skipped: %s\n", st ? nn4j_last_error() : "no CUDA device");
        return g_failures;
    }
    nn4j_set_dnnl_mode(NN4J_DNNL_OFF);
    for (int cell = 0; cell < 4; ++cell)
        for (auto dims : std::vector<std::vector<int64_t>>{{3, 7, 5, 4}, {5, 9, 7, 21}, {2, 1, 3, 9}, {2, 0, 3, 4}}) {
            for (int variant = 0; variant < 2; ++variant) {
                Prob p(cell, dims[0], dims[1], dims[2], dims[3], 91 + cell);
                p.use_h0 = p.use_b = variant == 0;
                Out cf = run<float>(p, true), gf = run<float>(p, true, 1);
                Out cd = run<double>(p, true), gd = run<double>(p, true, 1);
                const double rf = max_rel(cf, gf, true), rd = max_rel(cd, gd, true);
                expect(gf.st == 0 && gd.st == 0 && rf < 1e-5 && rd < 1e-12,
                       "%s N%lld T%lld F%lld H%lld %s: f32 rel %.2e, f64 rel %.2e (st %d %d %s)", kCell[cell],
                       (long long)p.N, (long long)p.T, (long long)p.F, (long long)p.H, variant ? "no h0/b" : "h0+b", rf,
                       rd, gf.st, gd.st, gf.st || gd.st ? nn4j_last_error() : "");
            }
        }
    nn4j_set_dnnl_mode(NN4J_DNNL_AUTO);
    return g_failures;
}

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

// Own kernel and oneDNN alternate iteration by iteration, so that a noisy machine (other jobs
// on the cores) hits both alike; medians and minima of 20 timed rounds after 3 warm-up rounds.
void bench(int threads) {
    nn4j_set_num_threads(threads);
    std::printf("bench: N=32 T=50 F=32 H=128 f32, forward+backward, %d thread(s), ms (median / min of 20)\n", threads);
    for (int cell : {NN4J_RNN_LSTM, NN4J_RNN_GRU, NN4J_RNN_GRU_RESET_AFTER, NN4J_RNN_TANH}) {
        Prob p(cell, 32, 50, 32, 128, 1);
        const bool lstm = cell == NN4J_RNN_LSTM;
        auto x = tof(p.x), h0 = tof(p.h0), c0 = tof(p.c0), w = tof(p.w), u = tof(p.u), b = tof(p.b), dy = tof(p.dy);
        std::vector<float> y(32 * 50 * 128), hn(h0.size()), dx(x.size()), dh0(h0.size()), dc0(h0.size()),
            dw(w.size()), du(u.size()), db(b.size());
        int64_t wsb;
        nn4j_set_dnnl_mode(NN4J_DNNL_FORCE);  // room for oneDNN's workspace as well as nn4j's
        nn4j_rnn_workspace_size(0, cell, NN4J_F32, 32, 50, 32, 128, &wsb);
        void* ws = aligned(wsb);
        const int modes[2] = {NN4J_DNNL_OFF, NN4J_DNNL_FORCE};
        std::vector<double> tf[2], tb[2];
        std::string path[2];
        for (int it = 0; it < 23; ++it) {
            for (int m = 0; m < 2; ++m) {
                nn4j_set_dnnl_mode(modes[m]);
                double t0 = now();
                int s1 = nn4j_rnn_forward(0, cell, NN4J_F32, 32, 50, 32, 128, x.data(), h0.data(),
                                          lstm ? c0.data() : nullptr, w.data(), u.data(), b.data(), y.data(),
                                          hn.data(), nullptr, ws, wsb);
                double t1 = now();
                int s2 = nn4j_rnn_backward(0, cell, NN4J_F32, 32, 50, 32, 128, x.data(), h0.data(),
                                           lstm ? c0.data() : nullptr, w.data(), u.data(), b.data(), y.data(), ws,
                                           wsb, dy.data(), nullptr, nullptr, dx.data(), dh0.data(),
                                           lstm ? dc0.data() : nullptr, dw.data(), du.data(), db.data());
                double t2 = now();
                if (s1 || s2) {
                    std::printf("error %s\n", nn4j_last_error());
                    std::free(ws);
                    return;
                }
                path[m] = nn4j_last_path();
                if (it >= 3) {
                    tf[m].push_back(t1 - t0);
                    tb[m].push_back(t2 - t1);
                }
            }
        }
        for (int m = 0; m < 2; ++m) {
            std::vector<double> tot(tf[m].size());
            for (size_t i = 0; i < tot.size(); ++i) tot[i] = tf[m][i] + tb[m][i];
            std::sort(tf[m].begin(), tf[m].end());
            std::sort(tb[m].begin(), tb[m].end());
            std::sort(tot.begin(), tot.end());
            const size_t k = tot.size() / 2;
            std::printf("  %-7s %-7s fwd %7.2f  bwd %7.2f  total %7.2f / %7.2f ms\n", kCell[cell], path[m].c_str(),
                        tf[m][k] * 1e3, tb[m][k] * 1e3, tot[k] * 1e3, tot[0] * 1e3);
        }
        std::free(ws);
    }
    nn4j_set_dnnl_mode(NN4J_DNNL_AUTO);
}

}  // namespace

int main(int argc, char** argv) {
    const std::string what = argc > 1 ? argv[1] : "all";
    if (what == "check" || what == "all") check();
    if (what == "args" || what == "all") args();
    if (what == "bench" || what == "all") bench(argc > 2 && what == "bench" ? std::atoi(argv[2]) : 1);
    if (what == "cuda") cuda(argc > 2 ? argv[2] : "libnn4j_cuda.so");
    std::printf(g_failures ? "%d FAILED\n" : "all passed\n", g_failures);
    return g_failures ? 1 : 0;
}
