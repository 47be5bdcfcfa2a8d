package org.nn4j.ops.nn;

/**
 * Options of {@link Normalization#batchNorm}: training (batch statistics and running-average
 * update) or inference (running statistics); momentum rho (Keras/CURRICULUM convention, the
 * weight the running average keeps: r = rho r + (1 - rho) batch; PyTorch's momentum is 1 - rho);
 * eps inside the root (K11). Defaults: training, momentum 0.99, eps 1e-3 (CURRICULUM R7).
 */
public final class BatchNormOptions {
    public static final BatchNormOptions TRAINING = builder().build();
    public static final BatchNormOptions INFERENCE = builder().training(false).build();

    private final boolean training;
    private final double momentum;
    private final double eps;

    private BatchNormOptions(Builder b) {
        this.training = b.training;
        this.momentum = b.momentum;
        this.eps = b.eps;
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean training() {
        return training;
    }

    public double momentum() {
        return momentum;
    }

    public double eps() {
        return eps;
    }

    @Override
    public String toString() {
        return "BatchNormOptions(training=" + training + ", momentum=" + momentum + ", eps=" + eps + ")";
    }

    public static final class Builder {
        private boolean training = true;
        private double momentum = 0.99;
        private double eps = 1e-3;

        private Builder() {}

        public Builder training(boolean t) {
            this.training = t;
            return this;
        }

        public Builder momentum(double m) {
            if (!(m >= 0 && m <= 1)) throw new IllegalArgumentException("BatchNormOptions: momentum = " + m + " is outside [0, 1]");
            this.momentum = m;
            return this;
        }

        public Builder eps(double e) {
            if (!(e >= 0) || !Double.isFinite(e)) {
                throw new IllegalArgumentException("BatchNormOptions: eps = " + e + " must be finite and >= 0");
            }
            this.eps = e;
            return this;
        }

        public BatchNormOptions build() {
            return new BatchNormOptions(this);
        }
    }
}
