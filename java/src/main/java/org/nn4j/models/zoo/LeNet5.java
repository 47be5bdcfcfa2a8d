package org.nn4j.models.zoo;

import java.util.Locale;
import org.nn4j.models.Sequential;
import org.nn4j.nn.Layer;
import org.nn4j.nn.layers.ActivationFunction;
import org.nn4j.nn.layers.AveragePooling2D;
import org.nn4j.nn.layers.Conv2D;
import org.nn4j.nn.layers.Dense;
import org.nn4j.nn.layers.Flatten;
import org.nn4j.nn.layers.MaxPooling2D;

/**
 * LeNet-5 (CURRICULUM N1) for (C, H, W) images and K classes, layers named after LeCun's:
 *
 * <pre>
 * c1  Conv 6@5x5      -> s2  pool 2/2
 * c3  Conv 16@5x5     -> s4  pool 2/2
 * f5  Dense 120  (≡ Conv 120@5x5 on the 16x5x5 maps of a 32x32 input)
 * f6  Dense 84
 * output  Dense K softmax
 * </pre>
 *
 * Classic defaults: tanh and average pooling; {@link #activation} and {@link #maxPool} give the
 * modern variant. On (1, 32, 32) with 10 classes it has 61,706 parameters. c1 pads 'same' when
 * the input is smaller than the classic 32x32 (28x28 MNIST keeps 28x28 c1 maps, so s4 is again
 * 16x5x5 and the count is again 61,706); at 32x32 and above it is the classic valid conv.
 * {@link #padding} overrides that choice.
 */
public final class LeNet5 {
    private final long[] inputShape;
    private final long classes;
    private ActivationFunction activation = ActivationFunction.TANH;
    private boolean maxPool;
    private String padding;
    private Long seed;

    private LeNet5(long[] inputShape, long classes) {
        this.inputShape = Zoo.imageShape("lenet5", inputShape);
        this.classes = Zoo.classes("lenet5", classes, 2);
    }

    /** @param inputShape (C, H, W) per sample */
    public static LeNet5 builder(long[] inputShape, long classes) {
        return new LeNet5(inputShape, classes);
    }

    /** The hidden layers' activation (default tanh). */
    public LeNet5 activation(String id) {
        activation = ActivationFunction.of(id);
        return this;
    }

    /** Max pooling for s2 and s4 instead of average pooling. */
    public LeNet5 maxPool(boolean on) {
        maxPool = on;
        return this;
    }

    /** c1's padding, "same" or "valid" (default: same below 32x32 inputs, valid otherwise). */
    public LeNet5 padding(String mode) {
        String m = mode == null ? "" : mode.toLowerCase(Locale.ROOT);
        if (!m.equals("same") && !m.equals("valid")) {
            throw new IllegalArgumentException("lenet5: padding must be same or valid, got '" + mode + "'");
        }
        padding = m;
        return this;
    }

    /** Seed of the weight initializers (default: the model's default seed). */
    public LeNet5 seed(long s) {
        seed = s;
        return this;
    }

    /** c1's padding for this input: the explicit one, else same below 32x32. */
    String c1Padding() {
        if (padding != null) return padding;
        return inputShape[1] < 32 || inputShape[2] < 32 ? "same" : "valid";
    }

    public Sequential build() {
        Sequential m = new Sequential("lenet5").inputShape(inputShape);
        if (seed != null) m.seed(seed);
        m.add(Conv2D.builder(6, 5).padding(c1Padding()).activation(activation).name("c1").build());
        m.add(pool("s2"));
        m.add(Conv2D.builder(16, 5).activation(activation).name("c3").build());
        m.add(pool("s4"));
        m.add(Flatten.builder().name("flatten").build());
        m.add(Dense.builder(120).activation(activation).name("f5").build());
        m.add(Dense.builder(84).activation(activation).name("f6").build());
        m.add(Dense.builder(classes).activation(ActivationFunction.SOFTMAX).name("output").build());
        return Zoo.built(m);
    }

    private Layer pool(String name) {
        return maxPool ? MaxPooling2D.builder().poolSize(2).name(name).build()
                : AveragePooling2D.builder().poolSize(2).name(name).build();
    }
}
