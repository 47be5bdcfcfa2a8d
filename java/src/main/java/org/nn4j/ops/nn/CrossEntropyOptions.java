package org.nn4j.ops.nn;

import org.nn4j.Tensor;

/**
 * Options of {@link Losses#softmaxCrossEntropy}: class weights (K) (null = all 1), label
 * smoothing eps in [0, 1] (t' = (1 - eps) t + eps / K; default 0) and the reduction (default
 * MEAN). Immutable; {@code builder()...build()} or {@link #DEFAULT}.
 */
public final class CrossEntropyOptions {
    public static final CrossEntropyOptions DEFAULT = builder().build();

    private final Tensor classWeights;
    private final double labelSmoothing;
    private final Reduction reduction;

    private CrossEntropyOptions(Builder b) {
        this.classWeights = b.classWeights;
        this.labelSmoothing = b.labelSmoothing;
        this.reduction = b.reduction;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Tensor classWeights() {
        return classWeights;
    }

    public double labelSmoothing() {
        return labelSmoothing;
    }

    public Reduction reduction() {
        return reduction;
    }

    @Override
    public String toString() {
        return "CrossEntropyOptions(classWeights=" + (classWeights == null ? "none" : classWeights.shape().toString())
                + ", labelSmoothing=" + labelSmoothing + ", reduction=" + reduction + ")";
    }

    public static final class Builder {
        private Tensor classWeights;
        private double labelSmoothing;
        private Reduction reduction = Reduction.MEAN;

        private Builder() {}

        /** Per-class weights (K), same dtype and device as the logits; not differentiated. */
        public Builder classWeights(Tensor w) {
            this.classWeights = w;
            return this;
        }

        public Builder labelSmoothing(double eps) {
            if (!(eps >= 0 && eps <= 1)) {
                throw new IllegalArgumentException("CrossEntropyOptions: labelSmoothing = " + eps + " is outside [0, 1]");
            }
            this.labelSmoothing = eps;
            return this;
        }

        public Builder reduction(Reduction r) {
            if (r == null) throw new IllegalArgumentException("CrossEntropyOptions: reduction is null");
            this.reduction = r;
            return this;
        }

        public CrossEntropyOptions build() {
            return new CrossEntropyOptions(this);
        }
    }
}
