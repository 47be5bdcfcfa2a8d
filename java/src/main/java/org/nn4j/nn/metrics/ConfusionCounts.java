package org.nn4j.nn.metrics;

import org.nn4j.DType;
import org.nn4j.Tensor;
import org.nn4j.nn.losses.Targets;
import org.nn4j.ops.Creation;

/**
 * The weighted K x K confusion counts behind precision, recall, F and the confusion matrix
 * (rows: true class, columns: predicted class), kept as Java doubles. Binary mode thresholds
 * every element (K = 2, class 1 = positive); categorical mode takes the argmax over the last
 * axis of yPred (N, ..., K) against sparse labels or one-hot rows. K is given or taken from the
 * first batch.
 */
final class ConfusionCounts {
    private final boolean binary;
    private final double threshold;
    private final int given;
    private int k;
    private double[] m;

    ConfusionCounts(boolean binary, double threshold, int numClasses) {
        this.binary = binary;
        this.threshold = threshold;
        this.given = binary ? 2 : numClasses;
        this.k = given;
    }

    void add(String op, Tensor yTrue, Tensor yPred, Tensor w) {
        Tensor truth, pred;
        int classes;
        if (binary) {
            Tensor t = Targets.dense(op, yTrue, yPred, "yTrue of yPred's shape with labels 0/1");
            truth = t.gt(0.5).to(DType.INT64);
            pred = yPred.gt(threshold).to(DType.INT64);
            classes = 2;
        } else {
            if (yPred.rank() < 2 || yPred.dim(-1) < 2) {
                throw new IllegalArgumentException(op + ": yPred " + yPred.shape() + " must be (N, K) class scores with "
                        + "K >= 2 for a multi-class average; for one sigmoid output use the binary form");
            }
            classes = Math.toIntExact(yPred.dim(-1));
            if (k != 0 && k != classes) {
                throw new IllegalArgumentException(op + ": yPred " + yPred.shape() + " has " + classes
                        + " classes but this metric counts " + k);
            }
            truth = Accuracy.trueClasses(op, yTrue, yPred);
            pred = yPred.argmax(-1, false);
        }
        long n = truth.numel();
        Tensor cell = truth.mul(classes).add(pred).reshape(n);
        Tensor counts;
        try {
            counts = Creation.zeros(DType.FLOAT64, yPred.device(), (long) classes * classes)
                    .scatterAdd(0, cell, BaseMetric.perElement(w, truth));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + ": labels must be class ids in [0, " + classes + ") (" + e.getMessage()
                    + ")", e);
        }
        double[] c = counts.toDoubleArray();
        // the first batch fixes K, and only once it went through
        k = classes;
        if (m == null) m = new double[classes * classes];
        for (int i = 0; i < c.length; i++) m[i] += c[i];
    }

    void reset() {
        m = null;
        k = given;
    }

    /** K, or 0 while unknown. */
    int numClasses() {
        return k;
    }

    /** Count of (true i, predicted j); 0 before any update. */
    double at(int i, int j) {
        return m == null ? 0 : m[i * k + j];
    }

    double total() {
        double s = 0;
        if (m != null) for (double v : m) s += v;
        return s;
    }

    double trace() {
        double s = 0;
        for (int i = 0; i < k; i++) s += at(i, i);
        return s;
    }

    double rowSum(int i) {
        double s = 0;
        for (int j = 0; j < k; j++) s += at(i, j);
        return s;
    }

    double colSum(int j) {
        double s = 0;
        for (int i = 0; i < k; i++) s += at(i, j);
        return s;
    }

    double[][] matrix() {
        double[][] out = new double[k][k];
        for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) out[i][j] = at(i, j);
        return out;
    }
}
