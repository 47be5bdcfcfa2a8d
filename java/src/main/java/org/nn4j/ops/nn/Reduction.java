package org.nn4j.ops.nn;

/** How a loss reduces its per-sample values (K9): the codes are nn4j_nn.h's NN4J_REDUCTION_*. */
public enum Reduction {
    /** Sum over the batch divided by the normaliser the loss documents (default). */
    MEAN,
    /** Plain sum. */
    SUM,
    /** No reduction: one value per sample (or per element for element-wise losses). */
    NONE
}
