package org.nn4j.data;

import java.util.List;
import org.nn4j.Tensor;

/** Stacks elements into one batch along a new dimension 0. */
final class Collate {
    private Collate() {}

    /** A new batch from items (which the caller still owns and closes). */
    static Batch stack(List<Batch> items) {
        int n = items.size();
        Batch first = items.get(0);
        boolean labels = first.hasLabels();
        Tensor[] xs = new Tensor[n];
        Tensor[] ys = labels ? new Tensor[n] : null;
        for (int i = 0; i < n; i++) {
            Batch b = items.get(i);
            if (b.hasLabels() != labels) {
                throw new IllegalArgumentException("batch: element " + i + (labels ? " has no labels" : " has labels")
                        + " but element 0 " + (labels ? "has" : "has none") + "; every element must agree");
            }
            xs[i] = b.x();
            checkSame("x", first.x(), b.x(), i);
            if (labels) {
                ys[i] = b.y();
                checkSame("y", first.y(), b.y(), i);
            }
        }
        Tensor x = Tensor.stack(0, xs);
        try {
            return new Batch(x, labels ? Tensor.stack(0, ys) : null);
        } catch (RuntimeException e) {
            x.close();
            throw e;
        }
    }

    private static void checkSame(String what, Tensor a, Tensor b, int i) {
        if (!a.shape().equals(b.shape()) || a.dtype() != b.dtype()) {
            throw new IllegalArgumentException("batch: element " + i + " has " + what + " " + b.shape() + " "
                    + b.dtype() + " but element 0 has " + a.shape() + " " + a.dtype()
                    + "; elements of one batch must match (pad sequences with Sequences.pad, resize images)");
        }
    }
}
