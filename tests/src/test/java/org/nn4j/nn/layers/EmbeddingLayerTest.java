package org.nn4j.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;

/**
 * The Embedding layer (CURRICULUM E2): lookup of table rows for (N, T) ids of either integer
 * dtype, repeated ids accumulate in the table's gradient and untouched rows get 0, U(±0.05)
 * initialization, inputDim·outputDim parameters, float ids, maskZero's mask, errors.
 */
class EmbeddingLayerTest {
    static final long[] IDS = {4, 1, 4, 0, 4, 1};

    @Test
    void lookupAndRepeatedIdGradient() {
        long v = 6, d = 3;
        try (Scope s = Scope.open(); Embedding e = new Embedding(v, d)) {
            for (Tensor ids : new Tensor[] {Tensor.of(IDS, 2, 3), Tensor.of(IDS, 2, 3).to(DType.INT32)}) {
                Tensor out = e.call(ids);
                assertArrayEquals(new long[] {2, 3, d}, out.dims());
                float[] table = e.weight("embeddings").value().toFloatArray(), o = out.toFloatArray();
                for (int i = 0; i < IDS.length; i++) {
                    for (int j = 0; j < d; j++) assertEquals(table[(int) (IDS[i] * d + j)], o[(int) (i * d + j)]);
                }
                // d/dE of sum(out * g): row w gets the sum of g over the positions holding w
                float[] gw = new float[IDS.length * (int) d];
                for (int i = 0; i < gw.length; i++) gw[i] = i + 1;
                Tensor table0 = e.weight("embeddings").value();
                float[] g = Autograd.grad(out.mul(Tensor.of(gw, 2, 3, d)).sum(), table0)[0].toFloatArray();
                float[] want = new float[(int) (v * d)];
                for (int i = 0; i < IDS.length; i++) {
                    for (int j = 0; j < d; j++) want[(int) (IDS[i] * d + j)] += gw[(int) (i * d + j)];
                }
                assertArrayEquals(want, g, 0f);
                for (long row : new long[] {2, 3, 5}) {
                    for (int j = 0; j < d; j++) assertEquals(0f, g[(int) (row * d + j)], "row " + row);
                }
            }
        }
    }

    @Test
    void initializationShapesAndCount() {
        try (Embedding e = Embedding.builder(1000, 8).name("words").build()) {
            assertEquals(Shape.of(7, 8), e.outputShape(Shape.of(7)));
            assertEquals(Shape.of(2, 7, 8), e.outputShape(Shape.of(2, 7)));
            e.build(Shape.of(7));
            assertEquals(1000 * 8, e.countParams());
            assertEquals("words/embeddings", e.weights().get(0).path());
            float[] t = e.weight("embeddings").value().toFloatArray();
            double mean = 0, sq = 0;
            for (float x : t) {
                assertTrue(Math.abs(x) <= 0.05f, "U(±0.05): " + x);
                mean += x;
                sq += x * x;
            }
            mean /= t.length;
            double var = sq / t.length - mean * mean, wantVar = 0.05 * 0.05 / 3;
            // moments within 5 standard errors of U(±0.05)'s (n = 8000)
            assertEquals(0, mean, 5 * Math.sqrt(wantVar / t.length));
            assertEquals(wantVar, var, 5 * wantVar * Math.sqrt(0.8 / t.length));
        }
    }

    @Test
    void floatIdsHoldingWholeNumbersAreAccepted() {
        try (Scope s = Scope.open(); Embedding e = new Embedding(5, 2)) {
            Tensor a = e.call(Tensor.of(IDS, 6)), b = e.call(Tensor.of(IDS, 6).to(DType.FLOAT32));
            assertArrayEquals(a.toFloatArray(), b.toFloatArray(), 0f);
            // ids are not values: float64 ids suit a float32 table (no dtype match is asked of them)
            Tensor c = e.call(Tensor.of(IDS, 6).to(DType.FLOAT64));
            assertEquals(DType.FLOAT32, c.dtype());
            assertArrayEquals(a.toFloatArray(), c.toFloatArray(), 0f);
            String m = assertThrows(IllegalArgumentException.class,
                    () -> e.call(Tensor.of(new float[] {1.5f, 2}, 2))).getMessage();
            assertTrue(m.contains("whole numbers") && m.contains(e.name()), m);
            m = assertThrows(IllegalArgumentException.class, () -> e.call(Tensor.of(new long[] {1, 5}, 2))).getMessage();
            assertTrue(m.contains("5"), m);
            m = assertThrows(IllegalArgumentException.class, () -> e.call(Tensor.of(new boolean[] {true}, 1))).getMessage();
            assertTrue(m.contains("int32 or int64"), m);
        }
    }

    /** A float64 table (set through the builder) gives float64 rows for ids of any dtype. */
    @Test
    void float64TableGivesFloat64Rows() {
        try (Scope s = Scope.open(); Embedding e = Embedding.builder(5, 2).dtype(DType.FLOAT64).build()) {
            for (Tensor ids : new Tensor[] {Tensor.of(IDS, 6), Tensor.of(IDS, 6).to(DType.FLOAT32)}) {
                Tensor out = e.call(ids);
                assertEquals(DType.FLOAT64, out.dtype());
                double[] table = e.weight("embeddings").value().toDoubleArray(), o = out.toDoubleArray();
                for (int i = 0; i < IDS.length; i++) {
                    for (int j = 0; j < 2; j++) assertEquals(table[(int) (IDS[i] * 2 + j)], o[i * 2 + j]);
                }
            }
        }
    }

    @Test
    void maskZeroMarksRealSteps() {
        try (Scope s = Scope.open(); Embedding e = Embedding.builder(5, 2).maskZero(true).build(); Embedding plain = new Embedding(5, 2)) {
            Tensor mask = e.computeMask(Tensor.of(IDS, 2, 3));
            assertArrayEquals(new boolean[] {true, true, true, false, true, true}, mask.toBooleanArray());
            assertNull(plain.computeMask(Tensor.of(IDS, 2, 3)));
        }
        assertThrows(IllegalArgumentException.class, () -> new Embedding(0, 3));
        assertThrows(IllegalArgumentException.class, () -> new Embedding(3, 0));
    }
}
