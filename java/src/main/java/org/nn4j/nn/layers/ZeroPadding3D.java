package org.nn4j.nn.layers;

import org.nn4j.nn.Config;

/** Zero padding of (C, D, H, W) samples on their 3 spatial axes; see {@link ZeroPadding}. */
public final class ZeroPadding3D extends ZeroPadding {
    /** {@code padding} zeros on every side (one value) or on both sides of each axis (3 values). */
    public ZeroPadding3D(long... padding) {
        this(builder().padding(padding));
    }

    /** {{begin, end}, ...}, one pair per spatial axis (D, H, W). */
    public ZeroPadding3D(long[][] padding) {
        this(builder().padding(padding));
    }

    private ZeroPadding3D(Builder<ZeroPadding3D> b) {
        super(b);
    }

    /** Padding 1 on every side unless set. */
    public static Builder<ZeroPadding3D> builder() {
        return new Builder<>(3, ZeroPadding3D::new);
    }

    public static ZeroPadding3D fromConfig(Config c) {
        return fromConfig(c, builder());
    }
}
