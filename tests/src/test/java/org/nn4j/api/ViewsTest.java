package org.nn4j.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Shape;
import org.nn4j.Tensor;

/** Views share storage (writes show through); copies do not; values follow NumPy. */
class ViewsTest {
    private static float[] f(Tensor t) {
        return t.toFloatArray();
    }

    @Test
    void reshapeOfContiguousIsAViewThatSharesWrites() {
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.arange(6).reshape(2, 3);
            Tensor v = a.reshape(3, -1);
            assertEquals(Shape.of(3, 2), v.shape());
            v.select(0, 1).fill(9);
            assertArrayEquals(new float[] {0, 1, 9, 9, 4, 5}, f(a));
        }
    }

    @Test
    void reshapeOfTransposedCopiesAndKeepsRowMajorOrder() {
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.arange(6).reshape(2, 3);
            Tensor t = a.t();
            assertFalse(t.isContiguous());
            assertArrayEquals(new long[] {1, 3}, t.strides());
            Tensor flat = t.reshape(-1);
            assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, f(flat));
            flat.fill(7);  // a copy: a unchanged
            assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, f(a));
        }
    }

    @Test
    void permuteTransposeAndToArrayFollowStrides() {
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.arange(24).reshape(2, 3, 4);
            Tensor p = a.permute(2, 0, 1);
            assertEquals(Shape.of(4, 2, 3), p.shape());
            float[] v = f(p);
            // p[k, i, j] = a[i, j, k] = 12 i + 4 j + k
            assertEquals(12 * 1 + 4 * 2 + 3, v[(3 * 2 + 1) * 3 + 2]);
            assertArrayEquals(f(a.transpose(0, 2)), f(a.permute(2, 1, 0)));
        }
    }

    @Test
    void slicesWithStepsAndNegativeIndices() {
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.arange(10);
            assertArrayEquals(new float[] {2, 3, 4}, f(a.slice(0, 2, 5)));
            assertArrayEquals(new float[] {7, 8, 9}, f(a.slice(0, -3, 100)));
            assertArrayEquals(new float[] {1, 4, 7}, f(a.slice(0, 1, 9, 3)));
            assertArrayEquals(new float[] {9, 7, 5, 3, 1}, f(a.slice(0, -1, Long.MIN_VALUE, -2)));
            assertArrayEquals(new float[] {5, 4, 3}, f(a.slice(0, 5, 2, -1)));
            assertEquals(0, a.slice(0, 5, 2).numel());
            Tensor m = Tensor.arange(12).reshape(3, 4);
            assertArrayEquals(new float[] {1, 3, 5, 7, 9, 11}, f(m.slice(1, 1, 4, 2)));
            assertArrayEquals(new float[] {8, 9, 10, 11}, f(m.select(0, -1)));
            assertArrayEquals(new float[] {2, 6, 10}, f(m.select(1, 2)));
            m.slice(1, 0, 4, 3).fill(-1);  // writes through a strided view
            assertArrayEquals(new float[] {-1, 1, 2, -1, -1, 5, 6, -1, -1, 9, 10, -1}, f(m));
        }
    }

    @Test
    void expandSqueezeUnsqueeze() {
        try (Scope s = Scope.open()) {
            Tensor col = Tensor.of(new float[] {1, 2, 3}, 3, 1);
            Tensor e = col.expand(2, 3, 4);
            assertEquals(Shape.of(2, 3, 4), e.shape());
            assertArrayEquals(new long[] {0, 1, 0}, e.strides());
            assertEquals(3f, f(e)[23]);
            assertEquals(Shape.of(3), col.squeeze().shape());
            assertEquals(Shape.of(3), col.squeeze(1).shape());
            assertEquals(Shape.of(1, 3, 1), col.squeeze(1).unsqueeze(0).unsqueeze(-1).shape());
            assertThrows(IllegalArgumentException.class, () -> col.squeeze(0));
            assertThrows(IllegalArgumentException.class, () -> e.fill(0));  // overlapping memory
        }
    }

    @Test
    void contiguousReturnsItselfOrACopy() {
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.ones(2, 3);
            assertSame(a, a.contiguous());
            Tensor c = a.t().contiguous();
            assertTrue(c.isContiguous());
            assertEquals(Shape.of(3, 2), c.shape());
        }
    }

    @Test
    void concatStackSplitChunk() {
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.arange(6).reshape(2, 3);
            Tensor b = Tensor.arange(6, 12, 1, DType.FLOAT32).reshape(2, 3);
            assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, f(Tensor.concat(0, a, b)));
            assertArrayEquals(new float[] {0, 1, 2, 6, 7, 8, 3, 4, 5, 9, 10, 11}, f(Tensor.concat(-1, a, b)));
            Tensor st = Tensor.stack(1, a, b);
            assertEquals(Shape.of(2, 2, 3), st.shape());
            assertArrayEquals(new float[] {0, 1, 2, 6, 7, 8, 3, 4, 5, 9, 10, 11}, f(st));
            Tensor[] parts = Tensor.arange(7).split(0, 2, 5);
            assertArrayEquals(new float[] {2, 3, 4, 5, 6}, f(parts[1]));
            Tensor[] chunks = Tensor.arange(7).chunk(0, 3);
            assertEquals(3, chunks.length);
            assertEquals(1, chunks[2].numel());
            assertThrows(IllegalArgumentException.class, () -> Tensor.concat(0, a, Tensor.ones(2, 2)));
        }
    }

    @Test
    void gatherAndScatterAdd() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
            Tensor idx = Tensor.of(new long[] {2, 0, 1, 1}, 2, 2);
            assertArrayEquals(new float[] {3, 1, 5, 5}, f(x.gather(1, idx)));
            Tensor y = Tensor.zeros(2, 3).scatterAdd(1, idx, Tensor.ones(2, 2));
            assertArrayEquals(new float[] {1, 0, 1, 0, 2, 0}, f(y));  // repeated index accumulates
            // gather on a non-contiguous view
            Tensor strided = x.t().contiguous().t();
            assertFalse(strided.isContiguous());
            assertArrayEquals(new float[] {1, 1, 5, 5}, f(strided.gather(1, Tensor.of(new long[] {0, 0, 1, 1}, 2, 2))));
        }
    }

    @Test
    void detachSharesStorageWithoutHistory() {
        try (Scope s = Scope.open()) {
            Tensor w = Tensor.ones(3).requiresGrad(true);
            Tensor y = w.mul(2);
            Tensor d = y.detach();
            assertFalse(d.requiresGrad());
            assertTrue(d.isLeaf());
            assertArrayEquals(f(y), f(d));
        }
    }
}
