package org.nn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nn4j.data.DataTesting.flatLabels;
import static org.nn4j.data.DataTesting.numbered;
import static org.nn4j.data.DataTesting.settle;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.nn4j.DType;
import org.nn4j.Nn4j;
import org.nn4j.Scope;
import org.nn4j.Tensor;

/**
 * prefetch on a background thread keeps the order, propagates errors and stops cleanly; a full
 * epoch loop, prefetched or not, returns native memory to its baseline.
 */
class PrefetchAndMemoryTest {
    private static final Augmentation AUG = Augmentation.builder().seed(3).horizontalFlip().crop(1).build();

    /** map, shuffle, batch and an augmentation: a typical training pipeline over (N, 1, 6, 6) images. */
    private static Dataset pipeline(TensorDataset ds, Augmentation aug, boolean prefetch) {
        Dataset d = ds.map(b -> new Batch(b.x().mul(0.5), b.y())).shuffle(9).batch(8).map(aug::train);
        return prefetch ? d.prefetch(3) : d;
    }

    private static TensorDataset images(int n) {
        try (Tensor x = Tensor.rand(5, n, 1, 6, 6); Tensor y = Tensor.arange(n, DType.INT64)) {
            return TensorDataset.of(x, y);
        }
    }

    @Test
    void prefetchKeepsTheOrderAndValues() {
        try (TensorDataset ds = images(45)) {
            Augmentation a1 = Augmentation.builder().seed(3).horizontalFlip().crop(1).build();
            Augmentation a2 = Augmentation.builder().seed(3).horizontalFlip().crop(1).build();
            Dataset plain = pipeline(ds, a1, false);
            Dataset ahead = pipeline(ds, a2, true);
            for (int epoch = 0; epoch < 2; epoch++) {
                List<float[]> p = values(plain), q = values(ahead);
                assertEquals(6, p.size(), "45 examples in batches of 8");
                assertEquals(p.size(), q.size());
                for (int i = 0; i < p.size(); i++) assertArrayEquals(p.get(i), q.get(i), "epoch " + epoch + " batch " + i);
            }
            assertArrayEquals(flatLabels(ds.shuffle(4).batch(7)), flatLabels(ds.shuffle(4).batch(7).prefetch(1)));
        }
    }

    @Test
    void errorsOnTheBackgroundThreadReachTheConsumer() {
        try (TensorDataset ds = numbered(20, 2)) {
            Dataset failing = ds.map(b -> {
                if ((long) b.y().item() == 5) throw new IllegalStateException("example 5 is bad");
                return b;
            }).prefetch(2);
            List<Long> seen = new ArrayList<>();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
                try (DataIterator it = failing.iterator()) {
                    while (it.hasNext()) {
                        try (Batch b = it.next()) {
                            seen.add((long) b.y().item());
                        }
                    }
                }
            });
            assertEquals("example 5 is bad", e.getMessage());
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L), seen, "the elements before the failure arrive first");
        }
    }

    @Test
    void closingEarlyStopsTheThreadAndFreesWhatItPrepared() {
        try (TensorDataset ds = images(200)) {
            AtomicInteger produced = new AtomicInteger();
            Dataset d = ds.map(b -> {
                produced.incrementAndGet();
                return b;
            }).batch(4).prefetch(2);
            flatLabels(d.take(1));  // warm-up
            long base = settle();
            int threadsBefore = prefetchThreads();
            try (DataIterator it = d.iterator()) {
                try (Batch b = it.next()) {
                    assertEquals(4, b.size());
                }
                assertTrue(it.hasNext());
            }
            assertEquals(threadsBefore, prefetchThreads(), "the producer thread has ended");
            assertTrue(produced.get() < 200, "the producer stopped early (bounded queue): " + produced.get());
            assertEquals(base, Nn4j.liveBytes(), "queued batches were released");
        }
    }

    @Test
    void anEpochLoopDoesNotGrowLiveBytes() {
        try (TensorDataset ds = images(100)) {
            for (boolean prefetch : new boolean[] {false, true}) {
                Dataset d = pipeline(ds, AUG, prefetch);
                runEpoch(d);  // warm-up
                long base = settle();
                for (int epoch = 0; epoch < 3; epoch++) {
                    // closing each batch by hand
                    try (DataIterator it = d.iterator()) {
                        while (it.hasNext()) {
                            try (Batch b = it.next()) {
                                b.x().sum().close();
                            }
                        }
                    }
                    assertEquals(base, Nn4j.liveBytes(), "prefetch " + prefetch + ", epoch " + epoch);
                    // or leaving it to one Scope per step
                    runEpoch(d);
                    assertEquals(base, Nn4j.liveBytes(), "prefetch " + prefetch + ", scoped epoch " + epoch);
                }
            }
        }
    }

    @Test
    void readersAndTransformsDoNotLeak(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        try (Tensor x = Tensor.rand(1, 30, 1, 4, 4).mul(255).floor(); Tensor y = Tensor.arange(30, DType.INT64)) {
            Idx.write(dir.resolve("x.gz"), x, IdxType.UBYTE);
            Npy.write(dir.resolve("x.npy"), x);
        }
        try (Scope s = Scope.open()) {  // warm-up
            Idx.readImages(dir.resolve("x.gz"));
        }
        long base = settle();
        for (int i = 0; i < 3; i++) {
            try (Scope s = Scope.open()) {
                Tensor img = Idx.readImages(dir.resolve("x.gz"));
                Npy.read(dir.resolve("x.npy"));
                try (TensorDataset ds = TensorDataset.of(img, Tensor.arange(30, DType.INT64))) {
                    Split<IndexedDataset> sp = Splits.trainDevTest(ds, 0.2, 0.2, 1, true);
                    StandardScaler sc = new StandardScaler();
                    Split<IndexedDataset> t = sc.fitTransform(sp);
                    flatLabels(t.train().batch(4));
                    OneHot.encode(Tensor.arange(30, DType.INT64), 30);
                }
            }
            assertEquals(base, Nn4j.liveBytes(), "round " + i);
        }
    }

    @Test
    void anAbandonedIteratorDoesNotBlockTheNextPass() {
        try (TensorDataset ds = numbered(50, 1)) {
            Dataset d = ds.batch(2).prefetch(1);
            DataIterator first = d.iterator();
            first.next().close();
            // no close(): a new pass still runs to the end
            assertEquals(50, flatLabels(d).length);
            first.close();
            assertFalse(first.hasNext());
        }
    }

    private static void runEpoch(Dataset d) {
        try (DataIterator it = d.iterator()) {
            while (it.hasNext()) {
                try (Scope s = Scope.open()) {
                    Batch b = it.next();
                    b.x().square().mean();
                }
            }
        }
    }

    private static List<float[]> values(Dataset d) {
        List<float[]> out = new ArrayList<>();
        d.forEach(b -> out.add(b.x().toFloatArray()));
        return out;
    }

    private static int prefetchThreads() {
        int n = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) if (t.getName().startsWith("nn4j-prefetch")) n++;
        return n;
    }
}
