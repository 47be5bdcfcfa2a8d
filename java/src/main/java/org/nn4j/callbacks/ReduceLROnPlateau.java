package org.nn4j.callbacks;

import java.io.PrintStream;
import java.util.Map;
import org.nn4j.optim.Optimizer;

/**
 * Multiplies the learning rate by {@code factor} after {@code patience} epochs without an
 * improvement larger than {@code minDelta} (O9): lr = max(lr * factor, minLr), then waits
 * {@code cooldown} epochs before counting again. Defaults (Keras): monitor "val_loss", factor
 * 0.1, patience 10, mode AUTO, minDelta 1e-4, cooldown 0, minLr 0. Logs "lr" each epoch.
 */
public final class ReduceLROnPlateau extends Callback {
    private String monitor = "val_loss";
    private double factor = 0.1;
    private int patience = 10;
    private Monitor mode = Monitor.AUTO;
    private double minDelta = 1e-4;
    private int cooldown;
    private double minLr;
    private PrintStream out;

    private Monitor resolved;
    private double best;
    private int wait;
    private int cooldownCounter;

    public ReduceLROnPlateau monitor(String key) {
        if (key == null || key.isEmpty()) throw new IllegalArgumentException("ReduceLROnPlateau: monitor is empty");
        monitor = key;
        return this;
    }

    /** The multiplier, in (0, 1). */
    public ReduceLROnPlateau factor(double f) {
        if (!(f > 0 && f < 1)) throw new IllegalArgumentException("ReduceLROnPlateau: factor must be in (0, 1), got " + f);
        factor = f;
        return this;
    }

    public ReduceLROnPlateau patience(int p) {
        if (p < 0) throw new IllegalArgumentException("ReduceLROnPlateau: patience must be >= 0, got " + p);
        patience = p;
        return this;
    }

    public ReduceLROnPlateau mode(Monitor m) {
        mode = m;
        return this;
    }

    public ReduceLROnPlateau minDelta(double d) {
        if (!(d >= 0)) throw new IllegalArgumentException("ReduceLROnPlateau: minDelta must be >= 0, got " + d);
        minDelta = d;
        return this;
    }

    public ReduceLROnPlateau cooldown(int c) {
        if (c < 0) throw new IllegalArgumentException("ReduceLROnPlateau: cooldown must be >= 0, got " + c);
        cooldown = c;
        return this;
    }

    public ReduceLROnPlateau minLr(double lr) {
        if (!(lr >= 0)) throw new IllegalArgumentException("ReduceLROnPlateau: minLr must be >= 0, got " + lr);
        minLr = lr;
        return this;
    }

    /** Prints each reduction to out (null: silent, the default). */
    public ReduceLROnPlateau verbose(PrintStream p) {
        out = p;
        return this;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        resolved = mode.resolve(monitor);
        best = resolved.worst();
        wait = 0;
        cooldownCounter = 0;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Optimizer opt = model().optimizer();
        if (opt == null) throw new IllegalStateException("ReduceLROnPlateau: the model is not compiled");
        logs.put("lr", opt.learningRate());
        Double current = logs.get(monitor);
        if (current == null) {
            System.err.println("ReduceLROnPlateau: the logs have no '" + monitor + "' (they have " + logs.keySet() + ")");
            return;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            wait = 0;
        }
        if (resolved.improved(current, best, minDelta)) {
            best = current;
            wait = 0;
        } else if (cooldownCounter == 0) {
            wait++;
            if (wait >= patience) {
                double old = opt.learningRate();
                if (old > minLr) {
                    double lr = Math.max(old * factor, minLr);
                    opt.setLearningRate(lr);
                    if (out != null) out.println("Epoch " + (epoch + 1) + ": ReduceLROnPlateau reducing learning rate to " + lr + ".");
                    cooldownCounter = cooldown;
                    wait = 0;
                }
            }
        }
    }
}
