package org.nn4j.ops;

import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.internal.Kernels;

/**
 * Element-wise math of one tensor. Each op: one kernel, then its derivative (in terms of the
 * saved input x or output y). Kinks: relu'(0) = 0, abs'(0) = 0 (sign(0) = 0); sign, floor, ceil
 * and round have zero gradient.
 */
public final class UnaryMath {
    private UnaryMath() {}

    private static Tensor floatOp(int op, String name, Tensor x) {
        Checks.open(x, name);
        Checks.floating(name, x);
        return Kernels.unary(op, name, x, x.dtype(), 0, 0);
    }

    private static Tensor numericOp(int op, String name, Tensor x, double alpha, double beta) {
        Checks.open(x, name);
        Checks.numeric(name, x);
        return Kernels.unary(op, name, x, x.dtype(), alpha, beta);
    }

    /** Records y = f(x) whose input gradient is d(g, x): only x is kept for backward. */
    private static Tensor gradFromX(String name, Tensor x, Tensor y, Deriv d) {
        if (Autograd.needsGrad(x)) {
            Autograd.record(name, y, new Tensor[] {x}, new Tensor[] {x}, (n, g) -> GradUtil.one(d.grad(g, n.saved(0))));
        }
        return y;
    }

    /** Records y = f(x) whose input gradient is d(g, y): only y is kept for backward. */
    private static Tensor gradFromY(String name, Tensor x, Tensor y, Deriv d) {
        if (Autograd.needsGrad(x)) {
            Autograd.record(name, y, new Tensor[] {x}, new Tensor[] {y}, (n, g) -> GradUtil.one(d.grad(g, n.saved(0))));
        }
        return y;
    }

    @FunctionalInterface
    private interface Deriv {
        Tensor grad(Tensor g, Tensor saved);
    }

    /** Records an op with zero gradient (piecewise constant). */
    private static Tensor zeroGrad(String name, Tensor x, Tensor y) {
        if (Autograd.needsGrad(x)) {
            Autograd.record(name, y, new Tensor[] {x}, null, (n, g) -> GradUtil.one(g.zerosLike()));
        }
        return y;
    }

    // -x: -g
    public static Tensor neg(Tensor x) {
        Tensor y = numericOp(Kernels.UNARY_NEG, "neg", x, 0, 0);
        if (Autograd.needsGrad(x)) Autograd.record("neg", y, new Tensor[] {x}, null, (n, g) -> GradUtil.one(g.neg()));
        return y;
    }

    // |x|: g * sign(x), 0 at 0
    public static Tensor abs(Tensor x) {
        return gradFromX("abs", x, numericOp(Kernels.UNARY_ABS, "abs", x, 0, 0), (g, xx) -> g.mul(xx.sign()));
    }

    public static Tensor sign(Tensor x) {
        return zeroGrad("sign", x, numericOp(Kernels.UNARY_SIGN, "sign", x, 0, 0));
    }

    // e^x: g * y
    public static Tensor exp(Tensor x) {
        return gradFromY("exp", x, floatOp(Kernels.UNARY_EXP, "exp", x), (g, y) -> g.mul(y));
    }

    // log x: g / x
    public static Tensor log(Tensor x) {
        return gradFromX("log", x, floatOp(Kernels.UNARY_LOG, "log", x), (g, xx) -> g.div(xx));
    }

    // log(1 + x): g / (1 + x)
    public static Tensor log1p(Tensor x) {
        return gradFromX("log1p", x, floatOp(Kernels.UNARY_LOG1P, "log1p", x), (g, xx) -> g.div(xx.add(1)));
    }

    // e^x - 1: g * (y + 1)
    public static Tensor expm1(Tensor x) {
        return gradFromY("expm1", x, floatOp(Kernels.UNARY_EXPM1, "expm1", x), (g, y) -> g.mul(y.add(1)));
    }

    // sqrt x: g / (2 y)
    public static Tensor sqrt(Tensor x) {
        return gradFromY("sqrt", x, floatOp(Kernels.UNARY_SQRT, "sqrt", x), (g, y) -> g.div(y).mul(0.5));
    }

