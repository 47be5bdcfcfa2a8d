package org.nn4j.nn.layers;

import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.nn.CallContext;
import org.nn4j.nn.Config;
import org.nn4j.nn.Layer;
import org.nn4j.ops.nn.LrnOptions;
import org.nn4j.ops.nn.Normalization;

/**
 * Local response normalization across channels (CURRICULUM R8, AlexNet): b_c = a_c / (k + alpha
 * sum of a_c'^2 over the {@code size} channels centred on c)^beta, on (C, ...) per sample. alpha
 * is not divided by size. No parameters. Defaults: size 5, alpha 1e-4, beta 0.75, k 2.
 */
public final class LRN extends Layer {
    private final LrnOptions options;

    public LRN() {
        this(builder());
    }

    private LRN(Builder b) {
        super(b.layerName());
        this.options = b.options.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public LrnOptions options() {
        return options;
    }

    @Override
    public Shape[] outputShapes(Shape... in) {
        checkInputCount(in.length);
        if (in[0].rank() < 1) throw error("needs (C, ...) per sample, got a scalar per sample");
        return new Shape[] {in[0]};
    }

    @Override
    protected boolean compatibleRebuild(Shape[] built, Shape[] now) {
        return true;
    }

    @Override
    protected Tensor[] forward(CallContext ctx, Tensor... inputs) {
        return one(Normalization.lrn(inputs[0], options));
    }

    @Override
    public Config config() {
        return super.config().put("size", options.size()).put("alpha", options.alpha()).put("beta", options.beta())
                .put("k", options.k());
    }

    public static LRN fromConfig(Config c) {
        return builder().common(c).size(c.getLong("size")).alpha(c.getDouble("alpha")).beta(c.getDouble("beta"))
                .k(c.getDouble("k")).build();
    }

    public static final class Builder extends LayerBuilder<Builder, LRN> {
        private final LrnOptions.Builder options = LrnOptions.builder();

        private Builder() {}

        /** Channels in the window (centred; clamped at the edges). */
        public Builder size(long n) {
            options.size(n);
            return this;
        }

        public Builder alpha(double a) {
            options.alpha(a);
            return this;
        }

        public Builder beta(double b) {
            options.beta(b);
            return this;
        }

        public Builder k(double k) {
            options.k(k);
            return this;
        }

        @Override
        protected LRN create() {
            return new LRN(this);
        }
    }
}
