package org.nn4j.nn.losses;

import org.nn4j.Tensor;

/**
 * A loss defined element by element on a target of yPred's shape; the per-sample loss is the
 * mean over the sample's elements (K9), so (N) and (N, D) predictions are both fine.
 */
public abstract class ElementwiseLoss<L extends ElementwiseLoss<L>> extends BaseLoss<L> {
    /** The loss of every element, yPred's shape. */
    protected abstract Tensor elements(Tensor t, Tensor yPred);

    @Override
    protected final Tensor perSample(Tensor t, Tensor yPred) {
        return meanPerSample(elements(t, yPred));
    }
}
