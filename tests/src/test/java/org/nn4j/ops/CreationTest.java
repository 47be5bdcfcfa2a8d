package org.nn4j.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.testing.Check;
import org.nn4j.testing.Nd;
import org.nn4j.testing.Tol;

/** Creation ops (T1): values, shapes and dtypes by hand. */
class CreationTest {
    static void expect(String what, double[] values, long[] shape, DType dtype, Tensor t) {
        assertEquals(dtype, t.dtype(), what + " dtype");
        Check.assertClose(what, new Nd(values, shape), t, Tol.of(dtype));
    }

    @Test
    void zerosOnesFull() {
        try (Scope s = Scope.open()) {
            expect("zeros(2, 3)", new double[6], new long[] {2, 3}, DType.FLOAT32, Tensor.zeros(2, 3));
            expect("ones(1, 1)", new double[] {1}, new long[] {1, 1}, DType.FLOAT32, Tensor.ones(1, 1));
            expect("ones(int64, 4)", new double[] {1, 1, 1, 1}, new long[] {4}, DType.INT64, Tensor.ones(DType.INT64, 4));
            expect("zeros(float64, 3, 0, 2)", new double[0], new long[] {3, 0, 2}, DType.FLOAT64, Tensor.zeros(DType.FLOAT64, 3, 0, 2));
            expect("full(-2.5, f64)", new double[] {-2.5, -2.5, -2.5}, new long[] {3}, DType.FLOAT64, Tensor.full(-2.5, DType.FLOAT64, 3));
            expect("full(7, int32)", new double[] {7, 7}, new long[] {1, 2}, DType.INT32, Tensor.full(7, DType.INT32, 1, 2));
            expect("full(1, bool)", new double[] {1, 1}, new long[] {2}, DType.BOOL, Tensor.full(1, DType.BOOL, 2));
            expect("full(0.1, f32)", new double[] {(float) 0.1}, new long[] {}, DType.FLOAT32, Tensor.full(0.1, DType.FLOAT32));
            Nd big = Nd.full(3, 129, 65);
            expect("full(3, 129, 65)", big.data, big.shape, DType.FLOAT32, Tensor.full(3, DType.FLOAT32, 129, 65));
        }
    }

    @Test
    void arangeAndLinspace() {
        try (Scope s = Scope.open()) {
            expect("arange(5)", new double[] {0, 1, 2, 3, 4}, new long[] {5}, Tensor.arange(5).dtype(), Tensor.arange(5));
            expect("arange(0)", new double[0], new long[] {0}, Tensor.arange(0).dtype(), Tensor.arange(0));
            expect("arange(1, 2, 0.25, f64)", new double[] {1, 1.25, 1.5, 1.75}, new long[] {4}, DType.FLOAT64,
                    Tensor.arange(1, 2, 0.25, DType.FLOAT64));
            expect("arange(5, -1, -2, i64)", new double[] {5, 3, 1}, new long[] {3}, DType.INT64, Tensor.arange(5, -1, -2, DType.INT64));
            expect("arange(0, 1, 0.3, f32)", new double[] {0, (float) 0.3, (float) 0.6, (float) 0.9}, new long[] {4}, DType.FLOAT32,
                    Tensor.arange(0, 1, 0.3, DType.FLOAT32));
            expect("arange(3, 3, 1)", new double[0], new long[] {0}, DType.FLOAT32, Tensor.arange(3, 3, 1, DType.FLOAT32));
            expect("linspace(0, 1, 5)", new double[] {0, 0.25, 0.5, 0.75, 1}, new long[] {5}, DType.FLOAT32, Tensor.linspace(0, 1, 5));
            expect("linspace(2, -1, 4)", new double[] {2, 1, 0, -1}, new long[] {4}, DType.FLOAT32, Tensor.linspace(2, -1, 4));
            expect("linspace(3, 9, 1)", new double[] {3}, new long[] {1}, DType.FLOAT32, Tensor.linspace(3, 9, 1));
            double[] l = new double[1001];
            for (int i = 0; i <= 1000; i++) l[i] = (float) (-1 + 2.0 * i / 1000);
            expect("linspace(-1, 1, 1001)", l, new long[] {1001}, DType.FLOAT32, Tensor.linspace(-1, 1, 1001));
            assertEquals(1.0, Tensor.linspace(-1, 1, 1001).slice(0, -1, 1001).item(), "linspace ends exactly at b");
        }
    }

