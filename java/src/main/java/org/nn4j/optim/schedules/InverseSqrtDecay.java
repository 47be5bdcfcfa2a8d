package org.nn4j.optim.schedules;

import org.nn4j.nn.Config;
import org.nn4j.optim.LearningRateSchedule;

/** η(t) = η₀ · k / √t (O8). */
public final class InverseSqrtDecay implements LearningRateSchedule {
    static final String TYPE = "InverseSqrtDecay";
    private final double initial;
    private final double k;

    public InverseSqrtDecay(double initial, double k) {
        this.initial = Schedules.rate(TYPE, "initial", initial);
        this.k = Schedules.rate(TYPE, "k", k);
    }

    @Override
    public double lr(long t) {
        Schedules.step(TYPE, t);
        return initial * k / Math.sqrt((double) t);
    }

    @Override
    public Config config() {
        return new Config().put("class", TYPE).put("initial", initial).put("k", k);
    }

    static InverseSqrtDecay fromConfig(Config c) {
        return new InverseSqrtDecay(c.getDouble("initial"), c.getDouble("k"));
    }

    @Override
    public String toString() {
        return TYPE + "(" + initial + ", k " + k + ")";
    }
}
