package org.nn4j.optim.schedules;

import org.nn4j.nn.Config;
import org.nn4j.optim.LearningRateSchedule;

/** η(t) = η₀. */
public final class ConstantLearningRate implements LearningRateSchedule {
    static final String TYPE = "ConstantLearningRate";
    private final double lr;

    public ConstantLearningRate(double lr) {
        this.lr = Schedules.rate(TYPE, "lr", lr);
    }

    @Override
    public double lr(long t) {
        Schedules.step(TYPE, t);
        return lr;
    }

    @Override
    public Config config() {
        return new Config().put("class", TYPE).put("lr", lr);
    }

    static ConstantLearningRate fromConfig(Config c) {
        return new ConstantLearningRate(c.getDouble("lr"));
    }

    @Override
    public String toString() {
        return TYPE + "(" + lr + ")";
    }
}
