package org.nn4j.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.autograd.Function;
import org.nn4j.autograd.FunctionContext;
import org.nn4j.autograd.NoGradScope;

/** The tape: accumulation, fan-out, broadcasting, any-tensor grads, graph freeing, kinks. */
class AutogradMechanicsTest {
    private static double[] d(Tensor t) {
        return t.toDoubleArray();
    }

    @Test
    void gradsAccumulateUntilZeroGrad() {
        try (Scope s = Scope.open()) {
            Tensor w = Tensor.of(new double[] {1, 2, 3}).requiresGrad(true);
            w.mul(w).sum().backward();          // d/dw = 2w
            assertArrayEquals(new double[] {2, 4, 6}, d(w.grad()), 0);
            Tensor g = w.grad();
            w.mul(3).sum().backward();           // += 3
            assertSame(g, w.grad(), "accumulates in place");
            assertArrayEquals(new double[] {5, 7, 9}, d(w.grad()), 0);
            w.zeroGrad();
            assertArrayEquals(new double[] {0, 0, 0}, d(w.grad()), 0);
        }
    }

    @Test
    void fanOutSumsAndChainRule() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.scalar(3, DType.FLOAT64).requiresGrad(true);
            Tensor y = x.mul(x).add(x.exp()).add(x.sin().mul(x));  // x^2 + e^x + x sin x
            y.backward();
            double want = 2 * 3 + Math.exp(3) + Math.sin(3) + 3 * Math.cos(3);
            assertEquals(want, x.grad().item(), 1e-12);
        }
    }

    @Test
    void broadcastGradsAreSummedToOperandShape() {
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.ones(DType.FLOAT64, 2, 3).requiresGrad(true);
            Tensor row = Tensor.of(new double[] {1, 2, 3}, 1, 3).requiresGrad(true);
            Tensor col = Tensor.of(new double[] {10, 20}, 2, 1).requiresGrad(true);
            Tensor k = Tensor.scalar(2, DType.FLOAT64).requiresGrad(true);
            a.mul(row).add(col).mul(k).sum().backward();
            assertEquals(Shape.of(1, 3), row.grad().shape());
            assertArrayEquals(new double[] {4, 4, 4}, d(row.grad()), 0);
            assertEquals(Shape.of(2, 1), col.grad().shape());
            assertArrayEquals(new double[] {6, 6}, d(col.grad()), 0);
            assertEquals(Shape.of(), k.grad().shape());
            assertEquals(2 * (1 + 2 + 3) + 3 * 10 + 3 * 20, k.grad().item(), 0);
        }
    }

    @Test
    void backwardOfNonScalarNeedsUpstream() {
        try (Scope s = Scope.open()) {
            Tensor w = Tensor.ones(2, 2).requiresGrad(true);
            Tensor y = w.mul(2);
            IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
            assertTrue(e.getMessage().contains("upstream"), e.getMessage());
            y.backward(Tensor.full(0.5, DType.FLOAT32, 2, 2));
            assertArrayEquals(new float[] {1, 1, 1, 1}, w.grad().toFloatArray(), 0);
        }
    }

    @Test
    void graphIsFreedUnlessRetained() {
        try (Scope s = Scope.open()) {
            Tensor w = Tensor.of(new double[] {2}).requiresGrad(true);
            Tensor y = w.mul(w).sum();
            y.backward(null, true);
            y.backward(null, false);
            assertArrayEquals(new double[] {8}, d(w.grad()), 0);
            assertThrows(IllegalStateException.class, y::backward);
        }
    }

    @Test
    void autogradGradForIntermediatesAndUnreachedInputs() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad(true);
            Tensor unused = Tensor.of(new double[] {5}).requiresGrad(true);
            Tensor h = x.mul(3);                // intermediate
            Tensor y = h.square().sum();        // dy/dh = 2h = 6x
            Tensor[] g = Autograd.grad(y, h, x, unused);
            assertArrayEquals(new double[] {6, 12}, d(g[0]), 0);
            assertArrayEquals(new double[] {18, 36}, d(g[1]), 0);
            assertArrayEquals(new double[] {0}, d(g[2]), 0);
            assertNull(x.grad(), "Autograd.grad leaves .grad alone");
        }
    }

    @Test
    void noGradAndDetachStopRecording() {
        try (Scope s = Scope.open()) {
            Tensor w = Tensor.ones(2).requiresGrad(true);
            try (NoGradScope ng = Autograd.noGrad()) {
                assertTrue(w.mul(2).isLeaf());
                w.mulInPlace(3);  // allowed without grad mode
            }
            assertTrue(w.mul(2).requiresGrad());
            assertThrows(IllegalStateException.class, () -> w.fill(0));
            Tensor y = w.detach().mul(w).sum();   // only the second factor is tracked
            y.backward();
            assertArrayEquals(new float[] {3, 3}, w.grad().toFloatArray(), 0);
        }
    }

    @Test
    void kinks() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new double[] {-1, 0, 2}).requiresGrad(true);
            x.relu().sum().backward();
            assertArrayEquals(new double[] {0, 0, 1}, d(x.grad()), 0);
            x.zeroGrad();
            x.abs().sum().backward();
            assertArrayEquals(new double[] {-1, 0, 1}, d(x.grad()), 0);

            Tensor a = Tensor.of(new double[] {1, 5, 3}).requiresGrad(true);
            Tensor b = Tensor.of(new double[] {1, 2, 4}).requiresGrad(true);
            a.maximum(b).sum().backward();       // tie at 0 goes to a
            assertArrayEquals(new double[] {1, 1, 0}, d(a.grad()), 0);
            assertArrayEquals(new double[] {0, 0, 1}, d(b.grad()), 0);

            Tensor m = Tensor.of(new double[] {3, 7, 7, 1, 1, 0}, 2, 3).requiresGrad(true);
            m.max(false, 1).sum().backward();   // first max of each row
            assertArrayEquals(new double[] {0, 1, 0, 1, 0, 0}, d(m.grad()), 0);
            m.zeroGrad();
            m.min().backward();
            assertArrayEquals(new double[] {0, 0, 0, 0, 0, 1}, d(m.grad()), 0);
        }
    }

    @Test
    void viewsPropagateGrads() {
        try (Scope s = Scope.open()) {
            Tensor w = Tensor.arange(0, 6, 1, DType.FLOAT64).reshape(2, 3).requiresGrad(true);
            Tensor y = w.t().slice(0, 1, 3).select(1, 1).mul(Tensor.of(new double[] {10, 100}));
            y.sum().backward();
            // y = [w[1,1]*10, w[1,2]*100]
            assertArrayEquals(new double[] {0, 0, 0, 0, 10, 100}, d(w.grad()), 0);
        }
    }

    @Test
    void matmulGradsWithBroadcastBatch() {
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 1, 3).requiresGrad(true);   // (2,1,3)
            Tensor b = Tensor.of(new double[] {1, 0, 0, 1, 1, 1}, 3, 2).requiresGrad(true);      // (3,2)
            Tensor c = a.matmul(b);   // (2,1,2)
            assertArrayEquals(new double[] {4, 5, 10, 11}, d(c), 0);
            c.sum().backward();
            assertArrayEquals(new double[] {1, 1, 2, 1, 1, 2}, d(a.grad()), 0);  // G B^T, G = 1
            assertArrayEquals(new double[] {5, 5, 7, 7, 9, 9}, d(b.grad()), 0);  // sum_batch A^T G
        }
    }

    static final class Cube extends Function {
        @Override
        protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
            ctx.saveForBackward(in[0]);
            return new Tensor[] {in[0].pow(3)};
        }

        @Override
        protected Tensor[] backward(FunctionContext ctx, Tensor... g) {
            Tensor x = ctx.savedTensors()[0];
            return new Tensor[] {g[0].mul(x.square()).mul(3)};
        }
    }

    @Test
    void customFunction() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad(true);
            Tensor y = new Cube().apply(x)[0];
            assertEquals("Cube", y.gradFn().name());
            y.sum().backward();
            assertArrayEquals(new double[] {3, 12}, d(x.grad()), 1e-12);
        }
    }

    @Test
    void closedInputsStayAliveForBackward() {
        Tensor w = Tensor.of(new double[] {1, 2, 3}).requiresGrad(true);
        Tensor loss;
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new double[] {4, 5, 6});
            Tensor h = w.mul(x);
            loss = s.keep(h.sum());
        }  // x and h closed here; the graph keeps what backward needs
        loss.backward();
        assertArrayEquals(new double[] {4, 5, 6}, d(w.grad()), 0);
        loss.close();
        w.close();
    }

    @Test
    void requiresGradOnlyOnFloatLeaves() {
        try (Scope s = Scope.open()) {
            assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(DType.INT64, 2).requiresGrad(true));
            Tensor w = Tensor.ones(2).requiresGrad(true);
            Tensor y = w.add(1);
            assertThrows(IllegalStateException.class, () -> y.requiresGrad(false));
            assertNotNull(y.gradFn());
            assertEquals("add", y.gradFn().name());
        }
    }
}
