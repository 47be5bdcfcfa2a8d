package org.nn4j.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nn4j.Nn4j;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.models.Sequential;
import org.nn4j.nn.Layer;
import org.nn4j.nn.Variable;

/**
 * A model's (or any layer's) weights as a safetensors file keyed by {@link Variable#path()},
 * "layerName/weightName", e.g. "dense_1/kernel", "batch_normalization/moving_mean". Tensors
 * keep nn4j's layouts: a Dense kernel is (in, out), a conv kernel (out, in / groups, k...).
 *
 * <p>Loading is all or nothing: every name, shape and dtype is checked before the first weight
 * is copied. Strict loading (the default) wants exactly the model's weights; non-strict loading
 * copies the weights whose names match and reports the rest. A shape or dtype mismatch is an
 * error either way, naming the weight and both shapes.
 */
public final class Weights {
    private Weights() {}

    /** Writes the layer's weights (atomically: temporary file, then rename). */
    public static void save(Layer layer, Path file) throws IOException {
        buildIfDeclared(layer);
        Safetensors.save(file, byPath(layer), metadata());
    }

    /**
     * Builds a Sequential whose input shape is declared but that has not run yet, so that its
     * weights exist (as its first use would make them) before they are saved or loaded.
     */
    static void buildIfDeclared(Layer layer) {
        if (layer instanceof Sequential && !layer.isBuilt() && ((Sequential) layer).inputShape() != null) {
            layer.build(((Sequential) layer).inputShape());
        }
    }

    /** Strict load: the file must hold exactly the layer's weights, with their shapes and dtypes. */
    public static WeightsReport load(Layer layer, Path file) throws IOException {
        return load(layer, file, true);
    }

    /** @param strict false: load the weights found by name, ignore the rest of the file, report both */
    public static WeightsReport load(Layer layer, Path file, boolean strict) throws IOException {
        buildIfDeclared(layer);
        try (NamedTensors t = Safetensors.load(file)) {
            return assign(layer, t, strict, Source.file(file));
        }
    }

    static Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("producer", "nn4j " + Nn4j.version());
        m.put("layout", "row-major; Dense kernels (in, out); conv kernels (out, in/groups, k...)");
        return m;
    }

    /** The weights by path, in {@link Layer#weights()} order; two weights with one path are an error. */
    static Map<String, Tensor> byPath(Layer layer) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Map<String, Variable> seen = new LinkedHashMap<>();
        for (Variable v : layer.weights()) {
            Variable prev = seen.put(v.path(), v);
            if (prev != null) {
                throw new IllegalStateException("cannot save the weights of " + layer + ": two weights are both named '"
                        + v.path() + "' (" + prev + " and " + v + "); give the layers distinct names");
            }
            out.put(v.path(), v.value());
        }
        return out;
    }

    /** Checks every name, shape and dtype, then copies; nothing is copied when anything is wrong. */
    static WeightsReport assign(Layer layer, NamedTensors file, boolean strict, Source src) throws ModelFileException {
        List<Variable> vars = layer.weights();
        Map<String, Variable> byPath = new LinkedHashMap<>();
        for (Variable v : vars) byPath.put(v.path(), v);
        List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>(), mismatched = new ArrayList<>();
        List<Variable> targets = new ArrayList<>();
        List<Tensor> values = new ArrayList<>();
        for (Variable v : vars) {
            if (!file.contains(v.path())) {
                missing.add(v.path());
                continue;
            }
            Tensor t = file.get(v.path());
            if (!Arrays.equals(t.dims(), v.shape())) {
                mismatched.add("'" + v.path() + "' has shape " + t.shape() + " in the file but " + Shape.of(v.shape())
                        + " in the model");
            } else if (t.dtype() != v.value().dtype()) {
                mismatched.add("'" + v.path() + "' is " + t.dtype() + " in the file but " + v.value().dtype() + " in the model");
            } else {
                targets.add(v);
                values.add(t);
            }
        }
        for (String k : file.tensors().keySet()) if (!byPath.containsKey(k)) unexpected.add(k);
        String model = layer.typeName() + " '" + layer.name() + "'";
        if (!mismatched.isEmpty()) {
            throw src.error("the weights do not fit " + model + ": " + String.join("; ", mismatched)
                    + " (was the file saved from a model with other layer sizes?)");
        }
        if (strict && (!missing.isEmpty() || !unexpected.isEmpty())) {
            StringBuilder b = new StringBuilder("the weights do not match " + model + ":");
            if (!missing.isEmpty()) b.append(" the file lacks ").append(described(missing, byPath)).append(';');
            if (!unexpected.isEmpty()) b.append(" the model has no weights ").append(described(unexpected, file)).append(';');
            if (vars.isEmpty() && !layer.isBuilt()) {
                b.append(" the model is not built yet: give it its input shape (or call build) before loading weights;");
            }
            b.append(" weights are matched by 'layerName/weightName', so the layer names must be the saved ones"
                    + " (or load with strict = false to load the names that match)");
            throw src.error(b.toString());
        }
        for (int i = 0; i < targets.size(); i++) targets.get(i).assign(values.get(i));
        List<String> loaded = new ArrayList<>();
        for (Variable v : targets) loaded.add(v.path());
        return new WeightsReport(loaded, missing, unexpected);
    }

    private static String described(List<String> keys, Map<String, Variable> vars) {
        List<String> out = new ArrayList<>();
        for (String k : keys) out.add(k + " " + Shape.of(vars.get(k).shape()));
        return out.toString();
    }

    private static String described(List<String> keys, NamedTensors file) {
        List<String> out = new ArrayList<>();
        for (String k : keys) out.add(k + " " + file.get(k).shape());
        return out.toString();
    }
}
