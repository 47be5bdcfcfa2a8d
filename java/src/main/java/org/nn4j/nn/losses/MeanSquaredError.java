package org.nn4j.nn.losses;

import org.nn4j.Tensor;
import org.nn4j.nn.Config;

/** CURRICULUM L1 {@code mse}: l_i = mean_j (yPred_ij - yTrue_ij)^2; gradient 2 (yPred - yTrue) / n. */
public final class MeanSquaredError extends ElementwiseLoss<MeanSquaredError> {
    @Override
    protected Tensor elements(Tensor t, Tensor yPred) {
        return yPred.sub(t).square();
    }

    @Override
    protected String type() {
        return "mse";
    }

    public static MeanSquaredError fromConfig(Config c) {
        return new MeanSquaredError().withBaseConfig(c);
    }
}
