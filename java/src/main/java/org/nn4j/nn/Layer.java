package org.nn4j.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.nn.init.Initializer;
import org.nn4j.nn.regularizers.Regularizer;

/**
 * A layer: a differentiable function with named weights, in the Keras build / call /
 * output-shape lifecycle.
 *
 * <ul>
 *   <li>{@link #outputShapes} maps per-sample input shapes (no batch dimension) to per-sample
 *       output shapes, and throws {@link IllegalArgumentException} naming the layer and the
 *       offending shape when the inputs do not fit. It never allocates.</li>
 *   <li>{@link #build} creates the weights once, from the per-sample input shapes, through
 *       {@link #addWeight}; initializers are seeded from {@link #seed()} and the weight name, so
 *       a model built twice with the same seed has bit-identical weights.</li>
 *   <li>{@link #call} builds on first use, then runs {@link #forward} on batched inputs
 *       (dimension 0 is the batch) with autograd recording.</li>
 * </ul>
 *
 * A subclass implements {@code outputShapes}, {@code forward}, optionally {@code doBuild}, and
 * {@code config} / a {@code public static fromConfig(Config)} for saving (registered in
 * {@link LayerRegistry}). Layers are single-threaded objects.
 *
 * <p>In a functional graph, {@link #apply} calls the layer on {@link SymbolicTensor}s: it checks
 * the shapes, builds the weights and records a {@link Node}; models then run the nodes in
 * topological order through {@link #call}.
 */
public abstract class Layer implements AutoCloseable {
    private static final Map<String, AtomicInteger> NAME_COUNTERS = new ConcurrentHashMap<>();

    private final String name;
    private boolean trainable = true;
    private boolean built;
    private Long seed;
    private DType dtype = DType.FLOAT32;
    private Shape[] builtInputShapes;
    private Layer parent;
    private final List<Variable> variables = new ArrayList<>();
    private final List<Layer> children = new ArrayList<>();
    private final List<Node> inboundNodes = new ArrayList<>();
    // Models that contain this layer: freezing one of them freezes the layer (Keras' base.trainable = false).
    private final List<Layer> containers = new ArrayList<>();

    /** @param name the layer's name; null picks "dense", "dense_1", ... from the class name */
    protected Layer(String name) {
        this.name = name != null ? name : autoName(baseName());
    }

    private static String autoName(String base) {
        int n = NAME_COUNTERS.computeIfAbsent(base, k -> new AtomicInteger()).getAndIncrement();
        return n == 0 ? base : base + "_" + n;
    }

