package org.nn4j.models.zoo;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nn4j.models.Sequential;

/**
 * The built-in models by name, for the command line and for quick starts (CURRICULUM §10):
 *
 * <pre>{@code
 * Sequential m = Zoo.create("lenet5", new long[] {1, 28, 28}, 10, 42);
 * }</pre>
 *
 * Every model ends in its class probabilities: softmax over K classes, or, for the binary
 * "logreg", one sigmoid unit (P(class 1)). The builders ({@link LeNet5}, {@link Mlp},
 * {@link LinearModels}) have more options.
 */
public final class Zoo {
    private static final Map<String, String> MODELS = new LinkedHashMap<>();

    static {
        MODELS.put("lenet5", "LeNet-5: conv 6@5x5, pool, conv 16@5x5, pool, dense 120, 84, K (tanh, average pooling)");
        MODELS.put("mlp", "multilayer perceptron: dense 256, 256 (ReLU), K");
        MODELS.put("logreg", "logistic regression: one sigmoid unit, for 2 classes");
        MODELS.put("softmax", "softmax (multinomial logistic) regression: dense K");
    }

    private Zoo() {}

    /** The names, in a fixed order: lenet5, mlp, logreg, softmax. */
    public static List<String> names() {
        return List.copyOf(MODELS.keySet());
    }

    /** One line about the model. */
    public static String description(String name) {
        return MODELS.get(known(name));
    }

    /** Whether the model has one sigmoid output (binary targets 0/1) rather than K softmax outputs. */
    public static boolean isBinary(String name) {
        return known(name).equals("logreg");
    }

    /** The model with its default options and seeded weights. */
    public static Sequential create(String name, long[] inputShape, long classes, long seed) {
        return create(name, inputShape, classes, Long.valueOf(seed));
    }

    /** The model with its default options and the default seed. */
    public static Sequential create(String name, long[] inputShape, long classes) {
        return create(name, inputShape, classes, null);
    }

    private static Sequential create(String name, long[] inputShape, long classes, Long seed) {
        switch (known(name)) {
            case "lenet5": {
                LeNet5 b = LeNet5.builder(inputShape, classes);
                if (seed != null) b.seed(seed);
                return b.build();
            }
            case "mlp": {
                Mlp b = Mlp.builder(inputShape, classes);
                if (seed != null) b.seed(seed);
                return b.build();
            }
            case "logreg":
                if (classes != 2) {
                    throw new IllegalArgumentException("logreg is binary (one sigmoid unit) and needs 2 classes, got "
                            + classes + "; use softmax (multinomial regression) for " + classes + " classes");
                }
                return seed == null ? LinearModels.logisticRegression(inputShape)
                        : LinearModels.logisticRegression(inputShape, seed);
            default:
                return seed == null ? LinearModels.softmaxRegression(inputShape, classes)
                        : LinearModels.softmaxRegression(inputShape, classes, seed);
        }
    }

    /** Builds the model for its declared input shape, so its weights exist and are counted. */
    static Sequential built(Sequential m) {
        m.build(m.inputShape());
        return m;
    }

    private static String known(String name) {
        String k = name == null ? "" : name.toLowerCase(Locale.ROOT);
        if (!MODELS.containsKey(k)) {
            throw new IllegalArgumentException("unknown model '" + name + "'; the built-in models are " + names());
        }
        return k;
    }

    // ---- argument checks shared by the builders ---------------------------------------------

    /** A (C, H, W) image shape with positive sizes. */
    static long[] imageShape(String model, long[] shape) {
        if (shape == null || shape.length != 3) {
            throw new IllegalArgumentException(model + ": needs an image input shape (C, H, W), got "
                    + (shape == null ? "none" : Arrays.toString(shape)));
        }
        return anyShape(model, shape);
    }

    /** Any per-sample shape with positive sizes. */
    static long[] anyShape(String model, long[] shape) {
        if (shape == null || shape.length == 0) throw new IllegalArgumentException(model + ": the input shape is empty");
        for (long d : shape) {
            if (d < 1) throw new IllegalArgumentException(model + ": input shape " + Arrays.toString(shape) + " has a size < 1");
        }
        return shape.clone();
    }

    static long classes(String model, long k, long min) {
        if (k < min) throw new IllegalArgumentException(model + ": needs at least " + min + " classes, got " + k);
        return k;
    }
}
