package org.nn4j.nn.layers;

import java.util.function.Function;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.nn.CallContext;
import org.nn4j.nn.Config;
import org.nn4j.nn.Layer;
import org.nn4j.ops.nn.Pooling;

/**
 * Mean or max over all spatial positions of each channel (CURRICULUM C6): (C, spatial...) -> (C),
 * or (C, 1, ...) with keepDims. No parameters.
 */
public abstract class BaseGlobalPooling extends Layer {
    private final Pooling.Kind kind;
    private final int nsp;
    private final boolean keepDims;

    BaseGlobalPooling(Pooling.Kind kind, Builder<?> b) {
        super(b.layerName());
        this.kind = kind;
        this.nsp = b.nsp;
        this.keepDims = b.keepDims;
    }

    public final boolean keepDims() {
        return keepDims;
    }

    @Override
    public final Shape[] outputShapes(Shape... in) {
        checkInputCount(in.length);
        if (in[0].rank() != nsp + 1) {
            throw error("needs (C, " + (nsp == 1 ? "L" : nsp == 2 ? "H, W" : "D, H, W") + ") per sample, got " + in[0]);
        }
        for (int i = 1; i <= nsp; i++) {
            if (in[0].dim(i) < 1) throw error("input " + in[0] + " has an empty spatial axis");
        }
        if (!keepDims) return new Shape[] {Shape.of(in[0].dim(0))};
        long[] d = in[0].toArray();
        java.util.Arrays.fill(d, 1, d.length, 1);
        return new Shape[] {Shape.of(d)};
    }

    @Override
    protected final boolean compatibleRebuild(Shape[] built, Shape[] now) {
        return true;
    }

    @Override
    protected final Tensor[] forward(CallContext ctx, Tensor... inputs) {
        Tensor x = inputs[0];
        Tensor y = kind == Pooling.Kind.MAX ? Pooling.globalMaxPool(x) : Pooling.globalAvgPool(x);
        if (!keepDims) return one(y);
        return one(Args.then(y, y.reshape(Args.concat(x.dim(0), outputShape(Args.perSample(x.shape())).toArray()))));
    }

    @Override
    public final Config config() {
        return super.config().put("keepdims", keepDims);
    }

    static <L extends BaseGlobalPooling> L fromConfig(Config c, Builder<L> b) {
        return b.keepDims(c.getBool("keepdims", false)).common(c).build();
    }

    /** Options of a global pooling layer. */
    public static final class Builder<L extends BaseGlobalPooling> extends LayerBuilder<Builder<L>, L> {
        private final int nsp;
        private final Function<Builder<L>, L> factory;
        private boolean keepDims;

        Builder(int nsp, Function<Builder<L>, L> factory) {
            this.nsp = nsp;
            this.factory = factory;
        }

        /** Keep the spatial axes with size 1. */
        public Builder<L> keepDims(boolean k) {
            keepDims = k;
            return this;
        }

        @Override
        protected L create() {
            return factory.apply(this);
        }
    }
}
