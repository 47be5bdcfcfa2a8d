package org.nn4j.nn.layers;

import org.nn4j.nn.Config;
import org.nn4j.ops.nn.Pooling;

/** 3-D average pooling of (C, D, H, W) samples; see {@link BasePooling}. */
public final class AveragePooling3D extends BasePooling {
    /** Window 2, stride 2, valid. */
    public AveragePooling3D() {
        this(builder());
    }

    /** Window {@code poolSize} on every spatial axis, stride = window, valid. */
    public AveragePooling3D(long poolSize) {
        this(builder().poolSize(poolSize));
    }

    private AveragePooling3D(Builder<AveragePooling3D> b) {
        super(Pooling.Kind.AVG, b);
    }

    public static Builder<AveragePooling3D> builder() {
        return new Builder<>(3, AveragePooling3D::new);
    }

    public static AveragePooling3D fromConfig(Config c) {
        return fromConfig(c, builder());
    }
}
