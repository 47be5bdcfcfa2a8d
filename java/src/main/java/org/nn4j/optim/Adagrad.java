package org.nn4j.optim;

import org.nn4j.Tensor;
import org.nn4j.nn.Config;
import org.nn4j.ops.nn.OptimizerUpdates;
import org.nn4j.ops.nn.OptimizerUpdates.GradPrep;

/**
 * Adagrad (O4): G += g² (the current g included); θ −= ηg / (√G + ε). Defaults η 0.01, G₀ 0,
 * ε 1e-8. Slot "accumulator".
 */
public final class Adagrad extends BaseOptimizer {
    public static final String NAME = "adagrad";
    private static final String[] SLOTS = {"accumulator"};

    private final double initialAccumulator;
    private final double eps;

    public Adagrad() {
        this(builder());
    }

    public Adagrad(double lr) {
        this(builder().learningRate(lr));
    }

    private Adagrad(Builder b) {
        super(b);
        this.initialAccumulator = b.initialAccumulator;
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
        return SLOTS;
    }

    @Override
    protected double slotInitialValue(int slot) {
        return initialAccumulator;
    }

    @Override
    protected void update(Tensor param, Tensor grad, Tensor[] slots, double lr, long t, GradPrep prep) {
        OptimizerUpdates.adagrad(param, grad, slots[0], lr, eps, prep);
    }

    @Override
    protected void putConfig(Config c) {
        c.put("initial_accumulator_value", initialAccumulator).put("epsilon", eps);
    }

    public static Adagrad fromConfig(Config c) {
        return builder().baseFromConfig(c).initialAccumulator(c.getDouble("initial_accumulator_value", 0))
                .epsilon(c.getDouble("epsilon", 1e-8)).build();
    }

    public static final class Builder extends BaseOptimizer.Builder<Builder> {
        private double initialAccumulator;
        private double eps = 1e-8;

        private Builder() {
            super(0.01, 0);
        }

        /** G₀ ≥ 0 (Keras uses 0.1; the curriculum 0). */
        public Builder initialAccumulator(double g0) {
            if (!(g0 >= 0) || Double.isInfinite(g0)) {
                throw new IllegalArgumentException("Adagrad initialAccumulator = " + g0 + " must be finite and >= 0");
            }
            this.initialAccumulator = g0;
            return this;
        }

        public Builder epsilon(double eps) {
            this.eps = eps("Adagrad epsilon", eps, false);
            return this;
        }

        public Adagrad build() {
            return new Adagrad(this);
        }
    }
}
