package org.nn4j.nn.metrics;

import org.nn4j.nn.Config;

/**
 * CURRICULUM U2 {@code f1} = 2 P R / (P + R) ({@link FBetaScore} with beta 1); micro-F1 of
 * single-label data equals accuracy. Binary at threshold 0.5 unless given an {@link Average}.
 */
public final class F1Score extends ClassificationMetric<F1Score> {
    public F1Score() {}

    public F1Score(Average average) {
        average(average);
    }

    @Override
    protected double score(double tp, double fp, double fn) {
        return FBetaScore.f(1, tp, fp, fn);
    }

    @Override
    protected String defaultName() {
        return "f1";
    }

    @Override
    protected String type() {
        return "f1";
    }

    public static F1Score fromConfig(Config c) {
        return new F1Score().withClassificationConfig(c);
    }
}
