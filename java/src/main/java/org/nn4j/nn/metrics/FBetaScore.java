package org.nn4j.nn.metrics;

import org.nn4j.nn.Config;

/**
 * CURRICULUM U2 F_beta = (1 + beta^2) P R / (beta^2 P + R), computed per class as
 * (1 + beta^2) TP / ((1 + beta^2) TP + beta^2 FN + FP) (the same value, defined whenever P or R
 * is); macro and weighted averages average the per-class F, as scikit-learn does. Binary at
 * threshold 0.5 unless given an {@link Average}. {@link F1Score} is beta = 1.
 */
public final class FBetaScore extends ClassificationMetric<FBetaScore> {
    private final double beta;

    public FBetaScore(double beta) {
        if (!(beta > 0) || Double.isInfinite(beta)) throw new IllegalArgumentException("fbeta: beta = " + beta + " must be finite and > 0");
        this.beta = beta;
    }

    public FBetaScore(double beta, Average average) {
        this(beta);
        average(average);
    }

    public double beta() {
        return beta;
    }

    static double f(double beta, double tp, double fp, double fn) {
        double b2 = beta * beta, den = (1 + b2) * tp + b2 * fn + fp;
        return den == 0 ? Double.NaN : (1 + b2) * tp / den;
    }

    @Override
    protected double score(double tp, double fp, double fn) {
        return f(beta, tp, fp, fn);
    }

    @Override
    protected String defaultName() {
        return "fbeta";
    }

    @Override
    protected String type() {
        return "fbeta";
    }

    @Override
    protected void addConfig(Config c) {
        super.addConfig(c);
        c.put("beta", beta);
    }

    public static FBetaScore fromConfig(Config c) {
        return new FBetaScore(c.getDouble("beta", 1)).withClassificationConfig(c);
    }
}
