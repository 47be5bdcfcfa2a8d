package org.nn4j.data;

import org.nn4j.Tensor;

/**
 * Standardization: x' = (x - mean) / std, with mean and the population std (ddof 0) fitted on
 * the training data; a constant feature (std 0) is only centred, as in scikit-learn.
 */
public final class StandardScaler extends FeatureScaler {
    private double[] sum;
    private double[] squares;
    private double[] mean;
    private double[] std;

    /** Per feature (columns of (N, F), channels of (N, C, H, W)). */
    public StandardScaler() {
        this(Axes.PER_FEATURE);
    }

    public StandardScaler(Axes axes) {
        super(axes);
    }

    /** The fitted means. */
    public double[] mean() {
        return mean.clone();
    }

    /** The fitted standard deviations (0 kept as 0 here; the transform divides by 1 instead). */
    public double[] std() {
        return std.clone();
    }

    @Override
    int passes() {
        return 2;  // the mean, then squared deviations from it (stable where sum of squares is not)
    }

    @Override
    void begin(int count) {
        mean = null;
        std = null;
        sum = new double[count];
        squares = new double[count];
    }

    @Override
    void observe(int pass, Tensor x, int[] reduce, long[] stat) {
        if (pass == 0) {
            add(sum, x.sum(true, reduce));
        } else {
            Tensor m = Tensor.of(mean, stat);
            add(squares, x.sub(m).square().sum(true, reduce));
        }
    }

    @Override
    void endPass(int pass, long perStat) {
        if (pass == 0) {
            mean = new double[sum.length];
            for (int i = 0; i < mean.length; i++) mean[i] = sum[i] / perStat;
        } else {
            std = new double[squares.length];
            for (int i = 0; i < std.length; i++) std[i] = Math.sqrt(squares[i] / perStat);
        }
    }

    @Override
    double[][] statistics() {
        double[] divisor = new double[std.length];
        for (int i = 0; i < std.length; i++) divisor[i] = std[i] == 0 ? 1 : std[i];
        return new double[][] {mean, divisor};
    }

    @Override
    Tensor forward(Tensor x, Tensor mean, Tensor std) {
        return x.sub(mean).div(std);
    }

    @Override
    Tensor invert(Tensor y, Tensor mean, Tensor std) {
        return y.mul(std).add(mean);
    }
}
