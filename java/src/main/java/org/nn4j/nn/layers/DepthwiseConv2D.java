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

/**
 * Depthwise 2-D convolution (CURRICULUM C4): each of the C input channels convolved with its own
 * {@code depthMultiplier} = M filters, (C, H, W) -> (C·M, H', W'); output channel c·M + m comes
 * from input channel c. It is a grouped convolution with groups = C and kernel
 * depthwise_kernel (C·M, 1, kH, kW), bias (C·M): kH·kW·C·M + C·M parameters. Fans (§5, g = C):
 * fanIn = kH·kW, fanOut = M·kH·kW. Defaults: M 1, glorot_uniform, others as Conv2D.
 */
public final class DepthwiseConv2D extends BaseConv {
    private final long depthMultiplier;
    private final Initializer depthwiseInitializer;
    private final Regularizer depthwiseRegularizer;
    private Variable kernel, bias;

    public DepthwiseConv2D(long kernelSize) {
        this(builder(kernelSize));
    }

    public DepthwiseConv2D(long kernelSize, ActivationFunction activation) {
        this(builder(kernelSize).activation(activation));
    }

    private DepthwiseConv2D(Builder b) {
        super(b);
        depthMultiplier = Args.positive("DepthwiseConv2D", "depthMultiplier", b.depthMultiplier);
        depthwiseInitializer = b.depthwiseInitializer;
        depthwiseRegularizer = b.depthwiseRegularizer;
    }

    /** @param kernelSize one size for both axes, or (kH, kW) */
    public static Builder builder(long... kernelSize) {
        return new Builder(kernelSize);
    }

    public long depthMultiplier() {
        return depthMultiplier;
    }

    private long[] kernelShape(long cin) {
        return Args.concat(cin * depthMultiplier, Args.concat(1, kernelSize));
    }

    @Override
    public Shape[] outputShapes(Shape... in) {
        checkInputCount(in.length);
        long cin = inputChannels(in[0]);
        return new Shape[] {opShape(() -> Convolution.outputShape(Args.batched(in[0]), kernelShape(cin),
                options(cin).build()))};
    }

    @Override
    protected void doBuild(Shape... in) {
        long cin = in[0].dim(0), rf = Args.prod(kernelSize), cout = cin * depthMultiplier;
        kernel = addWeight("depthwise_kernel", kernelShape(cin), rf, depthMultiplier * rf, depthwiseInitializer,
                depthwiseRegularizer, true);
        if (useBias) bias = addWeight("bias", new long[] {cout}, rf, depthMultiplier * rf, biasInitializer, biasRegularizer, true);
    }

    @Override
    protected Tensor[] forward(CallContext ctx, Tensor... inputs) {
        Tensor x = inputs[0];
        Tensor y = Convolution.conv2d(x, kernel.value(), bias == null ? null : bias.value(), options(x.dim(1)).build());
        return one(Args.then(y, activation.apply(y)));
    }

    @Override
    public Config config() {
        Config c = super.config().put("depth_multiplier", depthMultiplier);
        Args.put(c, "depthwise_initializer", depthwiseInitializer);
        Args.put(c, "depthwise_regularizer", depthwiseRegularizer);
        return c;
    }

    public static DepthwiseConv2D fromConfig(Config c) {
        return builder(c.getLongArray("kernel_size")).readShared(c).depthMultiplier(c.getLong("depth_multiplier", 1))
                .depthwiseInitializer(Args.init(c, "depthwise_initializer", Initializers.glorotUniform()))
                .depthwiseRegularizer(Args.reg(c, "depthwise_regularizer")).build();
    }

    public static final class Builder extends BaseConv.Builder<Builder, DepthwiseConv2D> {
        private long depthMultiplier = 1;
        private Initializer depthwiseInitializer = Initializers.glorotUniform();
        private Regularizer depthwiseRegularizer;

        private Builder(long[] kernelSize) {
            super(2, kernelSize);
        }

        /** Filters per input channel (M). */
        public Builder depthMultiplier(long m) {
            depthMultiplier = m;
            return this;
        }

        public Builder depthwiseInitializer(Initializer i) {
            depthwiseInitializer = java.util.Objects.requireNonNull(i, "depthwiseInitializer");
            return this;
        }

        public Builder depthwiseInitializer(String id) {
            return depthwiseInitializer(Initializers.get(id));
        }

        public Builder depthwiseRegularizer(Regularizer r) {
            depthwiseRegularizer = r;
            return this;
        }

        @Override
        protected DepthwiseConv2D create() {
            return new DepthwiseConv2D(this);
        }
    }
}
