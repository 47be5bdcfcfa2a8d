package org.nn4j.nn.metrics;

import org.nn4j.Tensor;
import org.nn4j.nn.Config;
import org.nn4j.nn.losses.Targets;

/**
 * CURRICULUM U1 {@code binary_accuracy}: an element is right when (yPred &gt; threshold) equals
 * (yTrue &gt; 0.5), so 0/1 and -1/+1 labels both work; per sample the share of its elements that
 * are right. Default threshold 0.5 (probabilities); use 0 for logits or margin scores.
 */
public final class BinaryAccuracy extends PerSampleMeanMetric<BinaryAccuracy> {
    private final double threshold;

    public BinaryAccuracy() {
        this(0.5);
    }

    public BinaryAccuracy(double threshold) {
        if (!Double.isFinite(threshold)) throw new IllegalArgumentException("binary_accuracy: threshold " + threshold + " is not finite");
        this.threshold = threshold;
    }

    public double threshold() {
        return threshold;
    }

    @Override
    protected Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor t = Targets.dense(name(), yTrue, yPred, "yTrue of yPred's shape with labels 0/1 (or -1/+1)");
        return meanPerSample(yPred.gt(threshold).logicalXor(t.gt(0.5)).logicalNot());
    }

    @Override
    protected String defaultName() {
        return "binary_accuracy";
    }

    @Override
    protected String type() {
        return "binary_accuracy";
    }

    @Override
    protected void addConfig(Config c) {
        c.put("threshold", threshold);
    }

    public static BinaryAccuracy fromConfig(Config c) {
        return new BinaryAccuracy(c.getDouble("threshold", 0.5)).withBaseConfig(c);
    }
}
