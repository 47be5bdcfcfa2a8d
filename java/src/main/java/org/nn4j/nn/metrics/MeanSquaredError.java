package org.nn4j.nn.metrics;

import org.nn4j.Tensor;
import org.nn4j.nn.Config;

/** CURRICULUM U3 {@code mse}: mean (yPred - yTrue)^2 over every element seen (weighted per sample). */
public final class MeanSquaredError extends PerSampleMeanMetric<MeanSquaredError> {
    @Override
    protected Tensor perSample(Tensor yTrue, Tensor yPred) {
        return meanPerSample(ErrorTerms.error(name(), yTrue, yPred).square());
    }

    @Override
    protected String defaultName() {
        return "mse";
    }

    @Override
    protected String type() {
        return "mse";
    }

    public static MeanSquaredError fromConfig(Config c) {
        return new MeanSquaredError().withBaseConfig(c);
    }
}
