package org.nn4j.nn.losses;

import org.nn4j.Tensor;
import org.nn4j.nn.Config;

/** CURRICULUM L3 {@code mae}: l_i = mean_j |yPred_ij - yTrue_ij|; subgradient sign, 0 at a tie. */
public final class MeanAbsoluteError extends ElementwiseLoss<MeanAbsoluteError> {
    @Override
    protected Tensor elements(Tensor t, Tensor yPred) {
        return yPred.sub(t).abs();
    }

    @Override
    protected String type() {
        return "mae";
    }

    public static MeanAbsoluteError fromConfig(Config c) {
        return new MeanAbsoluteError().withBaseConfig(c);
    }
}
