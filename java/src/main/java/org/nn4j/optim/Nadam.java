package org.nn4j.optim;

import org.nn4j.Tensor;
import org.nn4j.nn.Config;
import org.nn4j.ops.nn.OptimizerUpdates;
import org.nn4j.ops.nn.OptimizerUpdates.GradPrep;

/**
 * Nadam (Dozat 2016, in the form Keras and PyTorch implement): Adam's moments with a momentum
 * schedule μ_t = β₁(1 − ½·0.96^{ψt}), ψ the momentum decay;
 * θ −= η[μ_{t+1}m/(1 − Π_{k≤t+1}μ_k) + (1−μ_t)g/(1 − Π_{k≤t}μ_k)] / (√(v/(1−β₂ᵗ)) + ε).
 * The product Π is recomputed from the step count on {@link #loadState}, by the same sequence of
 * multiplications, so a restored Nadam continues bit-identically. Defaults η 1e-3, β₁ 0.9,
 * β₂ 0.999, ε 1e-8, ψ 0.004. Slots "m", "v".
 */
public final class Nadam extends BaseOptimizer {
    public static final String NAME = "nadam";
    private static final String[] SLOTS = {"m", "v"};

    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double momentumDecay;
    private double muProduct = 1;  // Π_{k ≤ iterations} μ_k
    private double pendingProduct;

    public Nadam() {
        this(builder());
    }

    public Nadam(double lr) {
        this(builder().learningRate(lr));
    }

    private Nadam(Builder b) {
        super(b);
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.eps = b.eps;
        this.momentumDecay = b.momentumDecay;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** μ_t = β₁(1 − ½·0.96^{ψt}). */
    public double mu(long t) {
        return beta1 * (1 - 0.5 * Math.pow(0.96, t * momentumDecay));
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
    protected void beginStep(long t) {
        pendingProduct = muProduct * mu(t);
    }

    @Override
    protected void update(Tensor param, Tensor grad, Tensor[] s, double lr, long t, GradPrep prep) {
        OptimizerUpdates.nadam(param, grad, s[0], s[1], lr, beta1, beta2, eps, t, mu(t), mu(t + 1), pendingProduct,
                prep);
    }

    @Override
    protected void endStep(long t) {
        muProduct = pendingProduct;
    }

    @Override
    protected void restoredIterations(long iterations) {
        double p = 1;
        for (long k = 1; k <= iterations; k++) p = p * mu(k);
        muProduct = p;
    }

    @Override
    protected void putConfig(Config c) {
        c.put("beta_1", beta1).put("beta_2", beta2).put("epsilon", eps).put("momentum_decay", momentumDecay);
    }

    public static Nadam fromConfig(Config c) {
        return builder().baseFromConfig(c).beta1(c.getDouble("beta_1", 0.9)).beta2(c.getDouble("beta_2", 0.999))
                .epsilon(c.getDouble("epsilon", 1e-8)).momentumDecay(c.getDouble("momentum_decay", 0.004)).build();
    }

    public static final class Builder extends BaseOptimizer.Builder<Builder> {
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double eps = 1e-8;
        private double momentumDecay = 0.004;

        private Builder() {
            super(1e-3, 0);
        }

        public Builder beta1(double beta1) {
            this.beta1 = beta("Nadam beta1", beta1);
            return this;
        }

        public Builder beta2(double beta2) {
            this.beta2 = beta("Nadam beta2", beta2);
            return this;
        }

        public Builder epsilon(double eps) {
            this.eps = eps("Nadam epsilon", eps, false);
            return this;
        }

        /** ψ ≥ 0 (0.004 in Keras and PyTorch). */
        public Builder momentumDecay(double psi) {
            if (!(psi >= 0) || Double.isInfinite(psi)) {
                throw new IllegalArgumentException("Nadam momentumDecay = " + psi + " must be finite and >= 0");
            }
            this.momentumDecay = psi;
            return this;
        }

        public Nadam build() {
            return new Nadam(this);
        }
    }
}
