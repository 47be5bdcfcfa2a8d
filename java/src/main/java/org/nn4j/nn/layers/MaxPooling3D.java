package org.nn4j.nn.layers;

import org.nn4j.nn.Config;
import org.nn4j.ops.nn.Pooling;

/** 3-D max pooling of (C, D, H, W) samples; see {@link BasePooling}. */
public final class MaxPooling3D extends BasePooling {
    /** Window 2, stride 2, valid. */
    public MaxPooling3D() {
        this(builder());
    }

    /** Window {@code poolSize} on every spatial axis, stride = window, valid. */
    public MaxPooling3D(long poolSize) {
        this(builder().poolSize(poolSize));
    }

    private MaxPooling3D(Builder<MaxPooling3D> b) {
        super(Pooling.Kind.MAX, b);
    }

    public static Builder<MaxPooling3D> builder() {
        return new Builder<>(3, MaxPooling3D::new);
    }

    public static MaxPooling3D fromConfig(Config c) {
        return fromConfig(c, builder());
    }
}
