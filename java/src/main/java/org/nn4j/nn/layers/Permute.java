package org.nn4j.nn.layers;

import java.util.Arrays;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.nn.CallContext;
import org.nn4j.nn.Config;
import org.nn4j.nn.Layer;

/**
 * Permutes the per-sample axes (Keras convention: {@code dims} numbers them from 1 and leaves the
 * batch axis out, so {@code new Permute(2, 1)} swaps the two axes of (T, F)). Returns a view. No
 * parameters.
 */
public final class Permute extends Layer {
    private final int[] dims;

    public Permute(int... dims) {
        this(builder(dims));
    }

    private Permute(Builder b) {
        super(b.layerName());
        int[] d = b.dims;
        if (d == null || d.length == 0) throw new IllegalArgumentException("Permute: dims is empty");
        boolean[] seen = new boolean[d.length + 1];
        for (int v : d) {
            if (v < 1 || v > d.length || seen[v]) {
                throw new IllegalArgumentException("Permute: dims " + Arrays.toString(d) + " is not a permutation of 1.."
                        + d.length + " (axes are numbered from 1, the batch axis excluded)");
            }
            seen[v] = true;
        }
        this.dims = d.clone();
    }

    public static Builder builder(int... dims) {
        return new Builder(dims);
    }

    public int[] dims() {
        return dims.clone();
    }

    @Override
    public Shape[] outputShapes(Shape... in) {
        checkInputCount(in.length);
        if (in[0].rank() != dims.length) {
            throw error("dims " + Arrays.toString(dims) + " permute " + dims.length + " axes but the input has per-sample shape "
                    + in[0]);
        }
        long[] out = new long[dims.length];
        for (int i = 0; i < dims.length; i++) out[i] = in[0].dim(dims[i] - 1);
        return new Shape[] {Shape.of(out)};
    }

    @Override
    protected boolean compatibleRebuild(Shape[] built, Shape[] now) {
        return true;
    }

    @Override
    protected Tensor[] forward(CallContext ctx, Tensor... inputs) {
        int[] axes = new int[dims.length + 1];
        for (int i = 0; i < dims.length; i++) axes[i + 1] = dims[i];
        return one(inputs[0].permute(axes));
    }

    @Override
    public Config config() {
        return super.config().put("dims", dims);
    }

    public static Permute fromConfig(Config c) {
        return builder(c.getIntArray("dims")).common(c).build();
    }

    public static final class Builder extends LayerBuilder<Builder, Permute> {
        private final int[] dims;

        private Builder(int[] dims) {
            this.dims = dims;
        }

        @Override
        protected Permute create() {
            return new Permute(this);
        }
    }
}
