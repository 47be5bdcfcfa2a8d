package org.nn4j.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nn4j.optim.schedules.ConstantLearningRate;
import org.nn4j.optim.schedules.CosineDecay;
import org.nn4j.optim.schedules.ExponentialDecay;
import org.nn4j.optim.schedules.InverseSqrtDecay;
import org.nn4j.optim.schedules.InverseTimeDecay;
import org.nn4j.optim.schedules.PiecewiseConstantDecay;
import org.nn4j.optim.schedules.StepDecay;

/**
 * CURRICULUM O8, HAND η tables (t = 1-based update count). Values that are exact in binary are
 * compared with tolerance 0; those going through cos or a fractional power, to within 1e-15 (the
 * rounding of 1 + cos(...)).
 */
class SchedulesTest {
    static void table(LearningRateSchedule s, long[] t, double[] want) {
        for (int i = 0; i < t.length; i++) assertEquals(want[i], s.lr(t[i]), 0, s + " at t = " + t[i]);
    }

    static void near(double want, double got, String what) {
        assertEquals(want, got, 1e-15, what);
    }

    @Test
    void constant() {
        table(new ConstantLearningRate(0.1), new long[] {1, 2, 1000}, new double[] {0.1, 0.1, 0.1});
    }

    @Test
    void stepDecay() {
        // η₀ f^⌊t/E⌋ with η₀ 0.1, f 0.5, E 3
        table(new StepDecay(0.1, 0.5, 3), new long[] {1, 2, 3, 5, 6, 9},
                new double[] {0.1, 0.1, 0.05, 0.05, 0.025, 0.0125});
    }

    @Test
    void exponentialDecay() {
        // η₀ rᵗ with η₀ 1, r 0.5
        table(new ExponentialDecay(1, 0.5), new long[] {1, 2, 3, 10}, new double[] {0.5, 0.25, 0.125, 1.0 / 1024});
        // staircase per 2: ⌊t/2⌋ = 0, 1, 1, 2
        table(new ExponentialDecay(1, 0.5, 2, true), new long[] {1, 2, 3, 4}, new double[] {1, 0.5, 0.5, 0.25});
        // smooth per 2: 0.5^(1/2) = √½, 0.5^(3/2) = √½ / 2
        ExponentialDecay smooth = new ExponentialDecay(1, 0.5, 2, false);
        near(Math.sqrt(0.5), smooth.lr(1), "t = 1");
        assertEquals(0.5, smooth.lr(2), 0);
        near(Math.sqrt(0.5) / 2, smooth.lr(3), "t = 3");
    }

    @Test
    void inverseTimeDecay() {
        // η₀/(1 + kt) with η₀ 1, k 1
        table(new InverseTimeDecay(1, 1), new long[] {1, 3, 7}, new double[] {0.5, 0.25, 0.125});
        // η₀/(1 + k⌊t/2⌋): 1, 1/2, 1/2, 1/3
        table(new InverseTimeDecay(1, 1, 2, true), new long[] {1, 2, 3, 4}, new double[] {1, 0.5, 0.5, 1.0 / 3});
        // η₀/(1 + kt/4) at t = 2: 1/1.5 = 2/3
        table(new InverseTimeDecay(1, 1, 4, false), new long[] {2, 4}, new double[] {2.0 / 3, 0.5});
    }

    @Test
    void inverseSqrtDecay() {
        // η₀k/√t with η₀ 1, k 0.5
        table(new InverseSqrtDecay(1, 0.5), new long[] {1, 4, 16, 64}, new double[] {0.5, 0.25, 0.125, 0.0625});
    }

    @Test
    void piecewiseConstant() {
        table(new PiecewiseConstantDecay(new long[] {3, 6}, new double[] {0.1, 0.05, 0.01}),
                new long[] {1, 3, 4, 6, 7, 100}, new double[] {0.1, 0.1, 0.05, 0.05, 0.01, 0.01});
    }

    @Test
    void cosineDecay() {
        // η₀ ½(1 + cos(πu/D)) with η₀ 1, D 4, u = t: cos(π/4) = √½, cos(π/2) = 0, cos(π) = −1
        CosineDecay c = new CosineDecay(1, 4);
        near(0.5 * (1 + Math.sqrt(0.5)), c.lr(1), "t = 1");
        assertEquals(0.5, c.lr(2), 0);
        near(0.5 * (1 - Math.sqrt(0.5)), c.lr(3), "t = 3");
        table(c, new long[] {4, 5, 100}, new double[] {0, 0, 0});
        // alpha 0.1 ends at 0.1 η₀ and is (1 − α)·½ + α = 0.55 half way
        CosineDecay a = new CosineDecay(1, 4, 0.1, 0);
        near(0.55, a.lr(2), "alpha, t = 2");
        table(a, new long[] {4, 50}, new double[] {0.1, 0.1});
        // warm-up over W = 2: η₀t/W = 0.5, 1, then the cosine from η₀ (u = t − W)
        CosineDecay w = new CosineDecay(1, 4, 0, 2);
        table(w, new long[] {1, 2, 4, 6, 9}, new double[] {0.5, 1, 0.5, 0, 0});
        near(0.5 * (1 + Math.sqrt(0.5)), w.lr(3), "warm-up, t = 3");
    }

    @Test
    void badArgumentsAndConfigRoundTrip() {
        assertThrows(IllegalArgumentException.class, () -> new StepDecay(0.1, 0.5, 3).lr(0));
        assertThrows(IllegalArgumentException.class, () -> new StepDecay(0.1, 0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> new CosineDecay(0.1, 10, 1.5, 0));
        assertThrows(IllegalArgumentException.class, () -> new ExponentialDecay(-1, 0.5));
        String msg = assertThrows(IllegalArgumentException.class,
                () -> new PiecewiseConstantDecay(new long[] {5, 3}, new double[] {1, 2, 3})).getMessage();
        assertTrue(msg.contains("increasing"), msg);
        assertThrows(IllegalArgumentException.class, () -> new PiecewiseConstantDecay(new long[] {5}, new double[] {1}));
        List<LearningRateSchedule> all = List.of(new ConstantLearningRate(0.2), new StepDecay(0.1, 0.5, 3),
                new ExponentialDecay(1, 0.9, 7, true), new InverseTimeDecay(0.5, 0.1, 3, false),
                new InverseSqrtDecay(0.3, 2), new PiecewiseConstantDecay(new long[] {3, 6}, new double[] {0.1, 0.05, 0.01}),
                new CosineDecay(0.1, 50, 0.05, 5));
        for (LearningRateSchedule s : all) {
            LearningRateSchedule back = LearningRateSchedule.fromConfig(s.config());
            assertEquals(s.getClass(), back.getClass());
            for (long t = 1; t <= 60; t++) assertEquals(s.lr(t), back.lr(t), 0, s + " at " + t);
        }
        assertThrows(IllegalArgumentException.class,
                () -> LearningRateSchedule.fromConfig(new org.nn4j.nn.Config().put("class", "Warp")));
    }
}
