package org.nn4j.cli;

import org.nn4j.DType;
import org.nn4j.Tensor;
import org.nn4j.models.Model;
import org.nn4j.nn.losses.BinaryCrossentropy;
import org.nn4j.nn.losses.Loss;
import org.nn4j.nn.losses.SparseCategoricalCrossentropy;

/**
 * The loss and target form of a classifier, read from its output: one unit is a sigmoid
 * probability (binary cross-entropy on float targets (N, 1)), K units are softmax probabilities
 * (sparse categorical cross-entropy on int64 class ids (N)). Built-in models and saved ones are
 * treated alike, so a model file needs nothing but itself.
 */
final class Training {
    private Training() {}

    static long outputUnits(Model model) {
        var shape = model.outputs().get(0).shape();
        if (model.outputs().size() != 1 || shape.rank() != 1) {
            throw new IllegalArgumentException("model '" + model.name() + "' is not a classifier with one output of class "
                    + "probabilities (N, K): its outputs are " + model.outputs());
        }
        return shape.dim(0);
    }

    static boolean isBinary(Model model) {
        return outputUnits(model) == 1;
    }

    static Loss lossFor(Model model) {
        return isBinary(model) ? new BinaryCrossentropy() : new SparseCategoricalCrossentropy();
    }

    /** int64 class ids (N) in the form the model's loss takes; new tensors in the caller's scope. */
    static Tensor targets(Model model, Tensor labels) {
        if (!isBinary(model)) return labels;
        return labels.to(DType.FLOAT32).reshape(labels.dim(0), 1);
    }
}
