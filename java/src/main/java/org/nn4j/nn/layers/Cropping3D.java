package org.nn4j.nn.layers;

import org.nn4j.nn.Config;

/** Cropping of (C, D, H, W) samples on their 3 spatial axes; see {@link Cropping}. */
public final class Cropping3D extends Cropping {
    /** {@code cropping} positions from every end (one value) or from both ends of each axis (3 values). */
    public Cropping3D(long... cropping) {
        this(builder().cropping(cropping));
    }

    /** {{begin, end}, ...}, one pair per spatial axis (D, H, W). */
    public Cropping3D(long[][] cropping) {
        this(builder().cropping(cropping));
    }

    private Cropping3D(Builder<Cropping3D> b) {
        super(b);
    }

    /** No cropping unless set. */
    public static Builder<Cropping3D> builder() {
        return new Builder<>(3, Cropping3D::new);
    }

    public static Cropping3D fromConfig(Config c) {
        return fromConfig(c, builder());
    }
}
