package org.nn4j.ops;

import org.nn4j.DType;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.autograd.GradFn;
import org.nn4j.internal.Kernels;
import org.nn4j.internal.Strides;
import org.nn4j.internal.TensorAccess;

/**
 * Reductions over any set of axes (none = all; negative allowed), with keepDims. Each op: one
 * native reduce, then its backward rule, which broadcasts the output gradient back over the
 * reduced axes. max/min send the gradient to the first extreme element (argmax order); an empty
 * reduced axis is an error for max/min/argmax/argmin.
 */
public final class Reductions {
    private static final TensorAccess T = TensorAccess.get();

    private Reductions() {}

    /** Validated reduction: returns the output (not recorded). */
    private static Tensor run(int op, String name, Tensor x, long mask, boolean keepDims, DType outDtype,
                              double param, boolean needsElements) {
        long[] xs = T.shape(x);
        if (needsElements) {
            for (int i = 0; i < xs.length; i++) {
                if ((mask & (1L << i)) != 0 && xs[i] == 0) {
                    throw new IllegalArgumentException(name + ": cannot reduce the empty axis " + i + " of shape "
                            + Shape.format(xs));
                }
            }
        }
        return Kernels.reduce(op, name, x, mask, Strides.reducedShape(xs, mask, keepDims), outDtype, param);
    }

    /** What a reduction's backward rule needs to know of the forward: x's shape and the reduced axes. */
    private static final class Reduced {
        final long[] xs, kept;  // kept: the output's shape with keepDims
        final long mask;

        Reduced(long[] xs, long mask) {
            this.xs = xs;
            this.mask = mask;
            this.kept = Strides.reducedShape(xs, mask, true);
        }

        /** The output gradient (or a saved output) reshaped to keep the reduced axes as size 1. */
        Tensor keep(Tensor t) {
            return ShapeOps.reshape(t, kept);
        }

        /** The output gradient broadcast back to x's shape (a view). */
        Tensor spread(Tensor g) {
            return ShapeOps.expand(keep(g), xs);
        }

        /** How many elements of x each output element reduces. */
        long count() {
            long c = 1;
            for (int i = 0; i < xs.length; i++) if ((mask & (1L << i)) != 0) c *= xs[i];
            return c;
        }

        int[] axes() {
            int[] a = new int[Long.bitCount(mask)];
            for (int i = 0, j = 0; i < xs.length; i++) if ((mask & (1L << i)) != 0) a[j++] = i;
            return a;
        }
    }

    /** A reduction's backward rule: x's gradient from the output gradient g. */
    private interface Backward {
        Tensor grad(GradFn node, Tensor g, Reduced r);
    }

    /** Which tensors a backward rule reads through node.saved: none, x, or x then the output. */
    private enum Saved { NONE, X, X_AND_OUT }

    /** A differentiable reduction of x keeping its dtype (dtype checks are the caller's). */
    private static Tensor differentiable(int op, String name, Tensor x, boolean keepDims, int[] axes, double param,
                                         Saved saved, Backward backward) {
        long[] xs = T.shape(x);
        long mask = Strides.axesMask(name, axes, xs);
        Tensor out = run(op, name, x, mask, keepDims, x.dtype(), param, false);
        if (Autograd.needsGrad(x)) {
            Reduced r = new Reduced(xs, mask);
            Tensor[] keep = saved == Saved.NONE ? null : saved == Saved.X ? new Tensor[] {x} : new Tensor[] {x, out};
            Autograd.record(name, out, new Tensor[] {x}, keep, (n, g) -> GradUtil.one(backward.grad(n, g, r)));
        }
        return out;
    }

    // ---- sum: grad spread back
    public static Tensor sum(Tensor x, boolean keepDims, int... axes) {
        Checks.open(x, "sum");
        if (x.dtype() == DType.BOOL) {
            try (Tensor asInt = Kernels.copyContiguous(x, DType.INT64)) {
                return sum(asInt, keepDims, axes);
            }
        }
        return differentiable(Kernels.REDUCE_SUM, "sum", x, keepDims, axes, 0, Saved.NONE, (n, g, r) -> r.spread(g));
    }

