package org.nn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nn4j.data.DataTesting.flatLabels;
import static org.nn4j.data.DataTesting.labelsOfPass;
import static org.nn4j.data.DataTesting.numbered;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.nn4j.Scope;
import org.nn4j.Tensor;

/** The pipeline (DU3): batch sizes, seeded shuffles, map, repeat, take, streaming sources. */
class DatasetTest {

    @Test
    void lastBatchIsKeptOrDropped() {
        try (TensorDataset ds = numbered(10, 3)) {
            // indexed path, streaming path (after a map) and shuffled path must agree on sizes
            for (Dataset base : new Dataset[] {ds, ds.map(b -> b).shuffle(4, 1), ds.shuffle(1)}) {
                List<long[]> keep = labelsOfPass(base.batch(4));
                assertEquals(List.of(4, 4, 2), sizes(keep), "keep: " + base);
                assertEquals(3, base.batch(4).size());
                List<long[]> drop = labelsOfPass(base.batch(4, true));
                assertEquals(List.of(4, 4), sizes(drop), "drop: " + base);
                assertEquals(2, base.batch(4, true).size());
                assertEquals(List.of(5, 5), sizes(labelsOfPass(base.batch(5, true))), "exact multiple");
            }
            assertArrayEquals(LongStream.range(0, 10).toArray(), flatLabels(ds.batch(4)), "unshuffled order");
        }
    }

    @Test
    void batchesHoldTheRightRows() {
        try (TensorDataset ds = numbered(7, 3); Scope s = Scope.open()) {
            IndexedDataset batches = ds.batch(3);
            Batch b = batches.get(2);  // batches are indexable: the partial last one
            assertEquals(org.nn4j.Shape.of(1, 3), b.x().shape());
            assertArrayEquals(new float[] {18, 19, 20}, b.x().toFloatArray());
            Batch first = batches.get(0);
            assertArrayEquals(new long[] {0, 1, 2}, first.y().toLongArray());
            assertEquals(org.nn4j.Shape.of(3, 3), first.x().shape());
            assertThrows(IndexOutOfBoundsException.class, () -> batches.get(3));
        }
    }

    @Test
    void shuffleIsASeededPermutationRedrawnEachPass() {
        try (TensorDataset ds = numbered(50, 2)) {
            Dataset a = ds.shuffle(7);
            long[] pass0 = flatLabels(a);
            long[] pass1 = flatLabels(a);
            long[] sorted = pass0.clone();
            Arrays.sort(sorted);
            assertArrayEquals(LongStream.range(0, 50).toArray(), sorted, "a permutation");
            assertFalse(Arrays.equals(pass0, LongStream.range(0, 50).toArray()), "shuffled");
            assertFalse(Arrays.equals(pass0, pass1), "a new order each pass");
            // the same seed in a pipeline built again gives the same sequence of passes
            Dataset b = ds.shuffle(7);
            assertArrayEquals(pass0, flatLabels(b));
            assertArrayEquals(pass1, flatLabels(b));
            assertFalse(Arrays.equals(pass0, flatLabels(ds.shuffle(8))), "another seed, another order");
            Dataset fixed = ds.shuffle(7, false);
            assertArrayEquals(flatLabels(fixed), flatLabels(fixed), "reshuffleEachPass false");
        }
    }

    @Test
    void shuffledBatchesEqualStackedShuffledExamples() {
        // shuffle(seed).batch(b) gathers rows directly; through a map it stacks examples: same batches
        try (TensorDataset ds = numbered(23, 4)) {
            List<float[]> direct = features(ds.shuffle(3).batch(5));
            List<float[]> stacked = features(ds.shuffle(3).map(b -> b).batch(5));
            assertEquals(direct.size(), stacked.size());
            for (int i = 0; i < direct.size(); i++) assertArrayEquals(direct.get(i), stacked.get(i), "batch " + i);
        }
    }

    @Test
    void bufferShuffleIsDeterministicAndComplete() {
        try (TensorDataset ds = numbered(40, 1)) {
            Dataset stream = ds.repeat(1);  // a stream: no random access
            assertThrows(UnsupportedOperationException.class, () -> stream.shuffle(1));
            long[] a = flatLabels(stream.shuffle(8, 5));
            assertArrayEquals(a, flatLabels(stream.shuffle(8, 5)));
            long[] s = a.clone();
            Arrays.sort(s);
            assertArrayEquals(LongStream.range(0, 40).toArray(), s);
            assertFalse(Arrays.equals(a, LongStream.range(0, 40).toArray()));
            assertFalse(Arrays.equals(a, flatLabels(stream.shuffle(8, 6))));
            // a buffer of 8 cannot move an element more than 7 places earlier
            for (int i = 0; i < a.length; i++) assertTrue(a[i] <= i + 7, "element " + a[i] + " at " + i);
        }
    }

