package org.nn4j.ops.nn;

/**
 * Options of {@link Normalization#lrn} (CURRICULUM R8): window size n (channels, centred), alpha
 * (NOT divided by n: to match PyTorch/oneDNN, which use alpha / n, pass alpha / n), beta, k.
 * Defaults: size 5, alpha 1e-4, beta 0.75, k 2.
 */
public final class LrnOptions {
    public static final LrnOptions DEFAULT = builder().build();

    private final long size;
    private final double alpha, beta, k;

    private LrnOptions(Builder b) {
        this.size = b.size;
        this.alpha = b.alpha;
        this.beta = b.beta;
        this.k = b.k;
    }

    public static Builder builder() {
        return new Builder();
    }

    public long size() {
        return size;
    }

    public double alpha() {
        return alpha;
    }

    public double beta() {
        return beta;
    }

    public double k() {
        return k;
    }

    @Override
    public String toString() {
        return "LrnOptions(size=" + size + ", alpha=" + alpha + ", beta=" + beta + ", k=" + k + ")";
    }

    public static final class Builder {
        private long size = 5;
        private double alpha = 1e-4, beta = 0.75, k = 2;

        private Builder() {}

        public Builder size(long n) {
            if (n < 1) throw new IllegalArgumentException("LrnOptions: size = " + n + " must be >= 1");
            this.size = n;
            return this;
        }

        public Builder alpha(double a) {
            if (!(a >= 0) || !Double.isFinite(a)) throw new IllegalArgumentException("LrnOptions: alpha = " + a + " must be finite and >= 0");
            this.alpha = a;
            return this;
        }

        public Builder beta(double b) {
            if (!Double.isFinite(b)) throw new IllegalArgumentException("LrnOptions: beta = " + b + " is not finite");
            this.beta = b;
            return this;
        }

        public Builder k(double kk) {
            if (!(kk > 0) || !Double.isFinite(kk)) throw new IllegalArgumentException("LrnOptions: k = " + kk + " must be finite and > 0");
            this.k = kk;
            return this;
        }

        public LrnOptions build() {
            return new LrnOptions(this);
        }
    }
}
