package org.nn4j.nn.losses;

import java.util.Arrays;
import org.nn4j.DType;
import org.nn4j.Shape;
import org.nn4j.Tensor;

/**
 * How losses and metrics read their arguments, so that both accept the same shapes and give the
 * same errors. yPred is float32/float64 with a batch axis first (N, ...). Targets are either
 * <ul>
 *   <li><b>dense</b>: yPred's shape (a (N) target against an (N, 1) prediction, or the reverse,
 *       is reshaped, as Keras does), any dtype, cast to yPred's dtype; or</li>
 *   <li><b>sparse</b>: int32/int64 class ids with yPred's shape minus its last (class) axis,
 *       (N) for (N, K) predictions; (N, 1) is accepted too.</li>
 * </ul>
 * The <b>class of a sample</b> (for class weights, {@link #classIds}) is its sparse label, the
 * argmax of an (N, K) target row (K &gt; 1), or 1[y &gt; 0.5] for an (N) or (N, 1) binary target
 * (so 0/1 and -1/+1 labels both work).
 */
public final class Targets {
    private Targets() {}

    /** yPred must be an open float tensor with a batch axis. */
    public static void checkPrediction(String op, Tensor yPred) {
        if (yPred == null) throw new IllegalArgumentException(op + ": yPred is null");
        if (yPred.isClosed()) throw new IllegalStateException(op + ": yPred " + yPred.shape() + " was closed");
        if (!yPred.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": yPred must be float32 or float64, got " + yPred.dtype() + " "
                    + yPred.shape() + "; convert with to(DType.FLOAT32)");
        }
        if (yPred.rank() == 0) {
            throw new IllegalArgumentException(op + ": yPred " + yPred.shape() + " has no batch axis; expected (N, ...)");
        }
    }

    private static void checkTarget(String op, Tensor yTrue, Tensor yPred) {
        if (yTrue == null) throw new IllegalArgumentException(op + ": yTrue is null");
        if (yTrue.isClosed()) throw new IllegalStateException(op + ": yTrue " + yTrue.shape() + " was closed");
        if (yTrue.device() != yPred.device()) {
            throw new IllegalArgumentException(op + ": yTrue is on " + yTrue.device() + " but yPred on " + yPred.device()
                    + "; move one with to(Device)");
        }
    }

    /**
     * A dense target with yPred's shape and dtype. {@code expected} describes the accepted form
     * for the error message, e.g. "one-hot or soft rows of yPred's shape".
     */
    public static Tensor dense(String op, Tensor yTrue, Tensor yPred, String expected) {
        checkTarget(op, yTrue, yPred);
        long[] ts = yTrue.dims(), ps = yPred.dims();
        Tensor t = yTrue;
        if (!Arrays.equals(ts, ps)) {
            if (!differByTrailingOne(ts, ps)) {
                throw new IllegalArgumentException(op + ": yTrue " + yTrue.shape() + " does not match yPred "
                        + yPred.shape() + "; expected " + expected);
            }
            t = yTrue.reshape(ps);
        }
        return t.dtype() == yPred.dtype() ? t : t.to(yPred.dtype());
    }

    private static boolean differByTrailingOne(long[] a, long[] b) {
        if (a.length == b.length + 1) return a[a.length - 1] == 1 && Arrays.equals(Arrays.copyOf(a, b.length), b);
        if (b.length == a.length + 1) return differByTrailingOne(b, a);
        return false;
    }

    public static boolean isSparse(Tensor yTrue) {
        return yTrue.dtype().isInteger();
    }

    /**
     * Sparse labels as int64 with yPred's shape minus its last axis ((N) for (N, K) predictions);
     * labels of shape (..., 1) are accepted and squeezed.
     */
    public static Tensor sparse(String op, Tensor labels, Tensor yPred) {
        checkTarget(op, labels, yPred);
        long[] ps = yPred.dims();
        long[] want = Arrays.copyOf(ps, ps.length - 1);
        if (!labels.dtype().isInteger()) {
            throw new IllegalArgumentException(op + ": sparse labels must be int32/int64 class ids of shape "
                    + Shape.format(want) + " for yPred " + yPred.shape() + ", got " + labels.dtype() + " " + labels.shape()
                    + "; convert ids with to(DType.INT64), or use the categorical form for one-hot targets");
        }
        if (ps.length < 2) {
            throw new IllegalArgumentException(op + ": yPred " + yPred.shape() + " needs a class axis: expected (N, K) scores "
                    + "for sparse labels (N)");
        }
        long[] ls = labels.dims();
        Tensor l = labels;
        if (!Arrays.equals(ls, want)) {
            long[] withOne = Arrays.copyOf(want, want.length + 1);
            withOne[want.length] = 1;
            if (!Arrays.equals(ls, withOne)) {
                throw new IllegalArgumentException(op + ": labels " + labels.shape() + " do not match yPred "
                        + yPred.shape() + "; sparse labels must be " + Shape.format(want)
                        + " ints (yPred's shape without its class axis)");
            }
            l = labels.reshape(want);
        }
        return l.dtype() == DType.INT64 ? l : l.to(DType.INT64);
    }

    /** Per-sample weights (N) in like's dtype (any input dtype), or null for null. */
    public static Tensor sampleWeights(String op, Tensor w, Tensor like) {
        return sampleWeights(op, w, like, like.dtype());
    }

    /** Per-sample weights (N) for like's batch, converted to dtype, or null for null. */
    public static Tensor sampleWeights(String op, Tensor w, Tensor like, DType dtype) {
        if (w == null) return null;
        if (w.isClosed()) throw new IllegalStateException(op + ": sampleWeight " + w.shape() + " was closed");
        long n = like.dim(0);
        if (w.rank() != 1 || w.dim(0) != n) {
            throw new IllegalArgumentException(op + ": sampleWeight " + w.shape() + " must have shape (" + n
                    + "): one weight per sample of yPred " + like.shape());
        }
        if (w.device() != like.device()) {
            throw new IllegalArgumentException(op + ": sampleWeight is on " + w.device() + " but yPred on "
                    + like.device() + "; move one with to(Device)");
        }
        return w.dtype() == dtype ? w : w.to(dtype);
    }

    /** The class id of each sample, int64 (N); see the class comment for the rule. */
    public static Tensor classIds(String op, Tensor yTrue) {
        long[] s = yTrue.dims();
        boolean column = s.length == 1 || (s.length == 2 && s[1] == 1);
        if (column) {
            Tensor flat = s.length == 1 ? yTrue : yTrue.reshape(s[0]);
            if (yTrue.dtype().isInteger() || yTrue.dtype() == DType.BOOL) return flat.to(DType.INT64);
            return flat.gt(0.5).to(DType.INT64);
        }
        if (s.length == 2 && !yTrue.dtype().isInteger()) return yTrue.argmax(1, false);
        throw new IllegalArgumentException(op + ": class weights need targets of shape (N) or (N, 1) (class ids or "
                + "binary labels) or (N, K) one-hot rows, got " + yTrue.dtype() + " " + yTrue.shape());
    }
}
