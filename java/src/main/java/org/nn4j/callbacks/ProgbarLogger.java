package org.nn4j.callbacks;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress display of fit (API5). On a terminal, one bar per epoch redrawn in place
 * ("Epoch 2/10", steps, elapsed time, ETA, then the running loss and metrics), drawn by the
 * me.tongfei progressbar library. Otherwise (output redirected, CI logs, tests) plain lines in
 * Keras' format, one per epoch:
 *
 * <pre>
 * Epoch 1/10
 * 32/32 [==============================] - 1s 25ms/step - loss: 0.6931 - accuracy: 0.5000 - val_loss: 0.6925
 * </pre>
 *
 * fit adds one (mode AUTO for verbose 1, EPOCH_LINE for verbose 2) unless one is among the
 * callbacks. Per-layer gradient norms are left out of the line (they are in History).
 */
public final class ProgbarLogger extends Callback {
    /** How to draw. */
    public enum Mode {
        /** INTERACTIVE when System.console() is present (a terminal), PLAIN otherwise. */
        AUTO,
        /** A bar redrawn in place. */
        INTERACTIVE,
        /** "Epoch e/E", then one line with a full bar when the epoch ends. */
        PLAIN,
        /** "Epoch e/E", then "S/S - 1s - loss: ..." (Keras' verbose 2). */
        EPOCH_LINE
    }

    private static final int BAR_WIDTH = 30;

    private final PrintStream out;
    private final Mode mode;
    private Mode active;
    private ProgressBar bar;
    private long start;
    private int seen;

    public ProgbarLogger() {
        this(System.out, Mode.AUTO);
    }

    public ProgbarLogger(PrintStream out, Mode mode) {
        if (out == null) throw new IllegalArgumentException("ProgbarLogger: out is null");
        if (mode == null) throw new IllegalArgumentException("ProgbarLogger: mode is null");
        this.out = out;
        this.mode = mode;
    }

    /** The mode AUTO resolves to here: INTERACTIVE on a terminal. */
    public Mode activeMode() {
        return mode != Mode.AUTO ? mode : System.console() != null ? Mode.INTERACTIVE : Mode.PLAIN;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        active = activeMode();
    }

    private long steps() {
        Object s = params().get("steps");
        return s instanceof Number ? ((Number) s).longValue() : -1;
    }

    private String epochs() {
        Object e = params().get("epochs");
        return e == null ? "?" : e.toString();
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        if (active == null) active = activeMode();
        seen = 0;
        start = System.nanoTime();
        String title = "Epoch " + (epoch + 1) + "/" + epochs();
        if (active == Mode.INTERACTIVE) {
            bar = new ProgressBarBuilder().setTaskName(title).setInitialMax(steps()).setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(out)).setUpdateIntervalMillis(200).build();
        } else {
            out.println(title);
        }
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        seen = batch + 1;
        if (bar != null) {
            bar.stepTo(seen);
            bar.setExtraMessage(trimmed(logs));
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (bar != null) {
            bar.stepTo(seen);
            bar.setExtraMessage(trimmed(logs));
            bar.close();
            bar = null;
            return;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.println(epochLine(seen, steps() > 0 ? steps() : seen, seconds, logs, active == Mode.PLAIN));
        out.flush();
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    private static String trimmed(Map<String, Double> logs) {
        String s = LogFormat.entries(logs);
        return s.startsWith(" - ") ? s.substring(3) : s;
    }

    /**
     * "32/32 [==============================] - 1s 25ms/step - loss: 0.6931" (withBar), or
     * "32/32 - 1s - loss: 0.6931".
     */
    public static String epochLine(long step, long steps, double seconds, Map<String, Double> logs, boolean withBar) {
        int digits = String.valueOf(Math.max(steps, 1)).length();
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%" + digits + "d/%d", step, steps));
        if (withBar) b.append(' ').append(bar(step, steps));
        b.append(" - ").append((long) seconds).append('s');  // whole seconds of the epoch, as Keras
        if (withBar && step > 0) b.append(' ').append(LogFormat.duration(seconds / step)).append("/step");
        b.append(LogFormat.entries(logs));
        return b.toString();
    }

    /** "[=========>....................]" for step of steps (Keras' 30-character bar). */
    public static String bar(long step, long steps) {
        int filled = steps <= 0 ? BAR_WIDTH : (int) (BAR_WIDTH * Math.min(step, steps) / steps);
        StringBuilder b = new StringBuilder("[");
        if (filled > 0) {
            b.append("=".repeat(filled - 1));
            b.append(step < steps ? '>' : '=');
        }
        b.append(".".repeat(BAR_WIDTH - filled)).append(']');
        return b.toString();
    }
}
