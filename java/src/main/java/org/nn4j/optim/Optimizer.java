package org.nn4j.optim;

import java.util.List;
import java.util.Map;
import org.nn4j.Tensor;
import org.nn4j.nn.Config;
import org.nn4j.nn.Variable;

/**
 * Updates variables from their gradients with one fused native kernel per variable (parameter
 * and state updated in place, in one pass).
 */
public interface Optimizer extends AutoCloseable {
    /**
     * One update step: grads.get(i) is the gradient of vars.get(i) (same shape). Non-trainable
     * variables and null gradients are skipped. Applies gradient clipping, if configured, first.
     */
    void apply(List<Variable> vars, List<Tensor> grads);

    /** One step using each trainable variable's accumulated {@code value().grad()}. */
    void step(List<Variable> vars);

    /** Number of steps applied so far (Adam's t). */
    long iterations();

    /** The learning rate the next step will use (after any schedule). */
    double learningRate();

    /** Sets the base learning rate (ReduceLROnPlateau, LearningRateScheduler). */
    void setLearningRate(double lr);

    /**
     * Slot tensors by "variablePath/slotName" plus "iterations": everything needed so that a
     * restored optimizer continues exactly as the saved one would have.
     */
    Map<String, Tensor> state();

    /** Restores {@link #state()} output; shapes must match the variables, with a clear error otherwise. */
    void loadState(Map<String, Tensor> state, List<Variable> vars);

    Config config();

    /** Releases the state tensors; the optimizer takes no further steps. */
    @Override
    default void close() {}
}
