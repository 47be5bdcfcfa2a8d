package org.nn4j.callbacks;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Saves the model at the end of epochs (API11), to a path made from a pattern with the 1-based
 * epoch and epoch-end log values: {@code new ModelCheckpoint("ckpt/model-{epoch:02d}-{val_loss:.4f}.nn4j")}
 * (see the field syntax below). Missing parent folders are created. Each save is atomic.
 *
 * <ul>
 *   <li>{@code saveBestOnly(true)}: save only when {@code monitor} (default "val_loss") beats the
 *       best value so far; with a fixed path the file then always holds the best model. An
 *       epoch whose logs lack the monitored key saves nothing (one warning is printed).</li>
 *   <li>{@code mode}: MIN, MAX or AUTO (max for accuracy-like names, min otherwise).</li>
 *   <li>{@code saveWeightsOnly(true)}: write the weights as safetensors
 *       ({@link org.nn4j.models.Model#saveWeights}) instead of the whole model
 *       ({@link org.nn4j.models.Model#save}).</li>
 *   <li>{@code initialValueThreshold(v)}: the value to beat at first (when resuming, the best
 *       value reached before).</li>
 * </ul>
 * As in Keras, the best value is kept across fit calls with the same callback.
 *
 * <p>Fields: {@code {epoch}} and log keys such as {@code {val_loss}}, optionally with a spec
 * {@code [0][width][.precision][type]}, type d, f, e, E, g or G: {@code {epoch:03d}},
 * {@code {val_accuracy:.3f}}. Write <code>{{</code> and <code>}}</code> for literal braces. A field that
 * the logs lack is an error naming the keys there are.
 */
public final class ModelCheckpoint extends Callback {
    private final PathPattern pattern;
    private String monitor = "val_loss";
    private Monitor mode = Monitor.AUTO;
    private boolean saveBestOnly;
    private boolean saveWeightsOnly;
    private PrintStream out;

    private double best = Double.NaN;  // NaN: not set yet (then the mode's worst value)
    private int bestEpoch = -1;
    private Path lastSaved;
    private int saves;
    private boolean warned;

    /** @param pathPattern the file to write, with optional {epoch} and log-key fields */
    public ModelCheckpoint(String pathPattern) {
        this.pattern = new PathPattern(pathPattern);
    }

    public ModelCheckpoint(Path pathPattern) {
        this(pathPattern == null ? null : pathPattern.toString());
    }

    /** The log key compared with saveBestOnly (default "val_loss"). */
    public ModelCheckpoint monitor(String key) {
        if (key == null || key.isEmpty()) throw new IllegalArgumentException("ModelCheckpoint: monitor is empty");
        monitor = key;
        return this;
    }

    public ModelCheckpoint mode(Monitor m) {
        if (m == null) throw new IllegalArgumentException("ModelCheckpoint: mode is null");
        mode = m;
        return this;
    }

    public ModelCheckpoint saveBestOnly(boolean b) {
        saveBestOnly = b;
        return this;
    }

    public ModelCheckpoint saveWeightsOnly(boolean b) {
        saveWeightsOnly = b;
        return this;
    }

    /** With saveBestOnly: a value the monitor must beat before the first save. */
    public ModelCheckpoint initialValueThreshold(double v) {
        if (Double.isNaN(v)) throw new IllegalArgumentException("ModelCheckpoint: initialValueThreshold is NaN");
        best = v;
        return this;
    }

    /** Prints a line per save (and per epoch that did not improve) to out; null (the default) is silent. */
    public ModelCheckpoint verbose(PrintStream p) {
        out = p;
        return this;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (!saveBestOnly) {
            save(epoch, logs);
            return;
        }
        Double current = logs.get(monitor);
        if (current == null) {
            if (!warned) {
                warned = true;
                (out != null ? out : System.err).println("ModelCheckpoint: the logs have no '" + monitor + "' (they have "
                        + logs.keySet() + "); saving only the best model needs it, so nothing is saved");
            }
            return;
        }
        Monitor m = mode.resolve(monitor);
        double reference = Double.isNaN(best) ? m.worst() : best;
        if (m.improved(current, reference, 0)) {
            Path p = save(epoch, logs);
            if (out != null) {
                out.println("Epoch " + (epoch + 1) + ": " + monitor + " improved from " + reference + " to " + current
                        + ", saving " + (saveWeightsOnly ? "weights" : "model") + " to " + p);
            }
            best = current;
            bestEpoch = epoch;
        } else if (out != null) {
            out.println("Epoch " + (epoch + 1) + ": " + monitor + " did not improve from " + reference);
        }
    }

    private Path save(int epoch, Map<String, Double> logs) {
        Path p = Path.of(pattern.format(epoch + 1, logs));
        try {
            Path parent = p.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            if (saveWeightsOnly) model().saveWeights(p);
            else model().save(p);
        } catch (IOException e) {
            throw new UncheckedIOException("ModelCheckpoint: cannot save epoch " + (epoch + 1) + " to " + p + ": " + e.getMessage(), e);
        }
        if (!saveBestOnly && out != null) out.println("Epoch " + (epoch + 1) + ": saving " + (saveWeightsOnly ? "weights" : "model") + " to " + p);
        lastSaved = p;
        saves++;
        return p;
    }

    /** The best monitored value saved so far (NaN before the first save with saveBestOnly). */
    public double best() {
        return bestEpoch < 0 ? Double.NaN : best;
    }

    /** The 0-based epoch of the last best-only save, or -1. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The file of the last save, or null. */
    public Path lastSaved() {
        return lastSaved;
    }

    /** How many times this callback has saved. */
    public int saveCount() {
        return saves;
    }

    @Override
    public String toString() {
        return "ModelCheckpoint(" + pattern + (saveBestOnly ? ", best " + monitor : "") + (saveWeightsOnly ? ", weights" : "") + ")";
    }
}
