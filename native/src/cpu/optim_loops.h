// The element loops of the fused optimizer updates (optim.cpp), compiled twice: in optim.cpp for
// the baseline ISA and in optim_avx2.cpp with -mavx2 (chosen at run time by active_isa()). The
// compiler vectorizes both from the same source. Everything but the Loops table type sits in an
// anonymous namespace, so each translation unit keeps its own machine code.
#pragma once
#include <cstdint>
#include "core.h"
#include "optim_math.h"

namespace nn4j {
namespace optim {

// One pass per rule over n elements; an absent optional state is a null pointer.
template <class T> struct Loops {
    void (*sgd)(int64_t n, T* p, const T* g, T* v, bool nesterov, Sgd<T> c, Prep<T> pr);
    void (*adagrad)(int64_t n, T* p, const T* g, T* acc, Adagrad<T> c, Prep<T> pr);
    void (*rmsprop)(int64_t n, T* p, const T* g, T* s, T* a, T* b, Rmsprop<T> c, Prep<T> pr);
    void (*adadelta)(int64_t n, T* p, const T* g, T* eg, T* ed, Adadelta<T> c, Prep<T> pr);
    void (*adam)(int64_t n, T* p, const T* g, T* m, T* v, T* vmax, Adam<T> c, Prep<T> pr);
    void (*nadam)(int64_t n, T* p, const T* g, T* m, T* v, Nadam<T> c, Prep<T> pr);
};

// optim_avx2.cpp: the loops built with AVX2; call only when active_isa() >= NN4J_ISA_AVX2.
const Loops<float>* avx2_loops_f32();
const Loops<double>* avx2_loops_f64();

namespace {

// Elements per task: large enough that the pool's hand-off is noise next to a memory-bound pass.
constexpr int64_t kGrain = 1 << 15;

// ---- the pass ---------------------------------------------------------------------------------
// f captures by value; each chunk runs on its own copy, so the compiler sees coefficients that no
// store through the element pointers can change, and vectorizes the loop.
template <class F> void each(int64_t n, const F& f) {
    parallel_for(n, kGrain, [&](int64_t b, int64_t e) {
        const F local = f;
        for (int64_t i = b; i < e; ++i) local(i);
    });
}

template <class T> void sgd_run(int64_t n, T* p, const T* grad, T* v, bool nesterov, Sgd<T> c, Prep<T> pr) {
    if (!v) {
        each(n, [=](int64_t i) { sgd_plain(p[i], prep_grad(grad[i], p[i], pr), c); });
    } else if (nesterov) {
        each(n, [=](int64_t i) { sgd_nesterov(p[i], prep_grad(grad[i], p[i], pr), v[i], c); });
    } else {
        each(n, [=](int64_t i) { sgd_momentum(p[i], prep_grad(grad[i], p[i], pr), v[i], c); });
    }
}

template <class T, bool CENTERED, bool MOM>
void rmsprop_run(int64_t n, T* p, const T* grad, T* s, T* a, T* b, Rmsprop<T> c, Prep<T> pr) {
    each(n, [=](int64_t i) {
        T unused = T(0);
        rmsprop<CENTERED, MOM>(p[i], prep_grad(grad[i], p[i], pr), s[i], CENTERED ? a[i] : unused,
                               MOM ? b[i] : unused, c);
    });
}

template <class T>
void rmsprop_dispatch(int64_t n, T* p, const T* grad, T* s, T* a, T* b, Rmsprop<T> c, Prep<T> pr) {
    if (a && b) rmsprop_run<T, true, true>(n, p, grad, s, a, b, c, pr);
    else if (a) rmsprop_run<T, true, false>(n, p, grad, s, a, b, c, pr);
    else if (b) rmsprop_run<T, false, true>(n, p, grad, s, a, b, c, pr);
    else rmsprop_run<T, false, false>(n, p, grad, s, a, b, c, pr);
}

template <class T> void adam_run(int64_t n, T* p, const T* grad, T* m, T* v, T* vmax, Adam<T> c, Prep<T> pr) {
    if (vmax) {
        each(n, [=](int64_t i) { adam<true>(p[i], prep_grad(grad[i], p[i], pr), m[i], v[i], vmax[i], c); });
    } else {
        each(n, [=](int64_t i) {
            T unused = T(0);
            adam<false>(p[i], prep_grad(grad[i], p[i], pr), m[i], v[i], unused, c);
        });
    }
}

template <class T> void adagrad_run(int64_t n, T* p, const T* g, T* acc, Adagrad<T> c, Prep<T> pr) {
    each(n, [=](int64_t i) { adagrad(p[i], prep_grad(g[i], p[i], pr), acc[i], c); });
}

template <class T> void adadelta_run(int64_t n, T* p, const T* g, T* eg, T* ed, Adadelta<T> c, Prep<T> pr) {
    each(n, [=](int64_t i) { adadelta(p[i], prep_grad(g[i], p[i], pr), eg[i], ed[i], c); });
}

template <class T> void nadam_run(int64_t n, T* p, const T* g, T* m, T* v, Nadam<T> c, Prep<T> pr) {
    each(n, [=](int64_t i) { nadam(p[i], prep_grad(g[i], p[i], pr), m[i], v[i], c); });
}

// This translation unit's loops.
template <class T> const Loops<T>* own_loops() {
    static const Loops<T> k = {sgd_run<T>,      adagrad_run<T>, rmsprop_dispatch<T>,
                               adadelta_run<T>, adam_run<T>,    nadam_run<T>};
    return &k;
}

}  // namespace
}  // namespace optim
}  // namespace nn4j
