package org.nn4j.nn.layers;

import java.util.function.Function;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.nn.CallContext;
import org.nn4j.nn.Config;
import org.nn4j.nn.Layer;
import org.nn4j.ops.Creation;

/**
 * Zero padding of the spatial axes of (C, spatial...) samples (CURRICULUM C1: ((t, b), (l, r))
 * for images). The base of {@link ZeroPadding1D}, {@link ZeroPadding2D}, {@link ZeroPadding3D}.
 * No parameters.
 */
public abstract class ZeroPadding extends Layer {
    private final SpatialMargins margins;

    ZeroPadding(Builder<?> b) {
        super(b.layerName());
        margins = b.pairs != null ? SpatialMargins.of(typeName(), b.nsp, b.pairs)
                : SpatialMargins.symmetric(typeName(), b.nsp, b.symmetric);
    }

    /** ((begin, end) per spatial axis). */
    public final long[][] padding() {
        return margins.pairs();
    }

    @Override
    public final Shape[] outputShapes(Shape... in) {
        checkInputCount(in.length);
        String bad = margins.checkRank(in[0]);
        if (bad != null) throw error(bad);
        return new Shape[] {Shape.of(margins.apply(in[0], 1))};
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
            int axis = 2 + i;
            long[] d = y.dims();
            d[axis] = b;
            try (Tensor zb = Creation.zeros(y.dtype(), y.device(), d)) {
                d[axis] = e;
                try (Tensor ze = Creation.zeros(y.dtype(), y.device(), d)) {
                    Tensor next = Tensor.concat(axis, zb, y, ze);
                    y = y == inputs[0] ? next : Args.then(y, next);
                }
            }
        }
        return one(y);
    }

    @Override
    public final Config config() {
        Config c = super.config();
        margins.put(c);
        return c;
    }

    static <L extends ZeroPadding> L fromConfig(Config c, Builder<L> b) {
        return b.padding(SpatialMargins.read(c)).common(c).build();
    }

    /** Options of a ZeroPadding layer. */
    public static final class Builder<L extends ZeroPadding> extends LayerBuilder<Builder<L>, L> {
        private final int nsp;
        private final Function<Builder<L>, L> factory;
        private long[] symmetric = {1};
        private long[][] pairs;

        Builder(int nsp, Function<Builder<L>, L> factory) {
            this.nsp = nsp;
            this.factory = factory;
        }

        /** The same padding on both sides: one value for every axis, or one per spatial axis (none: 1). */
        public Builder<L> padding(long... p) {
            symmetric = p.length == 0 ? new long[] {1} : p;
            pairs = null;
            return this;
        }

        /** {{begin, end}, ...}: one pair per spatial axis. */
        public Builder<L> padding(long[][] p) {
            pairs = p;
            return this;
        }

        @Override
        protected L create() {
            return factory.apply(this);
        }
    }
}
