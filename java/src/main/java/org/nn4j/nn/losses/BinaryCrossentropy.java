package org.nn4j.nn.losses;

import org.nn4j.Tensor;
import org.nn4j.nn.Config;
import org.nn4j.ops.nn.Losses;
import org.nn4j.ops.nn.Reduction;

/**
 * CURRICULUM L4 {@code binary_crossentropy}: -[y log p + (1 - y) log(1 - p)] per element, mean
 * over the sample's elements. Probabilities are clipped to [{@link #EPSILON}, 1 - EPSILON], so
 * p = 0 or 1 stays finite; with {@code fromLogits} the fused kernel computes the exact stable
 * form max(z, 0) - z y + log(1 + e^-|z|) (finite for any z, gradient sigmoid(z) - y). Label
 * smoothing eps moves targets to y (1 - eps) + eps / 2. Defaults: probabilities, smoothing 0.
 */
public final class BinaryCrossentropy extends ElementwiseLoss<BinaryCrossentropy> {
    private boolean fromLogits;
    private double labelSmoothing;

    public BinaryCrossentropy() {}

    public BinaryCrossentropy(boolean fromLogits) {
        this.fromLogits = fromLogits;
    }

    public BinaryCrossentropy fromLogits(boolean v) {
        this.fromLogits = v;
        return this;
    }

    public boolean fromLogits() {
        return fromLogits;
    }

    public BinaryCrossentropy labelSmoothing(double eps) {
        this.labelSmoothing = LossChecks.smoothing(type(), eps);
        return this;
    }

    public double labelSmoothing() {
        return labelSmoothing;
    }

    @Override
    protected Tensor target(Tensor yTrue, Tensor yPred) {
        Tensor t = super.target(yTrue, yPred);
        return labelSmoothing == 0 ? t : t.mul(1 - labelSmoothing).add(0.5 * labelSmoothing);
    }

    @Override
    protected String expectedTarget() {
        return "yTrue of yPred's shape with labels in [0, 1]";
    }

    @Override
    protected Tensor elements(Tensor t, Tensor yPred) {
        if (fromLogits) return Losses.sigmoidBinaryCrossEntropy(yPred, t, null, Reduction.NONE);
        Tensor p = yPred.clamp(EPSILON, 1 - EPSILON);
        return t.mul(p.log()).add(t.neg().add(1).mul(p.neg().log1p())).neg();
    }

    @Override
    protected Tensor fusedReduction(Tensor t, Tensor yPred, Reduction reduction) {
        // the kernel's MEAN is over all elements, which equals the mean of per-sample means
        if (!fromLogits || reduction != Reduction.MEAN) return null;
        return Losses.sigmoidBinaryCrossEntropy(yPred, t, null, Reduction.MEAN);
    }

    @Override
    protected String type() {
        return "binary_crossentropy";
    }

    @Override
    protected void addConfig(Config c) {
        c.put("fromLogits", fromLogits);
        c.put("labelSmoothing", labelSmoothing);
    }

    public static BinaryCrossentropy fromConfig(Config c) {
        return new BinaryCrossentropy(c.getBool("fromLogits", false))
                .labelSmoothing(c.getDouble("labelSmoothing", 0)).withBaseConfig(c);
    }
}
