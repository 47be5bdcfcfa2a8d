package org.nn4j.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nn4j.Tensor;

/**
 * The tensors of a safetensors file by name, in the order of its header, and its metadata.
 * Like any new tensors they belong to the Scope open when they were read (if any); closing this
 * closes them all.
 */
public final class NamedTensors implements AutoCloseable {
    private final Map<String, Tensor> tensors;
    private final Map<String, String> metadata;

    NamedTensors(Map<String, Tensor> tensors, Map<String, String> metadata) {
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** Every tensor by name (unmodifiable, header order). */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /** The tensor of this name, or an exception listing the names there are. */
    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) throw new IllegalArgumentException("no tensor '" + name + "'; the file has " + tensors.keySet());
        return t;
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /** The header's "__metadata__" (empty when it has none). */
    public Map<String, String> metadata() {
        return metadata;
    }

    public int size() {
        return tensors.size();
    }

    @Override
    public void close() {
        for (Tensor t : tensors.values()) t.close();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("NamedTensors{");
        String sep = "";
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            b.append(sep).append(e.getKey()).append(": ").append(e.getValue().dtype()).append(e.getValue().shape());
            sep = ", ";
        }
        return b.append('}').toString();
    }
}
