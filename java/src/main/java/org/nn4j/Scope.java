package org.nn4j;

import java.util.function.Supplier;
import org.nn4j.internal.Arena;
import org.nn4j.internal.ThreadState;

/**
 * Deterministic cleanup: every tensor created on this thread while the scope is the innermost
 * open one is closed when the scope closes, except those passed to {@link #keep}, which move to
 * the enclosing scope (or to no scope, and then the caller closes them).
 *
 * <pre>{@code
 * try (Scope s = Scope.open()) {
 *     Tensor loss = model.forward(x).sub(y).square().mean();
 *     loss.backward();
 *     result = s.keep(loss.detach());
 * }
 * }</pre>
 *
 * {@link #arena(long)} also serves host allocations from one pre-allocated block (bump
 * allocation, normal allocator when full), released at close: one per training step. Scopes nest
 * and must be closed in reverse order on the thread that opened them.
 */
public final class Scope implements AutoCloseable {
    private final ThreadState state;
    private final Scope parent;
    private final Arena arena;       // own arena, or null
    private final Arena outerArena;  // restored at close
    private Tensor[] items = new Tensor[16];
    private int size;
    private boolean closed;

    private Scope(Arena arena) {
        this.state = ThreadState.get();
        this.parent = (Scope) state.scope;
        this.outerArena = state.arena;
        this.arena = arena;
        if (arena != null) state.arena = arena;
        state.scope = this;
    }

    /** Opens a scope on this thread. */
    public static Scope open() {
        return new Scope(null);
    }

    /** Opens a scope whose host tensors come from one block of {@code bytes}. */
    public static Scope arena(long bytes) {
        return new Scope(Arena.create(bytes));
    }

    /**
     * Runs body in a new scope; a Tensor or Tensor[] it returns is kept (moved to the enclosing
     * scope), everything else created inside is closed.
     */
    public static <R> R run(Supplier<R> body) {
        try (Scope s = open()) {
            R r = body.get();
            if (r instanceof Tensor) s.keep((Tensor) r);
            else if (r instanceof Tensor[]) for (Tensor t : (Tensor[]) r) if (t != null) s.keep(t);
            return r;
        }
    }

    /**
     * Runs body as if no scope were open on this thread: the tensors it creates belong to no
     * scope and never come from an arena. For state that outlives a step (parameters, optimizer
     * moments created lazily inside a training step); the caller closes them.
     */
    public static <R> R outside(Supplier<R> body) {
        ThreadState st = ThreadState.get();
        Object scope = st.scope;
        Arena arena = st.arena;
        st.scope = null;
        st.arena = null;
        try {
            return body.get();
        } finally {
            st.scope = scope;
            st.arena = arena;
        }
    }

    /** Exempts t from this scope's cleanup (it moves to the enclosing scope, if any). Returns t. */
    public Tensor keep(Tensor t) {
        if (t.scope == this) {
            forget(t);
            if (parent != null && !parent.closed) parent.add(t);
        }
        return t;
    }

    /** keep() for several tensors. */
    public void keepAll(Tensor... ts) {
        for (Tensor t : ts) if (t != null) keep(t);
    }

    /** Number of tensors this scope will close. */
    public int trackedCount() {
        int n = 0;
        for (int i = 0; i < size; i++) if (items[i] != null) n++;
        return n;
    }

    public boolean isArena() {
        return arena != null;
    }

    /** Closes the tensors created inside (newest first), then inner scopes left open, then the arena. */
    @Override
    public void close() {
        if (closed) return;
        if (state != ThreadState.get()) {
            throw new IllegalStateException("Scope.close: a scope must be closed on the thread that opened it");
        }
        // inner scopes left open (an exception skipped their close) go first
        while (state.scope != null && state.scope != this) {
            Scope inner = (Scope) state.scope;
            if (isAncestorOf(inner)) inner.close();
            else break;
        }
        closed = true;
        for (int i = size - 1; i >= 0; i--) {
            Tensor t = items[i];
            if (t != null) {
                items[i] = null;
                t.scope = null;
                t.close();
            }
        }
        size = 0;
        if (state.scope == this) {
            state.scope = parent;
            state.arena = outerArena;
        }
        if (arena != null) arena.release();
    }

    private boolean isAncestorOf(Scope s) {
        for (Scope p = s.parent; p != null; p = p.parent) if (p == this) return true;
        return false;
    }

    // ---- bookkeeping used by Tensor

    static void register(Tensor t) {
        Scope s = (Scope) ThreadState.get().scope;
        if (s != null) s.add(t);
    }

    private void add(Tensor t) {
        if (size == items.length) compactOrGrow();
        t.scope = this;
        t.scopeIndex = size;
        items[size++] = t;
    }

    void forget(Tensor t) {
        int i = t.scopeIndex;
        if (i < size && items[i] == t) items[i] = null;
        t.scope = null;
    }

    private void compactOrGrow() {
        int live = 0;
        for (int i = 0; i < size; i++) {
            Tensor t = items[i];
            if (t != null) {
                t.scopeIndex = live;
                items[live++] = t;
            }
        }
        for (int i = live; i < size; i++) items[i] = null;
        size = live;
        if (size > items.length / 2) items = java.util.Arrays.copyOf(items, items.length * 2);
    }

    @Override
    public String toString() {
        return "Scope(" + (closed ? "closed" : trackedCount() + " tensors") + (arena != null
                ? ", arena " + arena.used() + "/" + arena.capacity() + " bytes" : "") + ")";
    }
}
