package org.nn4j.nn.losses;

import org.nn4j.Tensor;
import org.nn4j.nn.Config;
import org.nn4j.ops.nn.CrossEntropyOptions;
import org.nn4j.ops.nn.Losses;
import org.nn4j.ops.nn.Reduction;

/**
 * CURRICULUM L6 {@code categorical_crossentropy}: -sum_k y_k log p_k over the class axis (one-hot
 * or soft targets of yPred's shape), summed over any other non-batch axes (K9), then reduced
 * over the batch. Probabilities are clipped to [{@link #EPSILON}, 1 - EPSILON] (not renormalised);
 * {@code fromLogits} uses the fused log-softmax kernel (exact log-sum-exp, finite at any logit,
 * gradient softmax - y). Label smoothing: y' = (1 - eps) y + eps / K. Defaults: probabilities,
 * smoothing 0, class axis -1.
 */
public final class CategoricalCrossentropy extends BaseLoss<CategoricalCrossentropy> {
    private boolean fromLogits;
    private double labelSmoothing;
    private int axis = -1;

    public CategoricalCrossentropy() {}

    public CategoricalCrossentropy(boolean fromLogits) {
        this.fromLogits = fromLogits;
    }

    public CategoricalCrossentropy fromLogits(boolean v) {
        this.fromLogits = v;
        return this;
    }

    public boolean fromLogits() {
        return fromLogits;
    }

    public CategoricalCrossentropy labelSmoothing(double eps) {
        this.labelSmoothing = LossChecks.smoothing(type(), eps);
        return this;
    }

    public double labelSmoothing() {
        return labelSmoothing;
    }

    /** The class axis of yPred (not 0, the batch axis); negative counts from the end. */
    public CategoricalCrossentropy axis(int axis) {
        if (axis == 0) throw new IllegalArgumentException(type() + ": axis 0 is the batch axis; the class axis must be another one");
        this.axis = axis;
        return this;
    }

    public int axis() {
        return axis;
    }

    @Override
    protected Tensor target(Tensor yTrue, Tensor yPred) {
        if (yPred.rank() < 2) {
            throw new IllegalArgumentException(type() + ": yPred " + yPred.shape() + " needs a class axis: expected (N, K)");
        }
        LossChecks.axis(type(), axis, yPred.rank(), yPred.shape().toString());
        if (Targets.isSparse(yTrue) && yTrue.rank() == yPred.rank() - 1) {
            throw new IllegalArgumentException(type() + ": yTrue " + yTrue.dtype() + " " + yTrue.shape()
                    + " holds class ids; use sparse_categorical_crossentropy for them, or one-hot targets of yPred's shape "
                    + yPred.shape());
        }
        return super.target(yTrue, yPred);
    }

    @Override
    protected String expectedTarget() {
        return "one-hot or soft rows of yPred's shape, (N, K) for (N, K) scores (for (N) int class ids use "
                + "sparse_categorical_crossentropy)";
    }

    @Override
    protected Tensor classIds(Tensor t) {
        if (t.rank() != 2 || LossChecks.axis(type(), axis, 2, t.shape().toString()) != 1) {
            throw new IllegalArgumentException(type() + ": class weights need (N, K) targets with the class axis last, got "
                    + t.shape());
        }
        return t.argmax(1, false);
    }

    /** Class axis moved last. */
    private Tensor classLast(Tensor x) {
        int r = x.rank(), a = LossChecks.axis(type(), axis, r, x.shape().toString());
        if (a == r - 1) return x;
        int[] perm = new int[r];
        for (int i = 0, j = 0; i < r; i++) if (i != a) perm[j++] = i;
        perm[r - 1] = a;
        return x.permute(perm);
    }

    @Override
    protected Tensor perSample(Tensor t, Tensor yPred) {
        Tensor p = classLast(yPred), y = classLast(t);
        long n = p.dim(0), k = p.dim(p.rank() - 1), m = p.numel() / Math.max(k, 1);
        if (fromLogits) {
            CrossEntropyOptions o = CrossEntropyOptions.builder().labelSmoothing(labelSmoothing)
                    .reduction(Reduction.NONE).build();
            Tensor l = Losses.softmaxCrossEntropy(p.reshape(m, k), y.reshape(m, k), o);
            return p.rank() == 2 ? l : l.reshape(n, m / Math.max(n, 1)).sum(false, 1);
        }
        Tensor ys = labelSmoothing == 0 ? y : y.mul(1 - labelSmoothing).add(labelSmoothing / k);
        return sumPerSample(ys.mul(p.clamp(EPSILON, 1 - EPSILON).log())).neg();
    }

    @Override
    protected Tensor fusedReduction(Tensor t, Tensor yPred, Reduction reduction) {
        if (!fromLogits || yPred.rank() != 2 || LossChecks.axis(type(), axis, 2, "") != 1) return null;
        CrossEntropyOptions o = CrossEntropyOptions.builder().labelSmoothing(labelSmoothing).reduction(reduction).build();
        return Losses.softmaxCrossEntropy(yPred, t, o);
    }

    @Override
    protected String type() {
        return "categorical_crossentropy";
    }

    @Override
    protected void addConfig(Config c) {
        c.put("fromLogits", fromLogits);
        c.put("labelSmoothing", labelSmoothing);
        c.put("axis", axis);
    }

    public static CategoricalCrossentropy fromConfig(Config c) {
        return new CategoricalCrossentropy(c.getBool("fromLogits", false))
                .labelSmoothing(c.getDouble("labelSmoothing", 0)).axis(c.getInt("axis", -1)).withBaseConfig(c);
    }
}
