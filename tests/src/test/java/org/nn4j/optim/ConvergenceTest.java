package org.nn4j.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.nn.Variable;

/**
 * CONV: every optimizer minimizes J(θ) = ½ Σ a_i (θ_i − c_i)² (curvatures 0.5, 1, 4; J(0) = 2.75)
 * from θ = 0 in 400 steps of autograd + {@link Optimizer#step}, to J &lt; 1e-6.
 */
class ConvergenceTest {
    static final double[] A = {0.5, 1, 4};
    static final double[] C = {1, -2, 0.5};

    static double minimize(Optimizer opt, int steps) {
        try (Scope s = Scope.open(); Variable w = new Variable("w", Tensor.of(new double[3]), true, null)) {
            Tensor a = Tensor.of(A.clone()), c = Tensor.of(C.clone());
            double j = Double.NaN;
            for (int k = 0; k < steps; k++) {
                try (Scope step = Scope.open()) {
                    Tensor loss = w.value().sub(c).square().mul(a).sum().mul(0.5);
                    j = loss.item();
                    w.value().zeroGrad();
                    loss.backward();
                    opt.step(List.of(w));
                }
            }
            return j;
        } finally {
            opt.close();
        }
    }

    @Test
    void everyOptimizerMinimizesAQuadratic() {
        List<Optimizer> all = List.of(new SGD(0.2),
                SGD.builder().learningRate(0.05).momentum(0.9).build(),
                SGD.builder().learningRate(0.05).momentum(0.9).nesterov(true).build(),
                new Adagrad(0.5),
                new RMSprop(0.01),
                Adadelta.builder().epsilon(1e-4).build(),
                new Adam(0.05),
                AdamW.builder().learningRate(0.05).weightDecay(1e-4).build(),
                new Nadam(0.05));
        for (Optimizer opt : all) {
            String name = opt.toString();
            double j = minimize(opt, 400);
            assertTrue(j < 1e-6, name + ": J = " + j + " after 400 steps");
        }
    }
}
