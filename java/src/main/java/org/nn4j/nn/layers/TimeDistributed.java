package org.nn4j.nn.layers;

import java.util.Arrays;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.nn.CallContext;
import org.nn4j.nn.Config;
import org.nn4j.nn.Layer;
import org.nn4j.nn.Seeds;

/**
 * Applies one layer to every time step (CURRICULUM S1, S6): per-sample input (T, rest...) is
 * folded to (N·T, rest...), the inner layer runs once on it with its single set of weights, and
 * the result is unfolded to (N, T, out...). The inner layer is a child, so its weights are this
 * layer's (named by the inner layer, e.g. {@code dense/kernel}); it must take one input and give
 * one output. Parameters = the inner layer's. The wrapper starts with the inner layer's dtype and
 * gives the inner layer its own {@link #dtype()} at build.
 *
 * <pre>{@code
 * new TimeDistributed(new Dense(10));        // (N, T, F) -> (N, T, 10)
 * }</pre>
 */
public final class TimeDistributed extends Layer {
    private final Layer inner;

    public TimeDistributed(Layer inner) {
        this(inner, null);
    }

    /** @param name null picks "time_distributed", "time_distributed_1", ... */
    public TimeDistributed(Layer inner, String name) {
        super(name);
        if (inner == null) throw new IllegalArgumentException("TimeDistributed: the inner layer is null");
        if (inner.minInputs() > 1) {
            throw error("the inner layer " + inner + " needs " + inner.minInputs() + " inputs; TimeDistributed feeds one");
        }
        this.inner = addChild(inner);
        dtype(inner.dtype());
    }

    public Layer inner() {
        return inner;
    }

    @Override
    public Shape[] outputShapes(Shape... in) {
        checkInputCount(in.length);
        Shape x = in[0];
        if (x.rank() < 1) {
            throw error("needs per-sample input (timesteps, ...), i.e. batches (N, T, ...), got per-sample shape " + x);
        }
        Shape[] o = inner.outputShapes(step(x));
        if (o.length != 1) throw error("the inner layer " + inner + " gives " + o.length + " outputs; it must give one");
        long[] d = o[0].toArray();
        long[] out = new long[d.length + 1];
        out[0] = x.dim(0);
        System.arraycopy(d, 0, out, 1, d.length);
        return new Shape[] {Shape.of(out)};
    }

    /** The per-step shape: the per-sample shape without its time axis. */
    private static Shape step(Shape x) {
        long[] d = x.toArray();
        return Shape.of(Arrays.copyOfRange(d, 1, d.length));
    }

    /**
     * Another number of time steps is fine; the per-step shape must suit the inner layer, which
     * decides (an inner RNN takes another sequence length) and otherwise throws naming itself.
     */
    @Override
    protected boolean compatibleRebuild(Shape[] builtShapes, Shape[] newShapes) {
        inner.build(step(newShapes[0]));
        return true;
    }

    @Override
    protected void doBuild(Shape... in) {
        if (!inner.isBuilt() && !inner.hasExplicitSeed()) inner.seed(Seeds.mix(seed(), "inner"));
        NestedLayers.inheritDType(this, inner);
        inner.build(step(in[0]));
    }

    @Override
    protected Tensor[] forward(CallContext ctx, Tensor... inputs) {
        Tensor x = inputs[0];
        long[] d = x.dims();
        long n = d[0], t = d[1];
        long[] folded = new long[d.length - 1];
        folded[0] = Math.multiplyExact(n, t);
        System.arraycopy(d, 2, folded, 1, d.length - 2);
        Tensor[] y;
        try (Tensor xf = x.reshape(folded)) {
            y = inner.call(ctx, xf);
        }
        if (y.length != 1) {
            for (Tensor o : y) o.close();
            throw error("the inner layer " + inner + " gave " + y.length + " outputs; it must give one");
        }
        try (Tensor yf = y[0]) {
            long[] yd = yf.dims();
            long[] out = new long[yd.length + 1];
            out[0] = n;
            out[1] = t;
            System.arraycopy(yd, 1, out, 2, yd.length - 1);
            return one(yf.reshape(out));
        }
    }

    @Override
    public Config config() {
        return super.config().put("layer", NestedLayers.withDType(NestedLayers.describe(inner), dtype()));
    }

    public static TimeDistributed fromConfig(Config c) {
        return applyCommon(new TimeDistributed(NestedLayers.create(c.getConfig("layer")), c.getString("name", null)), c);
    }

    @Override
    public String toString() {
        return "TimeDistributed('" + name() + "', " + inner + ")";
    }
}
