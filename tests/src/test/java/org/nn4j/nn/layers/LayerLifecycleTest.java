package org.nn4j.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nn4j.Nn4j;
import org.nn4j.Scope;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.nn.CallContext;
import org.nn4j.nn.Layer;
import org.nn4j.nn.regularizers.Regularizers;

/**
 * The build / call lifecycle: weights made lazily inside a Scope outlive it, seeded weights are
 * reproducible, names follow Keras (dense, dense_1, conv2d_transpose), the regularization loss is
 * the K10 sum of the weights' penalties, and native memory returns to its level once layers and
 * their outputs are closed.
 */
class LayerLifecycleTest {
    @Test
    void weightsBuiltInsideAScopeOutliveIt() {
        Dense d = new Dense(3);
        try (Scope s = Scope.open()) {
            d.call(Tensor.ones(2, 4));
        }
        try (Scope s = Scope.open()) {
            assertFalse(d.weight("kernel").value().isClosed());
            assertArrayEquals(new long[] {2, 3}, d.call(Tensor.ones(2, 4)).dims());
        } finally {
            d.close();
        }
    }

    @Test
    void seededWeightsAreReproducible() {
        try (Scope s = Scope.open(); Layer a = Conv2D.builder(4, 3).seed(7).build(); Layer b = Conv2D.builder(4, 3).seed(7).build();
             Layer c = Conv2D.builder(4, 3).seed(8).build()) {
            for (Layer l : new Layer[] {a, b, c}) l.build(Shape.of(2, 5, 5));
            double[] ka = a.weight("kernel").value().toDoubleArray();
            assertArrayEquals(ka, b.weight("kernel").value().toDoubleArray(), 0);
            assertFalse(Arrays.equals(ka, c.weight("kernel").value().toDoubleArray()));
            assertArrayEquals(new double[4], a.weight("bias").value().toDoubleArray(), 0);
        }
    }

    @Test
    void automaticNamesFollowKeras() {
        String a = new Dense(1).name(), b = new Dense(1).name();
        assertTrue(a.matches("dense(_\\d+)?"), a);
        assertNotEquals(a, b);
        assertTrue(Conv2DTranspose.builder(1, 1).build().name().startsWith("conv2d_transpose"));
        assertTrue(new BatchNormalization().name().startsWith("batch_normalization"));
        assertTrue(new GlobalAveragePooling2D().name().startsWith("global_average_pooling2d"));
        assertEquals("head", Dense.builder(2).name("head").build().name());
    }

    @Test
    void regularizationLossIsTheSumOfPenalties() {
        try (Scope s = Scope.open(); Dense d = Dense.builder(3).kernelRegularizer(Regularizers.l2(0.1))
                .biasRegularizer(Regularizers.l1(0.5)).build(); Dense plain = new Dense(3)) {
            d.build(Shape.of(2));
            d.weight("bias").assign(Tensor.of(new float[] {1, -2, 0.5f}, 3));
            double[] w = d.weight("kernel").value().toDoubleArray();
            double want = 0.5 * 3.5;
            for (double v : w) want += 0.1 * v * v;
            assertEquals(want, d.regularizationLoss().item(), 1e-6);
            // gradient reaches the weights: 2 l2 w for the kernel, l1 sign(b) for the bias
            Tensor[] g = Autograd.grad(d.regularizationLoss(), d.weight("kernel").value(), d.weight("bias").value());
            double[] gk = g[0].toDoubleArray();
            for (int i = 0; i < w.length; i++) assertEquals(0.2 * w[i], gk[i], 1e-6);
            assertArrayEquals(new double[] {0.5, -0.5, 0.5}, g[1].toDoubleArray(), 1e-7);
            plain.build(Shape.of(2));
            assertNull(plain.regularizationLoss());
            // frozen layers contribute nothing (their weights are not trained)
            d.setTrainable(false);
            assertNull(d.regularizationLoss());
        }
    }

    @Test
    void nativeMemoryReturnsAfterClose() {
        long before = org.nn4j.testing.LiveBytes.settle();
        try (Scope s = Scope.open()) {
            Layer[] layers = {Conv2D.builder(4, 3).padding("same").build(), new BatchNormalization(), new MaxPooling2D(2),
                    new Flatten(), new Dropout(0.5), new Dense(3, Activation.SOFTMAX)};
            Tensor x = Tensor.randn(1, 2, 3, 6, 6).requiresGrad(true);
            for (int step = 0; step < 3; step++) {
                Tensor h = x;
                for (Layer l : layers) h = l.call(CallContext.training(step), h)[0];
                h.sum().backward();
            }
            for (Layer l : layers) l.close();
        }
        org.nn4j.testing.LiveBytes.assertNoGrowth(before, "leak check");
    }
}
