package org.nn4j.callbacks;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.nn4j.Tensor;

/**
 * Stops training when a monitored value stops improving (R3): after {@code patience} epochs
 * without an improvement larger than {@code minDelta}. Defaults: monitor "val_loss", minDelta 0,
 * patience 0, mode AUTO, no baseline, restoreBestWeights <b>true</b> (the spec's default; Keras'
 * is false).
 *
 * <p>With restoreBestWeights, the weights of the best epoch are copied at that epoch's end and
 * copied back into the model when training stops early (as Keras does; a run that reaches its
 * last epoch keeps the last weights). With a baseline, the wait is reset only by values that
 * also beat the baseline, so a model that improves but stays above it is stopped too.
 */
public final class EarlyStopping extends Callback {
    private String monitor = "val_loss";
    private double minDelta;
    private int patience;
    private Monitor mode = Monitor.AUTO;
    private Double baseline;
    private boolean restoreBestWeights = true;
    private PrintStream out;

    private Monitor resolved;
    private double best;
    private int bestEpoch = -1;
    private int wait;
    private int stoppedEpoch = -1;
    private List<Tensor> bestWeights;
    private boolean warned;

    public EarlyStopping monitor(String key) {
        if (key == null || key.isEmpty()) throw new IllegalArgumentException("EarlyStopping: monitor is empty");
        monitor = key;
        return this;
    }

    /** The smallest change that counts as an improvement (absolute, >= 0). */
    public EarlyStopping minDelta(double d) {
        if (!(d >= 0)) throw new IllegalArgumentException("EarlyStopping: minDelta must be >= 0, got " + d);
        minDelta = d;
        return this;
    }

    /** Epochs without improvement before stopping. */
    public EarlyStopping patience(int p) {
        if (p < 0) throw new IllegalArgumentException("EarlyStopping: patience must be >= 0, got " + p);
        patience = p;
        return this;
    }

    public EarlyStopping mode(Monitor m) {
        mode = m;
        return this;
    }

    /** A value the monitor must beat before the patience counter is reset. */
    public EarlyStopping baseline(double b) {
        baseline = b;
        return this;
    }

    public EarlyStopping restoreBestWeights(boolean r) {
        restoreBestWeights = r;
        return this;
    }

    /** Prints "Epoch N: early stopping" and restore messages to out (null: silent, the default). */
    public EarlyStopping verbose(PrintStream p) {
        out = p;
        return this;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        resolved = mode.resolve(monitor);
        best = resolved.worst();
        bestEpoch = -1;
        wait = 0;
        stoppedEpoch = -1;
        releaseBest();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Double current = logs.get(monitor);
        if (current == null) {
            if (!warned) {
                System.err.println("EarlyStopping: the logs have no '" + monitor + "' (they have " + logs.keySet()
                        + "); nothing is monitored");
                warned = true;
            }
            return;
        }
        if (restoreBestWeights && bestWeights == null) bestWeights = model().getWeights();
        wait++;
        if (resolved.improved(current, best, minDelta)) {
            best = current;
            bestEpoch = epoch;
            if (restoreBestWeights) {
                releaseBest();
                bestWeights = model().getWeights();
            }
            if (baseline == null || resolved.improved(current, baseline, minDelta)) {
                wait = 0;
                return;
            }
            // an improvement that does not beat the baseline still counts as a waiting epoch
        }
        if (wait >= patience && epoch > 0) {
            stoppedEpoch = epoch;
            model().setStopTraining(true);
            if (restoreBestWeights && bestWeights != null) {
                if (out != null) out.println("Restoring model weights from the end of the best epoch: " + (bestEpoch + 1) + ".");
                model().setWeights(bestWeights);
            }
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        if (stoppedEpoch >= 0 && out != null) out.println("Epoch " + (stoppedEpoch + 1) + ": early stopping");
        releaseBest();
    }

    private void releaseBest() {
        if (bestWeights != null) for (Tensor t : bestWeights) t.close();
        bestWeights = null;
    }

    /** The 0-based epoch at which training was stopped, or -1. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    /** The 0-based epoch with the best monitored value, or -1. */
    public int bestEpoch() {
        return bestEpoch;
    }

    public double best() {
        return best;
    }
}
