package org.nn4j.models;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nn4j.nn.losses.Loss;
import org.nn4j.nn.losses.Losses;
import org.nn4j.nn.metrics.Metric;
import org.nn4j.nn.metrics.Metrics;
import org.nn4j.optim.Optimizer;
import org.nn4j.optim.Optimizers;

/**
 * The arguments of {@link Model#compile(CompileOptions)} (API4): the optimizer, a loss per
 * output (one loss for every output, by position, or by output name), loss weights and metrics.
 * Output names are the names of the layers producing the outputs ({@link Model#outputNames()}).
 * Each may be an object or its id ("adam", "sparse_categorical_crossentropy", "accuracy"); an id
 * is the object with default settings ({@link Optimizers#get}, {@link Losses#get},
 * {@link Metrics#get(String, Loss, org.nn4j.Shape)}, which picks the accuracy that suits the
 * output's loss and shape).
 *
 * <pre>{@code
 * model.compile(CompileOptions.builder().optimizer("adam")
 *         .loss("digits", cce).loss("box", "mse").lossWeight("box", 0.5)
 *         .metrics("digits", new Accuracy()).metrics("box", List.of("mae")).build());
 * }</pre>
 *
 * Metrics are stateful, so one metric object serves one output; {@link Builder#metrics(Metric...)}
 * is for single-output models. Metric ids make a metric per output, so
 * {@link Builder#metrics(List)} serves every output.
 */
public final class CompileOptions {
    final Optimizer optimizer;
    final Loss loss;
    final List<Loss> lossesByPosition;
    final Map<String, Loss> lossesByName;
    final double[] lossWeightsByPosition;
    final Map<String, Double> lossWeightsByName;
    /** In the order given: {@link Metric} objects and ids (String), resolved per output at compile. */
    final List<Object> metrics;
    final Map<String, List<Object>> metricsByName;

    private CompileOptions(Builder b) {
        optimizer = b.optimizer;
        loss = b.loss;
        lossesByPosition = b.lossesByPosition;
        lossesByName = new LinkedHashMap<>(b.lossesByName);
        lossWeightsByPosition = b.lossWeightsByPosition;
        lossWeightsByName = new LinkedHashMap<>(b.lossWeightsByName);
        metrics = new ArrayList<>(b.metrics);
        metricsByName = new LinkedHashMap<>(b.metricsByName);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private Optimizer optimizer;
        private Loss loss;
        private List<Loss> lossesByPosition;
        private final Map<String, Loss> lossesByName = new LinkedHashMap<>();
        private double[] lossWeightsByPosition;
        private final Map<String, Double> lossWeightsByName = new LinkedHashMap<>();
        private final List<Object> metrics = new ArrayList<>();
        private final Map<String, List<Object>> metricsByName = new LinkedHashMap<>();

        private Builder() {}

        public Builder optimizer(Optimizer o) {
            optimizer = o;
            return this;
        }

        /** An optimizer by id with its default settings: sgd, rmsprop, adagrad, adadelta, adam, adamw, nadam. */
        public Builder optimizer(String id) {
            return optimizer(Optimizers.get(id));
        }

        /** One loss for every output (losses are stateless, so sharing is fine). */
        public Builder loss(Loss l) {
            loss = l;
            return this;
        }

        /** One loss for every output by id: "mse", "binary_crossentropy", ... (see {@link Losses#get}). */
        public Builder loss(String id) {
            return loss(Losses.get(id));
        }

        /** The loss of the named output. */
        public Builder loss(String output, Loss l) {
            lossesByName.put(output, l);
            return this;
        }

        public Builder loss(String output, String id) {
            return loss(output, Losses.get(id));
        }

        /** A loss per output, in output order; a null entry leaves that output out of the loss. */
        public Builder losses(Loss... ls) {
            lossesByPosition = new ArrayList<>(java.util.Arrays.asList(ls));
            return this;
        }

        /** Loss ids per output, in output order; a null entry leaves that output out of the loss. */
        public Builder losses(String... ids) {
            lossesByPosition = new ArrayList<>();
            for (String id : ids) lossesByPosition.add(id == null ? null : Losses.get(id));
            return this;
        }

        /** Weights of the per-output losses in the total, in output order (default 1 each). */
        public Builder lossWeights(double... w) {
            lossWeightsByPosition = w.clone();
            return this;
        }

        public Builder lossWeight(String output, double w) {
            lossWeightsByName.put(output, w);
            return this;
        }

        /** Metrics of the only output. */
        public Builder metrics(Metric... ms) {
            for (Metric m : ms) metrics.add(m);
            return this;
        }

        /** Metrics of the named output. */
        public Builder metrics(String output, Metric... ms) {
            List<Object> l = metricsByName.computeIfAbsent(output, k -> new ArrayList<>());
            for (Metric m : ms) l.add(m);
            return this;
        }

        /**
         * Metric ids ("accuracy", "mae", "top_k", ...) for every output, each output with its own
         * instances (a list, since {@code metrics("accuracy")} would read as an output name).
         */
        public Builder metrics(List<String> ids) {
            metrics.addAll(checkIds(ids));
            return this;
        }

        /** Metric ids of the named output. */
        public Builder metrics(String output, List<String> ids) {
            metricsByName.computeIfAbsent(output, k -> new ArrayList<>()).addAll(checkIds(ids));
            return this;
        }

        /** Unknown ids fail here, at compile, though the metric is made once the output is known. */
        private static List<String> checkIds(List<String> ids) {
            for (String id : ids) Metrics.get(id);
            return ids;
        }

        public CompileOptions build() {
            return new CompileOptions(this);
        }
    }
}
