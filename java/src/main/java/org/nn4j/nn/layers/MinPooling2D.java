package org.nn4j.nn.layers;

import org.nn4j.nn.Config;
import org.nn4j.ops.nn.Pooling;

/** 2-D min pooling of (C, H, W) samples; see {@link BasePooling}. */
public final class MinPooling2D extends BasePooling {
    /** Window 2, stride 2, valid. */
    public MinPooling2D() {
        this(builder());
    }

    /** Window {@code poolSize} on every spatial axis, stride = window, valid. */
    public MinPooling2D(long poolSize) {
        this(builder().poolSize(poolSize));
    }

    private MinPooling2D(Builder<MinPooling2D> b) {
        super(Pooling.Kind.MIN, b);
    }

    public static Builder<MinPooling2D> builder() {
        return new Builder<>(2, MinPooling2D::new);
    }

    public static MinPooling2D fromConfig(Config c) {
        return fromConfig(c, builder());
    }
}
