package org.nn4j.nn.init;

import org.nn4j.DType;
import org.nn4j.Tensor;
import org.nn4j.nn.Config;

/** Every element equal to {@code value} (zeros, ones, constant(c)). */
public final class Constant implements Initializer {
    private final double value;

    public Constant(double value) {
        this.value = value;
    }

    public double value() {
        return value;
    }

    @Override
    public Tensor initialize(long[] shape, long fanIn, long fanOut, long seed) {
        return Tensor.full(value, DType.FLOAT32, shape);
    }

    @Override
    public Config config() {
        return new Config().put("type", "constant").put("value", value);
    }

    @Override
    public String toString() {
        return "Constant(" + value + ")";
    }
}
