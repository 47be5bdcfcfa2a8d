package org.nn4j.nn.metrics;

import java.lang.System.Logger.Level;
import org.nn4j.Tensor;
import org.nn4j.nn.Config;

/**
 * Precision, recall and F scores (CURRICULUM U2) from streaming confusion counts, so the result
 * is exact over every batch since {@link #reset}, never a mean of batch scores. Binary (default,
 * threshold 0.5) or multi-class with a {@link Average}. A 0/0 score (no predicted or no true
 * samples of a class) counts as 0 and logs one warning per reset, as scikit-learn's
 * zero_division="warn" does.
 */
public abstract class ClassificationMetric<M extends ClassificationMetric<M>> extends BaseMetric<M> {
    private static final System.Logger LOG = System.getLogger(ClassificationMetric.class.getName());

    private Average average = Average.BINARY;
    private double threshold = 0.5;
    private int numClasses;
    private ConfusionCounts counts;
    private boolean warned;

    /** The score of one class from its true positives, false positives and false negatives; NaN for 0/0. */
    protected abstract double score(double tp, double fp, double fn);

    public M average(Average a) {
        if (a == null) throw new IllegalArgumentException(type() + ": average is null");
        this.average = a;
        counts = null;
        return self();
    }

    public Average average() {
        return average;
    }

    /** Decision threshold of the binary form (default 0.5; 0 for logits). */
    public M threshold(double t) {
        if (!Double.isFinite(t)) throw new IllegalArgumentException(type() + ": threshold " + t + " is not finite");
        this.threshold = t;
        counts = null;
        return self();
    }

    public double threshold() {
        return threshold;
    }

    /** K for the multi-class forms (0: taken from the first batch). */
    public M numClasses(int k) {
        if (k < 0 || k == 1) throw new IllegalArgumentException(type() + ": numClasses " + k + " must be 0 (infer) or >= 2");
        this.numClasses = k;
        counts = null;
        return self();
    }

    private ConfusionCounts counts() {
        if (counts == null) counts = new ConfusionCounts(average == Average.BINARY, threshold, numClasses);
        return counts;
    }

    @Override
    protected final void accumulate(Tensor yTrue, Tensor yPred, Tensor w) {
        counts().add(name(), yTrue, yPred, w);
    }

    @Override
    public void reset() {
        counts().reset();
        warned = false;
    }

    private double checked(double s, String what) {
        if (!Double.isNaN(s)) return s;
        if (!warned) {
            warned = true;
            LOG.log(Level.WARNING, name() + ": " + what + " is 0/0 (no predicted or no true samples); counted as 0");
        }
        return 0;
    }

    private double classScore(ConfusionCounts c, int i) {
        double tp = c.at(i, i);
        return checked(score(tp, c.colSum(i) - tp, c.rowSum(i) - tp), "class " + i);
    }

    private static boolean present(ConfusionCounts c, int i) {
        return c.rowSum(i) > 0 || c.colSum(i) > 0;
    }

    /**
     * The score of each class (index = class id; in the binary form class 1 is the positive one
     * and class 0 is scored as if it were); classes absent from targets and predictions get 0.
     */
    public double[] perClass() {
        ConfusionCounts c = counts();
        double[] out = new double[c.numClasses()];
        for (int i = 0; i < out.length; i++) out[i] = present(c, i) ? classScore(c, i) : 0;
        return out;
    }

    @Override
    public double result() {
        ConfusionCounts c = counts();
        int k = c.numClasses();
        switch (average) {
            case BINARY:
                return classScore(c, 1);
            case MICRO: {
                double tp = c.trace(), wrong = c.total() - tp;
                return checked(score(tp, wrong, wrong), "the micro average");
            }
            case MACRO: {
                double s = 0;
                int n = 0;
                for (int i = 0; i < k; i++) {
                    if (present(c, i)) {
                        s += classScore(c, i);
                        n++;
                    }
                }
                return n == 0 ? 0 : s / n;
            }
            default: {
                double s = 0, support = 0;
                for (int i = 0; i < k; i++) {
                    if (present(c, i)) {
                        s += c.rowSum(i) * classScore(c, i);
                        support += c.rowSum(i);
                    }
                }
                return support == 0 ? 0 : s / support;
            }
        }
    }

    @Override
    protected void addConfig(Config c) {
        c.put("average", average);
        c.put("threshold", threshold);
        c.put("numClasses", numClasses);
    }

    /** Reads the settings {@link #addConfig} wrote. */
    protected final M withClassificationConfig(Config c) {
        if (c.has("average")) average(c.getEnum("average", Average.class));
        if (c.has("threshold")) threshold(c.getDouble("threshold"));
        if (c.has("numClasses")) numClasses(c.getInt("numClasses"));
        return withBaseConfig(c);
    }
}
