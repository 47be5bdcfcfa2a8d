package org.nn4j.nn.metrics;

import org.nn4j.DType;
import org.nn4j.Tensor;
import org.nn4j.nn.losses.Targets;

/** yPred - yTrue in float64, yTrue of yPred's shape. */
final class ErrorTerms {
    private ErrorTerms() {}

    static Tensor error(String op, Tensor yTrue, Tensor yPred) {
        Tensor t = Targets.dense(op, yTrue, yPred, "yTrue of yPred's shape");
        return yPred.to(DType.FLOAT64).sub(t.to(DType.FLOAT64));
    }
}
