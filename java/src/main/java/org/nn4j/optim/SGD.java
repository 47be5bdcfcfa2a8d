package org.nn4j.optim;

import org.nn4j.Tensor;
import org.nn4j.nn.Config;
import org.nn4j.ops.nn.OptimizerUpdates;
import org.nn4j.ops.nn.OptimizerUpdates.GradPrep;

/**
 * Gradient descent (O1) with optional momentum (K12) and Nesterov momentum (O3):
 * <ul>
 *   <li>momentum γ = 0: θ −= ηg (no state);</li>
 *   <li>γ &gt; 0: v ← γv + η(1−δ)g; θ −= v (η inside v, dampening δ; δ = γ gives the EWMA form);</li>
 *   <li>Nesterov: v ← γv + ηg; θ −= γv + ηg, the variables holding the look-ahead point
 *       φ = θ − γv at which the gradient is taken.</li>
 * </ul>
 * Defaults η 0.01, γ 0, δ 0. Slot "velocity" when γ &gt; 0.
 */
public final class SGD extends BaseOptimizer {
    public static final String NAME = "sgd";
    private static final String[] SLOTS = {"velocity"};
    private static final String[] NO_SLOTS = {};

    private final double momentum;
    private final double dampening;
    private final boolean nesterov;

    public SGD() {
        this(builder());
    }

    public SGD(double lr) {
        this(builder().learningRate(lr));
    }

    private SGD(Builder b) {
        super(b);
        if (b.nesterov && (b.momentum == 0 || b.dampening != 0)) {
            throw new IllegalArgumentException("SGD: Nesterov needs momentum > 0 and dampening 0, got momentum "
                    + b.momentum + ", dampening " + b.dampening);
        }
        this.momentum = b.momentum;
        this.dampening = b.dampening;
        this.nesterov = b.nesterov;
    }

    public static Builder builder() {
        return new Builder();
    }

    public double momentum() {
        return momentum;
    }

    public boolean nesterov() {
        return nesterov;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected String[] slotNames() {
        return momentum == 0 ? NO_SLOTS : SLOTS;
    }

    @Override
    protected void update(Tensor param, Tensor grad, Tensor[] slots, double lr, long t, GradPrep prep) {
        if (momentum == 0) OptimizerUpdates.sgd(param, grad, lr, prep);
        else OptimizerUpdates.momentum(param, grad, slots[0], lr, momentum, dampening, nesterov, prep);
    }

    @Override
    protected void putConfig(Config c) {
        c.put("momentum", momentum).put("dampening", dampening).put("nesterov", nesterov);
    }

    public static SGD fromConfig(Config c) {
        return builder().baseFromConfig(c).momentum(c.getDouble("momentum", 0)).dampening(c.getDouble("dampening", 0))
                .nesterov(c.getBool("nesterov", false)).build();
    }

    public static final class Builder extends BaseOptimizer.Builder<Builder> {
        private double momentum;
        private double dampening;
        private boolean nesterov;

        private Builder() {
            super(0.01, 0);
        }

        /** γ in [0, 1]; 0.9 is the usual value when momentum is wanted. */
        public Builder momentum(double momentum) {
            this.momentum = unit("SGD momentum", momentum);
            return this;
        }

        /** δ in [0, 1] (K12); must stay 0 with Nesterov. */
        public Builder dampening(double dampening) {
            this.dampening = unit("SGD dampening", dampening);
            return this;
        }

        public Builder nesterov(boolean nesterov) {
            this.nesterov = nesterov;
            return this;
        }

        public SGD build() {
            return new SGD(this);
        }
    }
}
