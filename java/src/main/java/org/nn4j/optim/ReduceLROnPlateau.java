package org.nn4j.optim;

/**
 * Lowers the learning rate when a monitored value stops improving (CURRICULUM O9, Keras's
 * ReduceLROnPlateau). A plain state machine: feed it the monitored value once per epoch with
 * {@link #update(double, double)} (value and current lr in, new lr out), or let
 * {@link #update(double, Optimizer)} set the optimizer's rate.
 *
 * <p>Per call, in Keras's order: during cooldown the counter drops by one and the wait resets;
 * a value better than the best by more than minDelta (below best − minDelta in MIN mode, above
 * best + minDelta in MAX mode) becomes the best and resets the wait; otherwise, outside cooldown,
 * the wait grows, and when it reaches patience and lr &gt; minLr the rate becomes
 * max(lr · factor, minLr), cooldown starts and the wait resets. NaN never counts as better.
 */
public final class ReduceLROnPlateau {
    public enum Mode { MIN, MAX }

    private final double factor;
    private final int patience;
    private final double minDelta;
    private final int cooldown;
    private final double minLr;
    private final Mode mode;

    private double best;
    private int wait;
    private int cooldownCounter;
    private int reductions;

    private ReduceLROnPlateau(Builder b) {
        this.factor = b.factor;
        this.patience = b.patience;
        this.minDelta = b.minDelta;
        this.cooldown = b.cooldown;
        this.minLr = b.minLr;
        this.mode = b.mode;
        reset();
    }

    /** Defaults: factor 0.1, patience 10, minDelta 1e-4, cooldown 0, minLr 0, mode MIN (a loss). */
    public static Builder builder() {
        return new Builder();
    }

    /** Forgets the best value, the wait and the cooldown. */
    public void reset() {
        best = mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        wait = 0;
        cooldownCounter = 0;
    }

    /** One observation of the monitored value; returns the learning rate to use from now on. */
    public double update(double value, double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("ReduceLROnPlateau: lr = " + lr + " must be finite and >= 0");
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            wait = 0;
        }
        if (improves(value)) {
            best = value;
            wait = 0;
        } else if (cooldownCounter == 0) {
            wait++;
            if (wait >= patience && lr > minLr) {
                lr = Math.max(lr * factor, minLr);
                cooldownCounter = cooldown;
                wait = 0;
                reductions++;
            }
        }
        return lr;
    }

    /** {@link #update(double, double)} with the optimizer's current rate; sets the new one on it. */
    public double update(double value, Optimizer optimizer) {
        double lr = optimizer.learningRate();
        double next = update(value, lr);
        if (next != lr) optimizer.setLearningRate(next);
        return next;
    }

    private boolean improves(double value) {
        return mode == Mode.MIN ? value < best - minDelta : value > best + minDelta;
    }

    public double best() {
        return best;
    }

    /** Observations without improvement since the last improvement, reduction or cooldown. */
    public int waitCount() {
        return wait;
    }

    public boolean inCooldown() {
        return cooldownCounter > 0;
    }

    /** How many times the rate was lowered. */
    public int reductions() {
        return reductions;
    }

    @Override
    public String toString() {
        return "ReduceLROnPlateau(factor " + factor + ", patience " + patience + ", minDelta " + minDelta + ", cooldown "
                + cooldown + ", minLr " + minLr + ", " + mode + ")";
    }

    public static final class Builder {
        private double factor = 0.1;
        private int patience = 10;
        private double minDelta = 1e-4;
        private int cooldown;
        private double minLr;
        private Mode mode = Mode.MIN;

        private Builder() {}

        /** The multiplier, in (0, 1). */
        public Builder factor(double factor) {
            if (!(factor > 0 && factor < 1)) {
                throw new IllegalArgumentException("ReduceLROnPlateau: factor = " + factor + " must be in (0, 1)");
            }
            this.factor = factor;
            return this;
        }

        /** Observations without improvement before a reduction (≥ 0). */
        public Builder patience(int patience) {
            if (patience < 0) throw new IllegalArgumentException("ReduceLROnPlateau: patience = " + patience + " < 0");
            this.patience = patience;
            return this;
        }

        /** The least change that counts as an improvement (≥ 0). */
        public Builder minDelta(double minDelta) {
            if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
                throw new IllegalArgumentException("ReduceLROnPlateau: minDelta = " + minDelta + " must be finite and >= 0");
            }
            this.minDelta = minDelta;
            return this;
        }

        /** Observations after a reduction during which no new reduction happens (≥ 0). */
        public Builder cooldown(int cooldown) {
            if (cooldown < 0) throw new IllegalArgumentException("ReduceLROnPlateau: cooldown = " + cooldown + " < 0");
            this.cooldown = cooldown;
            return this;
        }

        public Builder minLr(double minLr) {
            if (!(minLr >= 0) || Double.isInfinite(minLr)) {
                throw new IllegalArgumentException("ReduceLROnPlateau: minLr = " + minLr + " must be finite and >= 0");
            }
            this.minLr = minLr;
            return this;
        }

        /** MIN for a loss, MAX for an accuracy. */
        public Builder mode(Mode mode) {
            if (mode == null) throw new NullPointerException("ReduceLROnPlateau: mode is null");
            this.mode = mode;
            return this;
        }

        public ReduceLROnPlateau build() {
            return new ReduceLROnPlateau(this);
        }
    }
}
