// Per-element update rules of the fused optimizers (nn4j_optim.h), shared by the CPU kernels
// and their CUDA twins so that both apply the same operations in the same order. Coefficients
// are derived from the caller's doubles once per call on the host (make_* below) and converted
// to the element type T there: bias corrections and the Nadam factors are computed in double.
// NaN rule (K17): every comparison is written so that a NaN operand propagates.
#pragma once
#include "elementwise_math.h"

namespace nn4j {
namespace optim {

using ew::m_sqrt;

// ---- gradient preparation: scale (norm clipping), value clipping, coupled L2 decay ----------
template <class T> struct Prep {
    T scale, clip, wd;
};
template <class T> Prep<T> make_prep(double weight_decay, double grad_scale, double clip) {
    return Prep<T>{(T)grad_scale, (T)clip, (T)weight_decay};
}
template <class T> NN4J_HD T prep_grad(T g, T p, const Prep<T>& c) {
    g = g * c.scale;
    g = g > c.clip ? c.clip : g;
    g = g < -c.clip ? -c.clip : g;
    // No decay term at 0, so that an infinite parameter does not turn 0 * inf into NaN.
    return c.wd != T(0) ? g + c.wd * p : g;
}

// ---- SGD, momentum (K12), Nesterov (O3) -----------------------------------------------------
template <class T> struct Sgd {
    T lr, momentum, lr_damp;  // lr_damp = lr (1 - dampening)
};
template <class T> Sgd<T> make_sgd(double lr, double momentum, double dampening) {
    return Sgd<T>{(T)lr, (T)momentum, (T)(lr * (1.0 - dampening))};
}
template <class T> NN4J_HD void sgd_plain(T& p, T g, const Sgd<T>& c) {
    p = p - c.lr * g;
}
template <class T> NN4J_HD void sgd_momentum(T& p, T g, T& v, const Sgd<T>& c) {
    v = c.momentum * v + c.lr_damp * g;
    p = p - v;
}
// p holds phi = theta - momentum v, and g was taken at phi (O3's mapping of the textbook form).
template <class T> NN4J_HD void sgd_nesterov(T& p, T g, T& v, const Sgd<T>& c) {
    v = c.momentum * v + c.lr * g;
    p = p - (c.momentum * v + c.lr * g);
}

// ---- Adagrad (O4) ---------------------------------------------------------------------------
template <class T> struct Adagrad {
    T lr, eps;
};
template <class T> NN4J_HD void adagrad(T& p, T g, T& acc, const Adagrad<T>& c) {
    acc = acc + g * g;
    p = p - c.lr * g / (m_sqrt(acc) + c.eps);
}

// ---- RMSprop (O5) ---------------------------------------------------------------------------
template <class T> struct Rmsprop {
    T lr, rho, one_minus_rho, eps, momentum;
};
template <class T> Rmsprop<T> make_rmsprop(double lr, double rho, double eps, double momentum) {
    return Rmsprop<T>{(T)lr, (T)rho, (T)(1.0 - rho), (T)eps, (T)momentum};
}
// a is read and written only when CENTERED, b only with MOM (callers pass any T& otherwise);
// compile-time flags keep the element loop free of branches, so that it vectorizes.
template <bool CENTERED, bool MOM, class T>
NN4J_HD void rmsprop(T& p, T g, T& s, T& a, T& b, const Rmsprop<T>& c) {
    s = c.rho * s + c.one_minus_rho * g * g;
    T d = s;
    if (CENTERED) {
        a = c.rho * a + c.one_minus_rho * g;
        d = s - a * a;
        d = d < T(0) ? T(0) : d;  // s >= a^2 exactly; rounding can cross zero
    }
    const T u = c.lr * g / (m_sqrt(d) + c.eps);
    if (MOM) {
        b = c.momentum * b + u;
        p = p - b;
    } else {
        p = p - u;
    }
}

// ---- Adadelta (O6) --------------------------------------------------------------------------
template <class T> struct Adadelta {
    T lr, rho, one_minus_rho, eps;
};
template <class T> Adadelta<T> make_adadelta(double lr, double rho, double eps) {
    return Adadelta<T>{(T)lr, (T)rho, (T)(1.0 - rho), (T)eps};
}
template <class T> NN4J_HD void adadelta(T& p, T g, T& eg, T& ed, const Adadelta<T>& c) {
    eg = c.rho * eg + c.one_minus_rho * g * g;
    const T d = m_sqrt(ed + c.eps) / m_sqrt(eg + c.eps) * g;
    ed = c.rho * ed + c.one_minus_rho * d * d;
    p = p - c.lr * d;
}

// ---- Adam, AMSGrad, AdamW (O7) --------------------------------------------------------------
template <class T> struct Adam {
    T lr, b1, one_minus_b1, b2, one_minus_b2, eps, bc1, bc2, lr_decay;  // bc = 1 - beta^t
};
template <class T> Adam<T> make_adam(double lr, double b1, double b2, double eps, int64_t step, double decay) {
    const double t = (double)step;
    return Adam<T>{(T)lr, (T)b1, (T)(1.0 - b1), (T)b2, (T)(1.0 - b2), (T)eps,
                   (T)(1.0 - ::pow(b1, t)), (T)(1.0 - ::pow(b2, t)), (T)(lr * decay)};
}
// vmax is read and written only when AMSGRAD.
template <bool AMSGRAD, class T> NN4J_HD void adam(T& p, T g, T& m, T& v, T& vmax, const Adam<T>& c) {
    const T q = c.lr_decay != T(0) ? p - c.lr_decay * p : p;  // AdamW; skipped at 0 as in prep_grad
    m = c.b1 * m + c.one_minus_b1 * g;
    v = c.b2 * v + c.one_minus_b2 * g * g;
    T vv = v;
    if (AMSGRAD) {
        const T old = vmax;  // a local, so that the select is not a conditional load
        vv = v <= old ? old : v;  // max that keeps a NaN
        vmax = vv;
    }
    p = q - c.lr * (m / c.bc1) / (m_sqrt(vv / c.bc2) + c.eps);
}

// ---- Nadam ----------------------------------------------------------------------------------
template <class T> struct Nadam {
    T b1, one_minus_b1, b2, one_minus_b2, eps, bc2, cm, cg;
};
// cm = lr mu_{t+1} / (1 - prod_{k<=t+1} mu_k), cg = lr (1 - mu_t) / (1 - prod_{k<=t} mu_k).
template <class T> Nadam<T> make_nadam(double lr, double b1, double b2, double eps, int64_t step, double mu,
                                       double mu_next, double mu_product) {
    const double cm = lr * mu_next / (1.0 - mu_product * mu_next);
    const double cg = lr * (1.0 - mu) / (1.0 - mu_product);
    return Nadam<T>{(T)b1, (T)(1.0 - b1), (T)b2, (T)(1.0 - b2), (T)eps,
                    (T)(1.0 - ::pow(b2, (double)step)), (T)cm, (T)cg};
}
template <class T> NN4J_HD void nadam(T& p, T g, T& m, T& v, const Nadam<T>& c) {
    m = c.b1 * m + c.one_minus_b1 * g;
    v = c.b2 * v + c.one_minus_b2 * g * g;
    p = p - (c.cm * m + c.cg * g) / (m_sqrt(v / c.bc2) + c.eps);
}

}  // namespace optim
}  // namespace nn4j
