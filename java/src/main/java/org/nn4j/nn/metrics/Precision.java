package org.nn4j.nn.metrics;

import org.nn4j.nn.Config;

/** CURRICULUM U2 {@code precision} = TP / (TP + FP); binary at threshold 0.5 unless given an {@link Average}. */
public final class Precision extends ClassificationMetric<Precision> {
    public Precision() {}

    public Precision(Average average) {
        average(average);
    }

    @Override
    protected double score(double tp, double fp, double fn) {
        return tp + fp == 0 ? Double.NaN : tp / (tp + fp);
    }

    @Override
    protected String defaultName() {
        return "precision";
    }

    @Override
    protected String type() {
        return "precision";
    }

    public static Precision fromConfig(Config c) {
        return new Precision().withClassificationConfig(c);
    }
}
