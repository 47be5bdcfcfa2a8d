package org.nn4j.models.zoo;

import org.nn4j.models.Sequential;
import org.nn4j.nn.layers.ActivationFunction;
import org.nn4j.nn.layers.Dense;
import org.nn4j.nn.layers.Flatten;

/**
 * The two one-layer classifiers: logistic regression (CURRICULUM M7: Dense(1, sigmoid), trained
 * with binary cross-entropy, F + 1 parameters) and softmax regression (M8: Dense(K, softmax),
 * trained with categorical cross-entropy, F·K + K parameters). Inputs with several axes are
 * flattened first. Weights start at zero: both losses are convex in them, so no symmetry needs
 * breaking and every run starts from the same point.
 */
public final class LinearModels {
    private LinearModels() {}

    /** Binary logistic regression: one sigmoid unit, P(class 1 | x). */
    public static Sequential logisticRegression(long[] inputShape) {
        return linear("logreg", inputShape, 1, ActivationFunction.SIGMOID, null);
    }

    /** As {@link #logisticRegression(long[])}, with the model's seed (its per-step randomness). */
    public static Sequential logisticRegression(long[] inputShape, long seed) {
        return linear("logreg", inputShape, 1, ActivationFunction.SIGMOID, seed);
    }

    /** Multinomial (softmax) regression over K classes. */
    public static Sequential softmaxRegression(long[] inputShape, long classes) {
        return linear("softmax", inputShape, Zoo.classes("softmax", classes, 2), ActivationFunction.SOFTMAX, null);
    }

    public static Sequential softmaxRegression(long[] inputShape, long classes, long seed) {
        return linear("softmax", inputShape, Zoo.classes("softmax", classes, 2), ActivationFunction.SOFTMAX, seed);
    }

    private static Sequential linear(String name, long[] inputShape, long units, ActivationFunction out, Long seed) {
        long[] shape = Zoo.anyShape(name, inputShape);
        Sequential m = new Sequential(name).inputShape(shape);
        if (seed != null) m.seed(seed);
        if (shape.length > 1) m.add(Flatten.builder().name("flatten").build());
        m.add(Dense.builder(units).activation(out).kernelInitializer("zeros").name("output").build());
        return Zoo.built(m);
    }
}
