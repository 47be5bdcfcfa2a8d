package org.nn4j.callbacks;

import java.io.PrintStream;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/**
 * Sets the optimizer's learning rate at the start of each epoch from schedule(epoch, currentLr),
 * and logs it as "lr".
 */
public final class LearningRateScheduler extends Callback {
    /** The schedule: the new learning rate from the 0-based epoch and the current one. */
    @FunctionalInterface
    public interface Schedule {
        double lr(int epoch, double currentLr);
    }

    private final Schedule schedule;
    private final PrintStream out;

    public LearningRateScheduler(Schedule schedule) {
        this(schedule, null);
    }

    /** @param out where to print each change, or null */
    public LearningRateScheduler(Schedule schedule, PrintStream out) {
        if (schedule == null) throw new IllegalArgumentException("LearningRateScheduler: schedule is null");
        this.schedule = schedule;
        this.out = out;
    }

    /** A schedule of the epoch alone. */
    public static LearningRateScheduler ofEpoch(IntToDoubleFunction f) {
        return new LearningRateScheduler((e, lr) -> f.applyAsDouble(e));
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        var opt = model().optimizer();
        if (opt == null) throw new IllegalStateException("LearningRateScheduler: the model is not compiled");
        double lr = schedule.lr(epoch, opt.learningRate());
        if (!Double.isFinite(lr) || lr < 0) {
            throw new IllegalArgumentException("LearningRateScheduler: the schedule gave " + lr + " at epoch " + epoch);
        }
        opt.setLearningRate(lr);
        if (out != null) out.println("Epoch " + (epoch + 1) + ": LearningRateScheduler setting learning rate to " + lr + ".");
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        logs.put("lr", model().optimizer().learningRate());
    }
}
