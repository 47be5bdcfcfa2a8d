package org.nn4j.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nn4j.DType;
import org.nn4j.Nn4j;
import org.nn4j.Scope;
import org.nn4j.Tensor;

/**
 * Native memory is freed deterministically: live bytes (nn4j_live_bytes) return to their
 * baseline after 10,000 ops in a Scope, in an arena scope, and after closing tensors by hand,
 * views and autograd graphs included.
 */
class LiveBytesTest {
    static final int OPS = 10_000;

    /** About ten ops per round, of every family: element-wise, reduction, matmul, views, copies, casts, grads. */
    static int workload(int rounds) {
        int ops = 0;
        Tensor w = Tensor.rand(7, 13, 5);
        Tensor x = Tensor.randn(8, 7, 13);
        for (int i = 0; i < rounds; i++) {
            Tensor h = x.matmul(w).relu();                 // 2
            Tensor r = h.sum(true, 1).add(h.mean());       // 3
            Tensor v = r.t().reshape(-1).slice(0, 1, 5, 2);// views
            Tensor c = Tensor.concat(0, v, v).to(DType.FLOAT64).exp(); // 3
            x = x.mul(0.5).add(c.sum().to(DType.FLOAT32).item() * 1e-6); // 2
            ops += 10;
        }
        return ops;
    }

    /**
     * The live-byte count once tensors leaked by earlier tests (unreachable, not closed) have been
     * freed by the Cleaner safety net, so that it cannot drop in the middle of a measurement.
     */
    static long settle() {
        long last = Long.MIN_VALUE;
        for (int stable = 0, i = 0; stable < 3 && i < 100; i++) {
            System.gc();
            sleep(10);
            long now = Nn4j.liveBytes();
            stable = now == last ? stable + 1 : 0;
            last = now;
        }
        return last;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void scopeFreesEverythingItCreated() {
        try (Scope s = Scope.open()) {
            workload(10);  // warm-up: any lazily created caches exist before the baseline
        }
        long base = settle();
        try (Scope s = Scope.open()) {
            assertTrue(workload(OPS / 10) >= OPS);
            assertTrue(Nn4j.liveBytes() > base, "the ops inside the scope allocated");
        }
        assertEquals(base, Nn4j.liveBytes(), "live bytes after the scope closed");
    }

    @Test
    void arenaScopeReleasesItsBlock() {
        try (Scope s = Scope.arena(1 << 16)) {
            workload(10);
        }
        long base = settle();
        // 64 KiB is far less than the workload needs: the arena fills and falls back to the allocator
        try (Scope s = Scope.arena(1 << 16)) {
            workload(OPS / 10);
        }
        assertEquals(base, Nn4j.liveBytes(), "live bytes after an overflowing arena scope");
        for (int step = 0; step < 20; step++) {  // one arena per "training step"
            try (Scope s = Scope.arena(1 << 22)) {
                workload(5);
            }
        }
        assertEquals(base, Nn4j.liveBytes(), "live bytes after 20 arena steps");
    }

    @Test
    void closingTensorsByHand() {
        long base = settle();
        Tensor a = Tensor.zeros(DType.FLOAT64, 100, 100);
        assertEquals(base + 80_000, Nn4j.liveBytes(), "100 x 100 float64");
        Tensor t = a.t();
        Tensor view = t.slice(0, 3, 50);
        a.close();
        t.close();
        assertEquals(base + 80_000, Nn4j.liveBytes(), "an open view keeps the storage");
        try (Tensor sum = view.sum()) {
            assertEquals(0.0, sum.item(), "the view is still readable");
        }
        view.close();
        assertEquals(base, Nn4j.liveBytes(), "closing the last view frees the storage");
        a.close();  // idempotent
        assertTrue(a.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.add(1.0));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertTrue(e.getMessage().contains("(100, 100)"), "the message names the tensor: " + e.getMessage());
        for (int i = 0; i < 1000; i++) {
            try (Tensor r = Tensor.rand(i, 13, 7); Tensor y = r.exp()) {
                assertEquals(base + 2 * 13 * 7 * 4, Nn4j.liveBytes());
            }
        }
        assertEquals(base, Nn4j.liveBytes(), "after 1000 create/close rounds");
    }

    @Test
    void nestedScopesAndKeep() {
        long base = settle();
        Tensor kept;
        try (Scope outer = Scope.open()) {
            Tensor inner;
            try (Scope s = Scope.open()) {
                Tensor t = Tensor.ones(10, 10).mul(3.0);
                inner = s.keep(t);
                Tensor.ones(50, 50);  // freed with the inner scope
            }
            assertFalse(inner.isClosed(), "kept tensor outlives its scope");
            assertEquals(300.0, inner.sum().item());
            kept = inner;
        }
        assertTrue(kept.isClosed(), "an outer scope closes what an inner one kept");
        assertEquals(base, Nn4j.liveBytes());
    }

    @Test
    void autogradGraphsAreFreed() {
        Tensor w = Tensor.randn(3, 13, 5).requiresGrad(true);
        long base;
        try (Scope s = Scope.open()) {
            Tensor.rand(1, 7, 13).matmul(w).square().mean().backward();  // warm-up, creates w.grad
        }
        w.zeroGrad();
        base = settle();
        for (int step = 0; step < 200; step++) {
            try (Scope s = Scope.open()) {
                Tensor x = Tensor.rand(step, 7, 13);
                Tensor loss = x.matmul(w).tanh().square().mean().add(w.square().sum().mul(1e-3));
                loss.backward();
            }
        }
        assertNotNull(w.grad(), "grads accumulate into a leaf that outlives the scope");
        assertFalse(w.grad().isClosed(), "a leaf's grad is not closed by the scope that made it");
        assertEquals(base, Nn4j.liveBytes(), "graphs and temporaries of 200 steps are freed");
        w.close();
        assertEquals(base - 13 * 5 * 4 * 2, Nn4j.liveBytes(), "closing a leaf frees it and its grad");
    }

    /** An op that fails in the native call (after its output was allocated) must free that output. */
    @Test
    void failedOpsFreeWhatTheyAllocated() {
        Tensor x = Tensor.ones(4, 3), src = Tensor.ones(4, 2);
        Tensor bad = Tensor.full(99, DType.INT64, 4, 2);
        long base = settle();
        try {
            for (int i = 0; i < 100; i++) {
                assertThrows(IllegalArgumentException.class, () -> x.gather(1, bad), "gather index 99");
                assertThrows(IllegalArgumentException.class, () -> x.scatterAdd(1, bad, src), "scatterAdd index 99");
            }
            assertEquals(base, Nn4j.liveBytes(), "live bytes after 100 failed gathers (32 B out) and scatterAdds (48 B out)");
        } finally {
            x.close();
            src.close();
            bad.close();
            settle();  // whatever leaked is left to the Cleaner here, not in the next test
        }
    }
}
