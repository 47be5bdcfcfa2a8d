package org.nn4j.nn.layers;

import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.nn.CallContext;
import org.nn4j.nn.Config;
import org.nn4j.nn.Layer;
import org.nn4j.nn.init.Initializers;

/**
 * A minimal Dense-like layer for the wrapper tests (the real Dense lives elsewhere): y = x W + b
 * on the last axis, kernel (in, out), in the layer's dtype (as any layer: the weights are not
 * cast, Layer.call rejects inputs of another floating-point dtype). Also a custom layer
 * registered with the LayerRegistry under "AffineTestLayer".
 */
final class AffineTestLayer extends Layer {
    private final long units;

    AffineTestLayer(long units, String name) {
        super(name);
        this.units = units;
    }

    @Override
    public Shape[] outputShapes(Shape... in) {
        checkInputCount(in.length);
        if (in[0].rank() < 1) throw error("needs at least one axis, got " + in[0]);
        long[] d = in[0].toArray();
        d[d.length - 1] = units;
        return new Shape[] {Shape.of(d)};
    }

    @Override
    protected void doBuild(Shape... in) {
        long f = in[0].dim(-1);
        addWeight("kernel", new long[] {f, units}, f, units, Initializers.glorotUniform(), null, true);
        addWeight("bias", new long[] {units}, units, units, Initializers.randomUniform(0.5), null, true);
    }

    @Override
    protected Tensor[] forward(CallContext ctx, Tensor... inputs) {
        Tensor x = inputs[0];
        return one(x.matmul(weight("kernel").value()).add(weight("bias").value()));
    }

    @Override
    public Config config() {
        return super.config().put("units", units);
    }

    static AffineTestLayer fromConfig(Config c) {
        return applyCommon(new AffineTestLayer(c.getLong("units"), c.getString("name", null)), c);
    }
}
