package org.nn4j.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.nn4j.Tensor;

/**
 * Maps class names to indices 0..K-1 in sorted order (numerically when every name is a number,
 * else lexicographically), and back (DU1). Fit it on the training labels; names it has not seen
 * are an error.
 */
public final class LabelEncoder {
    private final List<String> classes;
    private final Map<String, Long> index = new HashMap<>();

    private LabelEncoder(List<String> classes) {
        this.classes = List.copyOf(classes);
        for (int i = 0; i < classes.size(); i++) index.put(classes.get(i), (long) i);
    }

    /** The sorted distinct names of labels. */
    public static LabelEncoder fit(Collection<String> labels) {
        if (labels.isEmpty()) throw new IllegalArgumentException("LabelEncoder.fit: no labels");
        boolean numeric = labels.stream().allMatch(LabelEncoder::isNumber);
        Comparator<String> order = numeric ? Comparator.comparingDouble(Double::parseDouble) : Comparator.naturalOrder();
        TreeSet<String> sorted = new TreeSet<>(order.thenComparing(Comparator.naturalOrder()));
        for (String s : labels) {
            if (s == null) throw new IllegalArgumentException("LabelEncoder.fit: a label is null");
            sorted.add(s);
        }
        return new LabelEncoder(new ArrayList<>(sorted));
    }

    /** An encoder with exactly these classes, in this order. */
    public static LabelEncoder of(List<String> classes) {
        if (classes.size() != new TreeSet<>(classes).size()) {
            throw new IllegalArgumentException("LabelEncoder.of: repeated class names in " + classes);
        }
        return new LabelEncoder(classes);
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The class names, index i at position i. */
    public List<String> classes() {
        return classes;
    }

    public int numClasses() {
        return classes.size();
    }

    /** The index of one name. */
    public long encode(String label) {
        Long i = index.get(label);
        if (i == null) {
            throw new IllegalArgumentException("LabelEncoder: unknown label \"" + label + "\"; the encoder knows "
                    + (classes.size() <= 20 ? classes : classes.size() + " classes") + " (fit it on the training labels)");
        }
        return i;
    }

    /** The indices of names, as int64 (N). */
    public Tensor encode(List<String> labels) {
        long[] v = new long[labels.size()];
        for (int i = 0; i < v.length; i++) v[i] = encode(labels.get(i));
        return Tensor.of(v, v.length);
    }

    /** The name of index i. */
    public String decode(long i) {
        if (i < 0 || i >= classes.size()) {
            throw new IllegalArgumentException("LabelEncoder.decode: index " + i + " is not in 0.." + (classes.size() - 1));
        }
        return classes.get((int) i);
    }

    /** The names of integer labels (N). */
    public List<String> decode(Tensor labels) {
        List<String> out = new ArrayList<>();
        for (long i : labels.toLongArray()) out.add(decode(i));
        return out;
    }

    @Override
    public String toString() {
        return "LabelEncoder(" + (classes.size() <= 10 ? classes.toString() : classes.size() + " classes") + ")";
    }
}
