package org.nn4j.callbacks;

import java.io.PrintStream;
import java.util.Map;
import org.nn4j.optim.Optimizer;

/**
 * Multiplies the learning rate by {@code factor} after {@code patience} epochs without an
 * improvement larger than {@code minDelta} (O9): lr = max(lr * factor, minLr), then waits
 * {@code cooldown} epochs before counting again. Defaults (Keras): monitor "val_loss", factor
 * 0.1, patience 10, mode AUTO, minDelta 1e-4, cooldown 0, minLr 0. Logs "lr" each epoch.
 *
 * <p>The plateau logic is {@link org.nn4j.optim.ReduceLROnPlateau}'s (one per training run);
 * this callback reads the monitored value from the epoch's logs and names the mode.
 */
public final class ReduceLROnPlateau extends Callback {
    private final org.nn4j.optim.ReduceLROnPlateau.Builder settings = org.nn4j.optim.ReduceLROnPlateau.builder();
    private String monitor = "val_loss";
    private Monitor mode = Monitor.AUTO;
    private PrintStream out;

    private org.nn4j.optim.ReduceLROnPlateau plateau;

    public ReduceLROnPlateau monitor(String key) {
        if (key == null || key.isEmpty()) throw new IllegalArgumentException("ReduceLROnPlateau: monitor is empty");
        monitor = key;
        return this;
    }

    /** The multiplier, in (0, 1). */
    public ReduceLROnPlateau factor(double f) {
        settings.factor(f);
        return this;
    }

    public ReduceLROnPlateau patience(int p) {
        settings.patience(p);
        return this;
    }

    public ReduceLROnPlateau mode(Monitor m) {
        if (m == null) throw new IllegalArgumentException("ReduceLROnPlateau: mode is null");
        mode = m;
        return this;
    }

    public ReduceLROnPlateau minDelta(double d) {
        settings.minDelta(d);
        return this;
    }

    public ReduceLROnPlateau cooldown(int c) {
        settings.cooldown(c);
        return this;
    }

    public ReduceLROnPlateau minLr(double lr) {
        settings.minLr(lr);
        return this;
    }

    /** Prints each reduction to out (null: silent, the default). */
    public ReduceLROnPlateau verbose(PrintStream p) {
        out = p;
        return this;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        boolean max = mode.resolve(monitor) == Monitor.MAX;
        plateau = settings.mode(max ? org.nn4j.optim.ReduceLROnPlateau.Mode.MAX : org.nn4j.optim.ReduceLROnPlateau.Mode.MIN)
                .build();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Optimizer opt = model().optimizer();
        if (opt == null) throw new IllegalStateException("ReduceLROnPlateau: the model is not compiled");
        double old = opt.learningRate();
        logs.put("lr", old);
        Double current = logs.get(monitor);
        if (current == null) {
            System.err.println("ReduceLROnPlateau: the logs have no '" + monitor + "' (they have " + logs.keySet() + ")");
            return;
        }
        double lr = plateau.update(current, opt);
        if (lr != old && out != null) {
            out.println("Epoch " + (epoch + 1) + ": ReduceLROnPlateau reducing learning rate to " + lr + ".");
        }
    }
}
