package org.nn4j.nn.layers;

import org.nn4j.nn.Config;
import org.nn4j.ops.nn.Pooling;

/** The max of each channel of (C, D, H, W) samples: -> (C); see {@link BaseGlobalPooling}. */
public final class GlobalMaxPooling3D extends BaseGlobalPooling {
    public GlobalMaxPooling3D() {
        this(builder());
    }

    private GlobalMaxPooling3D(Builder<GlobalMaxPooling3D> b) {
        super(Pooling.Kind.MAX, b);
    }

    public static Builder<GlobalMaxPooling3D> builder() {
        return new Builder<>(3, GlobalMaxPooling3D::new);
    }

    public static GlobalMaxPooling3D fromConfig(Config c) {
        return fromConfig(c, builder());
    }
}
