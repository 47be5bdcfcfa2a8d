package org.nn4j.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A layer's (initializer's, loss's, optimizer's) constructor arguments as an ordered map of plain
 * values: String, Boolean, Number, long[] / double[] (stored as List), nested Config and lists
 * of them. This is what the architecture JSON holds, so every value must round-trip through JSON:
 * numbers may come back as Double or Long, which the typed getters accept.
 */
public final class Config {
    private final Map<String, Object> values;

    public Config() {
        this.values = new LinkedHashMap<>();
    }

    public Config(Map<String, Object> values) {
        this.values = new LinkedHashMap<>(values);
    }

    public Config put(String key, Object value) {
        if (value instanceof long[]) {
            List<Object> l = new ArrayList<>();
            for (long v : (long[]) value) l.add(v);
            value = l;
        } else if (value instanceof int[]) {
            List<Object> l = new ArrayList<>();
            for (int v : (int[]) value) l.add((long) v);
            value = l;
        } else if (value instanceof double[]) {
            List<Object> l = new ArrayList<>();
            for (double v : (double[]) value) l.add(v);
            value = l;
        } else if (value instanceof Enum<?>) {
            value = ((Enum<?>) value).name();
        }
        values.put(key, value);
        return this;
    }

    public boolean has(String key) {
        return values.containsKey(key) && values.get(key) != null;
    }

    public Map<String, Object> asMap() {
        return values;
    }

    private Object need(String key) {
        Object v = values.get(key);
        if (v == null) throw new IllegalArgumentException("config: missing key '" + key + "' in " + values);
        return v;
    }

    public String getString(String key) {
        return String.valueOf(need(key));
    }

    public String getString(String key, String dflt) {
        return has(key) ? getString(key) : dflt;
    }

    public boolean getBool(String key) {
        Object v = need(key);
        return v instanceof Boolean ? (Boolean) v : Boolean.parseBoolean(v.toString());
    }

    public boolean getBool(String key, boolean dflt) {
        return has(key) ? getBool(key) : dflt;
    }

    public double getDouble(String key) {
        return ((Number) need(key)).doubleValue();
    }

    public double getDouble(String key, double dflt) {
        return has(key) ? getDouble(key) : dflt;
    }

    public long getLong(String key) {
        return ((Number) need(key)).longValue();
    }

    public long getLong(String key, long dflt) {
        return has(key) ? getLong(key) : dflt;
    }

    public int getInt(String key) {
        return Math.toIntExact(getLong(key));
    }

    public int getInt(String key, int dflt) {
        return has(key) ? getInt(key) : dflt;
    }

    public long[] getLongArray(String key) {
        List<?> l = (List<?>) need(key);
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) out[i] = ((Number) l.get(i)).longValue();
        return out;
    }

    public int[] getIntArray(String key) {
        long[] l = getLongArray(key);
        int[] out = new int[l.length];
        for (int i = 0; i < out.length; i++) out[i] = Math.toIntExact(l[i]);
        return out;
    }

    public double[] getDoubleArray(String key) {
        List<?> l = (List<?>) need(key);
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) out[i] = ((Number) l.get(i)).doubleValue();
        return out;
    }

    public <E extends Enum<E>> E getEnum(String key, Class<E> type) {
        return Enum.valueOf(type, getString(key));
    }

    @SuppressWarnings("unchecked")
    public Config getConfig(String key) {
        Object v = need(key);
        if (v instanceof Config) return (Config) v;
        return new Config((Map<String, Object>) v);
    }

    @SuppressWarnings("unchecked")
    public List<Config> getConfigList(String key) {
        List<Config> out = new ArrayList<>();
        for (Object o : (List<?>) need(key)) out.add(o instanceof Config ? (Config) o : new Config((Map<String, Object>) o));
        return out;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
