package org.nn4j.nn.losses;

import org.nn4j.Tensor;
import org.nn4j.nn.Config;

/**
 * A training objective: compares targets with predictions and reduces to a scalar (or per
 * sample with Reduction.NONE), following CURRICULUM K9. Differentiable w.r.t. yPred.
 */
public interface Loss {
    /**
     * @param sampleWeight per-sample weights of shape (N), or null
     */
    Tensor compute(Tensor yTrue, Tensor yPred, Tensor sampleWeight);

    default Tensor compute(Tensor yTrue, Tensor yPred) {
        return compute(yTrue, yPred, null);
    }

    /** Short name shown in progress bars and History, e.g. "loss" keys use it: "mse". */
    String name();

    Config config();
}
