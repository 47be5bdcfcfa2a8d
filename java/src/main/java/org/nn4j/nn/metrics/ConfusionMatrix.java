package org.nn4j.nn.metrics;

import org.nn4j.Tensor;
import org.nn4j.nn.Config;

/**
 * CURRICULUM U2 confusion matrix, K x K with rows = true class and columns = predicted class
 * (weighted counts), accumulated over every batch since {@link #reset}. {@link #result} is the
 * accuracy, trace / total (0 before any sample). Multi-class: argmax of (N, K) scores against
 * sparse labels or one-hot rows, K given or taken from the first batch. {@link #binary}: yPred
 * &gt; threshold against yTrue &gt; 0.5, element by element, K = 2.
 */
public final class ConfusionMatrix extends BaseMetric<ConfusionMatrix> {
    private final boolean binary;
    private final double threshold;
    private final int numClasses;
    private final ConfusionCounts counts;

    /** Multi-class with K taken from the first batch. */
    public ConfusionMatrix() {
        this(0);
    }

    public ConfusionMatrix(int numClasses) {
        this(false, 0.5, numClasses);
    }

    private ConfusionMatrix(boolean binary, double threshold, int numClasses) {
        if (numClasses < 0 || numClasses == 1) {
            throw new IllegalArgumentException("confusion_matrix: numClasses " + numClasses + " must be 0 (infer) or >= 2");
        }
        if (!Double.isFinite(threshold)) throw new IllegalArgumentException("confusion_matrix: threshold " + threshold + " is not finite");
        this.binary = binary;
        this.threshold = threshold;
        this.numClasses = numClasses;
        this.counts = new ConfusionCounts(binary, threshold, numClasses);
    }

    /** The 2 x 2 matrix of thresholded binary predictions. */
    public static ConfusionMatrix binary(double threshold) {
        return new ConfusionMatrix(true, threshold, 2);
    }

    @Override
    protected void accumulate(Tensor yTrue, Tensor yPred, Tensor w) {
        counts.add(name(), yTrue, yPred, w);
    }

    /** A copy of the counts, [true][predicted]; K x K (0 x 0 while K is unknown). */
    public double[][] matrix() {
        return counts.matrix();
    }

    public int numClasses() {
        return counts.numClasses();
    }

    @Override
    public double result() {
        double total = counts.total();
        return total == 0 ? 0 : counts.trace() / total;
    }

    @Override
    public void reset() {
        counts.reset();
    }

    @Override
    protected String defaultName() {
        return "confusion_matrix";
    }

    @Override
    protected String type() {
        return "confusion_matrix";
    }

    @Override
    protected void addConfig(Config c) {
        c.put("binary", binary);
        c.put("threshold", threshold);
        c.put("numClasses", numClasses);
    }

    public static ConfusionMatrix fromConfig(Config c) {
        boolean binary = c.getBool("binary", false);
        double threshold = c.getDouble("threshold", 0.5);
        ConfusionMatrix m = binary ? binary(threshold) : new ConfusionMatrix(c.getInt("numClasses", 0));
        return m.withBaseConfig(c);
    }
}
