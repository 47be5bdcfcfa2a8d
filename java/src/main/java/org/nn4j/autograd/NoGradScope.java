package org.nn4j.autograd;

import org.nn4j.internal.ThreadState;

/**
 * While open, ops on this thread record no autograd history. Restores the previous mode on
 * close, so scopes nest. Close it on the thread that opened it (try-with-resources).
 */
public final class NoGradScope implements AutoCloseable {
    private final ThreadState state;
    private final boolean previous;
    private boolean closed;

    NoGradScope(boolean enabled) {
        this.state = ThreadState.get();
        this.previous = state.gradEnabled;
        state.gradEnabled = enabled;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        state.gradEnabled = previous;
    }
}
