package org.nn4j.callbacks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link org.nn4j.models.Model#fit} returns: per epoch, every value of the epoch-end logs
 * ("loss", metrics, "val_*", "lr", "grad_norm/layer"), keyed by name, in epoch order.
 */
public final class History extends Callback {
    private final List<Integer> epochs = new ArrayList<>();
    private final Map<String, List<Double>> history = new LinkedHashMap<>();

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        int row = epochs.size();
        epochs.add(epoch);
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            List<Double> l = history.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
            while (l.size() < row) l.add(Double.NaN);  // a key that appeared late
            l.add(e.getValue());
        }
        for (List<Double> l : history.values()) while (l.size() < row + 1) l.add(Double.NaN);
    }

    /** The 0-based indices of the epochs run. */
    public List<Integer> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** Every key and its per-epoch values. */
    public Map<String, List<Double>> history() {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<Double>> e : history.entrySet()) out.put(e.getKey(), Collections.unmodifiableList(e.getValue()));
        return Collections.unmodifiableMap(out);
    }

    public boolean has(String key) {
        return history.containsKey(key);
    }

    /** The per-epoch values of one key, or an exception listing the keys. */
    public List<Double> get(String key) {
        List<Double> l = history.get(key);
        if (l == null) throw new IllegalArgumentException("History: no key '" + key + "'; keys are " + history.keySet());
        return Collections.unmodifiableList(l);
    }

    /** The last epoch's value of a key. */
    public double last(String key) {
        List<Double> l = get(key);
        if (l.isEmpty()) throw new IllegalStateException("History: no epoch was run");
        return l.get(l.size() - 1);
    }

    @Override
    public String toString() {
        return "History(" + epochs.size() + " epochs, keys " + history.keySet() + ")";
    }
}
