package org.nn4j.ops;

import static org.nn4j.ops.GradUtil.sumTo;

import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.autograd.GradFn;
import org.nn4j.internal.Broadcast;
import org.nn4j.internal.Kernels;
import org.nn4j.internal.TensorAccess;

/**
 * Binary arithmetic with NumPy broadcasting, and where(). Each op: validation, one kernel, and
 * its backward rule right below (gradients summed back to each operand's shape). Scalar
 * overloads use the tensor's dtype.
 */
public final class Elementwise {
    private static final TensorAccess T = TensorAccess.get();

    private Elementwise() {}

    /** a op b for tensors (no autograd here). */
    private static Tensor compute(int op, String name, Tensor a, Tensor b) {
        long[] shape = Checks.binary(name, a, b);
        Checks.numeric(name, a);
        return Kernels.binary(op, name, a, b, shape, a.dtype());
    }

    /** a op v, v as a 0-d tensor of a's dtype (no autograd here). */
    private static Tensor computeScalar(int op, String name, Tensor a, double v) {
        Checks.open(a, name);
        Checks.numeric(name, a);
        try (Tensor s = Kernels.scalarTemp(v, a.dtype(), Kernels.device(a))) {
            return Kernels.binary(op, name, a, s, T.shape(a), a.dtype());
        }
    }

    /** One operand's gradient before it is summed back over the axes broadcasting added. */
    private interface Partial {
        Tensor grad(GradFn node, Tensor g);
    }

    /** Records a binary op's backward: each partial runs only when its operand needs a gradient. */
    private static void recordBinary(String name, Tensor out, Tensor a, Tensor b, Tensor[] saved, Partial da,
                                     Partial db) {
        long[] as = T.shape(a), bs = T.shape(b);
        Autograd.record(name, out, new Tensor[] {a, b}, saved, (n, g) -> new Tensor[] {
                n.needsInputGrad(0) ? sumTo(da.grad(n, g), as) : null,
                n.needsInputGrad(1) ? sumTo(db.grad(n, g), bs) : null});
    }

    // ---- add: d/da = 1, d/db = 1
    public static Tensor add(Tensor a, Tensor b) {
        Tensor out = compute(Kernels.BINARY_ADD, "add", a, b);
        if (Autograd.needsGrad(a, b)) recordBinary("add", out, a, b, null, (n, g) -> g, (n, g) -> g);
        return out;
    }

    public static Tensor add(Tensor a, double v) {
        Tensor out = computeScalar(Kernels.BINARY_ADD, "add", a, v);
        if (Autograd.needsGrad(a)) Autograd.record("add", out, new Tensor[] {a}, null, (n, g) -> GradUtil.one(g));
        return out;
    }

    // ---- sub: d/da = 1, d/db = -1
    public static Tensor sub(Tensor a, Tensor b) {
        Tensor out = compute(Kernels.BINARY_SUB, "sub", a, b);
        if (Autograd.needsGrad(a, b)) recordBinary("sub", out, a, b, null, (n, g) -> g, (n, g) -> g.neg());
        return out;
    }

    public static Tensor sub(Tensor a, double v) {
        Tensor out = computeScalar(Kernels.BINARY_SUB, "sub", a, v);
        if (Autograd.needsGrad(a)) Autograd.record("sub", out, new Tensor[] {a}, null, (n, g) -> GradUtil.one(g));
        return out;
    }

    // ---- mul: d/da = b, d/db = a
    public static Tensor mul(Tensor a, Tensor b) {
        Tensor out = compute(Kernels.BINARY_MUL, "mul", a, b);
        if (Autograd.needsGrad(a, b)) {
            recordBinary("mul", out, a, b, new Tensor[] {a, b}, (n, g) -> g.mul(n.saved(1)),
                    (n, g) -> g.mul(n.saved(0)));
        }
        return out;
    }

    public static Tensor mul(Tensor a, double v) {
        Tensor out = computeScalar(Kernels.BINARY_MUL, "mul", a, v);
        if (Autograd.needsGrad(a)) Autograd.record("mul", out, new Tensor[] {a}, null, (n, g) -> GradUtil.one(g.mul(v)));
        return out;
    }

