package org.nn4j.nn.layers;

import org.nn4j.nn.Config;

/** Zero padding of (C, L) samples on their spatial axis; see {@link ZeroPadding}. */
public final class ZeroPadding1D extends ZeroPadding {
    /** {@code padding} zeros at both ends (one value), or (begin, end) (two values). */
    public ZeroPadding1D(long... padding) {
        this(padding.length == 2 ? builder().padding(new long[][] {padding}) : builder().padding(padding));
    }

    /** {{begin, end}, ...}, one pair per spatial axis (L). */
    public ZeroPadding1D(long[][] padding) {
        this(builder().padding(padding));
    }

    private ZeroPadding1D(Builder<ZeroPadding1D> b) {
        super(b);
    }

    /** Padding 1 on every side unless set. */
    public static Builder<ZeroPadding1D> builder() {
        return new Builder<>(1, ZeroPadding1D::new);
    }

    public static ZeroPadding1D fromConfig(Config c) {
        return fromConfig(c, builder());
    }
}
