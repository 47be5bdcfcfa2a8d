package org.nn4j.nn.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nn4j.Scope;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.autograd.NoGradScope;
import org.nn4j.nn.Layer;
import org.nn4j.nn.Variable;
import org.nn4j.nn.layers.Activation;
import org.nn4j.nn.layers.Conv2D;
import org.nn4j.nn.layers.Conv2DTranspose;
import org.nn4j.nn.layers.Dense;
import org.nn4j.nn.layers.DepthwiseConv2D;

/**
 * Layers hand the initializers the right fans (CURRICULUM §5): fan_in = (C_in/g)·prod(k) for a
 * conv kernel (C_out, C_in/g, k...), the adjoint convolution's fans for a transposed one, k² for
 * a depthwise kernel; He normal's variance 2 / fan_in is checked within 3 SE. And constant
 * initialization keeps hidden units identical through training (the symmetry a random init breaks).
 */
class LayerFansTest {
    /** Sample variance of a weight vs the expected one, within 3 SE (normal draws: SE = var·sqrt(2/n)). */
    static void assertVariance(String what, Variable v, double want) {
        double[] w = v.value().toDoubleArray();
        double m2 = 0;
        for (double x : w) m2 += x * x / w.length;  // zero-mean draws
        double se = want * Math.sqrt(2.0 / w.length);
        assertTrue(Math.abs(m2 - want) < 3 * se, what + ": variance " + m2 + ", expected " + want + " (SE " + se + ")");
    }

    @Test
    void convolutionFans() {
        try (Scope s = Scope.open(); Layer grouped = Conv2D.builder(64, 3).groups(4).kernelInitializer("he_normal").build();
             Layer transposed = Conv2DTranspose.builder(48, 3).kernelInitializer("he_normal").build();
             Layer depthwise = DepthwiseConv2D.builder(5).depthMultiplier(64).depthwiseInitializer("he_normal").build();
             Layer dense = Dense.builder(300).kernelInitializer("glorot_normal").build()) {
            grouped.build(Shape.of(32, 9, 9));           // fan_in = (32 / 4)·9 = 72
            assertVariance("grouped conv", grouped.weight("kernel"), 2.0 / 72);
            transposed.build(Shape.of(40, 5, 5));        // adjoint of a 48 -> 40 conv: fan_in = 48·9
            assertVariance("transposed conv", transposed.weight("kernel"), 2.0 / (48 * 9));
            depthwise.build(Shape.of(16, 9, 9));         // groups = C: fan_in = 25
            assertVariance("depthwise", depthwise.weight("depthwise_kernel"), 2.0 / 25);
            dense.build(Shape.of(100));                  // 2 / (100 + 300)
            assertVariance("dense", dense.weight("kernel"), 2.0 / 400);
        }
    }

    @Test
    void constantInitKeepsHiddenUnitsIdentical() {
        try (Scope s = Scope.open(); Dense hidden = Dense.builder(4).activation(Activation.TANH).kernelInitializer(Initializers.constant(0.3))
                .build(); Dense out = Dense.builder(1).kernelInitializer(Initializers.constant(0.2)).build()) {
            Tensor x = Tensor.randn(1, 16, 3), y = Tensor.randn(2, 16, 1);
            double[] before = null;
            for (int step = 0; step < 5; step++) {
                Tensor loss = out.call(hidden.call(x)).sub(y).square().mean();
                Variable[] vs = {hidden.weight("kernel"), hidden.weight("bias"), out.weight("kernel"), out.weight("bias")};
                Tensor[] g = Autograd.grad(loss, Arrays.stream(vs).map(Variable::value).toArray(Tensor[]::new));
                try (NoGradScope ng = Autograd.noGrad()) {
                    for (int i = 0; i < vs.length; i++) vs[i].value().addInPlace(g[i], -0.1);
                }
                double[] k = hidden.weight("kernel").value().toDoubleArray();  // (3, 4): the 4 columns are the units
                if (before == null) before = k;
                for (int r = 0; r < 3; r++) {
                    for (int u = 1; u < 4; u++) assertEquals(k[r * 4], k[r * 4 + u], 0, "step " + step + " row " + r);
                }
            }
            // it did train: the weights moved away from 0.3
            assertTrue(Math.abs(before[0] - 0.3) > 1e-6);
            assertArrayEquals(new long[] {3, 4}, hidden.weight("kernel").shape());
        }
    }
}
