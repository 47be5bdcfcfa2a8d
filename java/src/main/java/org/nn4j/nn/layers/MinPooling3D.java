package org.nn4j.nn.layers;

import org.nn4j.nn.Config;
import org.nn4j.ops.nn.Pooling;

/** 3-D min pooling of (C, D, H, W) samples; see {@link BasePooling}. */
public final class MinPooling3D extends BasePooling {
    /** Window 2, stride 2, valid. */
    public MinPooling3D() {
        this(builder());
    }

    /** Window {@code poolSize} on every spatial axis, stride = window, valid. */
    public MinPooling3D(long poolSize) {
        this(builder().poolSize(poolSize));
    }

    private MinPooling3D(Builder<MinPooling3D> b) {
        super(Pooling.Kind.MIN, b);
    }

    public static Builder<MinPooling3D> builder() {
        return new Builder<>(3, MinPooling3D::new);
    }

    public static MinPooling3D fromConfig(Config c) {
        return fromConfig(c, builder());
    }
}
