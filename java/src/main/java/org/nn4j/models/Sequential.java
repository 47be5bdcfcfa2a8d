package org.nn4j.models;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.nn4j.DType;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.nn.Config;
import org.nn4j.nn.Layer;
import org.nn4j.nn.Seeds;
import org.nn4j.nn.SymbolicTensor;

/**
 * A plain stack of single-input, single-output layers (API1):
 *
 * <pre>{@code
 * Sequential model = new Sequential("mlp").inputShape(784)
 *         .add(new Dense(64, "relu")).add(new Dense(10));
 * }</pre>
 *
 * With an input shape, every {@link #add} checks the new layer's shapes at once (an error names
 * the layer); without one, the model is built from the first data it sees (fit, predict) or by
 * {@link #build}. Weights are made at build. With {@link #seed(long)} set, each layer without an
 * explicit seed gets one derived from the model's seed and its position, so a model built twice
 * has bit-identical weights.
 *
 * <p>Underneath, a built Sequential is a functional graph (input layer, then each layer applied
 * to the previous output), run by the same executor as {@link Model}.
 */
public class Sequential extends Model {
    private final List<Layer> stack = new ArrayList<>();
    private Shape inputShape;
    private DType inputDtype = DType.FLOAT32;
    private SymbolicTensor in;
    private SymbolicTensor out;

    public Sequential() {
        this((String) null);
    }

    /** @param name null picks "sequential", "sequential_1", ... */
    public Sequential(String name) {
        super(name);
    }

    public Sequential(List<Layer> layers) {
        this(layers, null);
    }

    public Sequential(List<Layer> layers, String name) {
        super(name);
        for (Layer l : layers) add(l);
    }

    /** Seeds every layer without its own seed from this seed and its position (before build). */
    @Override
    public Sequential seed(long s) {
        super.seed(s);
        return this;
    }

    /** Declares the per-sample input shape (no batch dimension), float32. */
    public Sequential inputShape(long... shape) {
        return inputShape(DType.FLOAT32, shape);
    }

    /** Declares the per-sample input shape and dtype (INT64 for embedding ids). */
    public Sequential inputShape(DType dtype, long... shape) {
        if (isBuilt()) throw error("the input shape must be given before the model is built");
        inputShape = Shape.of(shape);
        inputDtype = dtype;
        if (!stack.isEmpty()) outputShapes(inputShape);  // checks the layers added so far
        return this;
    }

    /** Appends a layer; with a known input shape its shapes are checked now, and after build it is built at once. */
    public Sequential add(Layer layer) {
        if (layer == null) throw error("add: layer is null");
        if (layer == this) throw error("add: a model cannot contain itself");
        if (layer instanceof InputLayer) {
            if (!stack.isEmpty() || inputShape != null) throw error("add: an InputLayer can only come first");
            InputLayer il = (InputLayer) layer;
            return inputShape(il.inputDType(), il.shape().toArray());
        }
        for (Layer l : stack) {
            if (l == layer) throw error("add: layer '" + layer.name() + "' is already in the model");
            if (l.name().equals(layer.name())) throw error("add: a layer named '" + layer.name() + "' is already in the model");
        }
        if (layer.minInputs() > 1 || layer.maxInputs() < 1) {
            throw error("add: " + layer + " takes " + (layer.minInputs() > 1 ? "at least " + layer.minInputs() : "no")
                    + " inputs; a Sequential layer takes one (use the functional API)");
        }
        if (inputShape != null) {
            Shape s = stack.isEmpty() ? inputShape : outputShapes(inputShape)[0];
            Shape[] o = layer.outputShapes(s);
            if (o.length != 1) throw error("add: " + layer + " has " + o.length + " outputs; a Sequential layer has one");
        }
        stack.add(layer);
        addContainer(layer, this);
        if (isBuilt()) {
            seedFor(layer, stack.size() - 1);
            out = layer.apply(out);
            setGraph(Graph.of(name(), List.of(in), List.of(out)));
        }
        return this;
    }

    /** Removes the last layer (before build only: a built model keeps its graph). */
    public Layer pop() {
        if (stack.isEmpty()) throw error("pop: the model has no layers");
        if (isBuilt()) throw error("pop: the model is built; make a new Sequential from layers() instead");
        Layer l = stack.remove(stack.size() - 1);
        removeContainer(l, this);
        return l;
    }

    /** The layers in order (the input layer is not listed). */
    @Override
    public List<Layer> layers() {
        return Collections.unmodifiableList(new ArrayList<>(stack));
    }

    /** The declared or built-from-data per-sample input shape, or null. */
    public Shape inputShape() {
        return inputShape;
    }

    @Override
    Graph graph() {
        if (!isBuilt()) {
            if (inputShape == null) {
                throw new IllegalStateException("Sequential '" + name()
                        + "' is not built: declare inputShape(...) or call build(shape) / fit / predict first");
            }
            build(inputShape);
        }
        return super.graph();
    }

    @Override
    void ensureBuiltFor(Tensor[] xs) {
        if (isBuilt() || xs == null || xs.length != 1 || xs[0] == null || xs[0].rank() < 1) return;
        if (inputShape == null) {
            long[] d = xs[0].dims();
            inputShape = Shape.of(java.util.Arrays.copyOfRange(d, 1, d.length));
            inputDtype = xs[0].dtype();
        }
        build(inputShape);
    }

    @Override
    protected void doBuild(Shape... inputShapes) {
        if (stack.isEmpty()) throw error("has no layers; add some before building");
        if (inputShape == null || !inputShape.equals(inputShapes[0])) inputShape = inputShapes[0];
        in = Input.named(name() + "_input", inputDtype, inputShape.toArray());
        out = in;
        for (int i = 0; i < stack.size(); i++) {
            seedFor(stack.get(i), i);
            out = stack.get(i).apply(out);
        }
        setGraph(Graph.of(name(), List.of(in), List.of(out)));
    }

    private void seedFor(Layer l, int position) {
        if (hasExplicitSeed() && !l.hasExplicitSeed() && !l.isBuilt()) l.seed(Seeds.mix(seed(), position));
    }

    @Override
    public int minInputs() {
        return 1;
    }

    @Override
    public int maxInputs() {
        return 1;
    }

    @Override
    public Shape[] outputShapes(Shape... inputShapes) {
        checkInputCount(inputShapes.length);
        if (inputShape != null && !inputShape.equals(inputShapes[0])) {
            throw error("expects per-sample input shape " + inputShape + " (batch shape "
                    + SymbolicTensor.batchShape(inputShape) + "), got " + inputShapes[0]);
        }
        if (stack.isEmpty()) throw error("has no layers");
        Shape[] s = inputShapes;
        for (Layer l : stack) {
            s = l.outputShapes(s);
            if (s.length != 1) throw error(l + " has " + s.length + " outputs; a Sequential layer has one");
        }
        return s;
    }

    @Override
    protected List<Layer> sublayers() {
        return Collections.unmodifiableList(stack);
    }

    @Override
    List<Shape> knownOutputShapes() {
        if (hasGraph() || inputShape == null) return super.knownOutputShapes();
        return List.of(outputShapes(inputShape));
    }

    @Override
    public List<String> outputNames() {
        if (stack.isEmpty()) throw error("has no layers");
        return List.of(stack.get(stack.size() - 1).name());
    }

    @Override
    boolean showsConnections() {
        return false;
    }

    @Override
    public Config config() {
        return ModelConfigs.sequential(this, layerConfig(), inputShape, inputDtype);
    }

    public static Sequential fromConfig(Config c) {
        return ModelConfigs.fromSequential(c);
    }
}
