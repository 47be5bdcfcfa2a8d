package org.nn4j.nn.metrics;

import org.nn4j.nn.Config;

/** CURRICULUM U2 {@code recall} = TP / (TP + FN); binary at threshold 0.5 unless given an {@link Average}. */
public final class Recall extends ClassificationMetric<Recall> {
    public Recall() {}

    public Recall(Average average) {
        average(average);
    }

    @Override
    protected double score(double tp, double fp, double fn) {
        return tp + fn == 0 ? Double.NaN : tp / (tp + fn);
    }

    @Override
    protected String defaultName() {
        return "recall";
    }

    @Override
    protected String type() {
        return "recall";
    }

    public static Recall fromConfig(Config c) {
        return new Recall().withClassificationConfig(c);
    }
}
