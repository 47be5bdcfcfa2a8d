package org.nn4j.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nn4j.DType;
import org.nn4j.Nn4j;
import org.nn4j.Scope;
import org.nn4j.Tensor;

/** Deterministic freeing: views, scopes, arenas, autograd graphs. */
class MemoryTest {
    @Test
    void storageIsFreedWhenTheLastViewCloses() {
        long base = Nn4j.liveBytes();
        Tensor a = Tensor.zeros(1000);
        assertEquals(base + 4000, Nn4j.liveBytes());
        Tensor v = a.reshape(10, 100);
        a.close();
        a.close();  // idempotent
        assertTrue(a.isClosed());
        assertEquals(base + 4000, Nn4j.liveBytes(), "the view keeps the storage");
        assertEquals(0f, v.toFloatArray()[5]);
        v.close();
        assertEquals(base, Nn4j.liveBytes());
    }

    @Test
    void freedHostBlocksAreKeptForReuseWithoutCountingAsLive() {
        long n = 1_000_003;  // 4 MB: above the caching threshold
        try {
            Nn4j.setCacheLimit(1L << 30);
            long live = Nn4j.liveBytes();
            Tensor a = Tensor.full(7, DType.FLOAT32, n);
            a.close();
            assertTrue(Nn4j.cachedBytes() >= 4 * n, "the freed block is kept: " + Nn4j.cachedBytes());
            // the same size class gets the kept block back, stale sevens included: zeros must overwrite them
            try (Scope s = Scope.open()) {  // closes b.abs() too
                Tensor b = Tensor.zeros(n);
                assertEquals(0.0, b.abs().sum().item());
                assertTrue(Nn4j.liveBytes() >= live + 4 * n);
            }
            Nn4j.setCacheLimit(0);  // a lower limit gives the excess back at once
            assertEquals(0, Nn4j.cachedBytes());
            Tensor c = Tensor.zeros(n);
            c.close();
            assertEquals(0, Nn4j.cachedBytes(), "limit 0 keeps nothing");
        } finally {
            Nn4j.setCacheLimit(1L << 30);
        }
        Nn4j.emptyCache();
        assertThrows(IllegalArgumentException.class, () -> Nn4j.setCacheLimit(-1));
    }

    @Test
    void useAfterCloseNamesTheTensor() {
        Tensor a = Tensor.zeros(2, 3);
        a.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.add(1));
        assertTrue(e.getMessage().contains("tensor (2, 3) float32 was closed"), e.getMessage());
        assertTrue(a.toString().contains("closed"));
    }

    @Test
    void tenThousandOpsInAScopeLeaveNothing() {
        long base = Nn4j.liveBytes();
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.ones(64);
            for (int i = 0; i < 10_000; i++) x = x.mul(1.0001).add(Tensor.scalar(0.5)).relu();
            assertTrue(x.toFloatArray()[0] > 1);
        }
        assertEquals(base, Nn4j.liveBytes());
    }

    @Test
    void trainingLikeStepsWithAutogradLeaveOnlyParametersAndGrads() {
        Tensor w = Tensor.rand(1, 16, 8).requiresGrad(true);
        long afterParam = Nn4j.liveBytes();
        for (int step = 0; step < 50; step++) {
            try (Scope s = Scope.open()) {
                Tensor x = Tensor.randn(step, 4, 16);
                Tensor loss = x.matmul(w).tanh().square().mean();
                loss.backward();
            }
        }
        assertEquals(afterParam + 16 * 8 * 4, Nn4j.liveBytes(), "only w.grad remains");
        long base = afterParam - 16 * 8 * 4;
        w.close();  // closes its grad too
        assertEquals(base, Nn4j.liveBytes());
    }

    @Test
    void graphWithoutBackwardIsFreedWithItsTensors() {
        Tensor w = Tensor.ones(100).requiresGrad(true);
        long base = Nn4j.liveBytes();
        try (Scope s = Scope.open()) {
            Tensor y = w.exp().mul(w).sigmoid().sum();
            assertTrue(y.requiresGrad());
        }
        assertEquals(base, Nn4j.liveBytes(), "saved tensors released with the graph");
        w.close();
    }

    @Test
    void keepMovesToTheEnclosingScope() {
        long base = Nn4j.liveBytes();
        Tensor kept;
        try (Scope outer = Scope.open()) {
            try (Scope inner = Scope.open()) {
                kept = inner.keep(Tensor.ones(10).mul(2));
                Tensor.ones(10);
            }
            assertFalse(kept.isClosed());
            assertEquals(2f, kept.toFloatArray()[0]);
        }
        assertTrue(kept.isClosed(), "the outer scope closed it");
        assertEquals(base, Nn4j.liveBytes());
        Tensor r = Scope.run(() -> Tensor.ones(3).add(1));
        assertArrayEquals(new float[] {2, 2, 2}, r.toFloatArray());
        r.close();
        assertEquals(base, Nn4j.liveBytes());
    }

    @Test
    void arenaServesAndReleases() {
        long base = Nn4j.liveBytes();
        Tensor kept;
        try (Scope s = Scope.arena(1 << 20)) {
            assertEquals(base + (1 << 20), Nn4j.liveBytes());
            Tensor a = Tensor.ones(1000);
            Tensor b = a.mul(3).add(a);
            assertEquals(base + (1 << 20), Nn4j.liveBytes(), "served from the block");
            Tensor big = Tensor.zeros(1 << 20);  // does not fit: normal allocator
            assertEquals(base + (1 << 20) + 4 * (1 << 20), Nn4j.liveBytes());
            kept = s.keep(b.sum());
        }
        assertEquals(base + (1 << 20), Nn4j.liveBytes(), "a kept arena tensor pins the block");
        assertEquals(4000f, kept.item(), 0);
        kept.close();
        assertEquals(base, Nn4j.liveBytes());
    }

    @Test
    void leafGradsNeverLiveInTheArena() {
        Tensor w = Tensor.ones(DType.FLOAT64, 8).requiresGrad(true);
        long base = Nn4j.liveBytes();
        for (int i = 0; i < 3; i++) {
            try (Scope s = Scope.arena(1 << 16)) {
                w.mul(w).sum().backward();
            }
        }
        assertEquals(base + 64, Nn4j.liveBytes());
        assertArrayEquals(new double[] {6, 6, 6, 6, 6, 6, 6, 6}, w.grad().toDoubleArray(), 0);
        w.close();
    }
}
