package org.nn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Shape;
import org.nn4j.Tensor;

/** Scalers fitted on the training split only, one-hot and label encoding, sequence padding. */
class TransformsTest {

    /** Column j of the training data has mean 10j and std 1 + j; the test data is shifted by 100. */
    private static Tensor columns(long seed, int n, double shift) {
        Tensor z = Tensor.randn(seed, n, 3);
        return z.mul(Tensor.of(new float[] {1, 2, 3}, 3)).add(Tensor.of(new float[] {0, 10, 20}, 3)).add(shift);
    }

    @Test
    void standardizeUsesTrainingStatisticsEverywhere() {
        try (Scope s = Scope.open()) {
            Tensor train = columns(1, 400, 0), test = columns(2, 100, 100);
            try (TensorDataset tr = TensorDataset.of(train, Tensor.zeros(DType.INT64, 400));
                 TensorDataset te = TensorDataset.of(test, Tensor.zeros(DType.INT64, 100))) {
                StandardScaler sc = new StandardScaler();
                Split<IndexedDataset> out = sc.fitTransform(new Split<>(tr, null, te));
                // reference statistics computed here in float64 from the training data alone
                Tensor t64 = train.to(DType.FLOAT64);
                double[] mean = t64.mean(false, 0).toDoubleArray();
                double[] std = t64.std(0, false, 0).toDoubleArray();
                assertArrayEquals(mean, sc.mean(), 1e-9);
                assertArrayEquals(std, sc.std(), 1e-9);
                Tensor trainOut = out.train().materialize().x();
                assertArrayEquals(new double[] {0, 0, 0}, trainOut.to(DType.FLOAT64).mean(false, 0).toDoubleArray(), 1e-5);
                assertArrayEquals(new double[] {1, 1, 1}, trainOut.to(DType.FLOAT64).std(0, false, 0).toDoubleArray(), 1e-5);
                float[] testIn = test.toFloatArray(), testOut = out.test().materialize().x().toFloatArray();
                for (int i = 0; i < testIn.length; i++) {
                    assertEquals((testIn[i] - mean[i % 3]) / std[i % 3], testOut[i], 1e-4, "test element " + i);
                }
                assertTrue(out.test().materialize().x().mean().item() > 10, "test keeps its shift: not refitted");
                assertArrayEquals(test.toFloatArray(), sc.inverseTransform(sc.transform(test)).toFloatArray(), 1e-4f);
            }
        }
    }

    @Test
    void minMaxMapsTheTrainingRangeOnly() {
        try (Scope s = Scope.open()) {
            Tensor train = Tensor.of(new float[] {0, 10, 5, 30, 10, 20}, 3, 2);
            Tensor other = Tensor.of(new float[] {-10, 40, 5, 20}, 2, 2);
            MinMaxScaler sc = new MinMaxScaler();
            sc.fit(train);
            assertArrayEquals(new double[] {0, 10}, sc.min());
            assertArrayEquals(new double[] {10, 30}, sc.max());
            assertArrayEquals(new float[] {0, 0, 0.5f, 1, 1, 0.5f}, sc.transform(train).toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {-1, 1.5f, 0.5f, 0.5f}, sc.transform(other).toFloatArray(), 1e-6f,
                    "no clipping outside the training range");
            MinMaxScaler sym = new MinMaxScaler(FeatureScaler.Axes.GLOBAL, -1, 1);
            sym.fit(train);
            assertArrayEquals(new float[] {-1, -1 / 3f, -2 / 3f, 1, -1 / 3f, 1 / 3f}, sym.transform(train).toFloatArray(),
                    1e-6f);
            assertArrayEquals(new float[] {0.5f, 0.5f}, sc.transform(Tensor.of(new float[] {5, 20}, 2)).toFloatArray(),
                    1e-6f, "a single example");
        }
    }

