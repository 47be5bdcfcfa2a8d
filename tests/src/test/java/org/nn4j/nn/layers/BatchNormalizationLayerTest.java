package org.nn4j.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.nn.CallContext;

/**
 * BatchNormalization as a layer (CURRICULUM R7, K8): the moving statistics change only in
 * training-mode calls, by rho m + (1 - rho) batch (the variance unbiased); inference uses them;
 * a frozen layer normalizes with them even in training mode and leaves them alone; the batch
 * statistics of a training call normalize each channel to mean beta, std about gamma.
 */
class BatchNormalizationLayerTest {
    @Test
    void movingStatisticsUpdateOnlyInTraining() {
        int n = 4, c = 3, h = 2, w = 5;
        double rho = 0.8;
        try (Scope s = Scope.open(); BatchNormalization bn = BatchNormalization.builder().momentum(rho).build()) {
            bn.dtype(DType.FLOAT64);
            Tensor x = LayerHarness.inputs(2, n, new long[] {c, h, w})[0].mul(3).add(1);
            bn.call(CallContext.INFERENCE, x);
            assertArrayEquals(new double[] {0, 0, 0}, bn.weight("moving_mean").value().toDoubleArray(), 0);
            assertArrayEquals(new double[] {1, 1, 1}, bn.weight("moving_variance").value().toDoubleArray(), 0);

            bn.call(CallContext.training(0), x);
            double[] xv = x.toDoubleArray();
            int m = n * h * w;
            double[] mean = new double[c], var = new double[c];
            for (int i = 0; i < xv.length; i++) mean[(i / (h * w)) % c] += xv[i] / m;
            for (int i = 0; i < xv.length; i++) {
                double d = xv[i] - mean[(i / (h * w)) % c];
                var[(i / (h * w)) % c] += d * d / (m - 1);  // unbiased for the moving average
            }
            double[] mm = bn.weight("moving_mean").value().toDoubleArray(), mv = bn.weight("moving_variance").value().toDoubleArray();
            for (int k = 0; k < c; k++) {
                assertEquals((1 - rho) * mean[k], mm[k], 1e-12);
                assertEquals(rho + (1 - rho) * var[k], mv[k], 1e-12);
            }
            // more inference calls change nothing
            bn.call(CallContext.INFERENCE, x.mul(5));
            assertArrayEquals(mm, bn.weight("moving_mean").value().toDoubleArray(), 0);
            assertArrayEquals(mv, bn.weight("moving_variance").value().toDoubleArray(), 0);
            assertFalse(bn.weight("moving_mean").trainable());
            assertTrue(bn.weight("gamma").trainable());
        }
    }

    @Test
    void trainingNormalizesPerChannelAndInferenceUsesMovingStatistics() {
        try (Scope s = Scope.open(); BatchNormalization bn = BatchNormalization.builder().epsilon(1e-5).build()) {
            bn.dtype(DType.FLOAT64);
            Tensor x = LayerHarness.inputs(4, 6, new long[] {2, 3, 3})[0].mul(4).sub(2);
            bn.build(org.nn4j.Shape.of(2, 3, 3));
            bn.weight("gamma").assign(Tensor.of(new double[] {2, 0.5}, 2));
            bn.weight("beta").assign(Tensor.of(new double[] {-1, 3}, 2));
            Tensor y = bn.call(CallContext.training(1), x)[0];
            double[] mean = y.mean(false, 0, 2, 3).toDoubleArray(), std = y.std(0, false, 0, 2, 3).toDoubleArray();
            assertArrayEquals(new double[] {-1, 3}, mean, 1e-12);
            assertArrayEquals(new double[] {2, 0.5}, std, 1e-5);
            // inference: (x - moving mean) / sqrt(moving var + eps) * gamma + beta
            bn.weight("moving_mean").assign(Tensor.of(new double[] {0.5, -0.25}, 2));
            bn.weight("moving_variance").assign(Tensor.of(new double[] {4, 0.25}, 2));
            double[] yi = bn.call(CallContext.INFERENCE, x)[0].toDoubleArray(), xv = x.toDoubleArray();
            double[][] p = {{0.5, 4, 2, -1}, {-0.25, 0.25, 0.5, 3}};
            for (int i = 0; i < xv.length; i++) {
                double[] q = p[(i / 9) % 2];
                assertEquals((xv[i] - q[0]) / Math.sqrt(q[1] + 1e-5) * q[2] + q[3], yi[i], 1e-12);
            }
        }
    }

    @Test
    void frozenLayerRunsInInferenceModeAndKeepsItsStatistics() {
        try (Scope s = Scope.open(); BatchNormalization bn = BatchNormalization.builder().trainable(false).build();
             BatchNormalization live = new BatchNormalization()) {
            Tensor x = LayerHarness.inputs(9, 5, new long[] {3})[0].to(DType.FLOAT32).mul(2).add(1);
            Tensor yFrozen = bn.call(CallContext.training(0), x)[0];
            Tensor yInference = bn.call(CallContext.INFERENCE, x)[0];
            assertArrayEquals(yInference.toDoubleArray(), yFrozen.toDoubleArray(), 0);
            assertArrayEquals(new double[] {0, 0, 0}, bn.weight("moving_mean").value().toDoubleArray(), 0);
            assertEquals(0, bn.countTrainableParams());
            assertEquals(12, bn.countParams());
            // the same call on a trainable twin does use the batch and move the statistics
            live.call(CallContext.training(0), x);
            assertFalse(java.util.Arrays.equals(new double[] {0, 0, 0}, live.weight("moving_mean").value().toDoubleArray()));
        }
    }
}
