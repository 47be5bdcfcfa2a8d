package org.nn4j.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nn4j.Nn4j;
import org.nn4j.Scope;
import org.nn4j.Tensor;

/**
 * The native thread pool under stress: thousands of back-to-back parallel regions, more threads
 * than cores (so workers are often descheduled and the caller runs their chunks), thread counts
 * changed between calls, and two Java threads using the pool at once. Element-wise results do not
 * depend on how the work is split, so every run must equal the single-thread result exactly.
 */
class ThreadPoolTest {
    private int saved;

    @BeforeEach
    void save() {
        saved = Nn4j.numThreads();
    }

    @AfterEach
    void restore() {
        Nn4j.setNumThreads(saved);
    }

    /** relu(x * 1.5 + 0.25) over 300,001 elements: several parallel regions per call. */
    private static float[] work(Tensor x) {
        try (Scope s = Scope.open()) {
            return x.mul(1.5).add(0.25).relu().toFloatArray();
        }
    }

    @Test
    void manyRegionsOnMoreThreadsThanCoresMatchOneThread() {
        try (Tensor x = Tensor.randn(7, 300_001)) {
            Nn4j.setNumThreads(1);
            float[] want = work(x);
            for (int threads : new int[] {2, 5, 1, 3, 2}) {
                Nn4j.setNumThreads(threads);
                for (int i = 0; i < 300; i++) assertArrayEquals(want, work(x), "threads " + threads + ", run " + i);
            }
        }
    }

    @Test
    void twoJavaThreadsAtOnceGetExactResults() throws Exception {
        Nn4j.setNumThreads(2);
        try (Tensor a = Tensor.randn(8, 200_003); Tensor b = Tensor.randn(9, 150_007)) {
            float[] wantA = work(a), wantB = work(b);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Integer>> runs = new ArrayList<>();
                for (Tensor t : new Tensor[] {a, b}) {
                    float[] want = t == a ? wantA : wantB;
                    runs.add(pool.submit(() -> {
                        for (int i = 0; i < 200; i++) assertArrayEquals(want, work(t));
                        return 200;
                    }));
                }
                for (Future<Integer> f : runs) assertEquals(200, f.get());
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
