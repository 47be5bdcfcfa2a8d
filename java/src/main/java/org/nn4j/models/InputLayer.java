package org.nn4j.models;

import org.nn4j.DType;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.nn.CallContext;
import org.nn4j.nn.Config;
import org.nn4j.nn.Layer;
import org.nn4j.nn.SymbolicTensor;

/**
 * The source of a functional graph: declares the per-sample shape and dtype of one model input.
 * Made by {@link Input#of}; it has no weights and passes its input through.
 */
public final class InputLayer extends Layer {
    private final Shape shape;
    private final DType dtype;
    private final SymbolicTensor output;

    InputLayer(Shape shape, DType dtype, String name) {
        super(name);
        if (shape == null) throw new IllegalArgumentException("InputLayer: shape is null");
        if (dtype == null) throw new IllegalArgumentException("InputLayer: dtype is null");
        this.shape = shape;
        this.dtype = dtype;
        this.output = addNode(new SymbolicTensor[0], new Shape[] {shape}, dtype)[0];
        build(shape);
    }

    @Override
    protected String baseName() {
        return "input";
    }

    /** The per-sample shape the model expects (no batch dimension). */
    public Shape shape() {
        return shape;
    }

    /** The dtype the model expects for this input (ids may be integers). */
    public DType inputDType() {
        return dtype;
    }

    /** The symbolic tensor this layer produces. */
    public SymbolicTensor symbolic() {
        return output;
    }

    @Override
    public Shape[] outputShapes(Shape... inputShapes) {
        checkInputCount(inputShapes.length);
        if (!inputShapes[0].equals(shape)) {
            throw error("expects per-sample shape " + shape + " (batch shape " + SymbolicTensor.batchShape(shape)
                    + "), got " + inputShapes[0]);
        }
        return new Shape[] {shape};
    }

    @Override
    protected Tensor[] forward(CallContext ctx, Tensor... inputs) {
        return one(inputs[0]);
    }

    @Override
    public Config config() {
        return super.config().put("shape", shape.toArray()).put("dtype", dtype.name());
    }

    public static InputLayer fromConfig(Config c) {
        return new InputLayer(Shape.of(c.getLongArray("shape")), DType.valueOf(c.getString("dtype", "FLOAT32")),
                c.getString("name", null));
    }
}
