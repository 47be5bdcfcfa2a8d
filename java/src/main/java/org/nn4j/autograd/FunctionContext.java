package org.nn4j.autograd;

import java.util.HashMap;
import java.util.Map;
import org.nn4j.Tensor;

/**
 * What a {@link Function}'s forward hands to its backward: saved tensors (kept alive by the
 * graph, closed when it is freed) and any other values.
 */
public final class FunctionContext {
    private final boolean[] needsInputGrad;
    private Tensor[] toSave = new Tensor[0];
    private GradFn node;
    private Map<String, Object> values;

    FunctionContext(boolean[] needsInputGrad) {
        this.needsInputGrad = needsInputGrad;
    }

    /** In forward: tensors backward will need (inputs or outputs). */
    public void saveForBackward(Tensor... tensors) {
        toSave = tensors.clone();
    }

    /** In backward: the tensors passed to saveForBackward, in order. */
    public Tensor[] savedTensors() {
        if (node == null) return toSave.clone();
        Tensor[] s = new Tensor[toSave.length];
        for (int i = 0; i < s.length; i++) s[i] = node.saved(i);
        return s;
    }

    /** Whether input i requires grad (backward may return null for it otherwise). */
    public boolean needsInputGrad(int i) {
        return needsInputGrad[i];
    }

    /** Stores a non-tensor value for backward. */
    public void put(String key, Object value) {
        if (values == null) values = new HashMap<>();
        values.put(key, value);
    }

    @SuppressWarnings("unchecked")
    public <V> V get(String key) {
        return values == null ? null : (V) values.get(key);
    }

    Tensor[] toSave() {
        return toSave;
    }

    void bind(GradFn node) {
        this.node = node;
    }
}
