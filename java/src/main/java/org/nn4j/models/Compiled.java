package org.nn4j.models;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nn4j.Shape;
import org.nn4j.nn.losses.Loss;
import org.nn4j.nn.metrics.Metric;
import org.nn4j.nn.metrics.Metrics;
import org.nn4j.optim.Optimizer;

/** {@link CompileOptions} resolved against a model's outputs: one loss, weight and metric list per output. */
final class Compiled {
    final CompileOptions options;
    final Optimizer optimizer;
    final List<String> outputNames;
    final Loss[] losses;          // null: the output takes no part in the loss
    final double[] lossWeights;
    final List<List<Metric>> metrics = new ArrayList<>();  // filled by bind
    private final String where;
    private List<List<Object>> metricSpecs;                // per output: Metric objects and ids; null once bound

    private Compiled(CompileOptions options, List<String> outputNames, Loss[] losses, double[] lossWeights, String where,
                     List<List<Object>> metricSpecs) {
        this.options = options;
        this.optimizer = options.optimizer;
        this.outputNames = Collections.unmodifiableList(new ArrayList<>(outputNames));
        this.losses = losses;
        this.lossWeights = lossWeights;
        this.where = where;
        this.metricSpecs = metricSpecs;
        for (int i = 0; i < outputNames.size(); i++) metrics.add(new ArrayList<>());
    }

    /** @param outputShapes the per-sample output shapes, or null while unknown (then {@link #bind} later) */
    static Compiled resolve(String model, CompileOptions o, List<String> names, List<Shape> outputShapes) {
        String where = "compile of model '" + model + "'";
        if (o.optimizer == null) throw new IllegalArgumentException(where + ": no optimizer; pass one (e.g. new SGD(0.01))");
        int n = names.size();
        Loss[] losses = new Loss[n];
        if (o.loss != null) java.util.Arrays.fill(losses, o.loss);
        if (o.lossesByPosition != null) {
            if (o.lossesByPosition.size() != n) {
                throw new IllegalArgumentException(where + ": " + o.lossesByPosition.size() + " losses for " + n
                        + " outputs " + names);
            }
            for (int i = 0; i < n; i++) losses[i] = o.lossesByPosition.get(i);
        }
        for (Map.Entry<String, Loss> e : o.lossesByName.entrySet()) losses[index(where, names, e.getKey(), "loss")] = e.getValue();
        boolean any = false;
        for (Loss l : losses) any |= l != null;
        if (!any) throw new IllegalArgumentException(where + ": no loss; give loss(...) for the outputs " + names);

        double[] weights = new double[n];
        java.util.Arrays.fill(weights, 1.0);
        if (o.lossWeightsByPosition != null) {
            if (o.lossWeightsByPosition.length != n) {
                throw new IllegalArgumentException(where + ": " + o.lossWeightsByPosition.length + " loss weights for " + n
                        + " outputs " + names);
            }
            weights = o.lossWeightsByPosition.clone();
        }
        for (Map.Entry<String, Double> e : o.lossWeightsByName.entrySet()) {
            weights[index(where, names, e.getKey(), "lossWeight")] = e.getValue();
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(weights[i])) {
                throw new IllegalArgumentException(where + ": loss weight of '" + names.get(i) + "' is " + weights[i]);
            }
        }

        List<List<Object>> specs = new ArrayList<>();
        for (int i = 0; i < n; i++) specs.add(new ArrayList<>());
        for (Object m : o.metrics) {
            if (m instanceof Metric && n != 1) {
                throw new IllegalArgumentException(where + ": metric objects without an output name need a single-output model;"
                        + " this one has outputs " + names + ", use metrics(outputName, ...) or metric ids (metrics(List.of(\"mae\")))");
            }
            for (List<Object> l : specs) l.add(m);
        }
        for (Map.Entry<String, List<Object>> e : o.metricsByName.entrySet()) {
            specs.get(index(where, names, e.getKey(), "metrics")).addAll(e.getValue());
        }
        IdentityHashMap<Metric, Boolean> used = new IdentityHashMap<>();
        for (List<Object> l : specs) {
            for (Object m : l) {
                if (m == null) throw new IllegalArgumentException(where + ": a metric is null");
                if (m instanceof Metric && used.put((Metric) m, Boolean.TRUE) != null) {
                    throw new IllegalArgumentException(where + ": metric object '" + ((Metric) m).name() + "' is given twice;"
                            + " metrics hold state, so each output needs its own instance");
                }
            }
        }
        Compiled c = new Compiled(o, names, losses, weights, where, specs);
        if (outputShapes != null) c.bind(outputShapes);
        return c;
    }

    /** Whether the metrics wait for the output shapes (a Sequential compiled before its input shape is known). */
    boolean unbound() {
        return metricSpecs != null;
    }

    /**
     * Makes the metrics given by id, now that the per-sample output shapes are known (the
     * accuracy variant depends on them), and checks that no two share a log key.
     */
    void bind(List<Shape> outputShapes) {
        if (metricSpecs == null) return;
        Set<String> keys = new HashSet<>();
        List<List<Metric>> made = new ArrayList<>();
        for (int i = 0; i < metricSpecs.size(); i++) {
            List<Metric> l = new ArrayList<>();
            for (Object spec : metricSpecs.get(i)) {
                Metric m = spec instanceof Metric ? (Metric) spec : Metrics.get((String) spec, losses[i], outputShapes.get(i));
                String key = metricKey(outputNames, i, m);
                if (!keys.add(key) || key.equals("loss")) {
                    throw new IllegalArgumentException(where + ": two metrics would both be logged as '" + key + "'");
                }
                l.add(m);
            }
            made.add(l);
        }
        for (int i = 0; i < made.size(); i++) metrics.get(i).addAll(made.get(i));
        metricSpecs = null;
    }

    private static int index(String where, List<String> names, String name, String what) {
        int i = names.indexOf(name);
        if (i < 0) throw new IllegalArgumentException(where + ": " + what + " for unknown output '" + name + "'; outputs are " + names);
        return i;
    }

    static String metricKey(List<String> names, int output, Metric m) {
        return names.size() == 1 ? m.name() : names.get(output) + "_" + m.name();
    }

    String metricKey(int output, Metric m) {
        return metricKey(outputNames, output, m);
    }

    /** The per-output loss key, "dense_2_loss" (only logged for multi-output models). */
    String lossKey(int output) {
        return outputNames.get(output) + "_loss";
    }

    void resetMetrics() {
        for (List<Metric> l : metrics) for (Metric m : l) m.reset();
    }
}
