package org.nn4j.nn.layers;

import org.nn4j.nn.Config;

/**
 * 3-D convolution: (C, D, H, W) -> (filters, D', H', W') per sample; see {@link Conv}. E.g.
 * {@code new Conv3D(32, 3, Activation.RELU)} or
 * {@code Conv3D.builder(32, 3).strides(2).padding("same").activation("relu").build()}.
 */
public final class Conv3D extends Conv {
    /** {@code filters} outputs, kernel {@code kernelSize} on every spatial axis, linear. */
    public Conv3D(long filters, long kernelSize) {
        this(builder(filters, kernelSize));
    }

    public Conv3D(long filters, long kernelSize, ActivationFunction activation) {
        this(builder(filters, kernelSize).activation(activation));
    }

    private Conv3D(Builder<Conv3D> b) {
        super(b);
    }

    /** @param kernelSize one size for every spatial axis, or 3 */
    public static Builder<Conv3D> builder(long filters, long... kernelSize) {
        return new Builder<>(3, filters, kernelSize, Conv3D::new);
    }

    public static Conv3D fromConfig(Config c) {
        return fromConfig(c, k -> builder(c.getLong("filters"), k));
    }
}
