package org.nn4j.optim;

import org.nn4j.nn.Config;
import org.nn4j.optim.schedules.Schedules;

/**
 * A learning rate as a function of the update count (CURRICULUM O8), usable wherever an
 * optimizer takes a learning rate: the optimizer asks for {@code lr(t)} with t the 1-based number
 * of the update it is about to apply (Adam's t). Driven per epoch instead, t is the 1-based epoch.
 * Implementations are immutable and pure: the same t always gives the same value.
 */
public interface LearningRateSchedule {
    /** η for update (or epoch) t ≥ 1; throws IllegalArgumentException for t &lt; 1. */
    double lr(long t);

    /** The schedule's arguments plus "class" (its type name), for saving. */
    Config config();

    /** Rebuilds a schedule from {@link #config()}. */
    static LearningRateSchedule fromConfig(Config c) {
        return Schedules.fromConfig(c);
    }
}