    @Test
    void perChannelStatisticsOfImages() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.randn(3, 20, 2, 4, 5).mul(Tensor.of(new float[] {1, 5}, 2, 1, 1)).add(Tensor.of(
                    new float[] {-3, 7}, 2, 1, 1));
            StandardScaler sc = new StandardScaler();
            sc.fit(x);
            assertArrayEquals(new long[] {2, 1, 1}, sc.statShape());
            Tensor y = sc.transform(x).to(DType.FLOAT64);
            assertArrayEquals(new double[] {0, 0}, y.mean(false, 0, 2, 3).toDoubleArray(), 1e-5);
            assertArrayEquals(new double[] {1, 1}, y.std(0, false, 0, 2, 3).toDoubleArray(), 1e-5);
            StandardScaler perPixel = new StandardScaler(FeatureScaler.Axes.PER_ELEMENT);
            perPixel.fit(x);
            assertArrayEquals(new long[] {2, 4, 5}, perPixel.statShape());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> sc.transform(Tensor.zeros(4, 3, 4, 5)));
            assertTrue(e.getMessage().contains("axis 1"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> new StandardScaler().transform(x));
            Tensor nan = Tensor.of(new float[] {1, Float.NaN}, 2, 1);
            assertThrows(IllegalArgumentException.class, () -> new StandardScaler().fit(nan));
        }
    }

    @Test
    void oneHotAndLabelEncoding() {
        try (Scope s = Scope.open()) {
            Tensor oh = OneHot.encode(Tensor.of(new long[] {2, 0, 1}, 3), 4);
            assertEquals(Shape.of(3, 4), oh.shape());
            assertEquals(DType.FLOAT32, oh.dtype());
            assertArrayEquals(new float[] {0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0}, oh.toFloatArray());
            assertArrayEquals(new long[] {2, 0, 1}, OneHot.decode(oh).toLongArray());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> OneHot.encode(Tensor.of(new int[] {1, 4}, 2), 4));
            assertTrue(e.getMessage().contains("label 4"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> OneHot.encode(Tensor.zeros(2), 3));
        }
        LabelEncoder enc = LabelEncoder.fit(List.of("dog", "cat", "emu", "cat"));
        assertEquals(List.of("cat", "dog", "emu"), enc.classes());
        assertEquals(2, enc.encode("emu"));
        assertEquals("dog", enc.decode(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> enc.encode("yak"));
        assertTrue(e.getMessage().contains("yak"), e.getMessage());
        try (Tensor t = enc.encode(List.of("emu", "cat"))) {
            assertArrayEquals(new long[] {2, 0}, t.toLongArray());
            assertEquals(List.of("emu", "cat"), enc.decode(t));
        }
    }

    @Test
    void padSequences() {
        long[][] seqs = {{1, 2, 3}, {4}, {5, 6, 7, 8, 9}};
        try (Tensor t = Sequences.pad(seqs)) {
            assertEquals(Shape.of(3, 5), t.shape());
            assertArrayEquals(new long[] {0, 0, 1, 2, 3, 0, 0, 0, 0, 4, 5, 6, 7, 8, 9}, t.toLongArray(), "Keras defaults");
        }
        try (Tensor t = Sequences.pad(seqs, 3, Sequences.Side.POST, Sequences.Side.POST, -1)) {
            assertArrayEquals(new long[] {1, 2, 3, 4, -1, -1, 5, 6, 7}, t.toLongArray());
        }
        try (Tensor t = Sequences.pad(seqs, 2, Sequences.Side.PRE, Sequences.Side.PRE, 0)) {
            assertArrayEquals(new long[] {2, 3, 0, 4, 8, 9}, t.toLongArray(), "truncating at the start keeps the end");
        }
        try (Tensor t = Sequences.pad(new float[][] {{0.5f}, {1, 2}}, -1, Sequences.Side.POST, Sequences.Side.PRE, 9)) {
            assertEquals(DType.FLOAT32, t.dtype());
            assertArrayEquals(new float[] {0.5f, 9, 1, 2}, t.toFloatArray());
        }
        assertThrows(IllegalArgumentException.class, () -> Sequences.pad(new long[][] {{}}));
    }
}
