package org.nn4j.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.nn.CallContext;

/**
 * The Dropout layer (CURRICULUM K7, K8, K18): identity in inference; in training a mask that is
 * a function of (layer seed, step) only, new at each step, with rate of the elements zeroed
 * (within a binomial interval) and the others scaled by 1 / (1 - rate).
 */
class DropoutLayerTest {
    @Test
    void inferenceIsIdentity() {
        try (Scope s = Scope.open()) {
            Dropout d = new Dropout(0.5);
            Tensor x = Tensor.ones(4, 6);
            assertSame(x, d.call(CallContext.INFERENCE, x)[0]);
            assertSame(x, d.call(x, false));
        }
    }

    @Test
    void trainingMaskIsSeededByLayerSeedAndStep() {
        int n = 20000;
        double rate = 0.25;
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.ones(2, n / 2);
            Dropout a = Dropout.builder(rate).seed(42).build(), b = Dropout.builder(rate).seed(42).build();
            Dropout other = Dropout.builder(rate).seed(43).build();
            double[] a3 = a.call(CallContext.training(3), x)[0].toDoubleArray();
            assertArrayEquals(a3, b.call(CallContext.training(3), x)[0].toDoubleArray(), 0, "same seed and step");
            assertArrayEquals(a3, a.call(CallContext.training(3), x)[0].toDoubleArray(), 0, "rerun");
            assertFalse(Arrays.equals(a3, a.call(CallContext.training(4), x)[0].toDoubleArray()), "next step");
            assertFalse(Arrays.equals(a3, other.call(CallContext.training(3), x)[0].toDoubleArray()), "other seed");
            int zeros = 0;
            for (double v : a3) {
                if (v == 0) zeros++;
                else assertEquals(1 / (1 - rate), v, 1e-6);
            }
            double sd = Math.sqrt(n * rate * (1 - rate));
            assertTrue(Math.abs(zeros - n * rate) < 4 * sd, "zeroed " + zeros + " of " + n);
        }
    }

    @Test
    void rateOutsideUnitIntervalIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5));
        assertTrue(e.getMessage().contains("rate"), e.getMessage());
        assertEquals(0.3, Dropout.keepProb(0.7).rate(), 1e-15);
    }
}
