package org.nn4j.ops;

import java.util.Arrays;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.internal.Kernels;
import org.nn4j.internal.Strides;
import org.nn4j.internal.TensorAccess;

/**
 * Views (share storage: reshape when possible, squeeze, unsqueeze, permute, transpose, expand,
 * slice, select, detach) and the copies that join or materialize (concat, stack, contiguous,
 * clone). Backward of a view maps the gradient back through the inverse view.
 */
public final class ShapeOps {
    private static final TensorAccess T = TensorAccess.get();

    private ShapeOps() {}

    // ---- reshape: view if the strides allow, else a copy; grad reshaped back
    public static Tensor reshape(Tensor x, long... shape) {
        Checks.open(x, "reshape");
        long[] from = T.shape(x);
        long[] to = Strides.inferShape("reshape", from, shape);
        Tensor out;
        long[] vs = Strides.viewStrides(from, T.strides(x), to);
        if (vs != null) {
            out = T.view(x, T.offset(x), to, vs);
        } else {
            out = Kernels.empty(x.dtype(), Kernels.device(x), to);
            try (Tensor asFrom = T.view(out, 0, from, Strides.contiguous(from))) {
                Kernels.copy(x, asFrom);
            }
        }
        if (Autograd.needsGrad(x)) {
            Autograd.record("reshape", out, new Tensor[] {x}, null, (n, g) -> GradUtil.one(reshape(g, from)));
        }
        return out;
    }

    // ---- squeeze / unsqueeze: views; grad reshaped back
    public static Tensor squeeze(Tensor x) {
        Checks.open(x, "squeeze");
        long[] s = T.shape(x), st = T.strides(x);
        int kept = 0;
        for (long d : s) if (d != 1) kept++;
        long[] ns = new long[kept], nst = new long[kept];
        for (int i = 0, j = 0; i < s.length; i++) {
            if (s[i] != 1) {
                ns[j] = s[i];
                nst[j++] = st[i];
            }
        }
        return viewWithReshapeGrad("squeeze", x, ns, nst);
    }

    public static Tensor squeeze(Tensor x, int axis) {
        Checks.open(x, "squeeze");
        long[] s = T.shape(x), st = T.strides(x);
        int a = Strides.axis("squeeze", axis, s);
        if (s[a] != 1) {
            throw new IllegalArgumentException("squeeze: axis " + axis + " has size " + s[a] + " in shape "
                    + Shape.format(s) + "; only size-1 axes can be squeezed");
        }
        return viewWithReshapeGrad("squeeze", x, remove(s, a), remove(st, a));
    }

    public static Tensor unsqueeze(Tensor x, int axis) {
        Checks.open(x, "unsqueeze");
        long[] s = T.shape(x), st = T.strides(x);
        int a = Strides.axisForRank("unsqueeze", axis, s.length + 1, s);
        long stride = a < s.length ? st[a] * Math.max(s[a], 1) : 1;
        long[] ns = insert(s, a, 1), nst = insert(st, a, stride);
        Strides.checkShape("unsqueeze", ns);
        return viewWithReshapeGrad("unsqueeze", x, ns, nst);
    }

    private static Tensor viewWithReshapeGrad(String name, Tensor x, long[] shape, long[] strides) {
        Tensor out = T.view(x, T.offset(x), shape, strides);
        if (Autograd.needsGrad(x)) {
            long[] from = T.shape(x);
            Autograd.record(name, out, new Tensor[] {x}, null, (n, g) -> GradUtil.one(reshape(g, from)));
        }
        return out;
    }

