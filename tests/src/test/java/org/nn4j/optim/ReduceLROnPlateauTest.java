package org.nn4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nn4j.optim.schedules.StepDecay;

/** CURRICULUM O9, HAND scripted runs: monitored values in, learning rates out. */
class ReduceLROnPlateauTest {
    static double[] run(ReduceLROnPlateau r, double lr, double... values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) out[i] = lr = r.update(values[i], lr);
        return out;
    }

    @Test
    void patienceFactorAndMinLr() {
        // patience 2, factor 0.5, minLr 0.2: improvements at 1 and 0.9; 0.95, 0.92 are two misses -> 0.5;
        // 0.91, 0.93 -> 0.25; then two more -> max(0.125, 0.2) = 0.2, and it stays there
        ReduceLROnPlateau r = ReduceLROnPlateau.builder().patience(2).factor(0.5).minLr(0.2).minDelta(0).build();
        assertArrayEquals(new double[] {1, 1, 1, 0.5, 0.5, 0.25, 0.25, 0.2, 0.2, 0.2},
                run(r, 1, 1.0, 0.9, 0.95, 0.92, 0.91, 0.93, 0.95, 0.96, 0.97, 0.98), 0);
        assertEquals(3, r.reductions());
        assertEquals(0.9, r.best(), 0);
    }

    @Test
    void minDeltaAndCooldown() {
        // minDelta 0.1: 0.95 is no gain on 1.0, and patience 1 reduces at once (cooldown counter 2).
        // 0.97: the counter drops to 1 and the miss does not count. 0.99: the counter reaches 0 first
        // (Keras's order), so this miss counts and reduces again; 0.98 is skipped; 0.5 is a gain.
        ReduceLROnPlateau r = ReduceLROnPlateau.builder().patience(1).factor(0.1).minDelta(0.1).cooldown(2).build();
        assertArrayEquals(new double[] {1, 0.1, 0.1, 0.01, 0.01, 0.01},
                run(r, 1, 1.0, 0.95, 0.97, 0.99, 0.98, 0.5), 1e-17);
        assertEquals(2, r.reductions());
        assertEquals(0.5, r.best(), 0);
    }

    @Test
    void halveOnAnyRiseInMaxMode() {
        // "halve on any rise" for an accuracy: factor 0.5, patience 0, MAX
        ReduceLROnPlateau r = ReduceLROnPlateau.builder().patience(0).factor(0.5).minDelta(0)
                .mode(ReduceLROnPlateau.Mode.MAX).build();
        assertArrayEquals(new double[] {0.8, 0.8, 0.4, 0.4, 0.2}, run(r, 0.8, 0.5, 0.6, 0.6, 0.7, Double.NaN), 0);
    }

    @Test
    void drivesAnOptimizer() {
        SGD opt = new SGD(0.1);
        ReduceLROnPlateau r = ReduceLROnPlateau.builder().patience(0).factor(0.5).build();
        r.update(1.0, opt);
        assertEquals(0.05, r.update(2.0, opt), 0);
        assertEquals(0.05, opt.learningRate(), 0);
        SGD scheduled = SGD.builder().learningRate(new StepDecay(0.1, 0.5, 10)).build();
        r.reset();
        r.update(1.0, scheduled);
        assertThrows(IllegalStateException.class, () -> r.update(2.0, scheduled));
        assertThrows(IllegalArgumentException.class, () -> ReduceLROnPlateau.builder().factor(1));
        assertThrows(IllegalArgumentException.class, () -> ReduceLROnPlateau.builder().patience(-1));
    }
}
