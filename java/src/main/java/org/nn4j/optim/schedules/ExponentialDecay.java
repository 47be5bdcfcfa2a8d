package org.nn4j.optim.schedules;

import org.nn4j.nn.Config;
import org.nn4j.optim.LearningRateSchedule;

/**
 * η(t) = η₀ · r^(t / T), the exponent floored when {@code staircase} (Keras's ExponentialDecay);
 * T = 1 gives O8's η₀rᵗ.
 */
public final class ExponentialDecay implements LearningRateSchedule {
    static final String TYPE = "ExponentialDecay";
    private final double initial;
    private final double rate;
    private final long decaySteps;
    private final boolean staircase;

    public ExponentialDecay(double initial, double rate) {
        this(initial, rate, 1, false);
    }

    public ExponentialDecay(double initial, double rate, long decaySteps, boolean staircase) {
        this.initial = Schedules.rate(TYPE, "initial", initial);
        this.rate = Schedules.rate(TYPE, "rate", rate);
        this.decaySteps = Schedules.positive(TYPE, "decaySteps", decaySteps);
        this.staircase = staircase;
    }

    @Override
    public double lr(long t) {
        double p = Schedules.progress(TYPE, t, decaySteps, staircase);
        return initial * Math.pow(rate, p);
    }

    @Override
    public Config config() {
        return new Config().put("class", TYPE).put("initial", initial).put("rate", rate)
                .put("decay_steps", decaySteps).put("staircase", staircase);
    }

    static ExponentialDecay fromConfig(Config c) {
        return new ExponentialDecay(c.getDouble("initial"), c.getDouble("rate"), c.getLong("decay_steps", 1),
                c.getBool("staircase", false));
    }

    @Override
    public String toString() {
        return TYPE + "(" + initial + ", rate " + rate + " per " + decaySteps + (staircase ? ", staircase)" : ")");
    }
}
