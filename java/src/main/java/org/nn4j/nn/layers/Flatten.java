package org.nn4j.nn.layers;

import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.nn.CallContext;
import org.nn4j.nn.Config;
import org.nn4j.nn.Layer;

/** (d1, d2, ...) per sample to (d1·d2·...), row-major (CURRICULUM K3: (C, H, W) -> c·H·W + h·W + w). No parameters. */
public final class Flatten extends Layer {
    public Flatten() {
        this(builder());
    }

    private Flatten(Builder b) {
        super(b.layerName());
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Shape[] outputShapes(Shape... in) {
        checkInputCount(in.length);
        return new Shape[] {Shape.of(in[0].numel())};
    }

    @Override
    protected boolean compatibleRebuild(Shape[] built, Shape[] now) {
        return true;
    }

    @Override
    protected Tensor[] forward(CallContext ctx, Tensor... inputs) {
        Tensor x = inputs[0];
        return one(x.reshape(x.dim(0), Args.perSample(x.shape()).numel()));
    }

    public static Flatten fromConfig(Config c) {
        return builder().common(c).build();
    }

    public static final class Builder extends LayerBuilder<Builder, Flatten> {
        private Builder() {}

        @Override
        protected Flatten create() {
            return new Flatten(this);
        }
    }
}