    // ---- permute / transpose: views; grad permuted by the inverse
    public static Tensor permute(Tensor x, int... axes) {
        Checks.open(x, "permute");
        long[] s = T.shape(x), st = T.strides(x);
        if (axes.length != s.length) {
            throw new IllegalArgumentException("permute: " + axes.length + " axes " + Arrays.toString(axes)
                    + " for shape " + Shape.format(s) + " of rank " + s.length);
        }
        int r = s.length;
        int[] perm = new int[r], inverse = new int[r];
        boolean[] seen = new boolean[r];
        long[] ns = new long[r], nst = new long[r];
        for (int i = 0; i < r; i++) {
            int a = Strides.axis("permute", axes[i], s);
            if (seen[a]) {
                throw new IllegalArgumentException("permute: " + Arrays.toString(axes) + " is not a permutation of the "
                        + r + " axes of shape " + Shape.format(s));
            }
            seen[a] = true;
            perm[i] = a;
            inverse[a] = i;
            ns[i] = s[a];
            nst[i] = st[a];
        }
        Tensor out = T.view(x, T.offset(x), ns, nst);
        if (Autograd.needsGrad(x)) {
            Autograd.record("permute", out, new Tensor[] {x}, null, (n, g) -> GradUtil.one(permute(g, inverse)));
        }
        return out;
    }

    public static Tensor transpose(Tensor x, int a, int b) {
        Checks.open(x, "transpose");
        long[] s = T.shape(x);
        int aa = Strides.axis("transpose", a, s), bb = Strides.axis("transpose", b, s);
        int[] perm = new int[s.length];
        for (int i = 0; i < perm.length; i++) perm[i] = i;
        perm[aa] = bb;
        perm[bb] = aa;
        return permute(x, perm);
    }

    public static Tensor t(Tensor x) {
        Checks.open(x, "t");
        if (x.rank() != 2) {
            throw new IllegalArgumentException("t: expects a 2-D tensor, got shape " + x.shape()
                    + "; use transpose(a, b) or permute(...)");
        }
        return permute(x, 1, 0);
    }

