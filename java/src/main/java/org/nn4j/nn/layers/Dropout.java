package org.nn4j.nn.layers;

import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.nn.CallContext;
import org.nn4j.nn.Config;
import org.nn4j.nn.Layer;

/**
 * Inverted dropout (CURRICULUM K7, R2): in training each element is zeroed with probability
 * {@code rate} and the rest scaled by 1 / (1 - rate); in inference the input passes through
 * unchanged. The mask of a training call is a function of (layer seed, {@code ctx.step()}), so
 * reruns are bit-identical and every step draws a new mask. No parameters.
 */
public final class Dropout extends Layer {
    private final double rate;

    public Dropout(double rate) {
        this(builder(rate));
    }

    private Dropout(Builder b) {
        super(b.layerName());
        if (!(b.rate >= 0 && b.rate <= 1)) {
            throw new IllegalArgumentException("Dropout: rate = " + b.rate + " is outside [0, 1] (rate = P(drop))");
        }
        this.rate = b.rate;
    }

    public static Builder builder(double rate) {
        return new Builder(rate);
    }

    /** rate = 1 - keepProb. */
    public static Dropout keepProb(double p) {
        return new Dropout(1 - p);
    }

    public double rate() {
        return rate;
    }

    @Override
    public Shape[] outputShapes(Shape... in) {
        checkInputCount(in.length);
        return new Shape[] {in[0]};
    }

    @Override
    protected boolean compatibleRebuild(Shape[] built, Shape[] now) {
        return true;
    }

    @Override
    protected Tensor[] forward(CallContext ctx, Tensor... inputs) {
        return one(org.nn4j.ops.nn.Dropout.dropout(inputs[0], rate, ctx.seed(seed()), 0, ctx.training()));
    }

    @Override
    public Config config() {
        return super.config().put("rate", rate);
    }

    public static Dropout fromConfig(Config c) {
        return builder(c.getDouble("rate")).common(c).build();
    }

    public static final class Builder extends LayerBuilder<Builder, Dropout> {
        private final double rate;

        private Builder(double rate) {
            this.rate = rate;
        }

        @Override
        protected Dropout create() {
            return new Dropout(this);
        }
    }
}
