package org.nn4j.nn.layers;

import org.nn4j.nn.Config;
import org.nn4j.ops.nn.Pooling;

/** 1-D min pooling of (C, L) samples; see {@link BasePooling}. */
public final class MinPooling1D extends BasePooling {
    /** Window 2, stride 2, valid. */
    public MinPooling1D() {
        this(builder());
    }

    /** Window {@code poolSize} on every spatial axis, stride = window, valid. */
    public MinPooling1D(long poolSize) {
        this(builder().poolSize(poolSize));
    }

    private MinPooling1D(Builder<MinPooling1D> b) {
        super(Pooling.Kind.MIN, b);
    }

    public static Builder<MinPooling1D> builder() {
        return new Builder<>(1, MinPooling1D::new);
    }

    public static MinPooling1D fromConfig(Config c) {
        return fromConfig(c, builder());
    }
}
