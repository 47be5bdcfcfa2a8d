package org.nn4j.models.zoo;

import org.nn4j.models.Sequential;
import org.nn4j.nn.layers.ActivationFunction;
import org.nn4j.nn.layers.Dense;
import org.nn4j.nn.layers.Dropout;
import org.nn4j.nn.layers.Flatten;

/**
 * A multilayer perceptron (CURRICULUM M3) for any per-sample input shape (flattened first when it
 * has more than one axis) and K classes: hidden Dense layers, default 256-256 ReLU with He-uniform
 * kernels, optional dropout after each, then Dense K softmax. On 784 inputs and 10 classes:
 * 784·256+256 + 256·256+256 + 256·10+10 = 269,322 parameters.
 */
public final class Mlp {
    private final long[] inputShape;
    private final long classes;
    private long[] hidden = {256, 256};
    private ActivationFunction activation = ActivationFunction.RELU;
    private double dropout;
    private Long seed;

    private Mlp(long[] inputShape, long classes) {
        this.inputShape = Zoo.anyShape("mlp", inputShape);
        this.classes = Zoo.classes("mlp", classes, 2);
    }

    public static Mlp builder(long[] inputShape, long classes) {
        return new Mlp(inputShape, classes);
    }

    /** The widths of the hidden layers, in order (none: softmax regression). */
    public Mlp hidden(long... units) {
        for (long u : units) {
            if (u < 1) throw new IllegalArgumentException("mlp: hidden widths must be >= 1, got " + java.util.Arrays.toString(units));
        }
        hidden = units.clone();
        return this;
    }

    public Mlp activation(String id) {
        activation = ActivationFunction.of(id);
        return this;
    }

    /** Dropout rate (P(drop), K7) after each hidden layer; 0 (default) adds no Dropout layers. */
    public Mlp dropout(double rate) {
        if (!(rate >= 0 && rate < 1)) throw new IllegalArgumentException("mlp: dropout rate must be in [0, 1), got " + rate);
        dropout = rate;
        return this;
    }

    public Mlp seed(long s) {
        seed = s;
        return this;
    }

    public Sequential build() {
        Sequential m = new Sequential("mlp").inputShape(inputShape);
        if (seed != null) m.seed(seed);
        if (inputShape.length > 1) m.add(Flatten.builder().name("flatten").build());
        // He initialization keeps the activations' variance steady through ReLU layers (§5)
        String init = activation.equals(ActivationFunction.RELU) ? "he_uniform" : "glorot_uniform";
        for (int i = 0; i < hidden.length; i++) {
            m.add(Dense.builder(hidden[i]).activation(activation).kernelInitializer(init).name("hidden_" + (i + 1)).build());
            if (dropout > 0) m.add(Dropout.builder(dropout).name("dropout_" + (i + 1)).build());
        }
        m.add(Dense.builder(classes).activation(ActivationFunction.SOFTMAX).name("output").build());
        return Zoo.built(m);
    }
}
