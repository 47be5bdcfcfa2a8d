package org.nn4j.nn.layers;

import org.nn4j.nn.Config;

/** Cropping of (C, H, W) samples on their 2 spatial axes; see {@link Cropping}. */
public final class Cropping2D extends Cropping {
    /** {@code cropping} positions from every end (one value) or from both ends of each axis (2 values). */
    public Cropping2D(long... cropping) {
        this(builder().cropping(cropping));
    }

    /** {{begin, end}, ...}, one pair per spatial axis (H, W). */
    public Cropping2D(long[][] cropping) {
        this(builder().cropping(cropping));
    }

    private Cropping2D(Builder<Cropping2D> b) {
        super(b);
    }

    /** No cropping unless set. */
    public static Builder<Cropping2D> builder() {
        return new Builder<>(2, Cropping2D::new);
    }

    public static Cropping2D fromConfig(Config c) {
        return fromConfig(c, builder());
    }
}
