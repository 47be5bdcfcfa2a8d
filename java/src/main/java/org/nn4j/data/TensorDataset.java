package org.nn4j.data;

import org.nn4j.Tensor;
import org.nn4j.internal.TensorAccess;

/**
 * An in-memory dataset: features x (N, ...) and optional labels y (N, ...); example i is
 * (x[i], y[i]). It holds its own references to the tensors' memory, released by {@link #close()}
 * (the tensors passed to {@link #of} stay the caller's to close). Batches are gathered with one
 * copy per run of consecutive rows.
 */
public final class TensorDataset extends IndexedDataset implements AutoCloseable {
    private final Tensor x;
    private final Tensor y;
    private boolean closed;

    /** own: take over x and y (remove them from any scope); otherwise hold aliases of them. */
    TensorDataset(Tensor x, Tensor y, boolean alias) {
        check(x, y);
        TensorAccess t = TensorAccess.get();
        if (alias) {
            this.x = t.aliasUntracked(x);
            this.y = y == null ? null : t.aliasUntracked(y);
        } else {
            t.untrack(x);
            if (y != null) t.untrack(y);
            this.x = x;
            this.y = y;
        }
    }

    /** A dataset over x (N, ...) and y (N, ...) (y may be null); shares their memory, copies nothing. */
    public static TensorDataset of(Tensor x, Tensor y) {
        return new TensorDataset(x, y, true);
    }

    /** An unlabelled dataset over x (N, ...). */
    public static TensorDataset of(Tensor x) {
        return new TensorDataset(x, null, true);
    }

    private static void check(Tensor x, Tensor y) {
        if (x == null) throw new IllegalArgumentException("TensorDataset: x must not be null");
        if (x.isClosed()) throw new IllegalArgumentException("TensorDataset: x " + x.shape() + " is closed");
        if (x.rank() == 0) {
            throw new IllegalArgumentException("TensorDataset: x is a scalar; it needs a leading example dimension "
                    + "(N, ...)");
        }
        if (y != null) {
            if (y.isClosed()) throw new IllegalArgumentException("TensorDataset: y " + y.shape() + " is closed");
            if (y.rank() == 0 || y.dim(0) != x.dim(0)) {
                throw new IllegalArgumentException("TensorDataset: x " + x.shape() + " and y " + y.shape()
                        + " must have the same number of examples in dimension 0");
            }
        }
    }

    /** The features (N, ...): this dataset's own view, valid until it is closed. */
    public Tensor x() {
        checkOpen();
        return x;
    }

    /** The labels (N, ...), or null. */
    public Tensor y() {
        checkOpen();
        return y;
    }

    @Override
    public long size() {
        return x.dim(0);
    }

    @Override
    public Batch get(long i) {
        checkOpen();
        checkIndex(i);
        Tensor xi = x.select(0, i);
        return new Batch(xi, y == null ? null : y.select(0, i));
    }

    @Override
    public Batch getBatch(long[] idx) {
        checkOpen();
        if (idx.length == 0) throw new IllegalArgumentException("getBatch: no indices");
        Tensor xb = Rows.take(x, idx);
        try {
            return new Batch(xb, y == null ? null : Rows.take(y, idx));
        } catch (RuntimeException e) {
            xb.close();
            throw e;
        }
    }

    @Override
    public long[] classIndices() {
        checkOpen();
        return Labels.classesOf(y);
    }

    @Override
    public TensorDataset materialize() {
        checkOpen();
        return of(x, y);
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("TensorDataset " + x.shape() + " was closed");
    }

    /** Releases this dataset's references (idempotent); batches already taken stay valid. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        x.close();
        if (y != null) y.close();
    }

    @Override
    public String toString() {
        return "TensorDataset(x=" + x.shape() + " " + x.dtype() + (y == null ? "" : ", y=" + y.shape() + " "
                + y.dtype()) + ")";
    }
}
