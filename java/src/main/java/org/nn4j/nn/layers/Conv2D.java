package org.nn4j.nn.layers;

import org.nn4j.nn.Config;

/**
 * 2-D convolution: (C, H, W) -> (filters, H', W') per sample; see {@link Conv}. E.g.
 * {@code new Conv2D(32, 3, Activation.RELU)} or
 * {@code Conv2D.builder(32, 3).strides(2).padding("same").activation("relu").build()}.
 */
public final class Conv2D extends Conv {
    /** {@code filters} outputs, kernel {@code kernelSize} on every spatial axis, linear. */
    public Conv2D(long filters, long kernelSize) {
        this(builder(filters, kernelSize));
    }

    public Conv2D(long filters, long kernelSize, ActivationFunction activation) {
        this(builder(filters, kernelSize).activation(activation));
    }

    private Conv2D(Builder<Conv2D> b) {
        super(b);
    }

    /** @param kernelSize one size for every spatial axis, or 2 */
    public static Builder<Conv2D> builder(long filters, long... kernelSize) {
        return new Builder<>(2, filters, kernelSize, Conv2D::new);
    }

    public static Conv2D fromConfig(Config c) {
        return fromConfig(c, k -> builder(c.getLong("filters"), k));
    }
}
