package org.nn4j.nn.layers;

import org.nn4j.nn.Config;
import org.nn4j.ops.nn.Pooling;

/** 1-D average pooling of (C, L) samples; see {@link BasePooling}. */
public final class AveragePooling1D extends BasePooling {
    /** Window 2, stride 2, valid. */
    public AveragePooling1D() {
        this(builder());
    }

    /** Window {@code poolSize} on every spatial axis, stride = window, valid. */
    public AveragePooling1D(long poolSize) {
        this(builder().poolSize(poolSize));
    }

    private AveragePooling1D(Builder<AveragePooling1D> b) {
        super(Pooling.Kind.AVG, b);
    }

    public static Builder<AveragePooling1D> builder() {
        return new Builder<>(1, AveragePooling1D::new);
    }

    public static AveragePooling1D fromConfig(Config c) {
        return fromConfig(c, builder());
    }
}
