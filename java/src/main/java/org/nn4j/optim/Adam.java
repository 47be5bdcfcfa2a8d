package org.nn4j.optim;

import org.nn4j.nn.Config;

/**
 * Adam (O7): m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; θ −= η·m̂/(√v̂ + ε) with m̂ = m/(1−β₁ᵗ),
 * v̂ = v/(1−β₂ᵗ), t from 1; the slots hold the uncorrected m and v. AMSGrad keeps v̄ = max(v̄, v)
 * and uses it for v. Weight decay here is the coupled L2 term (g += λθ); {@link AdamW} decouples
 * it. Defaults η 1e-3, β₁ 0.9, β₂ 0.999, ε 1e-8. Slots "m", "v" [, "v_max"].
 */
public final class Adam extends AdamBase {
    public static final String NAME = "adam";

    public Adam() {
        this(builder());
    }

    public Adam(double lr) {
        this(builder().learningRate(lr));
    }

    private Adam(Builder b) {
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
    protected double decoupledWeightDecay() {
        return 0;
    }

    public static Adam fromConfig(Config c) {
        return readConfig(builder(), c).build();
    }

    public static final class Builder extends Options<Builder> {
        private Builder() {
            super(0);
        }

        public Adam build() {
            return new Adam(this);
        }
    }
}
