package org.nn4j.optim;

import org.nn4j.nn.Config;

/**
 * AdamW (O7): Adam with decoupled weight decay, θ −= ηλθ applied to the parameter before the
 * Adam step (not added to the gradient, so it is not rescaled by √v̂). Default λ 0.01 (PyTorch's);
 * other defaults and slots as {@link Adam}.
 */
public final class AdamW extends AdamBase {
    public static final String NAME = "adamw";
    public static final double DEFAULT_WEIGHT_DECAY = 0.01;

    public AdamW() {
        this(builder());
    }

    public AdamW(double lr) {
        this(builder().learningRate(lr));
    }

    private AdamW(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected double coupledWeightDecay() {
        return 0;
    }

    @Override
    protected double decoupledWeightDecay() {
        return weightDecay();
    }

    @Override
    protected double defaultWeightDecay() {
        return DEFAULT_WEIGHT_DECAY;
    }

    public static AdamW fromConfig(Config c) {
        return readConfig(builder(), c).build();
    }

    public static final class Builder extends Options<Builder> {
        private Builder() {
            super(DEFAULT_WEIGHT_DECAY);
        }

        public AdamW build() {
            return new AdamW(this);
        }
    }
}
