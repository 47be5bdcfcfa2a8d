package org.nn4j.nn.init;

import org.nn4j.DType;
import org.nn4j.Generator;
import org.nn4j.Tensor;
import org.nn4j.nn.Config;

/**
 * Draws with variance {@code scale / n}, where n is fan_in, fan_out or their mean (CURRICULUM §5):
 * Glorot = (1, avg), He = (2, in), LeCun = (1, in), fan_in_uniform = uniform with limit 1/√fan_in
 * (= scale 1/3, in). Uniform draws use limit √(3·scale/n) so the variance matches; draws are
 * zero-mean (scaling U(0,1) would be wrong).
 */
public final class VarianceScaling implements Initializer {
    /** Std of a unit normal truncated at ±2 sigma. */
    static final double TRUNCATED_STD = 0.87962566103423978;

    public enum Mode { FAN_IN, FAN_OUT, FAN_AVG }

    private final double scale;
    private final Mode mode;
    private final Distribution distribution;

    public VarianceScaling(double scale, Mode mode, Distribution distribution) {
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("VarianceScaling: scale must be positive and finite, got " + scale);
        }
        this.scale = scale;
        this.mode = mode;
        this.distribution = distribution;
    }

    /** The variance this initializer targets for the given fans. */
    public double variance(long fanIn, long fanOut) {
        double n;
        switch (mode) {
            case FAN_IN: n = fanIn; break;
            case FAN_OUT: n = fanOut; break;
            default: n = (fanIn + fanOut) / 2.0;
        }
        if (!(n > 0)) {
            throw new IllegalArgumentException("VarianceScaling: fan (" + mode + ") is " + n + " for fanIn=" + fanIn
                    + ", fanOut=" + fanOut + "; a weight with a zero-sized dimension cannot be scaled");
        }
        return scale / n;
    }

    @Override
    public Tensor initialize(long[] shape, long fanIn, long fanOut, long seed) {
        double var = variance(fanIn, fanOut);
        Generator g = Generator.seed(seed);
        switch (distribution) {
            case UNIFORM: {
                double limit = Math.sqrt(3 * var);
                return g.uniform(DType.FLOAT32, -limit, limit, shape);
            }
            case NORMAL:
                return g.normal(DType.FLOAT32, 0, Math.sqrt(var), shape);
            default:
                return g.truncatedNormal(DType.FLOAT32, 0, Math.sqrt(var) / TRUNCATED_STD, shape);
        }
    }

    @Override
    public Config config() {
        return new Config().put("type", "variance_scaling").put("scale", scale).put("mode", mode)
                .put("distribution", distribution);
    }

    @Override
    public String toString() {
        return "VarianceScaling(" + scale + ", " + mode + ", " + distribution + ")";
    }
}
