package org.nn4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.nn.Variable;

/**
 * CURRICULUM O10 through the optimizers: plain SGD with η = 1 moves each weight by exactly the
 * clipped gradient, so θ₀ − θ₁ shows it. The caller's gradients stay untouched, and the clipped
 * gradient is what reaches the optimizer state.
 */
class ClippingTest {
    /** The clipped gradients: θ₀ − θ₁ after one SGD(η = 1) step from zero weights. */
    static double[][] clipped(SGD opt, double[]... grads) {
        try (Scope s = Scope.open()) {
            List<Variable> vars = new java.util.ArrayList<>();
            List<Tensor> gs = new java.util.ArrayList<>();
            for (int i = 0; i < grads.length; i++) {
                vars.add(new Variable("v" + i, Tensor.of(new double[grads[i].length]), true, null));
                gs.add(Tensor.of(grads[i].clone()));
            }
            opt.apply(vars, gs);
            double[][] out = new double[grads.length][];
            for (int i = 0; i < grads.length; i++) {
                double[] th = vars.get(i).value().toDoubleArray();
                for (int j = 0; j < th.length; j++) th[j] = -th[j];
                out[i] = th;
                assertArrayEquals(grads[i], gs.get(i).toDoubleArray(), 0, "the caller's gradient is unchanged");
            }
            return out;
        } finally {
            opt.close();
        }
    }

    static double norm(double[]... gs) {
        double s = 0;
        for (double[] g : gs) for (double v : g) s += v * v;
        return Math.sqrt(s);
    }

    @Test
    void byValue() {
        double[][] c = clipped(SGD.builder().learningRate(1).clipValue(0.5).build(), new double[] {2, -0.3, -7, 0.5});
        assertArrayEquals(new double[] {0.5, -0.3, -0.5, 0.5}, c[0], 0);
    }

    @Test
    void byNormPerTensor() {
        // ‖(3, 4)‖ = 5 > 1: scaled by 1/5; ‖(0.3, 0.4)‖ = 0.5 ≤ 1: unchanged
        double[][] c = clipped(SGD.builder().learningRate(1).clipNorm(1).build(), new double[] {3, 4},
                new double[] {0.3, 0.4});
        assertArrayEquals(new double[] {0.6, 0.8}, c[0], 1e-15);
        assertArrayEquals(new double[] {0.3, 0.4}, c[1], 0);
        assertEquals(1, norm(c[0]), 1e-15);
    }

    @Test
    void byGlobalNorm() {
        // s = √(3² + 4² + 12²) = 13; τ = 6.5 scales everything by ½, and the norm after is min(s, τ)
        double[][] c = clipped(SGD.builder().learningRate(1).globalClipNorm(6.5).build(), new double[] {3, 4},
                new double[] {12});
        assertArrayEquals(new double[] {1.5, 2}, c[0], 1e-15);
        assertArrayEquals(new double[] {6}, c[1], 1e-15);
        assertEquals(6.5, norm(c), 1e-14);
        double[][] u = clipped(SGD.builder().learningRate(1).globalClipNorm(20).build(), new double[] {3, 4},
                new double[] {12});
        assertEquals(13, norm(u), 1e-14);
    }

    @Test
    void clippingComesBeforeTheState() {
        // momentum: v₁ = η·clip(g) = 0.1·(0.6, 0.8)
        SGD opt = SGD.builder().learningRate(0.1).momentum(0.9).clipNorm(1).build();
        try (Scope s = Scope.open(); Variable w = new Variable("w", Tensor.of(new double[2]), true, null)) {
            opt.apply(List.of(w), List.of(Tensor.of(new double[] {3, 4})));
            assertArrayEquals(new double[] {0.06, 0.08}, opt.state().get("w/velocity").toDoubleArray(), 1e-16);
        } finally {
            opt.close();
        }
    }

    @Test
    void defaultThresholdIsFive() {
        double[][] c = clipped(SGD.builder().learningRate(1).clipValue().build(), new double[] {9, -9, 4});
        assertArrayEquals(new double[] {5, -5, 4}, c[0], 0);
    }

    @Test
    void nonFiniteGradientsAreNotHidden() {
        double[][] c = clipped(SGD.builder().learningRate(1).clipNorm(1).build(), new double[] {Double.NaN, 1});
        assertTrue(Double.isNaN(c[0][0]) && c[0][1] == 1, java.util.Arrays.toString(c[0]));
    }

    @Test
    void clipGlobalNormInPlaceHelper() {
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.of(new double[] {3, 4}), b = Tensor.of(new double[] {12});
            assertEquals(13, GradientClipping.clipGlobalNormInPlace(java.util.Arrays.asList(a, null, b), 6.5), 1e-14);
            assertArrayEquals(new double[] {1.5, 2}, a.toDoubleArray(), 1e-15);
            assertEquals(6.5, GradientClipping.globalNorm(List.of(a, b)), 1e-14);
        }
    }
}
