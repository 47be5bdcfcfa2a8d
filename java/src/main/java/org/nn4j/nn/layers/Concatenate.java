package org.nn4j.nn.layers;

import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.nn.CallContext;
import org.nn4j.nn.Config;
import org.nn4j.nn.Layer;

/**
 * Concatenates two or more inputs along {@code axis}, counted on the batched tensor as in Keras
 * (0 is the batch axis and not allowed; -1, the default, is the last axis; 1 is the channel axis
 * of (N, C, H, W)). The other axes must agree. No parameters.
 */
public final class Concatenate extends Layer {
    private final int axis;

    /** Along the last axis. */
    public Concatenate() {
        this(builder());
    }

    public Concatenate(int axis) {
        this(builder().axis(axis));
    }

    private Concatenate(Builder b) {
        super(b.layerName());
        if (b.axis == 0) throw new IllegalArgumentException("Concatenate: axis 0 is the batch axis; use 1.. or -1");
        axis = b.axis;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int axis() {
        return axis;
    }

    @Override
    public int minInputs() {
        return 2;
    }

    @Override
    public int maxInputs() {
        return Integer.MAX_VALUE;
    }

    /** The batched axis for inputs of this per-sample rank. */
    private int resolve(int perSampleRank) {
        int a = axis < 0 ? axis + perSampleRank + 1 : axis;
        if (a < 1 || a > perSampleRank) {
            throw error("axis " + axis + " does not exist for inputs of per-sample rank " + perSampleRank
                    + " (axis counts the batch axis as 0)");
        }
        return a;
    }

    @Override
    public Shape[] outputShapes(Shape... in) {
        checkInputCount(in.length);
        int a = resolve(in[0].rank()) - 1;
        long[] out = in[0].toArray();
        for (int i = 1; i < in.length; i++) {
            boolean ok = in[i].rank() == in[0].rank();
            for (int k = 0; ok && k < out.length; k++) ok = k == a || in[i].dim(k) == in[0].dim(k);
            if (!ok) {
                throw error("inputs must agree on every axis but " + axis + ": got " + in[0] + " (input 0) and " + in[i]
                        + " (input " + i + ")");
            }
            out[a] += in[i].dim(a);
        }
        return new Shape[] {Shape.of(out)};
    }

    @Override
    protected boolean compatibleRebuild(Shape[] built, Shape[] now) {
        return true;
    }

    @Override
    protected Tensor[] forward(CallContext ctx, Tensor... inputs) {
        return one(Tensor.concat(resolve(inputs[0].rank() - 1), inputs));
    }

    @Override
    public Config config() {
        return super.config().put("axis", axis);
    }

    public static Concatenate fromConfig(Config c) {
        return builder().common(c).axis(c.getInt("axis", -1)).build();
    }

    public static final class Builder extends LayerBuilder<Builder, Concatenate> {
        private int axis = -1;

        private Builder() {}

        public Builder axis(int a) {
            axis = a;
            return this;
        }

        @Override
        protected Concatenate create() {
            return new Concatenate(this);
        }
    }
}
