package org.nn4j.data;

import org.nn4j.Tensor;
import org.nn4j.internal.TensorAccess;

/**
 * One element of a {@link Dataset}: features x and optional labels y (null for unlabelled data).
 * Before {@link Dataset#batch} an element is a single example; after it, dimension 0 of x and y
 * is the batch.
 *
 * <p>A Batch owns its two tensors: {@link #close()} closes both. A batch handed out by a
 * dataset's iterator also belongs to the {@link org.nn4j.Scope} open on the consuming thread, so
 * either closing it or closing that scope releases its native memory.
 */
public final class Batch implements AutoCloseable {
    private final Tensor x;
    private final Tensor y;

    /** Takes ownership of x and y (y may be null). */
    public Batch(Tensor x, Tensor y) {
        if (x == null) throw new IllegalArgumentException("Batch: x (the features) must not be null");
        if (x.isClosed()) throw new IllegalArgumentException("Batch: x " + x.shape() + " is closed");
        if (y != null && y.isClosed()) throw new IllegalArgumentException("Batch: y " + y.shape() + " is closed");
        this.x = x;
        this.y = y;
    }

    /** The features. */
    public Tensor x() {
        return x;
    }

    /** The labels, or null. */
    public Tensor y() {
        return y;
    }

    public boolean hasLabels() {
        return y != null;
    }

    /** Dimension 0 of x: the number of examples in a batched element. */
    public long size() {
        if (x.rank() == 0) throw new IllegalStateException("Batch.size: x is a scalar, not a batch");
        return x.dim(0);
    }

    /** Moves both tensors into the scope open on this thread, if any (they must be in none). */
    void track() {
        TensorAccess t = TensorAccess.get();
        t.track(x);
        if (y != null) t.track(y);
    }

    /** Closes x and y (idempotent). */
    @Override
    public void close() {
        x.close();
        if (y != null) y.close();
    }

    @Override
    public String toString() {
        return "Batch(x=" + x.shape() + " " + x.dtype() + (y == null ? ", no labels" : ", y=" + y.shape() + " "
                + y.dtype()) + ")";
    }
}
