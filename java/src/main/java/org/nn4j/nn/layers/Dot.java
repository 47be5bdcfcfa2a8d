package org.nn4j.nn.layers;

import java.util.Arrays;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.nn.CallContext;
import org.nn4j.nn.Config;
import org.nn4j.nn.Layer;

/**
 * Per-sample dot product of two inputs along one axis each (Keras {@code Dot}; axes count the
 * batch axis as 0, so (N, d) · (N, d) uses axes 1). The result has x's other axes, then y's:
 * (N, a, k) · (N, k, b) with axes (2, 1) gives (N, a, b); when neither has another axis it is
 * (N, 1). With {@code normalize} both inputs are first L2-normalized along their axis
 * (x / sqrt(max(sum x^2, 1e-12))), which makes (N, d) · (N, d) the cosine similarity. No
 * parameters.
 */
public final class Dot extends Layer {
    private static final double NORM_FLOOR = 1e-12;

    private final int[] axes;
    private final boolean normalize;

    /** The same axis of both inputs. */
    public Dot(int axis) {
        this(builder(axis));
    }

    public Dot(int axisX, int axisY) {
        this(builder(axisX, axisY));
    }

    private Dot(Builder b) {
        super(b.layerName());
        if (b.axes.length != 1 && b.axes.length != 2) {
            throw new IllegalArgumentException("Dot: axes needs 1 or 2 values, got " + Arrays.toString(b.axes));
        }
        axes = b.axes.length == 1 ? new int[] {b.axes[0], b.axes[0]} : b.axes.clone();
        for (int a : axes) {
            if (a == 0) throw new IllegalArgumentException("Dot: axes " + Arrays.toString(b.axes) + " include the batch axis 0");
        }
        normalize = b.normalize;
    }

    /** One axis for both inputs, or (axis of x, axis of y). */
    public static Builder builder(int... axes) {
        return new Builder(axes);
    }

    public int[] axes() {
        return axes.clone();
    }

    public boolean normalize() {
        return normalize;
    }

    @Override
    public int minInputs() {
        return 2;
    }

    @Override
    public int maxInputs() {
        return 2;
    }

    /** The batched axis for input i of this per-sample rank. */
    private int resolve(int i, int perSampleRank) {
        int a = axes[i] < 0 ? axes[i] + perSampleRank + 1 : axes[i];
        if (a < 1 || a > perSampleRank) {
            throw error("axis " + axes[i] + " does not exist for input " + i + " of per-sample rank " + perSampleRank
                    + " (axes count the batch axis as 0)");
        }
        return a;
    }

    private static long[] without(long[] d, int axis) {
        long[] r = new long[d.length - 1];
        for (int i = 0, k = 0; i < d.length; i++) if (i != axis) r[k++] = d[i];
        return r;
    }

    @Override
    public Shape[] outputShapes(Shape... in) {
        checkInputCount(in.length);
        int ax = resolve(0, in[0].rank()) - 1, ay = resolve(1, in[1].rank()) - 1;
        if (in[0].dim(ax) != in[1].dim(ay)) {
            throw error("the dot axes differ in size: axis " + axes[0] + " of " + in[0] + " has " + in[0].dim(ax)
                    + ", axis " + axes[1] + " of " + in[1] + " has " + in[1].dim(ay));
        }
        long[] rx = without(in[0].toArray(), ax), ry = without(in[1].toArray(), ay);
        long[] out = Arrays.copyOf(rx, rx.length + ry.length);
        System.arraycopy(ry, 0, out, rx.length, ry.length);
        return new Shape[] {out.length == 0 ? Shape.of(1) : Shape.of(out)};
    }

    @Override
    protected boolean compatibleRebuild(Shape[] built, Shape[] now) {
        return true;
    }

    @Override
    protected Tensor[] forward(CallContext ctx, Tensor... inputs) {
        Tensor x = inputs[0], y = inputs[1];
        int ax = resolve(0, x.rank() - 1), ay = resolve(1, y.rank() - 1);
        long n = x.dim(0), k = x.dim(ax);
        long a = Args.prod(without(Args.perSample(x.shape()).toArray(), ax - 1));
        long b = Args.prod(without(Args.perSample(y.shape()).toArray(), ay - 1));
        Shape out = outputShape(Args.perSample(x.shape()), Args.perSample(y.shape()));
        Tensor xn = normalize ? l2Normalize(x, ax) : x, yn = normalize ? l2Normalize(y, ay) : y;
        try (Tensor xm = moveAxis(xn, ax, x.rank() - 1); Tensor ym = moveAxis(yn, ay, 1);
             Tensor x3 = xm.reshape(n, a, k); Tensor y3 = ym.reshape(n, k, b); Tensor p = x3.matmul(y3)) {
            return one(p.reshape(Args.concat(n, out.toArray())));
        } finally {
            if (xn != x) xn.close();
            if (yn != y) yn.close();
        }
    }

    /** x / sqrt(max(sum(x^2, axis), floor)). */
    private static Tensor l2Normalize(Tensor x, int axis) {
        try (Tensor sq = x.square(); Tensor s = sq.sum(true, axis); Tensor m = s.maximum(NORM_FLOOR); Tensor r = m.rsqrt()) {
            return x.mul(r);
        }
    }

    /** A view of x with axis {@code from} moved to position {@code to}, the others in order. */
    private static Tensor moveAxis(Tensor x, int from, int to) {
        int r = x.rank();
        int[] perm = new int[r];
        for (int i = 0, k = 0; i < r; i++) {
            if (i == to) perm[i] = from;
            else {
                if (k == from) k++;
                perm[i] = k++;
            }
        }
        return x.permute(perm);
    }

    @Override
    public Config config() {
        return super.config().put("axes", axes).put("normalize", normalize);
    }

    public static Dot fromConfig(Config c) {
        return builder(c.getIntArray("axes")).normalize(c.getBool("normalize", false)).common(c).build();
    }

    public static final class Builder extends LayerBuilder<Builder, Dot> {
        private final int[] axes;
        private boolean normalize;

        private Builder(int[] axes) {
            this.axes = axes == null ? new int[0] : axes.clone();
        }

        /** L2-normalize both inputs along their axes first (cosine similarity). */
        public Builder normalize(boolean n) {
            normalize = n;
            return this;
        }

        @Override
        protected Dot create() {
            return new Dot(this);
        }
    }
}
