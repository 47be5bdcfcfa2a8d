package org.nn4j.nn.metrics;

import org.nn4j.Tensor;
import org.nn4j.nn.Config;
import org.nn4j.nn.losses.Targets;

/**
 * CURRICULUM U1 {@code accuracy} for class scores (N, K), K &gt;= 2: the share of samples whose
 * argmax (ties: the lowest index, K16) equals the target class, which is a sparse int label (N)
 * or the argmax of a one-hot row (N, K). For (N, T, K) sequences a sample scores the share of
 * its T positions that are right. For one sigmoid output per sample use {@link BinaryAccuracy}.
 */
public final class Accuracy extends PerSampleMeanMetric<Accuracy> {
    @Override
    protected Tensor perSample(Tensor yTrue, Tensor yPred) {
        String op = name();
        if (yPred.rank() < 2 || yPred.dim(-1) < 2) {
            throw new IllegalArgumentException(op + ": yPred " + yPred.shape() + " must be (N, K) class scores with K >= 2; "
                    + "for one sigmoid output per sample use BinaryAccuracy (binary_accuracy)");
        }
        Tensor truth = trueClasses(op, yTrue, yPred);
        return meanPerSample(yPred.argmax(-1, false).eq(truth));
    }

    /** Sparse labels, or the argmax of one-hot rows: int64 with yPred's shape minus its class axis. */
    static Tensor trueClasses(String op, Tensor yTrue, Tensor yPred) {
        if (yTrue != null && Targets.isSparse(yTrue)) return Targets.sparse(op, yTrue, yPred);
        return Targets.dense(op, yTrue, yPred, "sparse int labels (N) or one-hot rows of yPred's shape (N, K)")
                .argmax(-1, false);
    }

    @Override
    protected String defaultName() {
        return "accuracy";
    }

    @Override
    protected String type() {
        return "accuracy";
    }

    public static Accuracy fromConfig(Config c) {
        return new Accuracy().withBaseConfig(c);
    }
}
