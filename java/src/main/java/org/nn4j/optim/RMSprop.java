package org.nn4j.optim;

import org.nn4j.Tensor;
import org.nn4j.nn.Config;
import org.nn4j.ops.nn.OptimizerUpdates;
import org.nn4j.ops.nn.OptimizerUpdates.GradPrep;

/**
 * RMSprop (O5): s ← ρs + (1−ρ)g²; θ −= ηg / (√s + ε) (ε outside the root, K11). Centered:
 * a ← ρa + (1−ρ)g and s − a² replaces s. Momentum μ (η inside, as K12): b ← μb + ηg/(√s + ε);
 * θ −= b. Defaults η 1e-3, ρ 0.9, ε 1e-8, μ 0, not centered. Slots "sq_avg" [, "grad_avg"]
 * [, "momentum"].
 */
public final class RMSprop extends BaseOptimizer {
    public static final String NAME = "rmsprop";

    private final double rho;
    private final double eps;
    private final double momentum;
    private final boolean centered;
    private final String[] slots;

    public RMSprop() {
        this(builder());
    }

    public RMSprop(double lr) {
        this(builder().learningRate(lr));
    }

    private RMSprop(Builder b) {
        super(b);
        this.rho = b.rho;
        this.eps = b.eps;
        this.momentum = b.momentum;
        this.centered = b.centered;
        java.util.List<String> s = new java.util.ArrayList<>();
        s.add("sq_avg");
        if (centered) s.add("grad_avg");
        if (momentum != 0) s.add("momentum");
        this.slots = s.toArray(new String[0]);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected String[] slotNames() {
        return slots.clone();
    }

    @Override
    protected void update(Tensor param, Tensor grad, Tensor[] s, double lr, long t, GradPrep prep) {
        Tensor gradAvg = centered ? s[1] : null;
        Tensor mom = momentum != 0 ? s[s.length - 1] : null;
        OptimizerUpdates.rmsprop(param, grad, s[0], gradAvg, mom, lr, rho, eps, momentum, prep);
    }

    @Override
    protected void putConfig(Config c) {
        c.put("rho", rho).put("epsilon", eps).put("momentum", momentum).put("centered", centered);
    }

    public static RMSprop fromConfig(Config c) {
        return builder().baseFromConfig(c).rho(c.getDouble("rho", 0.9)).epsilon(c.getDouble("epsilon", 1e-8))
                .momentum(c.getDouble("momentum", 0)).centered(c.getBool("centered", false)).build();
    }

    public static final class Builder extends BaseOptimizer.Builder<Builder> {
        private double rho = 0.9;
        private double eps = 1e-8;
        private double momentum;
        private boolean centered;

        private Builder() {
            super(1e-3, 0);
        }

        public Builder rho(double rho) {
            this.rho = unit("RMSprop rho", rho);
            return this;
        }

        public Builder epsilon(double eps) {
            this.eps = eps("RMSprop epsilon", eps, false);
            return this;
        }

        public Builder momentum(double momentum) {
            this.momentum = unit("RMSprop momentum", momentum);
            return this;
        }

        public Builder centered(boolean centered) {
            this.centered = centered;
            return this;
        }

        public RMSprop build() {
            return new RMSprop(this);
        }
    }
}
