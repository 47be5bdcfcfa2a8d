package org.nn4j.data;

import org.nn4j.Tensor;

/** Reading class indices out of label tensors (for stratification). */
final class Labels {
    private Labels() {}

    /** The class of one example: an integer scalar label or a one-hot vector's argmax. */
    static long classOf(Batch b, long i) {
        Tensor y = b.y();
        if (y == null) throw new IllegalArgumentException("stratify: example " + i + " has no labels");
        if (y.rank() == 0 && y.dtype().isInteger()) return (long) y.item();
        if (y.rank() == 1 && y.dtype().isFloatingPoint()) {
            try (Tensor a = y.argmax()) {
                return (long) a.item();
            }
        }
        throw new IllegalArgumentException("stratify: example " + i + " has labels " + y.shape() + " " + y.dtype()
                + "; stratifying needs integer class labels () or one-hot vectors (K)");
    }

    /** The classes of a label tensor y: (N) integers or (N, K) one-hot rows. */
    static long[] classesOf(Tensor y) {
        if (y == null) throw new IllegalArgumentException("stratify: the dataset has no labels");
        if (y.rank() == 1 && y.dtype().isInteger()) return y.toLongArray();
        if (y.rank() == 2 && y.dtype().isFloatingPoint()) {
            try (Tensor a = y.argmax(1, false)) {
                return a.toLongArray();
            }
        }
        throw new IllegalArgumentException("stratify: labels " + y.shape() + " " + y.dtype() + " are not class "
                + "labels; stratifying needs integer labels (N) or one-hot rows (N, K)");
    }
}
