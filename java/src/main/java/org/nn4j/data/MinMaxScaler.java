package org.nn4j.data;

import java.util.Arrays;
import org.nn4j.Tensor;

/**
 * Min-max normalization: x' = lo + (x - min) * (hi - lo) / (max - min), with min and max fitted
 * on the training data (default range [0, 1]). Other splits may fall outside [lo, hi]: they are
 * not clipped. A constant feature (max = min) is only shifted.
 */
public final class MinMaxScaler extends FeatureScaler {
    private final double lo;
    private final double hi;
    private double[] min;
    private double[] max;

    /** Per feature, to [0, 1]. */
    public MinMaxScaler() {
        this(Axes.PER_FEATURE, 0, 1);
    }

    public MinMaxScaler(Axes axes, double lo, double hi) {
        super(axes);
        if (!(lo < hi)) throw new IllegalArgumentException("MinMaxScaler: range [" + lo + ", " + hi + "] is empty");
        this.lo = lo;
        this.hi = hi;
    }

    /** The fitted minima. */
    public double[] min() {
        return min.clone();
    }

    /** The fitted maxima. */
    public double[] max() {
        return max.clone();
    }

    @Override
    int passes() {
        return 1;
    }

    @Override
    void begin(int count) {
        min = new double[count];
        max = new double[count];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
    }

    @Override
    void observe(int pass, Tensor x, int[] reduce, long[] stat) {
        double[] mn = x.min(true, reduce).toDoubleArray(), mx = x.max(true, reduce).toDoubleArray();
        for (int i = 0; i < min.length; i++) {
            min[i] = Math.min(min[i], mn[i]);
            max[i] = Math.max(max[i], mx[i]);
        }
    }

    @Override
    void endPass(int pass, long perStat) {}

    /** (offset, scale) with x' = (x - offset) * scale + lo. */
    @Override
    double[][] statistics() {
        double[] scale = new double[min.length];
        for (int i = 0; i < scale.length; i++) {
            double range = max[i] - min[i];
            scale[i] = range == 0 ? 1 : (hi - lo) / range;
        }
        return new double[][] {min, scale};
    }

    @Override
    Tensor forward(Tensor x, Tensor offset, Tensor scale) {
        return x.sub(offset).mul(scale).add(lo);
    }

    @Override
    Tensor invert(Tensor y, Tensor offset, Tensor scale) {
        return y.sub(lo).div(scale).add(offset);
    }
}
