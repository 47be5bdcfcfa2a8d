package org.nn4j.nn.layers;

import java.util.function.Function;
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
 * Convolution over 1, 2 or 3 spatial axes (CURRICULUM C1, K5): (C_in, spatial...) ->
 * (filters, out...), cross-correlation without kernel flip, bias fused into the op. Kernel
 * (filters, C_in/groups, k...), bias (filters): prod(k)·(C_in/groups)·filters + filters
 * parameters. Fans for the initializer: fanIn = (C_in/g)·prod(k), fanOut = (filters/g)·prod(k)
 * (§5). The base of {@link Conv1D}, {@link Conv2D}, {@link Conv3D}; default kernel init
 * glorot_uniform, groups 1.
 */
public abstract class Conv extends BaseConv {
    private final long filters, groups;
    private final Initializer kernelInitializer;
    private final Regularizer kernelRegularizer;
    private Variable kernel, bias;

    Conv(Builder<?> b) {
        super(b);
        String t = getClass().getSimpleName();
        filters = Args.positive(t, "filters", b.filters);
        groups = Args.positive(t, "groups", b.groups);
        if (filters % groups != 0) {
            throw new IllegalArgumentException(t + ": groups = " + groups + " does not divide filters = " + filters);
        }
        kernelInitializer = b.kernelInitializer;
        kernelRegularizer = b.kernelRegularizer;
    }

    public final long filters() {
        return filters;
    }

    public final long groups() {
        return groups;
    }

    private long[] kernelShape(long cin) {
        return Args.concat(filters, Args.concat(cin / groups, kernelSize));
    }

    @Override
    public final Shape[] outputShapes(Shape... in) {
        checkInputCount(in.length);
        long cin = inputChannels(in[0]);
        if (cin % groups != 0) throw error("groups = " + groups + " does not divide the " + cin + " input channels");
        return new Shape[] {opShape(() -> Convolution.outputShape(Args.batched(in[0]), kernelShape(cin),
                options(groups).build()))};
    }

    @Override
    protected final void doBuild(Shape... in) {
        long cin = in[0].dim(0), rf = Args.prod(kernelSize);
        long fanIn = cin / groups * rf, fanOut = filters / groups * rf;
        kernel = addWeight("kernel", kernelShape(cin), fanIn, fanOut, kernelInitializer, kernelRegularizer, true);
        if (useBias) bias = addWeight("bias", new long[] {filters}, fanIn, fanOut, biasInitializer, biasRegularizer, true);
    }

    @Override
    protected final Tensor[] forward(CallContext ctx, Tensor... inputs) {
        Tensor y = Convolution.conv(inputs[0], kernel.value(), bias == null ? null : bias.value(), options(groups).build());
        return one(Args.then(y, activation.apply(y)));
    }

    @Override
    public final Config config() {
        Config c = super.config().put("filters", filters).put("groups", groups);
        Args.put(c, "kernel_initializer", kernelInitializer);
        Args.put(c, "kernel_regularizer", kernelRegularizer);
        return c;
    }

    static <L extends Conv> L fromConfig(Config c, Function<long[], Builder<L>> builder) {
        Builder<L> b = builder.apply(c.getLongArray("kernel_size"));
        b.readShared(c);
        return b.groups(c.getLong("groups", 1))
                .kernelInitializer(Args.init(c, "kernel_initializer", Initializers.glorotUniform()))
                .kernelRegularizer(Args.reg(c, "kernel_regularizer")).build();
    }

    /** Options of Conv1D / Conv2D / Conv3D. */
    public static final class Builder<L extends Conv> extends BaseConv.Builder<Builder<L>, L> {
        private final Function<Builder<L>, L> factory;
        private final long filters;
        private long groups = 1;
        private Initializer kernelInitializer = Initializers.glorotUniform();
        private Regularizer kernelRegularizer;

        Builder(int nsp, long filters, long[] kernelSize, Function<Builder<L>, L> factory) {
            super(nsp, kernelSize);
            this.filters = filters;
            this.factory = factory;
        }

        /** Channel groups: C_in and filters split into g independent convolutions (g = C_in: depthwise). */
        public Builder<L> groups(long g) {
            groups = g;
            return this;
        }

        public Builder<L> kernelInitializer(Initializer i) {
            kernelInitializer = java.util.Objects.requireNonNull(i, "kernelInitializer");
            return this;
        }

        public Builder<L> kernelInitializer(String id) {
            return kernelInitializer(Initializers.get(id));
        }

        /** A penalty on the kernel (CURRICULUM K10), or null. */
        public Builder<L> kernelRegularizer(Regularizer r) {
            kernelRegularizer = r;
            return this;
        }

        @Override
        protected L create() {
            return factory.apply(this);
        }
    }
}