    // ---- mean: grad / count, spread back
    public static Tensor mean(Tensor x, boolean keepDims, int... axes) {
        Checks.open(x, "mean");
        Checks.floating("mean", x);
        return differentiable(Kernels.REDUCE_MEAN, "mean", x, keepDims, axes, 0, Saved.NONE,
                (n, g, r) -> r.spread(g.mul(1.0 / r.count())));
    }

    // ---- max / min: grad to the first extreme element of each reduced group
    public static Tensor max(Tensor x, boolean keepDims, int... axes) {
        return extreme(x, keepDims, axes, true);
    }

    public static Tensor min(Tensor x, boolean keepDims, int... axes) {
        return extreme(x, keepDims, axes, false);
    }

    private static Tensor extreme(Tensor x, boolean keepDims, int[] axes, boolean isMax) {
        String name = isMax ? "max" : "min";
        Checks.open(x, name);
        Checks.numeric(name, x);
        long[] xs = T.shape(x);
        long mask = Strides.axesMask(name, axes, xs);
        Tensor out = run(isMax ? Kernels.REDUCE_MAX : Kernels.REDUCE_MIN, name, x, mask, keepDims, x.dtype(), 0, true);
        if (Autograd.needsGrad(x)) {
            Autograd.record(name, out, new Tensor[] {x}, new Tensor[] {x},
                    (n, g) -> GradUtil.one(toFirstExtreme(n.saved(0), g, mask, isMax)));
        }
        return out;
    }

    /** Zeros of x's shape with g placed at the first max (min) of each group reduced by mask. */
    private static Tensor toFirstExtreme(Tensor x, Tensor g, long mask, boolean isMax) {
        long[] xs = T.shape(x);
        int r = xs.length;
        if (r == 0) return g;
        int[] perm = new int[r];
        int[] inverse = new int[r];
        int p = 0;
        long outer = 1, inner = 1;
        for (int i = 0; i < r; i++) if ((mask & (1L << i)) == 0) { perm[p++] = i; outer *= xs[i]; }
        for (int i = 0; i < r; i++) if ((mask & (1L << i)) != 0) { perm[p++] = i; inner *= xs[i]; }
        for (int i = 0; i < r; i++) inverse[perm[i]] = i;
        Tensor grouped = ShapeOps.reshape(ShapeOps.permute(x, perm), outer, inner);
        Tensor idx = Kernels.reduce(isMax ? Kernels.REDUCE_ARGMAX : Kernels.REDUCE_ARGMIN, "max backward", grouped, 2L,
                new long[] {outer, 1}, DType.INT64, 0);
        Tensor z = Creation.zeros(g.dtype(), g.device(), outer, inner);
        Tensor gc = ShapeOps.contiguous(ShapeOps.reshape(g, outer, 1));
        Kernels.scatterAdd(z, 1, idx, gc);
        long[] ps = new long[r];
        for (int i = 0; i < r; i++) ps[i] = xs[perm[i]];
        return ShapeOps.permute(ShapeOps.reshape(z, ps), inverse);
    }

    // ---- prod: grad = out / x, with exact handling of zeros (one zero: product of the others)
    public static Tensor prod(Tensor x, boolean keepDims, int... axes) {
        Checks.open(x, "prod");
        Checks.numeric("prod", x);
        return differentiable(Kernels.REDUCE_PROD, "prod", x, keepDims, axes, 0, Saved.X_AND_OUT, (n, g, r) -> {
            Tensor xx = n.saved(0);
            int[] red = r.axes();
            Tensor isZero = xx.eq(0);
            Tensor zeros = sum(isZero, true, red);  // int64 count per group
            Tensor othersProd = prod(Elementwise.where(isZero.logicalNot(), xx, 1), true, red);
            Tensor atZero = Elementwise.where(zeros.eq(1), othersProd, 0);
            Tensor grad = Elementwise.where(isZero, atZero, r.keep(n.saved(1)).div(xx));
            return grad.mul(r.keep(g));
        });
    }

