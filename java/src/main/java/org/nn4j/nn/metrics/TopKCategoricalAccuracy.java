package org.nn4j.nn.metrics;

import org.nn4j.Tensor;
import org.nn4j.nn.Config;
import org.nn4j.nn.losses.Targets;

/**
 * CURRICULUM U1 top-k accuracy: a sample is right when its target class is among the k highest
 * scores, i.e. fewer than k classes score strictly higher (so ties at the boundary count as in,
 * as tf.math.in_top_k does). Targets: sparse int labels or one-hot rows; {@link #sparse} makes
 * the variant that accepts only int labels (Keras's sparse_top_k_categorical_accuracy). Default
 * k = 5.
 */
public final class TopKCategoricalAccuracy extends PerSampleMeanMetric<TopKCategoricalAccuracy> {
    private final int k;
    private final boolean sparseOnly;

    public TopKCategoricalAccuracy() {
        this(5);
    }

    public TopKCategoricalAccuracy(int k) {
        this(k, false);
    }

    private TopKCategoricalAccuracy(int k, boolean sparseOnly) {
        if (k < 1) throw new IllegalArgumentException("top_k_categorical_accuracy: k = " + k + " must be >= 1");
        this.k = k;
        this.sparseOnly = sparseOnly;
    }

    /** The variant for sparse int labels only. */
    public static TopKCategoricalAccuracy sparse(int k) {
        return new TopKCategoricalAccuracy(k, true);
    }

    public int k() {
        return k;
    }

    public boolean isSparse() {
        return sparseOnly;
    }

    @Override
    protected Tensor perSample(Tensor yTrue, Tensor yPred) {
        String op = name();
        if (yPred.rank() < 2) {
            throw new IllegalArgumentException(op + ": yPred " + yPred.shape() + " must be (N, K) class scores");
        }
        Tensor truth = sparseOnly ? Targets.sparse(op, yTrue, yPred) : Accuracy.trueClasses(op, yTrue, yPred);
        Tensor score;
        try {
            score = yPred.gather(-1, truth.unsqueeze(-1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + ": labels must be class ids in [0, " + yPred.dim(-1) + ") ("
                    + e.getMessage() + ")", e);
        }
        Tensor higher = yPred.gt(score).sum(false, -1);
        return meanPerSample(higher.lt(k));
    }

    @Override
    protected String defaultName() {
        return (sparseOnly ? "sparse_top_" : "top_") + k + "_accuracy";
    }

    @Override
    protected String type() {
        return sparseOnly ? "sparse_top_k_categorical_accuracy" : "top_k_categorical_accuracy";
    }

    @Override
    protected void addConfig(Config c) {
        c.put("k", k);
    }

    public static TopKCategoricalAccuracy fromConfig(Config c) {
        boolean sparse = "sparse_top_k_categorical_accuracy".equals(c.getString("type"));
        return new TopKCategoricalAccuracy(c.getInt("k", 5), sparse).withBaseConfig(c);
    }
}
