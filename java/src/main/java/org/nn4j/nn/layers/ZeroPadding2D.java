package org.nn4j.nn.layers;

import org.nn4j.nn.Config;

/** Zero padding of (C, H, W) samples on their 2 spatial axes; see {@link ZeroPadding}. */
public final class ZeroPadding2D extends ZeroPadding {
    /** {@code padding} zeros on every side (one value) or on both sides of each axis (2 values). */
    public ZeroPadding2D(long... padding) {
        this(builder().padding(padding));
    }

    /** {{begin, end}, ...}, one pair per spatial axis (H, W). */
    public ZeroPadding2D(long[][] padding) {
        this(builder().padding(padding));
    }

    private ZeroPadding2D(Builder<ZeroPadding2D> b) {
        super(b);
    }

    /** Padding 1 on every side unless set. */
    public static Builder<ZeroPadding2D> builder() {
        return new Builder<>(2, ZeroPadding2D::new);
    }

    public static ZeroPadding2D fromConfig(Config c) {
        return fromConfig(c, builder());
    }
}
