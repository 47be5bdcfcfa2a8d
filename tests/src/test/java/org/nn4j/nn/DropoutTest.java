package org.nn4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nn4j.DType;
import org.nn4j.Generator;
import org.nn4j.Nn4j;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.autograd.GradCheck;
import org.nn4j.ops.nn.Dropout;

/**
 * Inverted dropout (K7, R2): mask determinism (seed, thread count), equality with the Bernoulli
 * generator, scaling by 1 / (1 - rate), zero fraction in a binomial interval, inference identity,
 * backward reusing the mask, GradCheck with a fixed seed.
 */
class DropoutTest {
    @Test
    void maskIsDeterministicAndScaled() {
        int n = 4099;  // not a multiple of 4
        double rate = 0.3;
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.ones(DType.FLOAT64, n);
            int threads = Nn4j.numThreads();
            double[] a, b;
            try {
                Nn4j.setNumThreads(1);
                a = Dropout.dropout(x, rate, 42, 5, true).toDoubleArray();
                Nn4j.setNumThreads(Math.max(2, threads));
                b = Dropout.dropout(x, rate, 42, 5, true).toDoubleArray();
            } finally {
                Nn4j.setNumThreads(threads);
            }
            assertArrayEquals(a, b, 0);
            double[] keep = Generator.seed(42).bernoulli(DType.FLOAT64, 1 - rate, n).toDoubleArray();
            int zeros = 0;
            for (int i = 0; i < n; i++) {
                assertTrue(a[i] == 0 || Math.abs(a[i] - 1 / (1 - rate)) < 1e-15, "value " + a[i]);
                if (a[i] == 0) zeros++;
            }
            double sd = Math.sqrt(n * rate * (1 - rate));
            assertTrue(Math.abs(zeros - n * rate) < 5 * sd, "zeros " + zeros);
            // offset 0 equals the generator's Bernoulli(1 - rate) draw
            double[] c = Dropout.dropout(x, rate, 42, true).toDoubleArray();
            for (int i = 0; i < n; i++) assertEquals(keep[i] / (1 - rate), c[i], 1e-15);
            double[] f32 = Dropout.dropout(x.to(DType.FLOAT32), rate, 42, true).toDoubleArray();
            for (int i = 0; i < n; i++) assertEquals(c[i] == 0, f32[i] == 0);
        }
    }

    @Test
    void inferenceIsIdentityAndBackwardReusesMask() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7}, 7).requiresGrad(true);
            assertSame(x, Dropout.dropout(x, 0.5, 1, false));
            Tensor y = Dropout.dropout(x, 0.5, 7, true);
            double[] g = Autograd.grad(y.sum(), x)[0].toDoubleArray(), yv = y.toDoubleArray(), xv = x.toDoubleArray();
            for (int i = 0; i < 7; i++) assertEquals(yv[i] / xv[i], g[i], 1e-15);
            double[] all = Dropout.dropout(x, 1.0, 7, true).toDoubleArray();
            for (double v : all) assertEquals(0, v);
            GradCheck.assertPasses(in -> Dropout.dropout(in[0], 0.4, 99, 3, true), Tensor.of(new double[] {1, -2, 3, 0.5, 2, 9, -1, 4, 5}, 3, 3));
            assertThrows(IllegalArgumentException.class, () -> Dropout.dropout(x, 1.5, 1, true));
        }
    }
}
