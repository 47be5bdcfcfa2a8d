package org.nn4j.nn.layers;

import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.nn.CallContext;
import org.nn4j.nn.Config;
import org.nn4j.nn.Variable;
import org.nn4j.nn.init.Initializer;
import org.nn4j.nn.init.Initializers;
import org.nn4j.nn.regularizers.Regularizer;
import org.nn4j.ops.nn.Convolution;
import org.nn4j.ops.nn.Convolution.Padding;

/**
 * Transposed 2-D convolution (CURRICULUM C3), the adjoint of Conv2D: (C_in, H, W) ->
 * (filters, H', W') with H' = (H - 1)s - p_total + d(k - 1) + 1 + outputPadding, or H·s with
 * "same". Kernel (C_in, filters/groups, kH, kW), bias (filters): kH·kW·C_in·filters/g + filters
 * parameters. Fans are those of the convolution it is the adjoint of (Keras and PyTorch do the
 * same): fanIn = (filters/g)·kH·kW, fanOut = (C_in/g)·kH·kW. Defaults as Conv2D, outputPadding 0.
 */
public final class Conv2DTranspose extends BaseConv {
    private final long filters, groups;
    private final long[] outputPadding;
    private final Initializer kernelInitializer;
    private final Regularizer kernelRegularizer;
    private Variable kernel, bias;

    public Conv2DTranspose(long filters, long kernelSize) {
        this(builder(filters, kernelSize));
    }

    public Conv2DTranspose(long filters, long kernelSize, ActivationFunction activation) {
        this(builder(filters, kernelSize).activation(activation));
    }

    private Conv2DTranspose(Builder b) {
        super(b);
        filters = Args.positive("Conv2DTranspose", "filters", b.filters);
        groups = Args.positive("Conv2DTranspose", "groups", b.groups);
        if (filters % groups != 0) {
            throw new IllegalArgumentException("Conv2DTranspose: groups = " + groups + " does not divide filters = " + filters);
        }
        if (padding == Padding.CAUSAL) throw new IllegalArgumentException("Conv2DTranspose: causal padding is for Conv1D");
        outputPadding = b.outputPadding == null ? null : Args.spread("Conv2DTranspose", "outputPadding", b.outputPadding, 2, 0);
        if (outputPadding != null) {
            for (int i = 0; i < 2; i++) {
                if (outputPadding[i] >= strides[i]) {
                    throw new IllegalArgumentException("Conv2DTranspose: outputPadding " + java.util.Arrays.toString(outputPadding)
                            + " must be smaller than the strides " + java.util.Arrays.toString(strides));
                }
            }
        }
        kernelInitializer = b.kernelInitializer;
        kernelRegularizer = b.kernelRegularizer;
    }

    /** Keras's automatic name: conv2d_transpose, conv2d_transpose_1, ... */
    @Override
    protected String baseName() {
        return "conv2d_transpose";
    }

    /** @param kernelSize one size for both axes, or (kH, kW) */
    public static Builder builder(long filters, long... kernelSize) {
        return new Builder(filters, kernelSize);
    }

    public long filters() {
        return filters;
    }

    private long[] kernelShape(long cin) {
        return Args.concat(cin, Args.concat(filters / groups, kernelSize));
    }

    private Convolution.Options opOptions() {
        Convolution.Options.Builder o = options(groups);
        if (outputPadding != null) o.outputPadding(outputPadding);
        return o.build();
    }

    @Override
    public Shape[] outputShapes(Shape... in) {
        checkInputCount(in.length);
        long cin = inputChannels(in[0]);
        if (cin % groups != 0) throw error("groups = " + groups + " does not divide the " + cin + " input channels");
        return new Shape[] {opShape(() -> Convolution.transposeOutputShape(Args.batched(in[0]), kernelShape(cin), opOptions()))};
    }

    @Override
    protected void doBuild(Shape... in) {
        long cin = in[0].dim(0), rf = Args.prod(kernelSize);
        long fanIn = filters / groups * rf, fanOut = cin / groups * rf;
        kernel = addWeight("kernel", kernelShape(cin), fanIn, fanOut, kernelInitializer, kernelRegularizer, true);
        if (useBias) bias = addWeight("bias", new long[] {filters}, fanIn, fanOut, biasInitializer, biasRegularizer, true);
    }

    @Override
    protected Tensor[] forward(CallContext ctx, Tensor... inputs) {
        Tensor y = Convolution.convTranspose2d(inputs[0], kernel.value(), bias == null ? null : bias.value(), opOptions());
        return one(Args.then(y, activation.apply(y)));
    }

    @Override
    public Config config() {
        Config c = super.config().put("filters", filters).put("groups", groups);
        if (outputPadding != null) c.put("output_padding", outputPadding);
        Args.put(c, "kernel_initializer", kernelInitializer);
        Args.put(c, "kernel_regularizer", kernelRegularizer);
        return c;
    }

    public static Conv2DTranspose fromConfig(Config c) {
        Builder b = builder(c.getLong("filters"), c.getLongArray("kernel_size")).readShared(c);
        if (c.has("output_padding")) b.outputPadding(c.getLongArray("output_padding"));
        return b.groups(c.getLong("groups", 1))
                .kernelInitializer(Args.init(c, "kernel_initializer", Initializers.glorotUniform()))
                .kernelRegularizer(Args.reg(c, "kernel_regularizer")).build();
    }

    public static final class Builder extends BaseConv.Builder<Builder, Conv2DTranspose> {
        private final long filters;
        private long groups = 1;
        private long[] outputPadding;
        private Initializer kernelInitializer = Initializers.glorotUniform();
        private Regularizer kernelRegularizer;

        private Builder(long filters, long[] kernelSize) {
            super(2, kernelSize);
            this.filters = filters;
        }

        public Builder groups(long g) {
            groups = g;
            return this;
        }

        /** Extra rows / columns at the end of the output, each smaller than the stride (one value or two). */
        public Builder outputPadding(long... p) {
            outputPadding = p.clone();
            return this;
        }

        public Builder kernelInitializer(Initializer i) {
            kernelInitializer = java.util.Objects.requireNonNull(i, "kernelInitializer");
            return this;
        }

        public Builder kernelInitializer(String id) {
            return kernelInitializer(Initializers.get(id));
        }

        public Builder kernelRegularizer(Regularizer r) {
            kernelRegularizer = r;
            return this;
        }

        @Override
        protected Conv2DTranspose create() {
            return new Conv2DTranspose(this);
        }
    }
}
