package org.nn4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nn4j.DType;
import org.nn4j.Nn4j;
import org.nn4j.Scope;
import org.nn4j.Shape;
import org.nn4j.Tensor;

/** Messages that name the op and shapes; toString; Shape; Nn4j facts. */
class ErrorsAndFormatTest {
    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void broadcastAndDtypeErrors() {
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.zeros(2, 3), b = Tensor.zeros(4, 3);
            String m = message(() -> a.add(b));
            assertTrue(m.startsWith("add: cannot broadcast shapes (2, 3) and (4, 3)"), m);
            m = message(() -> a.mul(Tensor.zeros(DType.FLOAT64, 2, 3)));
            assertTrue(m.contains("mul: dtypes float32 and float64 differ; cast one with to(DType)"), m);
            m = message(() -> a.matmul(Tensor.zeros(4, 5)));
            assertTrue(m.contains("matmul") && m.contains("(2, 3)") && m.contains("(4, 5)"), m);
            m = message(() -> a.reshape(4, -1));
            assertTrue(m.contains("reshape") && m.contains("(2, 3)"), m);
            m = message(() -> a.sum(false, 2));
            assertTrue(m.contains("sum: axis 2 is out of range for shape (2, 3)"), m);
            m = message(() -> Tensor.zeros(0, 3).max(false, 0));
            assertTrue(m.contains("max") && m.contains("(0, 3)"), m);
            m = message(() -> Tensor.of(new float[] {1, 2, 3}, 2, 2));
            assertTrue(m.contains("3 values do not fill shape (2, 2)"), m);
            m = message(() -> Tensor.zeros(1, 1, 1, 1, 1, 1, 1, 1, 1));
            assertTrue(m.contains("rank 9"), m);
            m = message(() -> a.exp().gather(1, Tensor.zeros(2, 2)));
            assertTrue(m.contains("gather: index must be int64"), m);
            m = message(() -> Tensor.of(new float[] {1, 2}).gather(0, Tensor.of(new long[] {5})));
            assertTrue(m.startsWith("gather:"), m);
        }
    }

    @Test
    void emptyTensorsAreLegal() {
        try (Scope s = Scope.open()) {
            Tensor e = Tensor.zeros(0, 3);
            assertEquals(Shape.of(0, 3), e.add(1).shape());
            assertEquals(0.0, e.sum().item(), 0);
            assertEquals(Shape.of(3), e.sum(false, 0).shape());
            assertEquals(Shape.of(0, 4), e.matmul(Tensor.ones(3, 4)).shape());
            assertEquals(0, Tensor.ones(2, 0).matmul(Tensor.ones(0, 3)).sum().item(), 0);
        }
    }

    @Test
    void checkFiniteNamesWhatAndWhere() {
        try (Scope s = Scope.open()) {
            Tensor t = Tensor.of(new float[] {1, 2, Float.NaN, 4, Float.POSITIVE_INFINITY, 6}, 2, 3);
            ArithmeticException e = assertThrows(ArithmeticException.class, () -> t.checkFinite("logits"));
            assertTrue(e.getMessage().startsWith("logits: 2 non-finite values"), e.getMessage());
            assertTrue(e.getMessage().contains("first at index (0, 2)"), e.getMessage());
            Tensor.ones(3).checkFinite("ok");
        }
    }

    @Test
    void toStringPreview() {
        try (Scope s = Scope.open()) {
            String t = Tensor.arange(6).reshape(2, 3).toString();
            assertEquals("Tensor(shape=(2, 3), dtype=float32, device=cpu)\n[[0., 1., 2.],\n [3., 4., 5.]]", t);
            String big = Tensor.arange(100).toString();
            assertTrue(big.contains("[ 0.,  1.,  2., ..., 97., 98., 99.]"), big);
            String b = Tensor.of(new boolean[] {true, false}).toString();
            assertTrue(b.endsWith("[ True, False]"), b);
            String f = Tensor.of(new double[] {0.5, -1.25}).toString();
            assertTrue(f.endsWith("[ 0.5000, -1.2500]"), f);
            String g = Tensor.ones(2).requiresGrad(true).mul(2).toString();
            assertTrue(g.contains("gradFn=mul"), g);
            String sc = Tensor.scalar(7, DType.INT64).toString();
            assertTrue(sc.endsWith(")\n7"), sc);
            String big3 = Tensor.zeros(10, 10, 10).toString();
            assertTrue(big3.contains("..."), big3);
        }
    }

    @Test
    void shapeValueType() {
        Shape s = Shape.of(2, 3);
        assertEquals("(2, 3)", s.toString());
        assertEquals(3, s.dim(-1));
        assertEquals(6, s.numel());
        assertEquals(Shape.of(2, 3), s);
        assertEquals(s.hashCode(), Shape.of(2, 3).hashCode());
        assertEquals("()", Shape.scalar().toString());
        assertThrows(IllegalArgumentException.class, () -> s.dim(2));
    }

    @Test
    void libraryFacts() {
        String d = Nn4j.diagnostics();
        assertTrue(d.contains("isa:") && d.contains("cuda:") && d.contains("threads:"), d);
        assertTrue(Nn4j.numThreads() >= 1);
        assertTrue(!Nn4j.version().isEmpty());
    }
}
