package org.nn4j.nn.layers;

import java.util.Arrays;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.nn.CallContext;
import org.nn4j.nn.Config;
import org.nn4j.nn.Layer;

/**
 * Reshapes each sample to {@code targetShape} (row-major; one entry may be -1, inferred). A view
 * when the input's strides allow, else a copy. No parameters.
 */
public final class Reshape extends Layer {
    private final long[] targetShape;

    public Reshape(long... targetShape) {
        this(builder(targetShape));
    }

    private Reshape(Builder b) {
        super(b.layerName());
        if (b.targetShape == null) throw new IllegalArgumentException("Reshape: targetShape is null");
        int unknown = 0;
        for (long d : b.targetShape) {
            if (d == -1) unknown++;
            else if (d < 0) throw new IllegalArgumentException("Reshape: targetShape " + Arrays.toString(b.targetShape)
                    + " has a negative size other than -1");
        }
        if (unknown > 1) {
            throw new IllegalArgumentException("Reshape: targetShape " + Arrays.toString(b.targetShape)
                    + " has more than one -1");
        }
        this.targetShape = b.targetShape.clone();
    }

    public static Builder builder(long... targetShape) {
        return new Builder(targetShape);
    }

    public long[] targetShape() {
        return targetShape.clone();
    }

    @Override
    public Shape[] outputShapes(Shape... in) {
        checkInputCount(in.length);
        long n = in[0].numel(), known = 1;
        int free = -1;
        long[] out = targetShape.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] == -1) free = i;
            else known *= out[i];
        }
        if (free >= 0) {
            if (known == 0 || n % known != 0) {
                throw error("cannot reshape per-sample shape " + in[0] + " (" + n + " values) to "
                        + Arrays.toString(targetShape));
            }
            out[free] = n / known;
        } else if (known != n) {
            throw error("cannot reshape per-sample shape " + in[0] + " (" + n + " values) to "
                    + Arrays.toString(targetShape) + " (" + known + " values)");
        }
        return new Shape[] {Shape.of(out)};
    }

    @Override
    protected boolean compatibleRebuild(Shape[] built, Shape[] now) {
        return true;
    }

    @Override
    protected Tensor[] forward(CallContext ctx, Tensor... inputs) {
        Tensor x = inputs[0];
        Shape out = outputShape(Args.perSample(x.shape()));
        return one(x.reshape(Args.concat(x.dim(0), out.toArray())));
    }

    @Override
    public Config config() {
        return super.config().put("target_shape", targetShape);
    }

    public static Reshape fromConfig(Config c) {
        return builder(c.getLongArray("target_shape")).common(c).build();
    }

    public static final class Builder extends LayerBuilder<Builder, Reshape> {
        private final long[] targetShape;

        private Builder(long[] targetShape) {
            this.targetShape = targetShape;
        }

        @Override
        protected Reshape create() {
            return new Reshape(this);
        }
    }
}
