package org.nn4j.nn.layers;

import org.nn4j.nn.Config;
import org.nn4j.ops.nn.Pooling;

/** The mean of each channel of (C, H, W) samples: -> (C); see {@link BaseGlobalPooling}. */
public final class GlobalAveragePooling2D extends BaseGlobalPooling {
    public GlobalAveragePooling2D() {
        this(builder());
    }

    private GlobalAveragePooling2D(Builder<GlobalAveragePooling2D> b) {
        super(Pooling.Kind.AVG, b);
    }

    public static Builder<GlobalAveragePooling2D> builder() {
        return new Builder<>(2, GlobalAveragePooling2D::new);
    }

    public static GlobalAveragePooling2D fromConfig(Config c) {
        return fromConfig(c, builder());
    }
}
