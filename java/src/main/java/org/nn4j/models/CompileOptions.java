package org.nn4j.models;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nn4j.nn.losses.Loss;
import org.nn4j.nn.metrics.Metric;
import org.nn4j.optim.Optimizer;

/**
 * The arguments of {@link Model#compile(CompileOptions)} (API4): the optimizer, a loss per
 * output (one loss for every output, by position, or by output name), loss weights and metrics.
 * Output names are the names of the layers producing the outputs ({@link Model#outputNames()}).
 *
 * <pre>{@code
 * model.compile(CompileOptions.builder().optimizer(sgd)
 *         .loss("digits", cce).loss("box", mse).lossWeight("box", 0.5)
 *         .metrics("digits", new Accuracy()).build());
 * }</pre>
 *
 * Metrics are stateful, so one metric object serves one output; {@link Builder#metrics(Metric...)}
 * is for single-output models.
 */
public final class CompileOptions {
    final Optimizer optimizer;
    final Loss loss;
    final List<Loss> lossesByPosition;
    final Map<String, Loss> lossesByName;
    final double[] lossWeightsByPosition;
    final Map<String, Double> lossWeightsByName;
    final List<Metric> metrics;
    final Map<String, List<Metric>> metricsByName;

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
        private final List<Metric> metrics = new ArrayList<>();
        private final Map<String, List<Metric>> metricsByName = new LinkedHashMap<>();

        private Builder() {}

        public Builder optimizer(Optimizer o) {
            optimizer = o;
            return this;
        }

        /** One loss for every output (losses are stateless, so sharing is fine). */
        public Builder loss(Loss l) {
            loss = l;
            return this;
        }

        /** The loss of the named output. */
        public Builder loss(String output, Loss l) {
            lossesByName.put(output, l);
            return this;
        }

        /** A loss per output, in output order; a null entry leaves that output out of the loss. */
        public Builder losses(Loss... ls) {
            lossesByPosition = new ArrayList<>(java.util.Arrays.asList(ls));
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
            List<Metric> l = metricsByName.computeIfAbsent(output, k -> new ArrayList<>());
            for (Metric m : ms) l.add(m);
            return this;
        }

        public CompileOptions build() {
            return new CompileOptions(this);
        }
    }
}