    // ---- logsumexp: grad = g * exp(x - out)
    public static Tensor logsumexp(Tensor x, boolean keepDims, int... axes) {
        Checks.open(x, "logsumexp");
        Checks.floating("logsumexp", x);
        return differentiable(Kernels.REDUCE_LOGSUMEXP, "logsumexp", x, keepDims, axes, 0, Saved.X_AND_OUT,
                (n, g, r) -> n.saved(0).sub(r.keep(n.saved(1))).exp().mul(r.keep(g)));
    }

    // ---- norm2: grad = g * x / out (0 where out = 0)
    public static Tensor norm2(Tensor x, boolean keepDims, int... axes) {
        Checks.open(x, "norm2");
        Checks.floating("norm2", x);
        return differentiable(Kernels.REDUCE_NORM2, "norm2", x, keepDims, axes, 0, Saved.X_AND_OUT, (n, g, r) -> {
            Tensor ok = r.keep(n.saved(1));
            Tensor unit = Elementwise.where(ok.ne(0), n.saved(0).div(ok), 0);
            return unit.mul(r.keep(g));
        });
    }

    // ---- var: grad = g * 2 (x - mean) / (N - ddof); std = sqrt(var)
    public static Tensor var(Tensor x, int ddof, boolean keepDims, int... axes) {
        Checks.open(x, "var");
        Checks.floating("var", x);
        if (ddof < 0) throw new IllegalArgumentException("var: ddof = " + ddof + " is negative");
        return differentiable(Kernels.REDUCE_VAR, "var", x, keepDims, axes, ddof, Saved.X, (n, g, r) -> {
            Tensor xx = n.saved(0);
            Tensor centered = xx.sub(mean(xx, true, r.axes()));
            return centered.mul(r.keep(g)).mul(2.0 / (r.count() - ddof));
        });
    }

    public static Tensor std(Tensor x, int ddof, boolean keepDims, int... axes) {
        try (Tensor v = var(x, ddof, keepDims, axes)) {
            return UnaryMath.sqrt(v);
        }
    }

    // ---- arg reductions and logic: no gradient
    public static Tensor argmax(Tensor x, int axis, boolean keepDims) {
        return arg(Kernels.REDUCE_ARGMAX, "argmax", x, new int[] {axis}, keepDims);
    }

    public static Tensor argmax(Tensor x) {
        return arg(Kernels.REDUCE_ARGMAX, "argmax", x, new int[0], false);
    }

    public static Tensor argmin(Tensor x, int axis, boolean keepDims) {
        return arg(Kernels.REDUCE_ARGMIN, "argmin", x, new int[] {axis}, keepDims);
    }

    public static Tensor argmin(Tensor x) {
        return arg(Kernels.REDUCE_ARGMIN, "argmin", x, new int[0], false);
    }

    private static Tensor arg(int op, String name, Tensor x, int[] axes, boolean keepDims) {
        Checks.open(x, name);
        Checks.numeric(name, x);
        long mask = Strides.axesMask(name, axes, T.shape(x));
        return run(op, name, x, mask, keepDims, DType.INT64, 0, true);
    }

    public static Tensor all(Tensor x, boolean keepDims, int... axes) {
        return logic(Kernels.REDUCE_ALL, "all", x, keepDims, axes);
    }

    public static Tensor any(Tensor x, boolean keepDims, int... axes) {
        return logic(Kernels.REDUCE_ANY, "any", x, keepDims, axes);
    }

    private static Tensor logic(int op, String name, Tensor x, boolean keepDims, int[] axes) {
        Checks.open(x, name);
        long mask = Strides.axesMask(name, axes, T.shape(x));
        if (x.dtype() != DType.BOOL) {
            try (Tensor b = Comparisons.compare(x, 0, Comparisons.NE)) {
                return run(op, name, b, mask, keepDims, DType.BOOL, 0, false);
            }
        }
        return run(op, name, x, mask, keepDims, DType.BOOL, 0, false);
    }
}
