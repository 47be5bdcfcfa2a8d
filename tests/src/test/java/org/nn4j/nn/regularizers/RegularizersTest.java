package org.nn4j.nn.regularizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.autograd.GradCheck;

/**
 * Weight penalties (CURRICULUM K10, R1): l2(λ) = λΣw² and l1(λ) = λΣ|w| with no ½ and no 1/m,
 * gradients 2λw and λ·sign(w) (sign(0) = 0, K16), one gradient step on the penalty alone gives
 * w(1 - 2ηλ), defaults λ = 0.01, configs round-trip, and a float64 GradCheck.
 */
class RegularizersTest {
    static final double[] W = {1, -2, 3, 0.5};

    @Test
    void penaltiesByHand() {
        try (Scope s = Scope.open()) {
            Tensor w = Tensor.of(W, 4);
            assertEquals(0.1 * (1 + 4 + 9 + 0.25), Regularizers.l2(0.1).penalty(w).item(), 1e-15);
            assertEquals(0.5 * (1 + 2 + 3 + 0.5), Regularizers.l1(0.5).penalty(w).item(), 1e-15);
            assertEquals(0.5 * 6.5 + 0.1 * 14.25, Regularizers.l1l2(0.5, 0.1).penalty(w).item(), 1e-14);
            assertEquals(0.01 * 14.25, Regularizers.l2().penalty(w).item(), 1e-15);
            assertEquals(0.01 * 6.5, Regularizers.l1().penalty(w).item(), 1e-15);
            assertEquals(0, Regularizers.l1l2(0, 0).penalty(w).item(), 0);
            // (λ / 2m)‖W‖² of the textbook is l2(λ / 2m)
            double lambda = 0.7, m = 50;
            assertEquals(lambda / (2 * m) * 14.25, Regularizers.l2(lambda / (2 * m)).penalty(w).item(), 1e-15);
        }
    }

    @Test
    void gradients() {
        try (Scope s = Scope.open()) {
            Tensor w = Tensor.of(new double[] {1, -2, 0, 0.5}, 4).requiresGrad(true);
            assertArrayEquals(new double[] {0.2, -0.4, 0, 0.1}, Autograd.grad(Regularizers.l2(0.1).penalty(w), w)[0].toDoubleArray(), 1e-15);
            assertArrayEquals(new double[] {0.5, -0.5, 0, 0.5}, Autograd.grad(Regularizers.l1(0.5).penalty(w), w)[0].toDoubleArray(), 0);
            GradCheck.assertPasses(xs -> Regularizers.l1l2(0.3, 0.2).penalty(xs[0]), Tensor.of(W, 2, 2));
        }
    }

    @Test
    void gradientStepOnThePenaltyShrinksByOneMinusTwoEtaLambda() {
        double eta = 0.1, lambda = 0.25;
        try (Scope s = Scope.open()) {
            Tensor w = Tensor.of(W, 4).requiresGrad(true);
            Tensor g = Autograd.grad(Regularizers.l2(lambda).penalty(w), w)[0];
            double[] stepped = w.detach().sub(g.mul(eta)).toDoubleArray();
            for (int i = 0; i < W.length; i++) assertEquals(W[i] * (1 - 2 * eta * lambda), stepped[i], 1e-15);
        }
    }

    @Test
    void configsAndArguments() {
        Regularizer r = Regularizers.fromConfig(Regularizers.l1l2(0.5, 0.1).config());
        try (Scope s = Scope.open()) {
            Tensor w = Tensor.of(W, 4).to(DType.FLOAT32);
            assertEquals(Regularizers.l1l2(0.5, 0.1).penalty(w).item(), r.penalty(w).item(), 0);
        }
        assertNull(Regularizers.fromConfig(null));
        assertThrows(IllegalArgumentException.class, () -> Regularizers.l2(-1));
        assertThrows(IllegalArgumentException.class, () -> Regularizers.l1(Double.NaN));
    }
}
