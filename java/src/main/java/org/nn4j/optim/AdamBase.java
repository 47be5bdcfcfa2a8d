package org.nn4j.optim;

import org.nn4j.Tensor;
import org.nn4j.nn.Config;
import org.nn4j.ops.nn.OptimizerUpdates;
import org.nn4j.ops.nn.OptimizerUpdates.GradPrep;

/**
 * What {@link Adam} and {@link AdamW} share (O7): m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²;
 * θ −= η·m̂/(√v̂ + ε) with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ), t from 1; the slots hold the uncorrected
 * m and v. AMSGrad keeps v̄ = max(v̄, v) and uses it for v. Defaults η 1e-3, β₁ 0.9, β₂ 0.999,
 * ε 1e-8. Slots "m", "v" [, "v_max"].
 */
public abstract class AdamBase extends BaseOptimizer {
    private static final String[] SLOTS = {"m", "v"};
    private static final String[] AMS_SLOTS = {"m", "v", "v_max"};

    private final double beta1;
    private final double beta2;
    private final double eps;
    private final boolean amsgrad;

    AdamBase(Options<?> b) {
        super(b);
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.eps = b.eps;
        this.amsgrad = b.amsgrad;
    }

    @Override
    protected final String[] slotNames() {
        return (amsgrad ? AMS_SLOTS : SLOTS).clone();
    }

    /** λ of the decoupled decay θ −= ηλθ (0 for Adam). */
    protected abstract double decoupledWeightDecay();

    @Override
    protected final void update(Tensor param, Tensor grad, Tensor[] s, double lr, long t, GradPrep prep) {
        OptimizerUpdates.adam(param, grad, s[0], s[1], amsgrad ? s[2] : null, lr, beta1, beta2, eps, t,
                decoupledWeightDecay(), prep);
    }

    @Override
    protected final void putConfig(Config c) {
        c.put("beta_1", beta1).put("beta_2", beta2).put("epsilon", eps).put("amsgrad", amsgrad);
    }

    static <B extends Options<B>> B readConfig(B b, Config c) {
        return b.baseFromConfig(c).beta1(c.getDouble("beta_1", 0.9)).beta2(c.getDouble("beta_2", 0.999))
                .epsilon(c.getDouble("epsilon", 1e-8)).amsgrad(c.getBool("amsgrad", false));
    }

    /** The options Adam and AdamW share. */
    public abstract static class Options<B extends Options<B>> extends BaseOptimizer.Builder<B> {
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double eps = 1e-8;
        private boolean amsgrad;

        Options(double defaultWeightDecay) {
            super(1e-3, defaultWeightDecay);
        }

        @SuppressWarnings("unchecked")
        private B me() {
            return (B) this;
        }

        public B beta1(double beta1) {
            this.beta1 = beta("beta1", beta1);
            return me();
        }

        public B beta2(double beta2) {
            this.beta2 = beta("beta2", beta2);
            return me();
        }

        public B epsilon(double eps) {
            this.eps = eps("Adam epsilon", eps, false);
            return me();
        }

        public B amsgrad(boolean amsgrad) {
            this.amsgrad = amsgrad;
            return me();
        }
    }
}
