package org.nn4j.nn;

import org.nn4j.DType;
import org.nn4j.Shape;

/**
 * A placeholder for a batch of tensors in a functional graph: its per-sample shape (no batch
 * dimension), its dtype, and where it comes from (output {@link #index()} of {@link #node()}).
 * Made by {@code Input.of(...)} and {@link Layer#apply}; it holds no memory.
 */
public final class SymbolicTensor {
    private final Shape shape;
    private final DType dtype;
    private final Node node;
    private final int index;

    SymbolicTensor(Shape shape, DType dtype, Node node, int index) {
        this.shape = shape;
        this.dtype = dtype;
        this.node = node;
        this.index = index;
    }

    /** Per-sample shape (the batch dimension is left out). */
    public Shape shape() {
        return shape;
    }

    public DType dtype() {
        return dtype;
    }

    /** The call of a layer that produces this tensor. */
    public Node node() {
        return node;
    }

    /** Which output of {@link #node()} this is. */
    public int index() {
        return index;
    }

    /** The layer that produces this tensor. */
    public Layer layer() {
        return node.layer();
    }

    /** Keras' notation "dense_1[0][0]": layer name, node index within the layer, output index. */
    public String ref() {
        return node.layer().name() + "[" + node.index() + "][" + index + "]";
    }

    /** "(None, 28, 28)": the shape with the batch dimension written None. */
    public String batchShapeString() {
        return batchShape(shape);
    }

    /** "(None, 28, 28)" for the per-sample shape (28, 28); "(None,)" for a scalar per sample. */
    public static String batchShape(Shape perSample) {
        if (perSample.rank() == 0) return "(None,)";
        String s = perSample.toString();
        return "(None, " + s.substring(1);
    }

    @Override
    public String toString() {
        return "SymbolicTensor(shape=" + batchShapeString() + ", dtype=" + dtype.name().toLowerCase() + ", from "
                + ref() + ")";
    }
}
