package org.nn4j.callbacks;

import java.util.Locale;

/**
 * Whether a monitored log value improved: "min" for losses and errors, "max" for accuracies
 * and the like; "auto" picks max when the name holds acc, auc, precision, recall or f1.
 */
public enum Monitor {
    AUTO, MIN, MAX;

    /** MIN or MAX for this key (AUTO resolved). */
    public Monitor resolve(String key) {
        if (this != AUTO) return this;
        String k = key.toLowerCase(Locale.ROOT);
        for (String s : new String[] {"acc", "auc", "precision", "recall", "f1"}) if (k.contains(s)) return MAX;
        return MIN;
    }

    /** The worst starting value: +inf for MIN, -inf for MAX. */
    public double worst() {
        if (this == AUTO) throw new IllegalStateException("resolve AUTO first");
        return this == MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /** current beats reference by more than minDelta (an absolute margin >= 0). */
    public boolean improved(double current, double reference, double minDelta) {
        if (this == AUTO) throw new IllegalStateException("resolve AUTO first");
        if (Double.isNaN(current)) return false;
        return this == MIN ? current < reference - minDelta : current > reference + minDelta;
    }
}
