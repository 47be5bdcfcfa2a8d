package org.nn4j.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nn4j.DType;
import org.nn4j.Generator;
import org.nn4j.Nn4j;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.autograd.Function;
import org.nn4j.autograd.FunctionContext;

/** Generators, multi-output functions, deep graphs, joins and zero-aware products. */
class MoreMechanicsTest {
    private static double[] d(Tensor t) {
        return t.toDoubleArray();
    }

    @Test
    void generatorsAreSeededAndAdvanceTheirOffset() {
        try (Scope s = Scope.open()) {
            Generator g = Generator.seed(42);
            Tensor a = g.uniform(DType.FLOAT32, 0, 1, 1000);
            assertEquals(1000, g.offset());
            Tensor b = g.uniform(DType.FLOAT32, 0, 1, 1000);
            assertFalse(java.util.Arrays.equals(a.toFloatArray(), b.toFloatArray()));
            Tensor a2 = Generator.seed(42).uniform(DType.FLOAT32, 0, 1, 1000);
            assertArrayEquals(a.toFloatArray(), a2.toFloatArray(), 0f);
            // the second draw equals a draw resumed at offset 1000
            assertArrayEquals(b.toFloatArray(), Generator.resume(42, 1000).uniform(DType.FLOAT32, 0, 1, 1000).toFloatArray(), 0f);
            assertArrayEquals(Tensor.rand(7, 3, 3).toFloatArray(), Tensor.rand(7, 3, 3).toFloatArray(), 0f);
            double m = Tensor.randn(1, 100_000).mean().item();
            assertEquals(0, m, 0.02);
            double p = Tensor.bernoulli(3, 0.25, 100_000).mean().item();
            assertEquals(0.25, p, 0.01);
            float[] u = a.toFloatArray();
            for (float v : u) assertTrue(v >= 0 && v < 1);
        }
    }

    static final class SplitHalves extends Function {
        @Override
        protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
            long n = in[0].dim(0) / 2;
            return new Tensor[] {in[0].slice(0, 0, n).mul(2), in[0].slice(0, n, 2 * n).mul(3)};
        }

        @Override
        protected Tensor[] backward(FunctionContext ctx, Tensor... g) {
            return new Tensor[] {Tensor.concat(0, g[0].mul(2), g[1].mul(3))};
        }
    }

    @Test
    void multiOutputFunctionGetsZerosForUnusedOutputs() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new double[] {1, 2, 3, 4}).requiresGrad(true);
            Tensor[] ys = new SplitHalves().apply(x);
            ys[0].sum().backward();  // second output unused: its grad arrives as zeros
            assertArrayEquals(new double[] {2, 2, 0, 0}, d(x.grad()), 0);
        }
    }

    @Test
    void deepGraphsDoNotOverflowTheStack() {
        long base = org.nn4j.testing.LiveBytes.settle();
        Tensor w = Tensor.scalar(1, DType.FLOAT64).requiresGrad(true);
        try (Scope s = Scope.open()) {
            Tensor y = w;
            for (int i = 0; i < 20_000; i++) y = y.mul(1.0);
            y.backward();
            assertEquals(1.0, w.grad().item(), 0);
        }
        w.close();
        org.nn4j.testing.LiveBytes.assertNoGrowth(base, "leak check");
    }

    @Test
    void joinsAndSplitsRouteGradients() {
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.of(new double[] {1, 2}).requiresGrad(true);
            Tensor b = Tensor.of(new double[] {3, 4, 5}).requiresGrad(true);
            Tensor c = Tensor.concat(0, a, b);
            Tensor w = Tensor.of(new double[] {1, 10, 100, 1000, 10000});
            Tensor[] parts = c.mul(w).split(0, 1, 4);
            parts[1].sum().add(Tensor.stack(0, a, a).sum()).backward();
            assertArrayEquals(new double[] {2, 12}, d(a.grad()), 0);
            assertArrayEquals(new double[] {100, 1000, 10000}, d(b.grad()), 0);
        }
    }

    @Test
    void prodGradientHandlesZeros() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new double[] {2, 3, 4, 0, 5, 6, 0, 0, 7}, 3, 3).requiresGrad(true);
            Tensor p = x.prod(false, 1);
            assertArrayEquals(new double[] {24, 0, 0}, d(p), 0);
            p.sum().backward();
            assertArrayEquals(new double[] {12, 8, 6, 30, 0, 0, 0, 0, 0}, d(x.grad()), 0);
        }
    }

    @Test
    void scopeOutsideCreatesPersistentTensors() {
        long base = org.nn4j.testing.LiveBytes.settle();
        Tensor[] state = new Tensor[1];
        try (Scope s = Scope.arena(1 << 16)) {
            Tensor.ones(10);
            state[0] = Scope.outside(() -> Tensor.zeros(DType.FLOAT64, 4));
        }
        assertFalse(state[0].isClosed());
        assertEquals(base + 32, Nn4j.liveBytes());
        state[0].close();
        org.nn4j.testing.LiveBytes.assertNoGrowth(base, "leak check");
    }

    @Test
    void gradWithRetainedGraphThenBackward() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new double[] {1, 2, 3}).requiresGrad(true);
            Tensor y = x.square().sum();
            Tensor[] g = Autograd.grad(new Tensor[] {y}, null, new Tensor[] {x}, true);
            assertArrayEquals(new double[] {2, 4, 6}, d(g[0]), 0);
            y.backward();
            assertArrayEquals(new double[] {2, 4, 6}, d(x.grad()), 0);
            assertNotEquals(g[0], x.grad());
        }
    }

    @Test
    void reductionGradients() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).requiresGrad(true);
            x.mean(false, 0).sum().backward();
            assertArrayEquals(new double[] {0.5, 0.5, 0.5, 0.5}, d(x.grad()), 0);
            x.zeroGrad();
            x.var(0, false).backward();  // d/dx = 2 (x - mean) / n
            assertArrayEquals(new double[] {-0.75, -0.25, 0.25, 0.75}, d(x.grad()), 1e-15);
            x.zeroGrad();
            Tensor.of(new double[] {0, 0}).requiresGrad(true).norm2().backward();  // no NaN at 0
        }
    }
}