    // ---- expand: broadcast view (stride 0); grad summed back
    public static Tensor expand(Tensor x, long... shape) {
        Checks.open(x, "expand");
        long[] s = T.shape(x), st = T.strides(x);
        if (shape.length < s.length) {
            throw new IllegalArgumentException("expand: cannot expand shape " + Shape.format(s) + " to "
                    + Shape.format(shape) + " of lower rank");
        }
        int off = shape.length - s.length;
        long[] ns = new long[shape.length], nst = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            long want = shape[i];
            if (i < off) {
                if (want < 0) throw new IllegalArgumentException("expand: -1 is not allowed for new leading axis " + i
                        + " in " + Shape.format(shape));
                ns[i] = want;
                nst[i] = 0;
            } else {
                long have = s[i - off];
                if (want == -1 || want == have) {
                    ns[i] = have;
                    nst[i] = st[i - off];
                } else if (have == 1 && want >= 0) {
                    ns[i] = want;
                    nst[i] = 0;
                } else {
                    throw new IllegalArgumentException("expand: cannot expand shape " + Shape.format(s) + " to "
                            + Shape.format(shape) + " (axis " + i + ": " + have + " vs " + want + ")");
                }
            }
        }
        Strides.checkShape("expand", ns);
        Tensor out = T.view(x, T.offset(x), ns, nst);
        if (Autograd.needsGrad(x)) {
            Autograd.record("expand", out, new Tensor[] {x}, null, (n, g) -> GradUtil.one(GradUtil.sumTo(g, s)));
        }
        return out;
    }

    // ---- slice / select: views; grad written into zeros at the same place
    public static Tensor slice(Tensor x, int axis, long start, long end, long step) {
        Checks.open(x, "slice");
        long[] s = T.shape(x), st = T.strides(x);
        int a = Strides.axis("slice", axis, s);
        if (step == 0) throw new IllegalArgumentException("slice: step must be non-zero");
        long n = s[a];
        long b, e, len;
        if (step > 0) {
            b = clampIndex(start, n, 0, n);
            e = clampIndex(end, n, 0, n);
            len = e > b ? (e - b + step - 1) / step : 0;
        } else {
            b = clampIndex(start, n, -1, n - 1);
            e = clampIndex(end, n, -1, n - 1);
            len = b > e ? (b - e + (-step) - 1) / (-step) : 0;
        }
        long[] ns = s.clone(), nst = st.clone();
        ns[a] = len;
        nst[a] = st[a] * step;
        long offset = T.offset(x) + (len > 0 ? b * st[a] : 0);
        Tensor out = T.view(x, offset, ns, nst);
        if (Autograd.needsGrad(x)) {
            long first = b;
            Autograd.record("slice", out, new Tensor[] {x}, null, (nd, g) -> {
                Tensor z = Creation.zeros(g.dtype(), g.device(), s);
                long[] cs = Strides.contiguous(s);
                try (Tensor place = T.view(z, len > 0 ? first * cs[a] : 0, ns, scaled(cs, a, step))) {
                    Kernels.copy(g, place);
                }
                return GradUtil.one(z);
            });
        }
        return out;
    }

    /** Python slice-bound clamping: negative counts from the end, then clamps to [lo, hi]. */
    private static long clampIndex(long i, long n, long lo, long hi) {
        if (i < 0) i = i + n < i ? Long.MIN_VALUE : i + n;  // guard overflow of MIN_VALUE + n
        return Math.max(lo, Math.min(hi, i));
    }

    private static long[] scaled(long[] strides, int axis, long step) {
        long[] r = strides.clone();
        r[axis] *= step;
        return r;
    }

    public static Tensor select(Tensor x, int axis, long index) {
        Checks.open(x, "select");
        long[] s = T.shape(x), st = T.strides(x);
        int a = Strides.axis("select", axis, s);
        long i = index < 0 ? index + s[a] : index;
        if (i < 0 || i >= s[a]) {
            throw new IllegalArgumentException("select: index " + index + " is out of range for axis " + axis
                    + " of size " + s[a] + " in shape " + Shape.format(s));
        }
        Tensor out = T.view(x, T.offset(x) + i * st[a], remove(s, a), remove(st, a));
        if (Autograd.needsGrad(x)) {
            Autograd.record("select", out, new Tensor[] {x}, null, (n, g) -> {
                Tensor z = Creation.zeros(g.dtype(), g.device(), s);
                long[] cs = Strides.contiguous(s);
                try (Tensor place = T.view(z, i * cs[a], remove(s, a), remove(cs, a))) {
                    Kernels.copy(g, place);
                }
                return GradUtil.one(z);
            });
        }
        return out;
    }

    // ---- contiguous / clone: copies; grad passes through
    public static Tensor contiguous(Tensor x) {
        Checks.open(x, "contiguous");
        if (x.isContiguous()) return x;
        return copy("contiguous", x);
    }

    public static Tensor cloneTensor(Tensor x) {
        Checks.open(x, "clone");
        return copy("clone", x);
    }

    private static Tensor copy(String name, Tensor x) {
        Tensor out = Kernels.copyContiguous(x, x.dtype());
        if (Autograd.needsGrad(x)) Autograd.record(name, out, new Tensor[] {x}, null, (n, g) -> GradUtil.one(g));
        return out;
    }

    /** A view with no history that does not require grad. */
    public static Tensor detach(Tensor x) {
        Checks.open(x, "detach");
        return T.view(x, T.offset(x), T.shape(x), T.strides(x));
    }

    // ---- concat / stack: copies; grad sliced back
    public static Tensor concat(int axis, Tensor... ts) {
        if (ts == null || ts.length == 0) throw new IllegalArgumentException("concat: needs at least one tensor");
        Tensor first = ts[0];
        Checks.open(first, "concat");
        long[] s0 = T.shape(first);
        int a = Strides.axis("concat", axis, s0);
        long total = 0;
        long[] sizes = new long[ts.length];
        for (int k = 0; k < ts.length; k++) {
            Checks.pair("concat", first, ts[k]);
            long[] s = T.shape(ts[k]);
            boolean ok = s.length == s0.length;
            for (int i = 0; ok && i < s.length; i++) ok = i == a || s[i] == s0[i];
            if (!ok) {
                throw new IllegalArgumentException("concat: shapes " + Shape.format(s0) + " and " + Shape.format(s)
                        + " (tensor " + k + ") differ outside axis " + axis);
            }
            sizes[k] = s[a];
            total += s[a];
        }
        long[] os = s0.clone();
        os[a] = total;
        Tensor out = Kernels.empty(first.dtype(), Kernels.device(first), os);
        long[] cs = T.strides(out);
        long pos = 0;
        for (int k = 0; k < ts.length; k++) {
            long[] ps = os.clone();
            ps[a] = sizes[k];
            try (Tensor place = T.view(out, pos * cs[a], ps, cs)) {
                Kernels.copy(ts[k], place);
            }
            pos += sizes[k];
        }
        if (Autograd.needsGrad(ts)) {
            Autograd.record("concat", out, ts.clone(), null, (n, g) -> {
                Tensor[] gs = new Tensor[sizes.length];
                long p = 0;
                for (int k = 0; k < sizes.length; k++) {
                    if (n.needsInputGrad(k)) gs[k] = slice(g, a, p, p + sizes[k], 1);
                    p += sizes[k];
                }
                return gs;
            });
        }
        return out;
    }

    public static Tensor stack(int axis, Tensor... ts) {
        if (ts == null || ts.length == 0) throw new IllegalArgumentException("stack: needs at least one tensor");
        Tensor first = ts[0];
        Checks.open(first, "stack");
        long[] s0 = T.shape(first);
        int a = Strides.axisForRank("stack", axis, s0.length + 1, s0);
        for (int k = 1; k < ts.length; k++) {
            Checks.pair("stack", first, ts[k]);
            if (!Arrays.equals(T.shape(ts[k]), s0)) {
                throw new IllegalArgumentException("stack: shapes " + Shape.format(s0) + " and " + ts[k].shape()
                        + " (tensor " + k + ") differ");
            }
        }
        long[] os = insert(s0, a, ts.length);
        Strides.checkShape("stack", os);
        Tensor out = Kernels.empty(first.dtype(), Kernels.device(first), os);
        long[] cs = T.strides(out);
        long[] ps = remove(os, a), pst = remove(cs, a);
        for (int k = 0; k < ts.length; k++) {
            try (Tensor place = T.view(out, k * cs[a], ps, pst)) {
                Kernels.copy(ts[k], place);
            }
        }
        if (Autograd.needsGrad(ts)) {
            int count = ts.length;
            Autograd.record("stack", out, ts.clone(), null, (n, g) -> {
                Tensor[] gs = new Tensor[count];
                for (int k = 0; k < count; k++) if (n.needsInputGrad(k)) gs[k] = select(g, a, k);
                return gs;
            });
        }
        return out;
    }

    // ---- split / chunk: slices (views)
    public static Tensor[] split(Tensor x, int axis, long... sizes) {
        Checks.open(x, "split");
        long[] s = T.shape(x);
        int a = Strides.axis("split", axis, s);
        long sum = 0;
        for (long z : sizes) {
            if (z < 0) throw new IllegalArgumentException("split: negative size in " + Arrays.toString(sizes));
            sum += z;
        }
        if (sum != s[a]) {
            throw new IllegalArgumentException("split: sizes " + Arrays.toString(sizes) + " sum to " + sum
                    + ", not the size " + s[a] + " of axis " + axis + " in shape " + Shape.format(s));
        }
        Tensor[] parts = new Tensor[sizes.length];
        long p = 0;
        for (int k = 0; k < sizes.length; k++) {
            parts[k] = slice(x, a, p, p + sizes[k], 1);
            p += sizes[k];
        }
        return parts;
    }

    public static Tensor[] chunk(Tensor x, int axis, int n) {
        Checks.open(x, "chunk");
        if (n <= 0) throw new IllegalArgumentException("chunk: n = " + n + " must be positive");
        long[] s = T.shape(x);
        int a = Strides.axis("chunk", axis, s);
        long size = Math.max(1, (s[a] + n - 1) / n);
        int count = (int) Math.max(1, (s[a] + size - 1) / size);
        if (s[a] == 0) count = 1;
        long[] sizes = new long[count];
        for (int k = 0; k < count; k++) sizes[k] = Math.min(size, s[a] - k * size);
        if (s[a] == 0) sizes[0] = 0;
        return split(x, a, sizes);
    }

    // ---- small array helpers
    static long[] remove(long[] v, int i) {
        long[] r = new long[v.length - 1];
        System.arraycopy(v, 0, r, 0, i);
        System.arraycopy(v, i + 1, r, i, v.length - i - 1);
        return r;
    }

    static long[] insert(long[] v, int i, long value) {
        long[] r = new long[v.length + 1];
        System.arraycopy(v, 0, r, 0, i);
        r[i] = value;
        System.arraycopy(v, i, r, i + 1, v.length - i);
        return r;
    }
}
