package org.nn4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One pre-allocated host block handed out by bump allocation (64-byte aligned), for the
 * short-lived tensors of one training step. The block is freed once its scope has closed and
 * the last storage carved from it is released; a tensor kept beyond the scope therefore pins the
 * whole block until it is closed. When the block is full, allocations fall back to the normal
 * allocator.
 */
public final class Arena {
    private static final VarHandle REFS;

    static {
        try {
            REFS = MethodHandles.lookup().findVarHandle(Arena.class, "refs", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long base;
    private final long capacity;
    private long used;
    @SuppressWarnings("unused") private volatile int refs = 1;  // the scope's reference

    private Arena(long base, long capacity) {
        this.base = base;
        this.capacity = capacity;
    }

    /** Allocates a block of {@code bytes} on the host. */
    public static Arena create(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("Scope.arena: bytes = " + bytes + " is negative");
        long addr = Kernels.rawAlloc(0, bytes);
        return new Arena(addr, bytes);
    }

    /** Carves {@code bytes} from the block, or returns 0 when it does not fit. Owner thread only. */
    long tryAllocate(long bytes) {
        long size = ((Math.max(bytes, 1) + 63) >>> 6) << 6;
        if (used + size > capacity) return 0;
        long addr = base + used;
        used += size;
        REFS.getAndAdd(this, 1);
        return addr;
    }

    public long capacity() {
        return capacity;
    }

    public long used() {
        return used;
    }

    /** Drops one reference (the scope's or a storage's); the last one frees the block. */
    public void release() {
        if ((int) REFS.getAndAdd(this, -1) == 1) {
            Kernels.rawFree(0, base);
        }
    }
}
