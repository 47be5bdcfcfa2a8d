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
 * Depthwise-separable 2-D convolution (CURRICULUM C4): a depthwise convolution (M filters per
 * input channel, with the layer's strides, padding and dilation, no bias) followed by a 1x1
 * pointwise convolution to {@code filters} channels with the bias, then the activation.
 * Weights depthwise_kernel (C·M, 1, kH, kW), pointwise_kernel (filters, C·M, 1, 1), bias
 * (filters): kH·kW·C·M + C·M·filters + filters parameters. Fans: depthwise kH·kW / M·kH·kW,
 * pointwise C·M / filters.
 */
public final class SeparableConv2D extends BaseConv {
    private final long filters, depthMultiplier;
    private final Initializer depthwiseInitializer, pointwiseInitializer;
    private final Regularizer depthwiseRegularizer, pointwiseRegularizer;
    private Variable depthwise, pointwise, bias;

    public SeparableConv2D(long filters, long kernelSize) {
        this(builder(filters, kernelSize));
    }

    public SeparableConv2D(long filters, long kernelSize, ActivationFunction activation) {
        this(builder(filters, kernelSize).activation(activation));
    }

    private SeparableConv2D(Builder b) {
        super(b);
        filters = Args.positive("SeparableConv2D", "filters", b.filters);
        depthMultiplier = Args.positive("SeparableConv2D", "depthMultiplier", b.depthMultiplier);
        depthwiseInitializer = b.depthwiseInitializer;
        pointwiseInitializer = b.pointwiseInitializer;
        depthwiseRegularizer = b.depthwiseRegularizer;
        pointwiseRegularizer = b.pointwiseRegularizer;
    }

    /** @param kernelSize one size for both axes, or (kH, kW) */
    public static Builder builder(long filters, long... kernelSize) {
        return new Builder(filters, kernelSize);
    }

    public long filters() {
        return filters;
    }

    public long depthMultiplier() {
        return depthMultiplier;
    }

    private long[] depthwiseShape(long cin) {
        return Args.concat(cin * depthMultiplier, Args.concat(1, kernelSize));
    }

    @Override
    public Shape[] outputShapes(Shape... in) {
        checkInputCount(in.length);
        long cin = inputChannels(in[0]);
        Shape mid = opShape(() -> Convolution.outputShape(Args.batched(in[0]), depthwiseShape(cin), options(cin).build()));
        return new Shape[] {Shape.of(Args.concat(filters, java.util.Arrays.copyOfRange(mid.toArray(), 1, 3)))};
    }

    @Override
    protected void doBuild(Shape... in) {
        long cin = in[0].dim(0), rf = Args.prod(kernelSize), mid = cin * depthMultiplier;
        depthwise = addWeight("depthwise_kernel", depthwiseShape(cin), rf, depthMultiplier * rf, depthwiseInitializer,
                depthwiseRegularizer, true);
        pointwise = addWeight("pointwise_kernel", new long[] {filters, mid, 1, 1}, mid, filters, pointwiseInitializer,
                pointwiseRegularizer, true);
        if (useBias) bias = addWeight("bias", new long[] {filters}, mid, filters, biasInitializer, biasRegularizer, true);
    }

    @Override
    protected Tensor[] forward(CallContext ctx, Tensor... inputs) {
        Tensor x = inputs[0];
        Tensor y;
        try (Tensor d = Convolution.conv2d(x, depthwise.value(), null, options(x.dim(1)).build())) {
            y = Convolution.conv2d(d, pointwise.value(), bias == null ? null : bias.value(), Convolution.Options.DEFAULT);
        }
        return one(Args.then(y, activation.apply(y)));
    }

    @Override
    public Config config() {
        Config c = super.config().put("filters", filters).put("depth_multiplier", depthMultiplier);
        Args.put(c, "depthwise_initializer", depthwiseInitializer);
        Args.put(c, "pointwise_initializer", pointwiseInitializer);
        Args.put(c, "depthwise_regularizer", depthwiseRegularizer);
        Args.put(c, "pointwise_regularizer", pointwiseRegularizer);
        return c;
    }

    public static SeparableConv2D fromConfig(Config c) {
        return builder(c.getLong("filters"), c.getLongArray("kernel_size")).readShared(c)
                .depthMultiplier(c.getLong("depth_multiplier", 1))
                .depthwiseInitializer(Args.init(c, "depthwise_initializer", Initializers.glorotUniform()))
                .pointwiseInitializer(Args.init(c, "pointwise_initializer", Initializers.glorotUniform()))
                .depthwiseRegularizer(Args.reg(c, "depthwise_regularizer"))
                .pointwiseRegularizer(Args.reg(c, "pointwise_regularizer")).build();
    }

    public static final class Builder extends BaseConv.Builder<Builder, SeparableConv2D> {
        private final long filters;
        private long depthMultiplier = 1;
        private Initializer depthwiseInitializer = Initializers.glorotUniform(), pointwiseInitializer = Initializers.glorotUniform();
        private Regularizer depthwiseRegularizer, pointwiseRegularizer;

        private Builder(long filters, long[] kernelSize) {
            super(2, kernelSize);
            this.filters = filters;
        }

        public Builder depthMultiplier(long m) {
            depthMultiplier = m;
            return this;
        }

        public Builder depthwiseInitializer(Initializer i) {
            depthwiseInitializer = java.util.Objects.requireNonNull(i, "depthwiseInitializer");
            return this;
        }

        public Builder pointwiseInitializer(Initializer i) {
            pointwiseInitializer = java.util.Objects.requireNonNull(i, "pointwiseInitializer");
            return this;
        }

        public Builder depthwiseRegularizer(Regularizer r) {
            depthwiseRegularizer = r;
            return this;
        }

        public Builder pointwiseRegularizer(Regularizer r) {
            pointwiseRegularizer = r;
            return this;
        }

        @Override
        protected SeparableConv2D create() {
            return new SeparableConv2D(this);
        }
    }
}
