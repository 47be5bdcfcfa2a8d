package org.nn4j.nn.layers;

import org.nn4j.nn.Config;
import org.nn4j.ops.nn.Pooling;

/** The mean of each channel of (C, D, H, W) samples: -> (C); see {@link BaseGlobalPooling}. */
public final class GlobalAveragePooling3D extends BaseGlobalPooling {
    public GlobalAveragePooling3D() {
        this(builder());
    }

    private GlobalAveragePooling3D(Builder<GlobalAveragePooling3D> b) {
        super(Pooling.Kind.AVG, b);
    }

    public static Builder<GlobalAveragePooling3D> builder() {
        return new Builder<>(3, GlobalAveragePooling3D::new);
    }

    public static GlobalAveragePooling3D fromConfig(Config c) {
        return fromConfig(c, builder());
    }
}
