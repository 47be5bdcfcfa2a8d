package org.nn4j.nn.metrics;

import org.nn4j.Tensor;
import org.nn4j.nn.Config;

/**
 * CURRICULUM U3 {@code rmse} = sqrt(MSE over the whole set): squared errors accumulate, the root
 * is taken in {@link #result}, never per batch.
 */
public final class RootMeanSquaredError extends PerSampleMeanMetric<RootMeanSquaredError> {
    @Override
    protected Tensor perSample(Tensor yTrue, Tensor yPred) {
        return meanPerSample(ErrorTerms.error(name(), yTrue, yPred).square());
    }

    @Override
    public double result() {
        return Math.sqrt(mean());
    }

    @Override
    protected String defaultName() {
        return "rmse";
    }

    @Override
    protected String type() {
        return "rmse";
    }

    public static RootMeanSquaredError fromConfig(Config c) {
        return new RootMeanSquaredError().withBaseConfig(c);
    }
}
