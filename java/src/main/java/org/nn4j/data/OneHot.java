package org.nn4j.data;

import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Tensor;

/** One-hot encoding of integer class labels (Keras's to_categorical) and back. */
public final class OneHot {
    private OneHot() {}

    /** labels (...) of an integer dtype, each in 0..numClasses-1, as float32 (..., numClasses). */
    public static Tensor encode(Tensor labels, int numClasses) {
        if (numClasses < 1) throw new IllegalArgumentException("OneHot.encode: numClasses = " + numClasses + " < 1");
        if (!labels.dtype().isInteger()) {
            throw new IllegalArgumentException("OneHot.encode: labels are " + labels.dtype() + "; they must be int32 "
                    + "or int64 class indices (convert with to(DType.INT64))");
        }
        try (Scope s = Scope.open()) {
            Tensor l = labels.to(DType.INT64);
            if (l.numel() > 0) {
                long lo = (long) l.min().item(), hi = (long) l.max().item();
                if (lo < 0 || hi >= numClasses) {
                    long bad = lo < 0 ? lo : hi;
                    throw new IllegalArgumentException("OneHot.encode: label " + bad + " is outside 0.." + (numClasses - 1)
                            + " (numClasses = " + numClasses + ")");
                }
            }
            Tensor classes = Tensor.arange(0, numClasses, 1, DType.INT64);
            return s.keep(l.unsqueeze(l.rank()).eq(classes).to(DType.FLOAT32));
        }
    }

    /** One-hot (or probability) rows (..., K) back to int64 class indices (...): the argmax. */
    public static Tensor decode(Tensor oneHot) {
        if (oneHot.rank() == 0) throw new IllegalArgumentException("OneHot.decode: a scalar has no class axis");
        return oneHot.argmax(oneHot.rank() - 1, false);
    }
}
