package org.nn4j.nn.layers;

import org.nn4j.nn.Config;

/** Cropping of (C, L) samples on their spatial axis; see {@link Cropping}. */
public final class Cropping1D extends Cropping {
    /** {@code cropping} positions at both ends (one value), or (begin, end) (two values). */
    public Cropping1D(long... cropping) {
        this(cropping.length == 2 ? builder().cropping(new long[][] {cropping}) : builder().cropping(cropping));
    }

    /** {{begin, end}, ...}, one pair per spatial axis (L). */
    public Cropping1D(long[][] cropping) {
        this(builder().cropping(cropping));
    }

    private Cropping1D(Builder<Cropping1D> b) {
        super(b);
    }

    /** No cropping unless set. */
    public static Builder<Cropping1D> builder() {
        return new Builder<>(1, Cropping1D::new);
    }

    public static Cropping1D fromConfig(Config c) {
        return fromConfig(c, builder());
    }
}
