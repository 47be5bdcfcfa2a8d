package org.nn4j.data;

import java.util.Iterator;

/**
 * One pass over a {@link Dataset}. Close it when stopping early: that stops a prefetch thread
 * and releases the elements already prepared (an abandoned iterator is also cleaned up once it
 * becomes unreachable, but later). Each element returned by {@link #next()} is the caller's to
 * close (or its Scope's).
 */
public interface DataIterator extends Iterator<Batch>, AutoCloseable {
    @Override
    void close();
}
