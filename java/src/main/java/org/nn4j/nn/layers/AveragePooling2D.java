package org.nn4j.nn.layers;

import org.nn4j.nn.Config;
import org.nn4j.ops.nn.Pooling;

/** 2-D average pooling of (C, H, W) samples; see {@link BasePooling}. */
public final class AveragePooling2D extends BasePooling {
    /** Window 2, stride 2, valid. */
    public AveragePooling2D() {
        this(builder());
    }

    /** Window {@code poolSize} on every spatial axis, stride = window, valid. */
    public AveragePooling2D(long poolSize) {
        this(builder().poolSize(poolSize));
    }

    private AveragePooling2D(Builder<AveragePooling2D> b) {
        super(Pooling.Kind.AVG, b);
    }

    public static Builder<AveragePooling2D> builder() {
        return new Builder<>(2, AveragePooling2D::new);
    }

    public static AveragePooling2D fromConfig(Config c) {
        return fromConfig(c, builder());
    }
}
