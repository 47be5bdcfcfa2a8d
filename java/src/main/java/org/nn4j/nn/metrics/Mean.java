package org.nn4j.nn.metrics;

import org.nn4j.Tensor;
import org.nn4j.nn.Config;

/**
 * A running weighted mean (what fit reports as "loss": each batch's loss added with its batch
 * size as weight gives the exact mean over the epoch). {@link #add(double, double)} takes a
 * value directly; {@link #update} takes per-sample values from yPred (yTrue is ignored and may
 * be null), averaged over any non-batch axes.
 */
public final class Mean extends PerSampleMeanMetric<Mean> {
    public Mean() {}

    /** A mean logged under this key, e.g. "loss". */
    public Mean(String name) {
        named(name);
    }

    /** Adds value with weight (finite, >= 0). */
    public Mean add(double value, double weight) {
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException(name() + ": weight " + weight + " must be finite and >= 0");
        }
        addValue(value, weight);
        return this;
    }

    public Mean add(double value) {
        return add(value, 1);
    }

    @Override
    protected Tensor perSample(Tensor yTrue, Tensor yPred) {
        return meanPerSample(yPred);
    }

    @Override
    protected String defaultName() {
        return "mean";
    }

    @Override
    protected String type() {
        return "mean";
    }

    public static Mean fromConfig(Config c) {
        return new Mean().withBaseConfig(c);
    }
}
