package org.nn4j.nn.layers;

import java.util.function.Function;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.nn.CallContext;
import org.nn4j.nn.Config;
import org.nn4j.nn.Layer;

/**
 * Removes (begin, end) positions from each spatial axis of (C, spatial...) samples (CURRICULUM
 * C1: ((t, b), (l, r)) for images); the result is a view. The base of {@link Cropping1D},
 * {@link Cropping2D}, {@link Cropping3D}. No parameters.
 */
public abstract class Cropping extends Layer {
    private final SpatialMargins margins;

    Cropping(Builder<?> b) {
        super(b.layerName());
        margins = b.pairs != null ? SpatialMargins.of(typeName(), b.nsp, b.pairs)
                : SpatialMargins.symmetric(typeName(), b.nsp, b.symmetric);
    }

    /** ((begin, end) per spatial axis). */
    public final long[][] cropping() {
        return margins.pairs();
    }

    @Override
    public final Shape[] outputShapes(Shape... in) {
        checkInputCount(in.length);
        String bad = margins.checkRank(in[0]);
        if (bad != null) throw error(bad);
        long[] out = margins.apply(in[0], -1);
        for (int i = 1; i < out.length; i++) {
            if (out[i] < 1) {
                throw error("cropping " + margins + " removes all of spatial axis " + (i - 1) + " of per-sample shape " + in[0]);
            }
        }
        return new Shape[] {Shape.of(out)};
    }

    @Override
    protected final boolean compatibleRebuild(Shape[] built, Shape[] now) {
        return true;
    }

    @Override
    protected final Tensor[] forward(CallContext ctx, Tensor... inputs) {
        Tensor y = inputs[0];
        for (int i = 0; i < margins.nsp; i++) {
            long b = margins.begin[i], e = margins.end[i];
            if (b == 0 && e == 0) continue;
            Tensor next = y.slice(2 + i, b, y.dim(2 + i) - e);
            y = y == inputs[0] ? next : Args.then(y, next);
        }
        return one(y);
    }

    @Override
    public final Config config() {
        Config c = super.config();
        margins.put(c);
        return c;
    }

    static <L extends Cropping> L fromConfig(Config c, Builder<L> b) {
        return b.cropping(SpatialMargins.read(c)).common(c).build();
    }

    /** Options of a Cropping layer. */
    public static final class Builder<L extends Cropping> extends LayerBuilder<Builder<L>, L> {
        private final int nsp;
        private final Function<Builder<L>, L> factory;
        private long[] symmetric = {0};
        private long[][] pairs;

        Builder(int nsp, Function<Builder<L>, L> factory) {
            this.nsp = nsp;
            this.factory = factory;
        }

        /** The same amount from both ends: one value for every axis, or one per spatial axis (none: 0). */
        public Builder<L> cropping(long... c) {
            symmetric = c.length == 0 ? new long[] {0} : c;
            pairs = null;
            return this;
        }

        /** {{begin, end}, ...}: one pair per spatial axis. */
        public Builder<L> cropping(long[][] c) {
            pairs = c;
            return this;
        }

        @Override
        protected L create() {
            return factory.apply(this);
        }
    }
}