    // ---- div: d/da = 1/b, d/db = -a/b^2 = -out/b
    public static Tensor div(Tensor a, Tensor b) {
        Tensor out = compute(Kernels.BINARY_DIV, "div", a, b);
        if (Autograd.needsGrad(a, b)) {
            long[] as = T.shape(a), bs = T.shape(b);
            Autograd.record("div", out, new Tensor[] {a, b}, new Tensor[] {b, out}, (n, g) -> {
                Tensor gb = g.div(n.saved(0));
                return new Tensor[] {
                        n.needsInputGrad(0) ? sumTo(gb, as) : null,
                        n.needsInputGrad(1) ? sumTo(gb.mul(n.saved(1)).neg(), bs) : null};
            });
        }
        return out;
    }

    public static Tensor div(Tensor a, double v) {
        Tensor out = computeScalar(Kernels.BINARY_DIV, "div", a, v);
        if (Autograd.needsGrad(a)) Autograd.record("div", out, new Tensor[] {a}, null, (n, g) -> GradUtil.one(g.div(v)));
        return out;
    }

    // ---- pow: d/da = b * a^(b-1), d/db = out * log(a) (NaN for a < 0, like the math)
    public static Tensor pow(Tensor a, Tensor b) {
        Tensor out = compute(Kernels.BINARY_POW, "pow", a, b);
        if (Autograd.needsGrad(a, b)) {
            recordBinary("pow", out, a, b, new Tensor[] {a, b, out},
                    (n, g) -> g.mul(n.saved(1)).mul(n.saved(0).pow(n.saved(1).sub(1))),
                    (n, g) -> g.mul(n.saved(2)).mul(n.saved(0).log()));
        }
        return out;
    }

    // ---- maximum / minimum: the gradient goes to a where a >= b (max) / a <= b (min), else to b;
    //      ties therefore go to the first operand.
    public static Tensor maximum(Tensor a, Tensor b) {
        return extremum(Kernels.BINARY_MAX, "maximum", a, b);
    }

    public static Tensor minimum(Tensor a, Tensor b) {
        return extremum(Kernels.BINARY_MIN, "minimum", a, b);
    }

    private static Tensor extremum(int op, String name, Tensor a, Tensor b) {
        Tensor out = compute(op, name, a, b);
        if (Autograd.needsGrad(a, b)) {
            long[] as = T.shape(a), bs = T.shape(b);
            boolean max = op == Kernels.BINARY_MAX;
            Autograd.record(name, out, new Tensor[] {a, b}, new Tensor[] {a, b}, (n, g) -> {
                Tensor toA = max ? n.saved(0).ge(n.saved(1)) : n.saved(0).le(n.saved(1));
                Tensor zero = Kernels.scalarTemp(0, g.dtype(), Kernels.device(g));
                return new Tensor[] {
                        n.needsInputGrad(0) ? sumTo(where(toA, g, zero), as) : null,
                        n.needsInputGrad(1) ? sumTo(where(toA, zero, g), bs) : null};
            });
        }
        return out;
    }

    public static Tensor maximum(Tensor a, double v) {
        Checks.open(a, "maximum");
        try (Tensor s = Kernels.scalar(v, a.dtype(), Kernels.device(a))) {
            return maximum(a, s);
        }
    }

    public static Tensor minimum(Tensor a, double v) {
        Checks.open(a, "minimum");
        try (Tensor s = Kernels.scalar(v, a.dtype(), Kernels.device(a))) {
            return minimum(a, s);
        }
    }

    // ---- where: d/da = cond, d/db = !cond
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        Checks.open(cond, "where");
        Checks.bool("where", cond);
        long[] ab = Checks.binary("where", a, b);
        Checks.sameDevice("where", cond, a);
        long[] shape = Broadcast.shape("where", T.shape(cond), ab);
        Tensor out = Kernels.where(cond, a, b, shape);
        if (Autograd.needsGrad(a, b)) {
            long[] as = T.shape(a), bs = T.shape(b);
            Autograd.record("where", out, new Tensor[] {a, b}, new Tensor[] {cond}, (n, g) -> {
                Tensor zero = Kernels.scalarTemp(0, g.dtype(), Kernels.device(g));
                return new Tensor[] {
                        n.needsInputGrad(0) ? sumTo(where(n.saved(0), g, zero), as) : null,
                        n.needsInputGrad(1) ? sumTo(where(n.saved(0), zero, g), bs) : null};
            });
        }
        return out;
    }

    /** where with a scalar for b (keeps a's dtype). */
    public static Tensor where(Tensor cond, Tensor a, double b) {
        Checks.open(a, "where");
        try (Tensor s = Kernels.scalarTemp(b, a.dtype(), Kernels.device(a))) {
            return where(cond, a, s);
        }
    }
}