    /** snake_case of the class name: Conv2D -> "conv2d", BatchNormalization -> "batch_normalization". */
    protected String baseName() {
        String s = getClass().getSimpleName();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(s.charAt(i - 1))) b.append('_');
            b.append(Character.toLowerCase(c));
        }
        return b.toString();
    }

    public final String name() {
        return name;
    }

    /** The type name written to the architecture JSON; defaults to the simple class name. */
    public String typeName() {
        return getClass().getSimpleName();
    }

    // ---- inputs and outputs -------------------------------------------------------------

    public int minInputs() {
        return 1;
    }

    public int maxInputs() {
        return 1;
    }

    /** Per-sample output shapes for per-sample input shapes; validates, never allocates. */
    public abstract Shape[] outputShapes(Shape... inputShapes);

    /** The first output shape (most layers have one output). */
    public final Shape outputShape(Shape... inputShapes) {
        return outputShapes(inputShapes)[0];
    }

    protected final void checkInputCount(int n) {
        if (n < minInputs() || n > maxInputs()) {
            String want = minInputs() == maxInputs() ? String.valueOf(minInputs())
                    : minInputs() + ".." + (maxInputs() == Integer.MAX_VALUE ? "n" : String.valueOf(maxInputs()));
            throw new IllegalArgumentException(typeName() + " '" + name + "' takes " + want
                    + " input(s), got " + n);
        }
    }

    /** An IllegalArgumentException that names this layer: "Dense 'dense_1': ...". */
    protected final IllegalArgumentException error(String message) {
        return new IllegalArgumentException(typeName() + " '" + name + "': " + message);
    }

    // ---- build ---------------------------------------------------------------------------

    /** Creates the weights for these per-sample input shapes (once; later calls must agree). */
    public final Layer build(Shape... inputShapes) {
        checkInputCount(inputShapes.length);
        if (built) {
            if (!java.util.Arrays.equals(builtInputShapes, inputShapes)) {
                // A shared layer may be reused only on inputs of the shape it was built for.
                outputShapes(inputShapes);
                if (!compatibleRebuild(builtInputShapes, inputShapes)) {
                    throw error("was built for input shape(s) " + java.util.Arrays.toString(builtInputShapes)
                            + " but is now called on " + java.util.Arrays.toString(inputShapes));
                }
            }
            return this;
        }
        outputShapes(inputShapes);  // validates before any weight is made
        // Weights outlive whatever scope is open when a layer is first called (a training step,
        // a GradientTape): they belong to the layer and are freed by close().
        Scope.outside(() -> {
            doBuild(inputShapes);
            return null;
        });
        builtInputShapes = inputShapes.clone();
        built = true;
        return this;
    }

    /** Whether a built layer may run on other input shapes (e.g. an RNN on another length). */
    protected boolean compatibleRebuild(Shape[] builtShapes, Shape[] newShapes) {
        return false;
    }

    /** Creates weights with {@link #addWeight} and child layers with {@link #addChild}. */
    protected void doBuild(Shape... inputShapes) {}

    public final boolean isBuilt() {
        return built;
    }

    /** The per-sample input shapes the layer was built for, or null before build. */
    public final Shape[] builtInputShapes() {
        return builtInputShapes == null ? null : builtInputShapes.clone();
    }

    /** The seed of this layer's initializers and per-step randomness (set before build). */
    public final long seed() {
        return seed != null ? seed : Seeds.mix(0, name);
    }

    /**
     * Sets the seed; models set it from their own seed and the layer's position before build.
     * Subclasses may override only to narrow the return type (fluent builders).
     */
    public Layer seed(long s) {
        if (built) throw error("seed must be set before the layer is built");
        seed = s;
        return this;
    }

    public final boolean hasExplicitSeed() {
        return seed != null;
    }

    /** The dtype of this layer's weights (float32 unless set; float64 serves gradient checks). */
    public final DType dtype() {
        return dtype;
    }

    /** Sets the weights' dtype (FLOAT32 or FLOAT64) before build; inputs must then have it too. */
    public final Layer dtype(DType d) {
        if (built) throw error("dtype must be set before the layer is built");
        if (d != DType.FLOAT32 && d != DType.FLOAT64) {
            throw error("dtype must be FLOAT32 or FLOAT64, got " + d);
        }
        dtype = d;
        return this;
    }

    /**
     * Creates a weight of the layer's {@link #dtype()}, initialized by {@code init} with the given
     * fans (a conv kernel (Cout, Cin/groups, k...) has fanIn = (Cin/groups) * prod(k) and fanOut =
     * (Cout/groups) * prod(k); a dense kernel (in, out) has fanIn = in, fanOut = out).
     */
    protected final Variable addWeight(String wname, long[] shape, long fanIn, long fanOut, Initializer init,
                                       Regularizer reg, boolean trainableWeight) {
        for (Variable v : variables) {
            if (v.name().equals(wname)) throw error("weight '" + wname + "' is added twice");
        }
        // Weights outlive any Scope open around the (lazy) first call that builds the layer.
        Tensor value = Scope.outside(() -> {
            try (Scope s = Scope.open()) {  // frees the initializer's temporaries, keeps the value
                Tensor t = init.initialize(shape, fanIn, fanOut, Seeds.mix(seed(), wname));
                if (t.dtype() != dtype) t = t.to(dtype);
                return s.keep(t);
            }
        });
        Variable v = new Variable(wname, value, trainableWeight, reg);
        v.setOwner(this);
        variables.add(v);
        return v;
    }

    /** Registers a nested layer (Bidirectional's directions, TimeDistributed's inner layer). */
    protected final <L extends Layer> L addChild(L child) {
        Layer c = child;
        if (c.parent != null && c.parent != this) throw error("layer '" + c.name() + "' already has a parent");
        c.parent = this;
        if (!children.contains(child)) children.add(child);
        return child;
    }

    public final List<Layer> children() {
        return Collections.unmodifiableList(children);
    }

    /**
     * The layers whose weights {@link #weights()} lists after this layer's own: the children by
     * default; a model returns the layers of its graph.
     */
    protected List<Layer> sublayers() {
        return children;
    }

    /**
     * Records that {@code container} (a model) holds {@code layer} without owning it: the layer
     * is frozen while the container is. Unlike {@link #addChild}, a layer may be in several.
     */
    protected static void addContainer(Layer layer, Layer container) {
        for (Layer c : layer.containers) if (c == container) return;
        layer.containers.add(container);
    }

    /** Undoes {@link #addContainer} (a model that is closed or rebuilt). */
    protected static void removeContainer(Layer layer, Layer container) {
        layer.containers.removeIf(c -> c == container);
    }

    // ---- functional graphs -------------------------------------------------------------------

    /**
     * Applies this single-output layer to symbolic inputs (functional API): validates the shapes,
     * builds the layer and returns its symbolic output. Applying a layer again shares its weights.
     */
    public final SymbolicTensor apply(SymbolicTensor... inputs) {
        SymbolicTensor[] out = applyAll(inputs);
        if (out.length != 1) {
            throw error("has " + out.length + " outputs; use applyAll(...) to get all of them");
        }
        return out[0];
    }

    /** As {@link #apply}, for layers with several outputs (an LSTM with returnState). */
    public final SymbolicTensor[] applyAll(SymbolicTensor... inputs) {
        checkInputCount(inputs.length);
        Shape[] shapes = new Shape[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] == null) throw error("symbolic input " + i + " is null");
            shapes[i] = inputs[i].shape();
        }
        Shape[] outShapes = outputShapes(shapes);
        build(shapes);
        return addNode(inputs, outShapes, DType.FLOAT32);
    }

    /**
     * Records a call of this layer in a graph and returns its symbolic outputs; {@link #apply}
     * uses it, and input layers use it with no inputs to make a graph's sources.
     */
    protected final SymbolicTensor[] addNode(SymbolicTensor[] inputs, Shape[] outputShapes, DType dtype) {
        Node node = new Node(this, inboundNodes.size(), inputs, outputShapes, dtype);
        inboundNodes.add(node);
        return node.outputs().toArray(new SymbolicTensor[0]);
    }

    /** Every call of this layer on symbolic tensors, in order. */
    public final List<Node> inboundNodes() {
        return Collections.unmodifiableList(inboundNodes);
    }

    /**
     * The symbolic output of a layer applied once (X2: {@code base.getLayer("conv5").output()}); a
     * model returns its own graph output.
     */
    public SymbolicTensor output() {
        return onlyNode("output").outputs().get(0);
    }

    /** The symbolic input of a layer applied once; a model returns its own graph input. */
    public SymbolicTensor input() {
        Node n = onlyNode("input");
        if (n.inputs().size() != 1) throw error("has " + n.inputs().size() + " inputs, not one");
        return n.inputs().get(0);
    }

    private Node onlyNode(String what) {
        if (inboundNodes.isEmpty()) throw error("has no " + what + ": it was not applied to a symbolic tensor");
        if (inboundNodes.size() > 1) {
            throw error("is applied " + inboundNodes.size() + " times (shared); use inboundNodes().get(i)");
        }
        return inboundNodes.get(0);
    }

    // ---- call ----------------------------------------------------------------------------

    /**
     * Runs the layer on batched inputs (dimension 0 is the batch), building it first if needed.
     * After the forward, {@code ctx.observer()} (if any) sees the outputs.
     */
    public final Tensor[] call(CallContext ctx, Tensor... inputs) {
        checkInputCount(inputs.length);
        Shape[] shapes = new Shape[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] == null) throw error("input " + i + " is null");
            if (inputs[i].rank() < 1) throw error("input " + i + " is a scalar; layers take a batch dimension first");
            long[] d = inputs[i].dims();
            shapes[i] = Shape.of(java.util.Arrays.copyOfRange(d, 1, d.length));
        }
        if (inputs.length > 1) {
            long b = inputs[0].dim(0);
            for (int i = 1; i < inputs.length; i++) {
                if (inputs[i].dim(0) != b) throw error("inputs have different batch sizes: " + b + " and " + inputs[i].dim(0));
            }
        }
        build(shapes);
        if (!variables.isEmpty()) checkInputDTypes(inputs);
        Tensor[] out = forward(ctx, inputs);
        if (ctx.observer() != null) ctx.observer().onOutput(this, out);
        return out;
    }

    /** One input, one output, inference mode. */
    public final Tensor call(Tensor x) {
        return call(CallContext.INFERENCE, x)[0];
    }

    /** One input, one output. */
    public final Tensor call(Tensor x, boolean training) {
        return call(training ? CallContext.training(0) : CallContext.INFERENCE, x)[0];
    }

    /**
     * Throws unless every floating-point input that {@link #inputHasWeightsDType} names has the
     * weights' dtype: layers never cast their weights. {@link #call} checks layers with weights of
     * their own; wrappers whose weights live in children, and entry points that bypass call, use it
     * directly.
     */
    protected final void checkInputDTypes(Tensor... inputs) {
        for (int i = 0; i < inputs.length; i++) {
            DType d = inputs[i].dtype();
            if (d.isFloatingPoint() && d != dtype && inputHasWeightsDType(i)) {
                throw error("input " + i + " is " + d + " but the layer's weights are " + dtype + "; cast the input"
                        + " with to(DType." + dtype.name() + ") or build the layer with dtype(DType." + d.name() + ")");
            }
        }
    }

    /**
     * Whether input {@code index}, when floating point, must have the weights' dtype (true); false
     * for inputs that are not values mixed with the weights, such as Embedding's ids.
     */
    protected boolean inputHasWeightsDType(int index) {
        return true;
    }

    /** The computation on batched inputs; called only after build. */
    protected abstract Tensor[] forward(CallContext ctx, Tensor... inputs);

    protected static Tensor[] one(Tensor t) {
        return new Tensor[] {t};
    }

    // ---- weights -------------------------------------------------------------------------

    /** All weights: this layer's, then its sublayers', each once (shared layers are counted once). */
    public final List<Variable> weights() {
        List<Variable> out = new ArrayList<>();
        collectWeights(out, new IdentityHashMap<>());
        return out;
    }

    private void collectWeights(List<Variable> out, IdentityHashMap<Object, Boolean> seen) {
        if (seen.put(this, Boolean.TRUE) != null) return;
        for (Variable v : variables) if (seen.put(v, Boolean.TRUE) == null) out.add(v);
        for (Layer c : sublayers()) c.collectWeights(out, seen);
    }

    public final List<Variable> trainableWeights() {
        List<Variable> out = new ArrayList<>();
        for (Variable v : weights()) if (v.trainable()) out.add(v);
        return out;
    }

    public final List<Variable> nonTrainableWeights() {
        List<Variable> out = new ArrayList<>();
        for (Variable v : weights()) if (!v.trainable()) out.add(v);
        return out;
    }

    /** A weight of this layer (not its children) by name, or an exception listing the names. */
    public final Variable weight(String wname) {
        for (Variable v : variables) if (v.name().equals(wname)) return v;
        List<String> names = new ArrayList<>();
        for (Variable v : variables) names.add(v.name());
        throw error("has no weight '" + wname + "' (it has " + names + ")");
    }

    public final long countParams() {
        long n = 0;
        for (Variable v : weights()) n += v.numel();
        return n;
    }

    public final long countTrainableParams() {
        long n = 0;
        for (Variable v : trainableWeights()) n += v.numel();
        return n;
    }

    /**
     * Frozen layers (and layers inside a frozen parent or a frozen model) are not updated by
     * optimizers.
     */
    public final boolean isTrainable() {
        if (!trainable || (parent != null && !parent.isTrainable())) return false;
        for (Layer c : containers) if (!c.isTrainable()) return false;
        return true;
    }

    /** This layer's own flag, ignoring parents and containing models. */
    public final boolean trainableFlag() {
        return trainable;
    }

    public final Layer setTrainable(boolean flag) {
        trainable = flag;
        return this;
    }

    /**
     * The sum of the regularizer penalties of this layer's trainable weights (CURRICULUM K10), or
     * null when none has a regularizer. Differentiable.
     */
    public Tensor regularizationLoss() {
        Tensor total = null;
        for (Variable v : trainableWeights()) {
            if (v.regularizer() == null) continue;
            Tensor p = v.regularizer().penalty(v.value());
            total = total == null ? p : total.add(p);
        }
        return total;
    }

    // ---- config ---------------------------------------------------------------------------

    /**
     * The constructor arguments, for the architecture JSON. Subclasses call super.config() and
     * put their own keys; {@code fromConfig} must rebuild an equal layer from it.
     */
    public Config config() {
        Config c = new Config();
        c.put("name", name);
        if (!trainable) c.put("trainable", false);
        if (seed != null) c.put("seed", seed);
        if (dtype != DType.FLOAT32) c.put("dtype", dtype);
        return c;
    }

    /** Applies the common keys (trainable, seed, dtype) of a config to a freshly made layer. */
    protected static <L extends Layer> L applyCommon(L layer, Config c) {
        if (c.has("trainable")) layer.setTrainable(c.getBool("trainable"));
        if (c.has("seed")) layer.seed(c.getLong("seed"));
        if (c.has("dtype")) layer.dtype(c.getEnum("dtype", DType.class));
        return layer;
    }

    /** Closes the weights' native memory (the layer is unusable afterwards). */
    @Override
    public void close() {
        for (Variable v : variables) v.close();
        for (Layer c : children) c.close();
    }

    @Override
    public String toString() {
        return typeName() + "('" + name + "')";
    }
}
