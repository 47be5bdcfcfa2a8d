package org.nn4j.internal;

/**
 * Per-thread state read on every op, kept in one ThreadLocal so an op pays one lookup: the
 * innermost open Scope, the arena allocations go to, and the autograd grad mode.
 */
public final class ThreadState {
    private static final ThreadLocal<ThreadState> STATE = ThreadLocal.withInitial(ThreadState::new);

    /** Innermost open org.nn4j.Scope on this thread, or null. Typed Object to keep this package free of org.nn4j. */
    public Object scope;
    /** Arena that CPU allocations on this thread come from, or null. */
    public Arena arena;
    /** Autograd records ops only while this is true. */
    public boolean gradEnabled = true;

    private ThreadState() {}

    public static ThreadState get() {
        return STATE.get();
    }
}
