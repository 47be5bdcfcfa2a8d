package org.nn4j.nn.metrics;

import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.autograd.NoGradScope;
import org.nn4j.nn.Config;
import org.nn4j.nn.losses.Targets;
import org.nn4j.ops.Creation;

/**
 * The shared part of the built-in metrics. {@link #update} runs the subclass's
 * {@link #accumulate} without autograd and inside a {@link Scope}, so no temporary outlives the
 * call; the state is plain Java doubles (sums and counts in float64), read back once per update,
 * so a metric holds no native memory. Sample weights are per sample, (N) (CURRICULUM U3: the
 * weighted form of each metric is sum_i w_i x_i / sum_i w_i). Inputs as in
 * {@link org.nn4j.nn.losses.Targets}.
 */
public abstract class BaseMetric<M extends BaseMetric<M>> implements Metric {
    private String name;

    @SuppressWarnings("unchecked")
    protected final M self() {
        return (M) this;
    }

    /** A custom key for logs and History (default: {@link #defaultName}). */
    public M named(String name) {
        if (name != null && name.isBlank()) throw new IllegalArgumentException(type() + ": name is blank");
        this.name = name;
        return self();
    }

    @Override
    public final String name() {
        return name != null ? name : defaultName();
    }

    protected abstract String defaultName();

    /** The id in {@link Metrics#get} and the config's "type". */
    protected abstract String type();

    @Override
    public final void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        String op = name();
        Targets.checkPrediction(op, yPred);
        try (NoGradScope ng = Autograd.noGrad(); Scope s = Scope.open()) {
            accumulate(yTrue, yPred, Targets.sampleWeights(op, sampleWeight, yPred, DType.FLOAT64));
        }
    }

    /** Adds one batch to the state; w is the float64 (N) sample weights or null. */
    protected abstract void accumulate(Tensor yTrue, Tensor yPred, Tensor w);

    /** Reads scalar float64 tensors back with a single device-to-host copy. */
    protected static double[] read(Tensor... scalars) {
        return Tensor.stack(0, scalars).toDoubleArray();
    }

    /** w broadcast over the non-batch axes of like (w null: ones), flattened to like.numel(), float64 on like's device. */
    protected static Tensor perElement(Tensor w, Tensor like) {
        long[] shape = like.dims();
        long numel = like.numel();
        if (w == null) return Creation.ones(DType.FLOAT64, like.device(), numel);
        long[] col = new long[shape.length];
        java.util.Arrays.fill(col, 1);
        col[0] = shape[0];
        return w.reshape(col).expand(shape).contiguous().reshape(numel);
    }

    protected void addConfig(Config c) {}

    @Override
    public final Config config() {
        Config c = new Config().put("type", type());
        if (name != null) c.put("name", name);
        addConfig(c);
        return c;
    }

    protected final M withBaseConfig(Config c) {
        if (c.has("name")) named(c.getString("name"));
        return self();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + config().asMap();
    }
}
