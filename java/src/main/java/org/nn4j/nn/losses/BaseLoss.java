package org.nn4j.nn.losses;

import java.util.Map;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.nn.Config;
import org.nn4j.ops.Elementwise;
import org.nn4j.ops.nn.Reduction;

/**
 * The shared part of the built-in losses: reduction, sample and class weights (CURRICULUM K9,
 * L9). A subclass gives the per-sample loss l_i, shape (N); then, with w_i = sampleWeight_i x
 * classWeight[class_i] (1 where neither is given; the class rule is {@link Targets#classIds}):
 * <ul>
 *   <li>{@link Reduction#MEAN} (default): sum_i w_i l_i / sum_i w_i, which is sum_i l_i / N
 *       without weights; 0 when sum_i w_i = 0 (a batch whose samples all weigh nothing);</li>
 *   <li>{@link Reduction#SUM}: sum_i w_i l_i;</li>
 *   <li>{@link Reduction#NONE}: w_i l_i, shape (N).</li>
 * </ul>
 * Per K9 an element-wise loss's l_i is the mean over the sample's elements, and a distribution
 * loss's (cross-entropy, KL) the sum over its class axis and any other non-batch axes (time).
 * Settings are fluent and return the loss itself; compute closes every temporary it makes.
 */
public abstract class BaseLoss<L extends BaseLoss<L>> implements Loss {
    /** Probability clipping of K17 / L4: inputs are clipped to [EPSILON, 1 - EPSILON]. */
    public static final double EPSILON = 1e-7;

    private Reduction reduction = Reduction.MEAN;
    private double[] classWeights;

    @SuppressWarnings("unchecked")
    protected final L self() {
        return (L) this;
    }

    public L reduction(Reduction r) {
        if (r == null) throw new IllegalArgumentException(name() + ": reduction is null");
        this.reduction = r;
        return self();
    }

    public Reduction reduction() {
        return reduction;
    }

    /** Weight of class c at index c (finite, >= 0); null removes them. */
    public L classWeights(double... weights) {
        this.classWeights = weights == null ? null : ClassWeights.check(weights);
        return self();
    }

    /** Class id -> weight; classes missing from the map weigh 1. */
    public L classWeights(Map<Integer, ? extends Number> weights) {
        this.classWeights = ClassWeights.fromMap(weights);
        return self();
    }

    public double[] classWeights() {
        return classWeights == null ? null : classWeights.clone();
    }

    @Override
    public final Tensor compute(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        String op = name();
        Targets.checkPrediction(op, yPred);
        if (yTrue == null) throw new IllegalArgumentException(op + ": yTrue is null");
        return Scope.run(() -> {
            Tensor t = target(yTrue, yPred);
            Tensor w = Targets.sampleWeights(op, sampleWeight, yPred);
            if (classWeights != null) {
                Tensor cw = ClassWeights.perSampleFromIds(op, classIds(t), classWeights, yPred);
                w = w == null ? cw : w.mul(cw);
            }
            Tensor mask = sampleMask(t, yPred);
            if (mask != null) w = w == null ? mask : w.mul(mask);
            if (w == null && reduction != Reduction.NONE && yPred.numel() > 0) {
                Tensor fused = fusedReduction(t, yPred, reduction);
                if (fused != null) return fused;
            }
            return reduce(perSample(t, yPred), w);
        });
    }

    private Tensor reduce(Tensor per, Tensor w) {
        Tensor weighted = w == null ? per : per.mul(w);
        switch (reduction) {
            case NONE:
                return weighted;
            case SUM:
                return weighted.sum();
            default:
                if (w == null) return per.numel() == 0 ? per.sum() : per.mean();
                Tensor total = w.sum();
                return weighted.sum().div(Elementwise.where(total.ne(0), total, 1.0));
        }
    }

    /** The validated target in the form perSample reads (default: dense, yPred's shape and dtype). */
    protected Tensor target(Tensor yTrue, Tensor yPred) {
        return Targets.dense(name(), yTrue, yPred, expectedTarget());
    }

    /** The accepted target form, for error messages. */
    protected String expectedTarget() {
        return "yTrue of yPred's shape";
    }

    /** Class id of each sample, int64 (N), for class weights; t is what {@link #target} returned. */
    protected Tensor classIds(Tensor t) {
        return Targets.classIds(name(), t);
    }

    /** A (N) 0/1 factor in yPred's dtype that removes samples from the loss and its normaliser, or null. */
    protected Tensor sampleMask(Tensor t, Tensor yPred) {
        return null;
    }

    /** l_i, shape (N), differentiable w.r.t. yPred. */
    protected abstract Tensor perSample(Tensor t, Tensor yPred);

    /**
     * The whole unweighted MEAN/SUM reduction in one fused kernel, or null where there is none;
     * must equal reducing {@link #perSample}.
     */
    protected Tensor fusedReduction(Tensor t, Tensor yPred, Reduction reduction) {
        return null;
    }

    /** Mean over every axis but the first: (N, ...) -> (N). */
    protected static Tensor meanPerSample(Tensor x) {
        return x.rank() == 1 ? x : x.mean(false, nonBatchAxes(x.rank()));
    }

    /** Sum over every axis but the first: (N, ...) -> (N). */
    protected static Tensor sumPerSample(Tensor x) {
        return x.rank() == 1 ? x : x.sum(false, nonBatchAxes(x.rank()));
    }

    private static int[] nonBatchAxes(int rank) {
        int[] a = new int[rank - 1];
        for (int i = 1; i < rank; i++) a[i - 1] = i;
        return a;
    }

    /** The id in {@link Losses#get} and the config's "type". */
    protected abstract String type();

    @Override
    public String name() {
        return type();
    }

    /** Adds the subclass's own settings. */
    protected void addConfig(Config c) {}

    @Override
    public final Config config() {
        Config c = new Config().put("type", type());
        addConfig(c);
        c.put("reduction", reduction);
        if (classWeights != null) c.put("classWeights", classWeights.clone());
        return c;
    }

    /** Reads the settings {@link #config} wrote for this base class. */
    protected final L withBaseConfig(Config c) {
        if (c.has("reduction")) reduction(c.getEnum("reduction", Reduction.class));
        if (c.has("classWeights")) classWeights(c.getDoubleArray("classWeights"));
        return self();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + config().asMap();
    }
}
