package org.nn4j.data;

import java.util.NoSuchElementException;

/**
 * The raw iterators' common shape: hasNext() computes the next element ahead and holds it;
 * close() releases that element and the stage's upstream iterators.
 */
abstract class LookaheadIterator implements DataIterator {
    private Batch pending;
    private boolean done;
    private boolean closed;

    /** The next element (owned by the caller), or null at the end of the pass. */
    protected abstract Batch compute();

    /** Closes upstream iterators and buffers; called once. */
    protected void release() {}

    @Override
    public final boolean hasNext() {
        if (closed) return false;
        if (pending == null && !done) {
            pending = compute();
            if (pending == null) done = true;
        }
        return pending != null;
    }

    @Override
    public final Batch next() {
        if (!hasNext()) throw new NoSuchElementException("the dataset pass is over (or its iterator was closed)");
        Batch b = pending;
        pending = null;
        return b;
    }

    @Override
    public final void close() {
        if (closed) return;
        closed = true;
        if (pending != null) pending.close();
        pending = null;
        release();
    }
}
