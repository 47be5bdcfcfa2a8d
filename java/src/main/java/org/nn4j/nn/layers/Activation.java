package org.nn4j.nn.layers;

import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.nn.CallContext;
import org.nn4j.nn.Config;
import org.nn4j.nn.Layer;

/**
 * Applies an activation function element-wise (softmax / log_softmax over the last axis);
 * no parameters, any input shape. The constants name the functions for any layer's
 * {@code activation}: {@code new Dense(10, Activation.SOFTMAX)}.
 */
public final class Activation extends Layer {
    public static final ActivationFunction LINEAR = ActivationFunction.LINEAR;
    public static final ActivationFunction SIGMOID = ActivationFunction.SIGMOID;
    public static final ActivationFunction TANH = ActivationFunction.TANH;
    public static final ActivationFunction RELU = ActivationFunction.RELU;
    public static final ActivationFunction RELU6 = ActivationFunction.RELU6;
    /** alpha 0.01 (CURRICULUM §3; Keras uses 0.3): {@link ActivationFunction#leakyRelu(double)} for another. */
    public static final ActivationFunction LEAKY_RELU = ActivationFunction.LEAKY_RELU;
    public static final ActivationFunction ELU = ActivationFunction.ELU;
    public static final ActivationFunction SOFTSIGN = ActivationFunction.SOFTSIGN;
    public static final ActivationFunction SOFTMAX = ActivationFunction.SOFTMAX;
    public static final ActivationFunction LOG_SOFTMAX = ActivationFunction.LOG_SOFTMAX;

    private final ActivationFunction function;

    public Activation(ActivationFunction function) {
        this(builder(function));
    }

    /** By id: "relu", "softmax", ... */
    public Activation(String id) {
        this(builder(ActivationFunction.of(id)));
    }

    private Activation(Builder b) {
        super(b.layerName());
        if (b.function == null) throw new IllegalArgumentException("Activation: function is null");
        this.function = b.function;
    }

    public static Builder builder(ActivationFunction function) {
        return new Builder(function);
    }

    public static Builder builder(String id) {
        return new Builder(ActivationFunction.of(id));
    }

    public ActivationFunction function() {
        return function;
    }

    @Override
    public Shape[] outputShapes(Shape... in) {
        checkInputCount(in.length);
        if ((function.equals(SOFTMAX) || function.equals(LOG_SOFTMAX)) && in[0].rank() < 1) {
            throw error(function.id() + " needs a class axis per sample, got a scalar per sample");
        }
        return new Shape[] {in[0]};
    }

    @Override
    protected boolean compatibleRebuild(Shape[] built, Shape[] now) {
        return true;
    }

    @Override
    protected Tensor[] forward(CallContext ctx, Tensor... inputs) {
        return one(function.apply(inputs[0]));
    }

    @Override
    public Config config() {
        return super.config().put("activation", function.config());
    }

    public static Activation fromConfig(Config c) {
        return builder(Args.activation(c)).common(c).build();
    }

    public static final class Builder extends LayerBuilder<Builder, Activation> {
        private final ActivationFunction function;

        private Builder(ActivationFunction function) {
            this.function = function;
        }

        @Override
        protected Activation create() {
            return new Activation(this);
        }
    }
}
