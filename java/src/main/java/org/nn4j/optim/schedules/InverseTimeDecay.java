package org.nn4j.optim.schedules;

import org.nn4j.nn.Config;
import org.nn4j.optim.LearningRateSchedule;

/**
 * η(t) = η₀ / (1 + k · t / T), t / T floored when {@code staircase} (Keras's InverseTimeDecay);
 * T = 1 gives O8's η₀/(1 + ke).
 */
public final class InverseTimeDecay implements LearningRateSchedule {
    static final String TYPE = "InverseTimeDecay";
    private final double initial;
    private final double k;
    private final long decaySteps;
    private final boolean staircase;

    public InverseTimeDecay(double initial, double k) {
        this(initial, k, 1, false);
    }

    public InverseTimeDecay(double initial, double k, long decaySteps, boolean staircase) {
        this.initial = Schedules.rate(TYPE, "initial", initial);
        this.k = Schedules.rate(TYPE, "k", k);
        this.decaySteps = Schedules.positive(TYPE, "decaySteps", decaySteps);
        this.staircase = staircase;
    }

    @Override
    public double lr(long t) {
        double p = Schedules.progress(TYPE, t, decaySteps, staircase);
        return initial / (1 + k * p);
    }

    @Override
    public Config config() {
        return new Config().put("class", TYPE).put("initial", initial).put("k", k)
                .put("decay_steps", decaySteps).put("staircase", staircase);
    }

    static InverseTimeDecay fromConfig(Config c) {
        return new InverseTimeDecay(c.getDouble("initial"), c.getDouble("k"), c.getLong("decay_steps", 1),
                c.getBool("staircase", false));
    }

    @Override
    public String toString() {
        return TYPE + "(" + initial + ", k " + k + " per " + decaySteps + (staircase ? ", staircase)" : ")");
    }
}
