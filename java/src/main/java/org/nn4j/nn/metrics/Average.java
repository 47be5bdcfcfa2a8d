package org.nn4j.nn.metrics;

/**
 * How precision, recall and F scores combine classes (CURRICULUM U2; the meanings of
 * scikit-learn's {@code average}).
 */
public enum Average {
    /** One positive class: yPred &gt; threshold against yTrue &gt; 0.5, element by element. */
    BINARY,
    /** From the totals of TP, FP and FN over all classes; for single-label data this is accuracy. */
    MICRO,
    /** Unweighted mean of the per-class scores over the classes present in targets or predictions. */
    MACRO,
    /** Per-class scores weighted by support (the number of true samples of the class). */
    WEIGHTED
}
