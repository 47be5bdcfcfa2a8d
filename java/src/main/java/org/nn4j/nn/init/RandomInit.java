package org.nn4j.nn.init;

import org.nn4j.DType;
import org.nn4j.Generator;
import org.nn4j.Tensor;
import org.nn4j.nn.Config;

/** Fixed-scale random draws: U(±limit) or N(mean, stddev²), independent of the fans. */
public final class RandomInit implements Initializer {
    private final Distribution distribution;
    private final double mean;
    private final double scale;  // limit for UNIFORM, stddev otherwise

    public RandomInit(Distribution distribution, double mean, double scale) {
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("RandomInit: scale must be positive and finite, got " + scale);
        }
        this.distribution = distribution;
        this.mean = mean;
        this.scale = scale;
    }

    @Override
    public Tensor initialize(long[] shape, long fanIn, long fanOut, long seed) {
        Generator g = Generator.seed(seed);
        switch (distribution) {
            case UNIFORM:
                return g.uniform(DType.FLOAT32, mean - scale, mean + scale, shape);
            case NORMAL:
                return g.normal(DType.FLOAT32, mean, scale, shape);
            default:
                return g.truncatedNormal(DType.FLOAT32, mean, scale / VarianceScaling.TRUNCATED_STD, shape);
        }
    }

    @Override
    public Config config() {
        return new Config().put("type", "random").put("distribution", distribution).put("mean", mean).put("scale", scale);
    }

    @Override
    public String toString() {
        return "RandomInit(" + distribution + ", mean=" + mean + ", scale=" + scale + ")";
    }
}
