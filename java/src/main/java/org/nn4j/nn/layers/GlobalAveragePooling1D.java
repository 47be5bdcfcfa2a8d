package org.nn4j.nn.layers;

import org.nn4j.nn.Config;
import org.nn4j.ops.nn.Pooling;

/** The mean of each channel of (C, L) samples: -> (C); see {@link BaseGlobalPooling}. */
public final class GlobalAveragePooling1D extends BaseGlobalPooling {
    public GlobalAveragePooling1D() {
        this(builder());
    }

    private GlobalAveragePooling1D(Builder<GlobalAveragePooling1D> b) {
        super(Pooling.Kind.AVG, b);
    }

    public static Builder<GlobalAveragePooling1D> builder() {
        return new Builder<>(1, GlobalAveragePooling1D::new);
    }

    public static GlobalAveragePooling1D fromConfig(Config c) {
        return fromConfig(c, builder());
    }
}
