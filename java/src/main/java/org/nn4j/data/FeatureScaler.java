package org.nn4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Shape;
import org.nn4j.Tensor;

/**
 * A transform whose statistics are fitted on the training data only and then applied unchanged
 * to every split ({@link #fitTransform(Split)} does both). Statistics are computed in float64,
 * chunk by chunk, and kept per position of the example shape with the reduced axes set to 1, so
 * they broadcast onto single examples (...) and batches (N, ...) alike:
 * <ul>
 *   <li>{@link Axes#PER_FEATURE} (default): one statistic per index of the example's first axis:
 *       per column of tabular (N, F) data, per channel of (N, C, H, W) images;</li>
 *   <li>{@link Axes#PER_ELEMENT}: one per example position (per pixel), as scikit-learn does on
 *       flattened data;</li>
 *   <li>{@link Axes#GLOBAL}: one for everything.</li>
 * </ul>
 */
public abstract class FeatureScaler {
    /** Which axes share a statistic. */
    public enum Axes { PER_FEATURE, PER_ELEMENT, GLOBAL }

    private static final int CHUNK = 1024;

    private final Axes axes;
    private long[] exampleShape;
    private long[] statShape;

    protected FeatureScaler(Axes axes) {
        if (axes == null) throw new IllegalArgumentException("FeatureScaler: axes must not be null");
        this.axes = axes;
    }

    public Axes axes() {
        return axes;
    }

    public boolean isFitted() {
        return statShape != null;
    }

    /** The statistics' shape: the example shape with the reduced axes as 1. */
    public long[] statShape() {
        checkFitted("statShape");
        return statShape.clone();
    }

    /** Fits on x (N, ...): dimension 0 indexes the examples. Returns this. */
    public FeatureScaler fit(Tensor x) {
        try (TensorDataset d = TensorDataset.of(x)) {
            return fit(d);
        }
    }

    /** Fits on the features of train's examples (read in chunks). Returns this. */
    public FeatureScaler fit(IndexedDataset train) {
        long n = train.size();
        if (n == 0) throw new IllegalArgumentException(name() + ".fit: the training data is empty");
        long[] shape;
        try (Batch first = train.get(0)) {
            shape = first.x().dims();
        }
        long[] stat = shape.clone();
        List<Integer> reduce = new ArrayList<>();
        reduce.add(0);
        for (int d = 0; d < shape.length; d++) {
            boolean reduced = axes == Axes.GLOBAL || (axes == Axes.PER_FEATURE && d > 0);
            if (reduced) {
                stat[d] = 1;
                reduce.add(d + 1);
            }
        }
        int[] ax = reduce.stream().mapToInt(Integer::intValue).toArray();
        long perStat = n * (Shape.of(shape).numel() / Math.max(1, Shape.of(stat).numel()));
        begin((int) Shape.of(stat).numel());
        for (int pass = 0; pass < passes(); pass++) {
            for (long start = 0; start < n; start += CHUNK) {
                long end = Math.min(n, start + CHUNK);
                long[] idx = new long[(int) (end - start)];
                for (int k = 0; k < idx.length; k++) idx[k] = start + k;
                try (Scope s = Scope.open()) {
                    Batch b = train.getBatch(idx);
                    if (!Arrays.equals(Arrays.copyOfRange(b.x().dims(), 1, b.x().rank()), shape)) {
                        throw new IllegalArgumentException(name() + ".fit: examples " + start + ".." + (end - 1)
                                + " have x " + b.x().shape() + ", not (N, " + Shape.of(shape).toString().substring(1));
                    }
                    observe(pass, b.x().to(DType.FLOAT64), ax, stat);
                }
            }
            endPass(pass, perStat);
        }
        double[][] stats = statistics();
        for (double[] st : stats) {
            for (double v : st) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(name() + ".fit: the training data holds NaN or infinite "
                            + "values; clean them first (Tensor.isFinite)");
                }
            }
        }
        this.exampleShape = shape;
        this.statShape = stat;
        return this;
    }

    /** x' from x: an example (...) or a batch (N, ...) of the fitted example shape. */
    public Tensor transform(Tensor x) {
        return apply(x, false);
    }

    /** x from x'. */
    public Tensor inverseTransform(Tensor x) {
        return apply(x, true);
    }

    /** ds with transform applied to every example's x (lazily; labels untouched). */
    public IndexedDataset transform(IndexedDataset ds) {
        checkFitted("transform");
        return ds.map(b -> new Batch(transform(b.x()), b.y()));
    }

    /** Fits on split.train() only, then transforms train, dev and test with those statistics. */
    public Split<IndexedDataset> fitTransform(Split<? extends IndexedDataset> split) {
        fit(split.train());
        return new Split<>(transform(split.train()), split.hasDev() ? transform(split.dev()) : null,
                transform(split.test()));
    }

    private Tensor apply(Tensor x, boolean inverse) {
        checkFitted(inverse ? "inverseTransform" : "transform");
        int r = x.rank(), er = exampleShape.length;
        if (r != er && r != er + 1) {
            throw new IllegalArgumentException(name() + ": x " + x.shape() + " is neither an example of rank " + er
                    + " nor a batch of rank " + (er + 1) + " (fitted on examples " + Shape.format(exampleShape) + ")");
        }
        for (int d = 0; d < er; d++) {
            if (statShape[d] != 1 && x.dim(r - er + d) != statShape[d]) {
                throw new IllegalArgumentException(name() + ": x " + x.shape() + " does not match the fitted examples "
                        + Shape.format(exampleShape) + " on axis " + (r - er + d));
            }
        }
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(name() + ": x is " + x.dtype() + "; convert it to float32 first");
        }
        try (Scope s = Scope.open()) {
            double[][] st = statistics();
            Tensor a = Tensor.of(st[0], statShape).to(x.dtype()).to(x.device());
            Tensor b = Tensor.of(st[1], statShape).to(x.dtype()).to(x.device());
            return s.keep(inverse ? invert(x, a, b) : forward(x, a, b));
        }
    }

    private void checkFitted(String op) {
        if (statShape == null) throw new IllegalStateException(name() + "." + op + ": call fit(trainingData) first");
    }

    String name() {
        return getClass().getSimpleName();
    }

    // ---- what a scaler defines

    /** Passes over the training data that fit needs. */
    abstract int passes();

    /** Resets the accumulators for count statistics. */
    abstract void begin(int count);

    /** Accumulates one float64 chunk (n, ...) in pass; reduce: the axes to reduce; stat: the kept shape. */
    abstract void observe(int pass, Tensor x, int[] reduce, long[] stat);

    /** Completes a pass; perStat values went into each statistic. */
    abstract void endPass(int pass, long perStat);

    /** The two statistics the transform uses (e.g. mean and std), each of the stat shape's size. */
    abstract double[][] statistics();

    abstract Tensor forward(Tensor x, Tensor a, Tensor b);

    abstract Tensor invert(Tensor y, Tensor a, Tensor b);

    static void add(double[] acc, Tensor t) {
        double[] v = t.toDoubleArray();
        for (int i = 0; i < acc.length; i++) acc[i] += v[i];
    }
}
