package org.nn4j.nn.regularizers;

import org.nn4j.Tensor;
import org.nn4j.nn.Config;

/** A weight penalty added to the loss (CURRICULUM K10). */
public interface Regularizer {
    /** A differentiable scalar penalty of w (e.g. l2 * sum(w^2)). */
    Tensor penalty(Tensor w);

    Config config();
}
