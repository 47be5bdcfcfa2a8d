package org.nn4j.models;

/**
 * Thrown by fit with {@code checkNumerics(true)} (NaN provenance) when a value turns NaN or
 * infinite: names where (an input, a layer's output, the loss, or a weight's gradient), the op
 * that made the tensor when autograd recorded one, and when (epoch and batch, 0-based in the
 * getters, 1-based in the message like the progress bar).
 */
public final class NonFiniteException extends ArithmeticException {
    /** Where the value was found. */
    public enum Kind { INPUT, OUTPUT, LOSS, GRADIENT }

    private final Kind kind;
    private final String layer;
    private final String tensor;
    private final String op;
    private final int epoch;
    private final long batch;
    private final long step;

    NonFiniteException(String message, Kind kind, String layer, String tensor, String op, int epoch, long batch, long step) {
        super(message);
        this.kind = kind;
        this.layer = layer;
        this.tensor = tensor;
        this.op = op;
        this.epoch = epoch;
        this.batch = batch;
        this.step = step;
    }

    public Kind kind() {
        return kind;
    }

    /** The layer whose output or weight gradient is non-finite (the input layer for inputs; null for the loss). */
    public String layer() {
        return layer;
    }

    /** What was checked: "output 0", "gradient of dense_1/kernel", "loss", "x[0]". */
    public String tensor() {
        return tensor;
    }

    /** The autograd op that produced the tensor (e.g. "log", "matmul"), or null when none was recorded. */
    public String op() {
        return op;
    }

    public int epoch() {
        return epoch;
    }

    public long batch() {
        return batch;
    }

    /** The training step (counted over the model's life). */
    public long step() {
        return step;
    }
}
