package org.nn4j.nn.layers;

import org.nn4j.nn.Config;
import org.nn4j.ops.nn.Pooling;

/** The max of each channel of (C, L) samples: -> (C); see {@link BaseGlobalPooling}. */
public final class GlobalMaxPooling1D extends BaseGlobalPooling {
    public GlobalMaxPooling1D() {
        this(builder());
    }

    private GlobalMaxPooling1D(Builder<GlobalMaxPooling1D> b) {
        super(Pooling.Kind.MAX, b);
    }

    public static Builder<GlobalMaxPooling1D> builder() {
        return new Builder<>(1, GlobalMaxPooling1D::new);
    }

    public static GlobalMaxPooling1D fromConfig(Config c) {
        return fromConfig(c, builder());
    }
}
