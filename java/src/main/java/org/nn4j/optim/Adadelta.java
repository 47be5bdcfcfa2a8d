package org.nn4j.optim;

import org.nn4j.Tensor;
import org.nn4j.nn.Config;
import org.nn4j.ops.nn.OptimizerUpdates;
import org.nn4j.ops.nn.OptimizerUpdates.GradPrep;

/**
 * Adadelta (O6), ε inside the roots as published: E_g ← ρE_g + (1−ρ)g²;
 * Δ = −√(E_Δ+ε)/√(E_g+ε)·g; E_Δ ← ρE_Δ + (1−ρ)Δ²; θ += ηΔ. Defaults η 1, ρ 0.95, ε 1e-6.
 * Slots "sq_avg", "delta_avg".
 */
public final class Adadelta extends BaseOptimizer {
    public static final String NAME = "adadelta";
    private static final String[] SLOTS = {"sq_avg", "delta_avg"};

    private final double rho;
    private final double eps;

    public Adadelta() {
        this(builder());
    }

    public Adadelta(double lr) {
        this(builder().learningRate(lr));
    }

    private Adadelta(Builder b) {
        super(b);
        this.rho = b.rho;
        this.eps = b.eps;
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
        return SLOTS.clone();
    }

    @Override
    protected void update(Tensor param, Tensor grad, Tensor[] s, double lr, long t, GradPrep prep) {
        OptimizerUpdates.adadelta(param, grad, s[0], s[1], lr, rho, eps, prep);
    }

    @Override
    protected void putConfig(Config c) {
        c.put("rho", rho).put("epsilon", eps);
    }

    public static Adadelta fromConfig(Config c) {
        return builder().baseFromConfig(c).rho(c.getDouble("rho", 0.95)).epsilon(c.getDouble("epsilon", 1e-6)).build();
    }

    public static final class Builder extends BaseOptimizer.Builder<Builder> {
        private double rho = 0.95;
        private double eps = 1e-6;

        private Builder() {
            super(1.0, 0);
        }

        public Builder rho(double rho) {
            this.rho = unit("Adadelta rho", rho);
            return this;
        }

        /** ε &gt; 0: with ε = 0 the first step is 0 and Adadelta never moves. */
        public Builder epsilon(double eps) {
            this.eps = eps("Adadelta epsilon", eps, true);
            return this;
        }

        public Adadelta build() {
            return new Adadelta(this);
        }
    }
}
