package org.nn4j.callbacks;

import java.util.Locale;
import java.util.Map;

/** Keras' number and log formatting (API5): "loss: 0.6931", small values in e-notation, NaN as "nan". */
public final class LogFormat {
    private LogFormat() {}

    /** %.4f, or %.4e when |v| <= 1e-3 (as Keras), "nan", "inf", "-inf". */
    public static String value(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        return Math.abs(v) > 1e-3 ? String.format(Locale.ROOT, "%.4f", v) : String.format(Locale.ROOT, "%.4e", v);
    }

    /** " - loss: 0.6931 - accuracy: 0.5000" for the entries of logs (gradient norms left out). */
    public static String entries(Map<String, Double> logs) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            if (e.getKey().startsWith("grad_norm/")) continue;
            b.append(" - ").append(e.getKey()).append(": ").append(value(e.getValue() == null ? Double.NaN : e.getValue()));
        }
        return b.toString();
    }

    /** "1s", "25ms", "40us": a duration in the largest unit that keeps it >= 1. */
    public static String duration(double seconds) {
        if (seconds >= 1) return String.format(Locale.ROOT, "%.0fs", seconds);
        if (seconds >= 1e-3) return String.format(Locale.ROOT, "%.0fms", seconds * 1e3);
        return String.format(Locale.ROOT, "%.0fus", seconds * 1e6);
    }
}
