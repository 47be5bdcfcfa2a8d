package org.nn4j.nn.layers;

import org.nn4j.nn.Config;

/**
 * 1-D convolution: (C, L) -> (filters, L') per sample; see {@link Conv}. E.g.
 * {@code new Conv1D(32, 3, Activation.RELU)} or
 * {@code Conv1D.builder(32, 3).dilation(2).padding("causal").activation("relu").build()} (causal:
 * d(k - 1) zeros before the signal, none after).
 */
public final class Conv1D extends Conv {
    /** {@code filters} outputs, kernel {@code kernelSize} on every spatial axis, linear. */
    public Conv1D(long filters, long kernelSize) {
        this(builder(filters, kernelSize));
    }

    public Conv1D(long filters, long kernelSize, ActivationFunction activation) {
        this(builder(filters, kernelSize).activation(activation));
    }

    private Conv1D(Builder<Conv1D> b) {
        super(b);
    }

    /** @param kernelSize one size*/
    public static Builder<Conv1D> builder(long filters, long... kernelSize) {
        return new Builder<>(1, filters, kernelSize, Conv1D::new);
    }

    public static Conv1D fromConfig(Config c) {
        return fromConfig(c, k -> builder(c.getLong("filters"), k));
    }
}