    @Test
    void eyeScalarAndOf() {
        try (Scope s = Scope.open()) {
            expect("eye(3)", new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, new long[] {3, 3}, DType.FLOAT32, Tensor.eye(3));
            expect("eye(1, f64)", new double[] {1}, new long[] {1, 1}, DType.FLOAT64, Tensor.eye(1, DType.FLOAT64));
            expect("eye(2, i32)", new double[] {1, 0, 0, 1}, new long[] {2, 2}, DType.INT32, Tensor.eye(2, DType.INT32));
            expect("scalar(2.5)", new double[] {2.5}, new long[] {}, DType.FLOAT32, Tensor.scalar(2.5));
            expect("scalar(-3, i64)", new double[] {-3}, new long[] {}, DType.INT64, Tensor.scalar(-3, DType.INT64));
            assertEquals(0, Tensor.scalar(1).rank());
            expect("of(float[], 2, 3)", new double[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3}, DType.FLOAT32,
                    Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
            expect("of(float[])", new double[] {1, 2}, new long[] {2}, DType.FLOAT32, Tensor.of(new float[] {1, 2}));
            expect("of(double[], 3, 1)", new double[] {0.1, 0.2, 0.3}, new long[] {3, 1}, DType.FLOAT64,
                    Tensor.of(new double[] {0.1, 0.2, 0.3}, 3, 1));
            expect("of(int[])", new double[] {-1, 7}, new long[] {2}, DType.INT32, Tensor.of(new int[] {-1, 7}));
            expect("of(long[], 1, 2)", new double[] {1L << 40, -5}, new long[] {1, 2}, DType.INT64, Tensor.of(new long[] {1L << 40, -5}, 1, 2));
            expect("of(boolean[])", new double[] {1, 0, 1}, new long[] {3}, DType.BOOL, Tensor.of(new boolean[] {true, false, true}));
            expect("of(float[][])", new double[] {1, 2, 3, 4, 5, 6}, new long[] {3, 2}, DType.FLOAT32,
                    Tensor.of(new float[][] {{1, 2}, {3, 4}, {5, 6}}));
            expect("of(double[][])", new double[] {1, 2, 3}, new long[] {1, 3}, DType.FLOAT64, Tensor.of(new double[][] {{1, 2, 3}}));
        }
    }

    @Test
    void roundTripsThroughArrays() {
        try (Scope s = Scope.open()) {
            float[] f = {1.5f, -2, 3.25f, 0, 1e-30f, Float.MAX_VALUE};
            assertArrayEquals(f, Tensor.of(f, 2, 3).toFloatArray());
            double[] d = {Math.PI, -Math.E, 1e-300, Double.MIN_VALUE};
            assertArrayEquals(d, Tensor.of(d, 2, 2).toDoubleArray());
            long[] l = {Long.MAX_VALUE, Long.MIN_VALUE, 0};
            assertArrayEquals(l, Tensor.of(l).toLongArray());
            int[] i = {Integer.MIN_VALUE, 1, Integer.MAX_VALUE};
            assertArrayEquals(i, Tensor.of(i).toIntArray());
            boolean[] b = {true, false, false, true};
            assertArrayEquals(b, Tensor.of(b, 2, 2).toBooleanArray());
            assertArrayEquals(new float[] {1, 3, 2, 4}, Tensor.of(new float[] {1, 2, 3, 4}, 2, 2).t().toFloatArray(), "row-major whatever the strides");
            assertEquals(3.25, Tensor.of(new float[] {3.25f}, 1, 1).item());
        }
    }
}
