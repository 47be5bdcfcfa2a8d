package org.nn4j.optim.schedules;

import java.util.Arrays;
import org.nn4j.nn.Config;
import org.nn4j.optim.LearningRateSchedule;

/**
 * η(t) = values[i] for boundaries[i−1] &lt; t ≤ boundaries[i] (Keras's PiecewiseConstantDecay):
 * values[0] up to and including boundaries[0], the last value after the last boundary.
 */
public final class PiecewiseConstantDecay implements LearningRateSchedule {
    static final String TYPE = "PiecewiseConstantDecay";
    private final long[] boundaries;
    private final double[] values;

    /** @param boundaries strictly increasing; values has one more element than boundaries */
    public PiecewiseConstantDecay(long[] boundaries, double[] values) {
        if (values.length != boundaries.length + 1) {
            throw new IllegalArgumentException(TYPE + ": " + values.length + " values for " + boundaries.length
                    + " boundaries; need boundaries.length + 1");
        }
        for (int i = 1; i < boundaries.length; i++) {
            if (boundaries[i] <= boundaries[i - 1]) {
                throw new IllegalArgumentException(TYPE + ": boundaries " + Arrays.toString(boundaries)
                        + " are not strictly increasing");
            }
        }
        for (double v : values) Schedules.rate(TYPE, "value", v);
        this.boundaries = boundaries.clone();
        this.values = values.clone();
    }

    @Override
    public double lr(long t) {
        Schedules.step(TYPE, t);
        int i = 0;
        while (i < boundaries.length && t > boundaries[i]) i++;
        return values[i];
    }

    @Override
    public Config config() {
        return new Config().put("class", TYPE).put("boundaries", boundaries).put("values", values);
    }

    static PiecewiseConstantDecay fromConfig(Config c) {
        return new PiecewiseConstantDecay(c.getLongArray("boundaries"), c.getDoubleArray("values"));
    }

    @Override
    public String toString() {
        return TYPE + "(" + Arrays.toString(boundaries) + ", " + Arrays.toString(values) + ")";
    }
}