    @Test
    void mapRunsPerElementAndOwnsTemporaries() {
        try (TensorDataset ds = numbered(6, 2)) {
            Dataset scaled = ds.map(b -> new Batch(b.x().mul(2).add(1), b.y())).batch(6);
            try (DataIterator it = scaled.iterator(); Batch b = it.next()) {
                float[] x = b.x().toFloatArray();
                for (int i = 0; i < x.length; i++) assertEquals(2 * i + 1, x[i], 0);
                assertFalse(it.hasNext());
            }
            IndexedDataset mapped = ds.map(b -> new Batch(b.x().neg(), b.y()));
            try (Batch b = mapped.get(4)) {
                assertArrayEquals(new float[] {-8, -9}, b.x().toFloatArray());
            }
            Dataset bad = ds.map(b -> null);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> flatLabels(bad));
            assertTrue(e.getMessage().contains("returned null"), e.getMessage());
        }
    }

    @Test
    void repeatAndTake() {
        try (TensorDataset ds = numbered(5, 1)) {
            assertArrayEquals(new long[] {0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4}, flatLabels(ds.repeat(3)));
            assertEquals(15, ds.repeat(3).size());
            assertArrayEquals(new long[] {0, 1, 2, 3, 4, 0, 1}, flatLabels(ds.repeat().take(7)));
            assertEquals(-1, ds.repeat().size());
            // batches span the pass boundary after repeat, as in tf.data
            assertEquals(List.of(4, 4, 2), sizes(labelsOfPass(ds.repeat(2).batch(4))));
            // each repetition of a shuffle is a new permutation, reproducibly
            long[] r = flatLabels(ds.shuffle(11).repeat(2));
            assertArrayEquals(r, flatLabels(ds.shuffle(11).repeat(2)));
            assertFalse(Arrays.equals(Arrays.copyOfRange(r, 0, 5), Arrays.copyOfRange(r, 5, 10)));
            assertArrayEquals(new long[] {0, 1}, flatLabels(ds.take(2)));
            assertArrayEquals(new long[] {2, 3}, flatLabels(ds.slice(2, 4)));
            assertArrayEquals(new long[] {4, 0, 4}, flatLabels(ds.subset(new long[] {4, 0, 4})));
            assertArrayEquals(new long[0], flatLabels(ds.take(0).repeat()), "an empty pass ends repeat()");
        }
    }

    @Test
    void generatorIsAStreamingSource() {
        Dataset gen = Dataset.fromGenerator(() -> new Iterator<Batch>() {
            int i;

            @Override
            public boolean hasNext() {
                return i < 7;
            }

            @Override
            public Batch next() {
                Tensor x = Tensor.full(i, org.nn4j.DType.FLOAT32, 2);
                return new Batch(x, Tensor.scalar(i++, org.nn4j.DType.INT64));
            }
        }, 7);
        assertEquals(List.of(3, 3, 1), sizes(labelsOfPass(gen.batch(3))));
        assertArrayEquals(flatLabels(gen.shuffle(100, 2)), flatLabels(gen.shuffle(100, 2)));
        assertArrayEquals(LongStream.range(0, 7).toArray(), flatLabels(gen), "each pass calls the generator anew");
    }

    @Test
    void elementsOfOneBatchMustMatch() {
        Dataset ragged = Dataset.fromGenerator(() -> List.of(
                new Batch(Tensor.zeros(3), null), new Batch(Tensor.zeros(4), null)).iterator());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> labelsOfPass(ragged.batch(2)));
        assertTrue(e.getMessage().contains("element 1 has x (4)"), e.getMessage());
        assertTrue(e.getMessage().contains("Sequences.pad"), e.getMessage());
    }

    @Test
    void badArgumentsAreNamed() {
        try (TensorDataset ds = numbered(3, 1)) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> ds.batch(0)).getMessage().contains("batchSize = 0"));
            assertThrows(IllegalArgumentException.class, () -> ds.prefetch(0));
            assertThrows(IllegalArgumentException.class, () -> ds.repeat(0));
            assertThrows(IllegalArgumentException.class, () -> ds.shuffle(0, 1));
        }
        try (Tensor x = Tensor.zeros(4, 2); Tensor y = Tensor.zeros(3)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TensorDataset.of(x, y));
            assertTrue(e.getMessage().contains("(4, 2)") && e.getMessage().contains("(3)"), e.getMessage());
        }
    }

    @Test
    void datasetHoldsItsOwnReferences() {
        TensorDataset ds;
        try (Tensor x = Tensor.ones(4, 2); Tensor y = Tensor.arange(4, org.nn4j.DType.INT64)) {
            ds = TensorDataset.of(x, y);
        }
        // the caller closed its tensors; the dataset still reads
        assertArrayEquals(new long[] {0, 1, 2, 3}, flatLabels(ds));
        ds.close();
        assertThrows(IllegalStateException.class, () -> ds.get(0));
    }

    private static List<Integer> sizes(List<long[]> batches) {
        List<Integer> out = new ArrayList<>();
        for (long[] b : batches) out.add(b.length);
        return out;
    }

    private static List<float[]> features(Dataset ds) {
        List<float[]> out = new ArrayList<>();
        ds.forEach(b -> out.add(b.x().toFloatArray()));
        return out;
    }
}
