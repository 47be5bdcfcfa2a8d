// Development check and benchmark for the detection family (not built by CMake).
//
// Build (after building libnn4j.so into $LIB, e.g. cmake --build <build dir> --target nn4j):
//   g++ -O2 -std=c++17 -Inative/include native/test/detect_check.cpp -o /tmp/detect_check
//       -L$LIB -lnn4j $DNNL/libdnnl.so.3 $DNNL/libgomp.so.1 -Wl,-rpath,$LIB:$DNNL -lpthread
//   (DNNL = a folder with libdnnl.so.3 and libgomp.so.1, e.g. from the JavaCPP cache)
// Run:
//   /tmp/detect_check check          nn4j_nms vs the plain greedy scan below (exact) on random
//                                    layouts: small, clustered, one huge box, zero-width boxes,
//                                    ties, classes, max outputs, both formats, f32/f64, batches
//   /tmp/detect_check bench [reps]   nn4j_nms on 10,000 boxes (dense random and disjoint grid)
//   /tmp/detect_check                check
// Exit status 0 only if every check passed.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>
#include "nn4j.h"
#include "nn4j_detect.h"

namespace {

int failures = 0;

// Plain greedy NMS of one image: every candidate in one pass by (score desc, index asc), a
// same-class test and the suppression test inter > t * union in T, stop at max_out kept.
template <class T>
std::vector<int64_t> ref_nms(int format, int64_t n, const T* b, const T* s, const int64_t* cls, double ts, double ti,
                             int64_t max_out) {
    std::vector<int64_t> cand;
    for (int64_t i = 0; i < n; ++i)
        if ((double)s[i] >= ts) cand.push_back(i);
    std::sort(cand.begin(), cand.end(), [s](int64_t a, int64_t c) { return s[a] > s[c] || (s[a] == s[c] && a < c); });
    auto corners = [&](int64_t i, T* o) {
        const T* p = b + 4 * i;
        if (format == NN4J_BOX_CORNERS) {
            for (int k = 0; k < 4; ++k) o[k] = p[k];
        } else {
            const T hw = p[2] * T(0.5), hh = p[3] * T(0.5);
            o[0] = p[0] - hw, o[1] = p[1] - hh, o[2] = p[0] + hw, o[3] = p[1] + hh;
        }
    };
    std::vector<char> sup(n, 0);
    std::vector<int64_t> kept;
    const T thr = (T)ti;
    for (size_t ci = 0; ci < cand.size() && (int64_t)kept.size() < max_out; ++ci) {
        const int64_t i = cand[ci];
        if (sup[i]) continue;
        kept.push_back(i);
        T a[4];
        corners(i, a);
        const T aa = (a[2] - a[0]) * (a[3] - a[1]);
        for (size_t cj = ci + 1; cj < cand.size(); ++cj) {
            const int64_t j = cand[cj];
            if (cls && cls[i] != cls[j]) continue;
            T c[4];
            corners(j, c);
            const T ac = (c[2] - c[0]) * (c[3] - c[1]);
            T iw = std::min(a[2], c[2]) - std::max(a[0], c[0]), ih = std::min(a[3], c[3]) - std::max(a[1], c[1]);
            iw = iw > 0 ? iw : 0, ih = ih > 0 ? ih : 0;
            const T inter = iw * ih;
            if (inter > thr * (aa + ac - inter)) sup[j] = 1;
        }
    }
    return kept;
}

// Random corner or centre boxes in one of several layouts.
template <class T>
void layout(std::mt19937_64& g, int kind, int format, int64_t n, T* b, T* s, int64_t* cls, int classes) {
    std::uniform_real_distribution<double> u(0, 1);
    for (int64_t i = 0; i < n; ++i) {
        double x, y, w, h;
        switch (kind) {
            case 0: x = 100 * u(g), y = 100 * u(g), w = 5 + 35 * u(g), h = 5 + 35 * u(g); break;  // random
            case 1: x = 50 + 5 * u(g), y = 50 + 5 * u(g), w = 20 + 3 * u(g), h = 20 + 3 * u(g); break;  // one cluster
            case 2:  // small boxes plus a few huge ones (the prefix maximum of x2 jumps)
                if (i % 17 == 3) x = 5 * u(g), y = 5 * u(g), w = 90 + 10 * u(g), h = 90 + 10 * u(g);
                else x = 100 * u(g), y = 100 * u(g), w = 1 + 10 * u(g), h = 1 + 10 * u(g);
                break;
            default:  // integer grid with zero-width and zero-height boxes and exact touching
                x = (double)(g() % 10), y = (double)(g() % 10), w = (double)(g() % 4), h = (double)(g() % 4);
        }
        if (format == NN4J_BOX_CORNERS) b[4 * i] = (T)x, b[4 * i + 1] = (T)y, b[4 * i + 2] = (T)(x + w), b[4 * i + 3] = (T)(y + h);
        else b[4 * i] = (T)(x + w / 2), b[4 * i + 1] = (T)(y + h / 2), b[4 * i + 2] = (T)w, b[4 * i + 3] = (T)h;
        s[i] = (T)(std::floor(u(g) * 16) / 16);  // coarse: ties
        cls[i] = (int64_t)(g() % classes);
    }
}

template <class T> void check_nms(int dtype) {
    std::mt19937_64 g(1234 + dtype);
    int cases = 0;
    for (int kind = 0; kind < 4; ++kind)
        for (int format = 0; format < 2; ++format)
            for (int64_t n : {1, 2, 7, 64, 65, 300})
                for (int per_class = 0; per_class < 2; ++per_class)
                    for (double ti : {0.0, 0.3, 0.5, 0.9})
                        for (int64_t max_out : {(int64_t)1, (int64_t)5, (int64_t)INT64_MAX}) {
                            const int64_t batch = 2;
                            std::vector<T> b(batch * n * 4), s(batch * n);
                            std::vector<int64_t> cls(batch * n);
                            for (int64_t img = 0; img < batch; ++img)
                                layout(g, kind, format, n, b.data() + img * n * 4, s.data() + img * n,
                                       cls.data() + img * n, 3);
                            const double ts = (g() % 2) ? -INFINITY : 0.25;
                            const int64_t width = std::min(n, max_out);
                            std::vector<int64_t> keep(batch * width), counts(batch);
                            int st = nn4j_nms(0, dtype, format, batch, n, b.data(), s.data(), NN4J_I64,
                                              per_class ? cls.data() : nullptr, ts, ti, max_out, keep.data(),
                                              counts.data());
                            ++cases;
                            if (st) {
                                std::printf("FAIL nms status %d: %s\n", st, nn4j_last_error());
                                ++failures;
                                continue;
                            }
                            for (int64_t img = 0; img < batch; ++img) {
                                std::vector<int64_t> want = ref_nms<T>(format, n, b.data() + img * n * 4,
                                                                       s.data() + img * n,
                                                                       per_class ? cls.data() + img * n : nullptr, ts,
                                                                       ti, max_out);
                                bool ok = counts[img] == (int64_t)want.size();
                                for (int64_t k = 0; ok && k < width; ++k)
                                    ok = keep[img * width + k] == (k < (int64_t)want.size() ? want[k] : -1);
                                if (!ok) {
                                    ++failures;
                                    std::printf("FAIL nms %s layout %d format %d n %lld perClass %d ti %g max %lld "
                                                "image %lld: %lld kept, want %zu\n", dtype == NN4J_F32 ? "f32" : "f64",
                                                kind, format, (long long)n, per_class, ti, (long long)max_out,
                                                (long long)img, (long long)counts[img], want.size());
                                }
                            }
                        }
    std::printf("nms %s: %d cases vs the plain greedy scan\n", dtype == NN4J_F32 ? "f32" : "f64", cases);
}

void bench(int reps) {
    const int64_t n = 10000;
    for (int kind = 0; kind < 2; ++kind) {
        std::mt19937_64 g(42);
        std::uniform_real_distribution<float> u(0, 1);
        std::vector<float> b(4 * n), s(n);
        std::vector<int64_t> cls(n), keep(n), counts(1);
        for (int64_t i = 0; i < n; ++i) {
            float x, y, w, h;
            if (kind == 1) x = 10.f * (i % 100), y = 10.f * (i / 100), w = h = 8;
            else x = 1000 * u(g), y = 1000 * u(g), w = 10 + 90 * u(g), h = 10 + 90 * u(g);
            b[4 * i] = x, b[4 * i + 1] = y, b[4 * i + 2] = x + w, b[4 * i + 3] = y + h;
            s[i] = u(g);
            cls[i] = (int64_t)(g() % 20);
        }
        for (int per_class = 0; per_class < 2; ++per_class) {
            double best = 1e30;
            for (int r = 0; r < reps; ++r) {
                auto t0 = std::chrono::steady_clock::now();
                int st = nn4j_nms(0, NN4J_F32, NN4J_BOX_CORNERS, 1, n, b.data(), s.data(), NN4J_I64,
                                  per_class ? cls.data() : nullptr, -INFINITY, 0.5, INT64_MAX, keep.data(),
                                  counts.data());
                auto t1 = std::chrono::steady_clock::now();
                if (st) std::printf("bench: %s\n", nn4j_last_error());
                best = std::min(best, std::chrono::duration<double, std::milli>(t1 - t0).count());
            }
            std::printf("nms 10000 %s %s: best %.3f ms, kept %lld\n", kind ? "grid " : "dense",
                        per_class ? "per-class" : "agnostic ", best, (long long)counts[0]);
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    std::string mode = argc > 1 ? argv[1] : "check";
    if (mode == "bench") {
        bench(argc > 2 ? std::atoi(argv[2]) : 5);
        return 0;
    }
    check_nms<float>(NN4J_F32);
    check_nms<double>(NN4J_F64);
    std::printf(failures ? "%d FAILURES\n" : "all passed\n", failures);
    return failures ? 1 : 0;
}
