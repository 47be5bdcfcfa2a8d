package org.nn4j.nn.layers;

import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.nn.CallContext;
import org.nn4j.nn.Config;
import org.nn4j.nn.Layer;
import org.nn4j.nn.Variable;
import org.nn4j.nn.init.Initializer;
import org.nn4j.nn.init.Initializers;
import org.nn4j.nn.regularizers.Regularizer;
import org.nn4j.ops.nn.BiasActivation;

/**
 * Fully connected layer (CURRICULUM M1, K2): y = g(x W + b) over the last axis, kernel W
 * (F_in, units), bias b (units). Input (..., F_in) per sample, output (..., units).
 * F_in·units + units parameters (units without bias). Defaults: linear, bias on, glorot_uniform
 * kernel, zeros bias, no regularizers.
 */
public final class Dense extends Layer {
    private final long units;
    private final ActivationFunction activation;
    private final boolean useBias;
    private final Initializer kernelInitializer, biasInitializer;
    private final Regularizer kernelRegularizer, biasRegularizer;
    private Variable kernel, bias;

    public Dense(long units) {
        this(builder(units));
    }

    public Dense(long units, ActivationFunction activation) {
        this(builder(units).activation(activation));
    }

    public Dense(long units, String activation) {
        this(builder(units).activation(activation));
    }

    private Dense(Builder b) {
        super(b.layerName());
        this.units = Args.positive("Dense", "units", b.units);
        this.activation = b.activation;
        this.useBias = b.useBias;
        this.kernelInitializer = b.kernelInitializer;
        this.biasInitializer = b.biasInitializer;
        this.kernelRegularizer = b.kernelRegularizer;
        this.biasRegularizer = b.biasRegularizer;
    }

    public static Builder builder(long units) {
        return new Builder(units);
    }

    public long units() {
        return units;
    }

    public ActivationFunction activation() {
        return activation;
    }

    @Override
    public Shape[] outputShapes(Shape... in) {
        checkInputCount(in.length);
        Shape s = in[0];
        if (s.rank() < 1) throw error("needs inputs with a feature axis (..., F_in), got per-sample shape " + s);
        long[] d = s.toArray();
        if (d[d.length - 1] < 1) throw error("input " + s + " has no features on its last axis");
        d[d.length - 1] = units;
        return new Shape[] {Shape.of(d)};
    }

    @Override
    protected boolean compatibleRebuild(Shape[] built, Shape[] now) {
        long[] a = built[0].toArray(), b = now[0].toArray();
        return a.length == b.length && a[a.length - 1] == b[b.length - 1];
    }

    @Override
    protected void doBuild(Shape... in) {
        long fin = in[0].dim(in[0].rank() - 1);
        kernel = addWeight("kernel", new long[] {fin, units}, fin, units, kernelInitializer, kernelRegularizer, true);
        if (useBias) bias = addWeight("bias", new long[] {units}, fin, units, biasInitializer, biasRegularizer, true);
    }

    @Override
    protected Tensor[] forward(CallContext ctx, Tensor... inputs) {
        Tensor x = inputs[0];
        Tensor y;
        if (x.rank() == 2) {
            y = x.matmul(kernel.value());
        } else {
            // (N, ..., F_in) as one matrix: one gemm instead of a batched one
            long[] d = x.dims();
            try (Tensor flat = x.reshape(-1, d[d.length - 1]); Tensor z = flat.matmul(kernel.value())) {
                d[d.length - 1] = units;
                y = z.reshape(d);
            }
        }
        // bias and activation in one kernel each way where the activation is element-wise
        if (BiasActivation.supports(activation.id()) && (useBias || !activation.isLinear())) {
            return one(Args.then(y, BiasActivation.apply(activation.id(), y, useBias ? bias.value() : null,
                    activation.alpha())));
        }
        if (useBias) y = Args.then(y, y.add(bias.value()));
        return one(Args.then(y, activation.apply(y)));
    }

    @Override
    public Config config() {
        Config c = super.config().put("units", units).put("activation", activation.config()).put("use_bias", useBias);
        Args.put(c, "kernel_initializer", kernelInitializer);
        Args.put(c, "bias_initializer", biasInitializer);
        Args.put(c, "kernel_regularizer", kernelRegularizer);
        Args.put(c, "bias_regularizer", biasRegularizer);
        return c;
    }

    public static Dense fromConfig(Config c) {
        return builder(c.getLong("units")).common(c).activation(Args.activation(c)).useBias(c.getBool("use_bias", true))
                .kernelInitializer(Args.init(c, "kernel_initializer", Initializers.glorotUniform()))
                .biasInitializer(Args.init(c, "bias_initializer", Initializers.zeros()))
                .kernelRegularizer(Args.reg(c, "kernel_regularizer"))
                .biasRegularizer(Args.reg(c, "bias_regularizer")).build();
    }

    public static final class Builder extends LayerBuilder<Builder, Dense> {
        private final long units;
        private ActivationFunction activation = ActivationFunction.LINEAR;
        private boolean useBias = true;
        private Initializer kernelInitializer = Initializers.glorotUniform(), biasInitializer = Initializers.zeros();
        private Regularizer kernelRegularizer, biasRegularizer;

        private Builder(long units) {
            this.units = units;
        }

        public Builder activation(ActivationFunction a) {
            activation = a == null ? ActivationFunction.LINEAR : a;
            return this;
        }

        public Builder activation(String id) {
            return activation(ActivationFunction.of(id));
        }

        public Builder useBias(boolean b) {
            useBias = b;
            return this;
        }

        public Builder kernelInitializer(Initializer i) {
            kernelInitializer = java.util.Objects.requireNonNull(i, "Dense: kernelInitializer");
            return this;
        }

        public Builder kernelInitializer(String id) {
            return kernelInitializer(Initializers.get(id));
        }

        public Builder biasInitializer(Initializer i) {
            biasInitializer = java.util.Objects.requireNonNull(i, "Dense: biasInitializer");
            return this;
        }

        public Builder biasInitializer(String id) {
            return biasInitializer(Initializers.get(id));
        }

        /** A penalty on the kernel (CURRICULUM K10), or null. */
        public Builder kernelRegularizer(Regularizer r) {
            kernelRegularizer = r;
            return this;
        }

        public Builder biasRegularizer(Regularizer r) {
            biasRegularizer = r;
            return this;
        }

        @Override
        protected Dense create() {
            return new Dense(this);
        }
    }
}
