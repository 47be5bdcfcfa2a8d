package org.nn4j.nn.metrics;

import org.nn4j.DType;
import org.nn4j.Tensor;

/**
 * A weighted mean over every sample seen: each batch gives one float64 value per sample
 * (itself a mean over the sample's elements where it has several), and the result is
 * sum_i w_i v_i / sum_i w_i over all updates since {@link #reset} (0 before any weight).
 */
public abstract class PerSampleMeanMetric<M extends PerSampleMeanMetric<M>> extends BaseMetric<M> {
    private double total, weight;

    /** One float64 value per sample, (N). */
    protected abstract Tensor perSample(Tensor yTrue, Tensor yPred);

    @Override
    protected final void accumulate(Tensor yTrue, Tensor yPred, Tensor w) {
        Tensor v = perSample(yTrue, yPred);
        if (w == null) {
            total += v.sum().item();
            weight += v.numel();
        } else {
            double[] s = read(v.mul(w).sum(), w.sum());
            total += s[0];
            weight += s[1];
        }
    }

    /** Adds a value with a weight directly (a batch's loss weighted by its size, say). */
    protected final void addValue(double value, double w) {
        total += value * w;
        weight += w;
    }

    /** sum w v / sum w over everything since reset; 0 when no weight was seen. */
    protected final double mean() {
        return weight == 0 ? 0 : total / weight;
    }

    /** The total weight seen (the number of samples without weights). */
    public final double count() {
        return weight;
    }

    @Override
    public double result() {
        return mean();
    }

    @Override
    public void reset() {
        total = 0;
        weight = 0;
    }

    /** x (N, ...) as float64, averaged over every axis but the first. */
    protected static Tensor meanPerSample(Tensor x) {
        Tensor d = x.dtype() == DType.FLOAT64 ? x : x.to(DType.FLOAT64);
        if (d.rank() == 1) return d;
        int[] axes = new int[d.rank() - 1];
        for (int i = 1; i < d.rank(); i++) axes[i - 1] = i;
        return d.mean(false, axes);
    }
}
