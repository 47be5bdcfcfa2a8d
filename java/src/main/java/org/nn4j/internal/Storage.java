package org.nn4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Cleaner;

/**
 * A reference-counted native buffer shared by a tensor and all of its views. Each view holds
 * one reference; the last {@link #release()} frees the memory at once. A {@link Cleaner} frees it
 * if every holder became unreachable without closing; both paths go through one
 * {@link Cleaner.Cleanable}, which runs at most once, so memory is never freed twice.
 */
public final class Storage {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final VarHandle REFS;

    static {
        try {
            REFS = MethodHandles.lookup().findVarHandle(Storage.class, "refs", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Native device code: 0 = CPU, 1 + ordinal = CUDA. */
    public final int device;
    public final long address;
    public final long bytes;
    @SuppressWarnings("unused") private volatile int refs = 1;
    private final Cleaner.Cleanable cleanable;
    private final boolean fromArena;

    private Storage(int device, long address, long bytes, Arena arena) {
        this.device = device;
        this.address = address;
        this.bytes = bytes;
        this.fromArena = arena != null;
        this.cleanable = CLEANER.register(this, new Free(device, address, arena));
    }

    /** Memory owned by someone else (a per-thread scalar slot): never freed, references not counted. */
    private Storage(long address, long bytes) {
        this.device = 0;
        this.address = address;
        this.bytes = bytes;
        this.fromArena = false;
        this.cleanable = null;
    }

    static Storage borrowed(long address, long bytes) {
        return new Storage(address, bytes);
    }

    /**
     * Allocates {@code bytes} on a device. Host allocations come from this thread's arena when
     * one is open and has room.
     */
    public static Storage allocate(int device, long bytes) {
        if (device == 0) {
            Arena arena = ThreadState.get().arena;
            if (arena != null) {
                long addr = arena.tryAllocate(bytes);
                if (addr != 0) return new Storage(0, addr, bytes, arena);
            }
        }
        return new Storage(device, Kernels.rawAlloc(device, bytes), bytes, null);
    }

    /** Allocates from the normal allocator, never an arena (for state that outlives a step). */
    public static Storage allocateHeap(int device, long bytes) {
        return new Storage(device, Kernels.rawAlloc(device, bytes), bytes, null);
    }

    /** Adds a reference (a new view). */
    public void retain() {
        if (cleanable != null) REFS.getAndAdd(this, 1);
    }

    /** Drops a reference; the last one frees the memory now. */
    public void release() {
        if (cleanable == null) return;
        int before = (int) REFS.getAndAdd(this, -1);
        if (before == 1) {
            cleanable.clean();
        } else if (before <= 0) {
            throw new IllegalStateException("Storage released more often than retained");
        }
    }

    /** Current number of views holding this storage. */
    public int refCount() {
        return (int) REFS.getVolatile(this);
    }

    public boolean fromArena() {
        return fromArena;
    }

    /** The cleaning action: must not reference the Storage itself. */
    private static final class Free implements Runnable {
        private final int device;
        private final long address;
        private final Arena arena;

        Free(int device, long address, Arena arena) {
            this.device = device;
            this.address = address;
            this.arena = arena;
        }

        @Override
        public void run() {
            if (arena != null) {
                arena.release();
            } else {
                Kernels.rawFree(device, address);
            }
        }
    }
}
