package org.nn4j.nn.layers;

import org.nn4j.nn.Config;
import org.nn4j.ops.nn.Pooling;

/** 1-D max pooling of (C, L) samples; see {@link BasePooling}. */
public final class MaxPooling1D extends BasePooling {
    /** Window 2, stride 2, valid. */
    public MaxPooling1D() {
        this(builder());
    }

    /** Window {@code poolSize} on every spatial axis, stride = window, valid. */
    public MaxPooling1D(long poolSize) {
        this(builder().poolSize(poolSize));
    }

    private MaxPooling1D(Builder<MaxPooling1D> b) {
        super(Pooling.Kind.MAX, b);
    }

    public static Builder<MaxPooling1D> builder() {
        return new Builder<>(1, MaxPooling1D::new);
    }

    public static MaxPooling1D fromConfig(Config c) {
        return fromConfig(c, builder());
    }
}