    // x^-1/2: -g y^3 / 2
    public static Tensor rsqrt(Tensor x) {
        return gradFromY("rsqrt", x, floatOp(Kernels.UNARY_RSQRT, "rsqrt", x),
                (g, y) -> g.mul(y.square().mul(y)).mul(-0.5));
    }

    // x^2: 2 g x
    public static Tensor square(Tensor x) {
        return gradFromX("square", x, numericOp(Kernels.UNARY_SQUARE, "square", x, 0, 0),
                (g, xx) -> g.mul(xx).mul(2));
    }

    // 1/x: -g y^2
    public static Tensor reciprocal(Tensor x) {
        return gradFromY("reciprocal", x, floatOp(Kernels.UNARY_RECIPROCAL, "reciprocal", x),
                (g, y) -> g.mul(y.square()).neg());
    }

    // sin x: g cos x
    public static Tensor sin(Tensor x) {
        return gradFromX("sin", x, floatOp(Kernels.UNARY_SIN, "sin", x), (g, xx) -> g.mul(xx.cos()));
    }

    // cos x: -g sin x
    public static Tensor cos(Tensor x) {
        return gradFromX("cos", x, floatOp(Kernels.UNARY_COS, "cos", x), (g, xx) -> g.mul(xx.sin()).neg());
    }

    // tanh x: g (1 - y^2)
    public static Tensor tanh(Tensor x) {
        return gradFromY("tanh", x, floatOp(Kernels.UNARY_TANH, "tanh", x),
                (g, y) -> g.mul(y.square().neg().add(1)));
    }

    // sigmoid x: g y (1 - y)
    public static Tensor sigmoid(Tensor x) {
        return gradFromY("sigmoid", x, floatOp(Kernels.UNARY_SIGMOID, "sigmoid", x),
                (g, y) -> g.mul(y.mul(y.neg().add(1))));
    }

    // max(x, 0): g where y > 0, i.e. x > 0 (relu'(0) = 0)
    public static Tensor relu(Tensor x) {
        return gradFromY("relu", x, numericOp(Kernels.UNARY_RELU, "relu", x, 0, 0),
                (g, y) -> Elementwise.where(y.gt(0), g, 0));
    }

    public static Tensor floor(Tensor x) {
        return zeroGrad("floor", x, numericOp(Kernels.UNARY_FLOOR, "floor", x, 0, 0));
    }

    public static Tensor ceil(Tensor x) {
        return zeroGrad("ceil", x, numericOp(Kernels.UNARY_CEIL, "ceil", x, 0, 0));
    }

    /** Rounds half to even (like NumPy). */
    public static Tensor round(Tensor x) {
        return zeroGrad("round", x, numericOp(Kernels.UNARY_ROUND, "round", x, 0, 0));
    }

    // x^p: g p x^(p-1)
    public static Tensor pow(Tensor x, double p) {
        Tensor y = numericOp(Kernels.UNARY_POW_SCALAR, "pow", x, p, 0);
        if (p == 2) return gradFromX("pow", x, y, (g, xx) -> g.mul(xx).mul(2));
        return gradFromX("pow", x, y, (g, xx) -> g.mul(xx.pow(p - 1)).mul(p));
    }

    // clamp(x, lo, hi): g where lo <= x <= hi
    public static Tensor clamp(Tensor x, double lo, double hi) {
        if (lo > hi) throw new IllegalArgumentException("clamp: lo = " + lo + " > hi = " + hi);
        return gradFromX("clamp", x, numericOp(Kernels.UNARY_CLAMP, "clamp", x, lo, hi),
                (g, xx) -> Elementwise.where(xx.ge(lo).logicalAnd(xx.le(hi)), g, 0));
    }

    /** 1 where x >= 0, else 0 (same dtype); zero gradient. */
    public static Tensor step(Tensor x) {
        return zeroGrad("step", x, numericOp(Kernels.UNARY_STEP, "step", x, 0, 0));
    }
}
