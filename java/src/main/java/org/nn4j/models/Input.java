package org.nn4j.models;

import org.nn4j.DType;
import org.nn4j.Shape;
import org.nn4j.nn.SymbolicTensor;

/**
 * Model inputs for the functional API (API2):
 *
 * <pre>{@code
 * SymbolicTensor in = Input.of(784);                 // per-sample shape, float32
 * SymbolicTensor h = new Dense(64).apply(in);
 * Model model = new Model(in, new Dense(10).apply(h));
 * }</pre>
 */
public final class Input {
    private Input() {}

    /** A float32 input of the given per-sample shape (no batch dimension). */
    public static SymbolicTensor of(long... shape) {
        return of(DType.FLOAT32, shape);
    }

    /** An input of the given dtype (INT64 for embedding ids). */
    public static SymbolicTensor of(DType dtype, long... shape) {
        return named(null, dtype, shape);
    }

    /** A named input ("input", "input_1", ... when name is null). */
    public static SymbolicTensor named(String name, DType dtype, long... shape) {
        return new InputLayer(Shape.of(shape), dtype, name).symbolic();
    }
}
