package org.nn4j.optim.schedules;

import org.nn4j.nn.Config;
import org.nn4j.optim.LearningRateSchedule;

/** Staircase decay (O8): η(t) = η₀ · f^⌊t / E⌋, so updates 1 … E−1 use η₀ and update E uses η₀f. */
public final class StepDecay implements LearningRateSchedule {
    static final String TYPE = "StepDecay";
    private final double initial;
    private final double factor;
    private final long stepSize;

    /**
     * @param factor   f, the multiplier per stair (e.g. 0.5)
     * @param stepSize E ≥ 1, updates (or epochs) per stair
     */
    public StepDecay(double initial, double factor, long stepSize) {
        this.initial = Schedules.rate(TYPE, "initial", initial);
        this.factor = Schedules.rate(TYPE, "factor", factor);
        this.stepSize = Schedules.positive(TYPE, "stepSize", stepSize);
    }

    @Override
    public double lr(long t) {
        Schedules.step(TYPE, t);
        return initial * Math.pow(factor, (double) (t / stepSize));
    }

    @Override
    public Config config() {
        return new Config().put("class", TYPE).put("initial", initial).put("factor", factor).put("step_size", stepSize);
    }

    static StepDecay fromConfig(Config c) {
        return new StepDecay(c.getDouble("initial"), c.getDouble("factor"), c.getLong("step_size"));
    }

    @Override
    public String toString() {
        return TYPE + "(" + initial + ", factor " + factor + " every " + stepSize + ")";
    }
}
