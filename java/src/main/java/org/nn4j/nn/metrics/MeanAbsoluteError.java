package org.nn4j.nn.metrics;

import org.nn4j.Tensor;
import org.nn4j.nn.Config;

/** CURRICULUM U3 {@code mae}: mean |yPred - yTrue| over every element seen (weighted per sample). */
public final class MeanAbsoluteError extends PerSampleMeanMetric<MeanAbsoluteError> {
    @Override
    protected Tensor perSample(Tensor yTrue, Tensor yPred) {
        return meanPerSample(ErrorTerms.error(name(), yTrue, yPred).abs());
    }

    @Override
    protected String defaultName() {
        return "mae";
    }

    @Override
    protected String type() {
        return "mae";
    }

    public static MeanAbsoluteError fromConfig(Config c) {
        return new MeanAbsoluteError().withBaseConfig(c);
    }
}
