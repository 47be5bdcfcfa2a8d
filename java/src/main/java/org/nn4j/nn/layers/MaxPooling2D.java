package org.nn4j.nn.layers;

import org.nn4j.nn.Config;
import org.nn4j.ops.nn.Pooling;

/** 2-D max pooling of (C, H, W) samples; see {@link BasePooling}. */
public final class MaxPooling2D extends BasePooling {
    /** Window 2, stride 2, valid. */
    public MaxPooling2D() {
        this(builder());
    }

    /** Window {@code poolSize} on every spatial axis, stride = window, valid. */
    public MaxPooling2D(long poolSize) {
        this(builder().poolSize(poolSize));
    }

    private MaxPooling2D(Builder<MaxPooling2D> b) {
        super(Pooling.Kind.MAX, b);
    }

    public static Builder<MaxPooling2D> builder() {
        return new Builder<>(2, MaxPooling2D::new);
    }

    public static MaxPooling2D fromConfig(Config c) {
        return fromConfig(c, builder());
    }
}
