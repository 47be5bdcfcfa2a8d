package org.nn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nn4j.data.DataTesting.flatLabels;

import java.util.Arrays;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.nn4j.DType;
import org.nn4j.Tensor;

/** Splits (U4): exact sizes, disjoint and exhaustive, reproducible, stratified proportions. */
class SplitsTest {

    /** 103 examples whose label is their index; classes for stratification are separate. */
    private static TensorDataset indexed(int n) {
        try (Tensor x = Tensor.arange(n, DType.INT64).reshape(n, 1); Tensor y = Tensor.arange(n, DType.INT64)) {
            return TensorDataset.of(x, y);
        }
    }

    @Test
    void sizesAreExactAndPartsDisjointAndExhaustive() {
        try (TensorDataset ds = indexed(103)) {
            Split<IndexedDataset> s = Splits.trainDevTest(ds, 0.1, 0.2, 42, false);
            assertEquals(21, s.test().size(), "ceil(103 * 0.2)");
            assertEquals(11, s.dev().size(), "ceil(103 * 0.1)");
            assertEquals(71, s.train().size());
            long[] all = LongStream.concat(LongStream.concat(LongStream.of(flatLabels(s.train())),
                    LongStream.of(flatLabels(s.dev()))), LongStream.of(flatLabels(s.test()))).sorted().toArray();
            assertArrayEquals(LongStream.range(0, 103).toArray(), all);
            Split<IndexedDataset> again = Splits.trainDevTest(ds, 0.1, 0.2, 42, false);
            assertArrayEquals(flatLabels(s.test()), flatLabels(again.test()), "same seed, same split");
            assertArrayEquals(flatLabels(s.train()), flatLabels(again.train()));
            assertFalse(Arrays.equals(flatLabels(s.test()), flatLabels(Splits.trainDevTest(ds, 0.1, 0.2, 43, false)
                    .test())), "another seed, another split");
            Split<IndexedDataset> ordered = Splits.of(ds).test(0.25).shuffle(false).split();
            assertNull(ordered.dev());
            assertArrayEquals(LongStream.range(77, 103).toArray(), flatLabels(ordered.test()), "unshuffled: test last");
            Split<IndexedDataset> counts = Splits.of(ds).devCount(3).testCount(5).seed(1).split();
            assertEquals(3, counts.dev().size());
            assertEquals(5, counts.test().size());
            assertThrows(IllegalArgumentException.class, () -> Splits.of(ds).dev(0.5).test(0.5).split());
            assertThrows(IllegalArgumentException.class, () -> Splits.of(ds).test(1.0));
        }
    }

    @Test
    void stratifiedPartsKeepTheClassProportions() {
        // classes of sizes 60, 30 and 10 in a fixed interleaved order
        int n = 100;
        long[] cls = new long[n];
        for (int i = 0; i < n; i++) cls[i] = i % 10 == 0 ? 2 : i % 10 < 4 ? 1 : 0;
        try (Tensor x = Tensor.arange(n, DType.FLOAT32).reshape(n, 1); Tensor y = Tensor.of(cls, n);
             TensorDataset ds = TensorDataset.of(x, y)) {
            Split<IndexedDataset> s = Splits.trainDevTest(ds, 0.2, 0.3, 7, true);
            assertEquals(30, s.test().size());
            assertEquals(20, s.dev().size());
            assertEquals(50, s.train().size());
            assertArrayEquals(new long[] {30, 15, 5}, counts(s.train()));
            assertArrayEquals(new long[] {12, 6, 2}, counts(s.dev()));
            assertArrayEquals(new long[] {18, 9, 3}, counts(s.test()));
            // unstratified splits of this data do not all come out in proportion
            boolean off = false;
            for (long seed = 0; seed < 5 && !off; seed++) {
                off = !Arrays.equals(new long[] {18, 9, 3}, counts(Splits.trainDevTest(ds, 0.2, 0.3, seed, false).test()));
            }
            assertTrue(off);
            // one-hot labels stratify the same way
            try (Tensor oh = OneHot.encode(y, 3); TensorDataset hot = TensorDataset.of(x, oh)) {
                assertArrayEquals(s.test().classIndices(), Splits.trainDevTest(hot, 0.2, 0.3, 7, true).test().classIndices());
            }
        }
    }

    @Test
    void stratifiedRoundingStaysExact() {
        // 7 / 5 / 2 examples and a test fraction that cannot be met per class exactly
        long[] cls = {0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2};
        try (Tensor x = Tensor.zeros(14, 1); Tensor y = Tensor.of(cls, 14); TensorDataset ds = TensorDataset.of(x, y)) {
            Split<IndexedDataset> s = Splits.trainTest(ds, 0.3, 3, true);
            assertEquals(5, s.test().size(), "ceil(14 * 0.3)");
            long[] c = counts(s.test());
            long[] sizes = {7, 5, 2};
            for (int k = 0; k < 3; k++) {
                double quota = 5.0 * sizes[k] / 14;
                assertTrue(Math.abs(c[k] - quota) < 1, "class " + k + ": " + c[k] + " test examples, quota " + quota);
            }
            assertThrows(IllegalArgumentException.class, () -> {
                try (Tensor f = Tensor.zeros(14); TensorDataset bad = TensorDataset.of(x, f)) {
                    Splits.trainTest(bad, 0.3, 3, true);
                }
            }, "float labels are not classes");
        }
    }

    private static long[] counts(IndexedDataset d) {
        long[] out = new long[3];
        for (long c : d.classIndices()) out[(int) c]++;
        return out;
    }
}
