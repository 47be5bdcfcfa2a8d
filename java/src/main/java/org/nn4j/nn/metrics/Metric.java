package org.nn4j.nn.metrics;

import org.nn4j.Tensor;
import org.nn4j.nn.Config;

/**
 * A streaming metric: {@link #update} per batch, {@link #result} over everything seen since
 * {@link #reset}. Results are exact over the epoch (counts are accumulated, not batch means).
 */
public interface Metric {
    void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight);

    default void update(Tensor yTrue, Tensor yPred) {
        update(yTrue, yPred, null);
    }

    double result();

    void reset();

    /** The key in logs and History, e.g. "accuracy", "top_5_accuracy", "precision". */
    String name();

    Config config();
}
