package org.nn4j.nn.layers;

import org.nn4j.nn.Config;
import org.nn4j.ops.nn.Pooling;

/** The max of each channel of (C, H, W) samples: -> (C); see {@link BaseGlobalPooling}. */
public final class GlobalMaxPooling2D extends BaseGlobalPooling {
    public GlobalMaxPooling2D() {
        this(builder());
    }

    private GlobalMaxPooling2D(Builder<GlobalMaxPooling2D> b) {
        super(Pooling.Kind.MAX, b);
    }

    public static Builder<GlobalMaxPooling2D> builder() {
        return new Builder<>(2, GlobalMaxPooling2D::new);
    }

    public static GlobalMaxPooling2D fromConfig(Config c) {
        return fromConfig(c, builder());
    }
}
