package org.nn4j.models;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.autograd.NoGradScope;
import org.nn4j.callbacks.Callback;
import org.nn4j.callbacks.History;
import org.nn4j.io.ModelFile;
import org.nn4j.io.ModelJson;
import org.nn4j.io.Weights;
import org.nn4j.io.WeightsReport;
import org.nn4j.nn.CallContext;
import org.nn4j.nn.Config;
import org.nn4j.nn.Layer;
import org.nn4j.nn.Node;
import org.nn4j.nn.SymbolicTensor;
import org.nn4j.nn.Variable;
import org.nn4j.nn.losses.Loss;
import org.nn4j.nn.metrics.Metric;
import org.nn4j.optim.Optimizer;

/**
 * A functional model (API2): a graph of layers from {@link Input}s to outputs, built with
 * {@link Layer#apply}, and the Keras training API over it (compile, fit, evaluate, predict,
 * trainOnBatch, testOnBatch, summary, freezing).
 *
 * <pre>{@code
 * SymbolicTensor a = Input.of(8), b = Input.of(4);
 * Dense shared = new Dense(16);
 * SymbolicTensor h = new Concatenate(-1).apply(shared.apply(a), shared.apply(b));  // shared: one set of weights
 * Model model = new Model(List.of(a, b), List.of(new Dense(1).apply(h)), "two_towers");
 * model.compile(new Adam(1e-3), new MeanSquaredError());
 * History h = model.fit(new Tensor[] {xa, xb}, new Tensor[] {y}, FitOptions.builder().epochs(5).build());
 * }</pre>
 *
 * A model is a {@link Layer}: it can be applied inside another model (nesting), and its weights
 * are those of its layers, each once. Freezing a model ({@code setTrainable(false)}) freezes every
 * layer in it. Closing a model closes its layers' weights.
 *
 * <p>Custom training loops use {@link #tape()}; see {@link GradientTape}.
 */
public class Model extends Layer {
    private Graph graph;
    private Compiled compiled;
    private boolean stopTraining;
    private long step;

    public Model(SymbolicTensor input, SymbolicTensor output) {
        this(List.of(input), List.of(output), null);
    }

    public Model(SymbolicTensor input, SymbolicTensor output, String name) {
        this(List.of(input), List.of(output), name);
    }

    public Model(List<SymbolicTensor> inputs, List<SymbolicTensor> outputs) {
        this(inputs, outputs, null);
    }

    /** @param name null picks "model", "model_1", ... */
    public Model(List<SymbolicTensor> inputs, List<SymbolicTensor> outputs, String name) {
        super(name);
        setGraph(Graph.of(name(), inputs, outputs));
        build(graph.inputShapes().toArray(new Shape[0]));
    }

    /** For subclasses that make their graph later ({@link Sequential}). */
    protected Model(String name) {
        super(name);
    }

    // ---- graph ------------------------------------------------------------------------------

    final void setGraph(Graph g) {
        if (graph != null) for (Layer l : graph.layers) removeContainer(l, this);
        graph = g;
        for (Layer l : g.layers) if (!(l instanceof InputLayer)) addContainer(l, this);
        if (compiled != null) compiled.bind(graphOutputShapes());
    }

    private List<Shape> graphOutputShapes() {
        List<Shape> out = new ArrayList<>();
        for (SymbolicTensor t : graph.outputs) out.add(t.shape());
        return out;
    }

    /** The per-sample output shapes if known without building (compile resolves metric ids with them), else null. */
    List<Shape> knownOutputShapes() {
        return graph == null ? null : graphOutputShapes();
    }

    /** The graph, made first if needed (a Sequential given its input shape). */
    Graph graph() {
        if (graph == null) throw new IllegalStateException(this + " has no graph yet");
        return graph;
    }

    /** Builds a model whose input shape was left open from the data (Sequential); no-op here. */
    void ensureBuiltFor(Tensor[] xs) {}

    final boolean hasGraph() {
        return graph != null;
    }

    /** The layers in topological order; a functional model lists its input layers too. */
    public List<Layer> layers() {
        return graph().layers;
    }

    /** A layer by name, or an exception listing the names. */
    public Layer getLayer(String name) {
        List<String> names = new ArrayList<>();
        for (Layer l : layers()) {
            if (l.name().equals(name)) return l;
            names.add(l.name());
        }
        throw new IllegalArgumentException("Model '" + name() + "' has no layer '" + name + "'; its layers are " + names);
    }

    /** A layer by position in {@link #layers()}. */
    public Layer getLayer(int index) {
        List<Layer> ls = layers();
        if (index < 0 || index >= ls.size()) {
            throw new IllegalArgumentException("Model '" + name() + "': layer index " + index + " is out of range [0, " + ls.size() + ")");
        }
        return ls.get(index);
    }

    public List<SymbolicTensor> inputs() {
        return graph().inputs;
    }

    public List<SymbolicTensor> outputs() {
        return graph().outputs;
    }

    /** The model's own input (single-input models). */
    @Override
    public SymbolicTensor input() {
        List<SymbolicTensor> in = inputs();
        if (in.size() != 1) throw error("has " + in.size() + " inputs; use inputs()");
        return in.get(0);
    }

    /** The model's own output (single-output models). */
    @Override
    public SymbolicTensor output() {
        List<SymbolicTensor> out = outputs();
        if (out.size() != 1) throw error("has " + out.size() + " outputs; use outputs()");
        return out.get(0);
    }

    /** Output names for compile and logs: the producing layers' names. */
    public List<String> outputNames() {
        return graph().outputNames();
    }

    String inputLayerName(int i) {
        return graph().inputs.get(i).layer().name();
    }

    // ---- Layer ------------------------------------------------------------------------------

    @Override
    public int minInputs() {
        return graph().inputs.size();
    }

    @Override
    public int maxInputs() {
        return graph().inputs.size();
    }

    @Override
    public Shape[] outputShapes(Shape... inputShapes) {
        return graph().outputShapes(name(), inputShapes);
    }

    @Override
    protected Tensor[] forward(CallContext ctx, Tensor... inputs) {
        return graph().run(ctx, inputs);
    }

    @Override
    protected List<Layer> sublayers() {
        if (graph == null) return Collections.emptyList();
        List<Layer> out = new ArrayList<>();
        for (Layer l : graph.layers) if (!(l instanceof InputLayer)) out.add(l);
        return out;
    }

    /** The sum of every layer's penalty (each layer once), or null when none has a regularizer. */
    @Override
    public Tensor regularizationLoss() {
        Tensor total = null;
        for (Layer l : sublayers()) {
            Tensor p = l.regularizationLoss();
            if (p != null) total = total == null ? p : total.add(p);
        }
        return total;
    }

    @Override
    public Config config() {
        return ModelConfigs.functional(this, layerConfig());
    }

    /** Layer's common keys (name, trainable, seed), for subclasses' configs. */
    final Config layerConfig() {
        return super.config();
    }

    public static Model fromConfig(Config c) {
        return ModelConfigs.fromFunctional(c);
    }

    /** Closes the weights of every layer in the model and the compiled optimizer's state. */
    @Override
    public void close() {
        super.close();
        for (Layer l : sublayers()) l.close();
        if (compiled != null) compiled.optimizer.close();
    }

    // ---- weights and freezing ----------------------------------------------------------------

    /** Copies of every weight's value, in {@link #weights()} order; the caller closes them. */
    public List<Tensor> getWeights() {
        return Scope.outside(() -> {
            List<Tensor> out = new ArrayList<>();
            try (NoGradScope ng = Autograd.noGrad()) {
                for (Variable v : weights()) out.add(v.value().clone());
            }
            return out;
        });
    }

    /** Copies values into the weights, in {@link #weights()} order (same count and shapes). */
    public void setWeights(List<Tensor> values) {
        List<Variable> vs = weights();
        if (values.size() != vs.size()) {
            throw error("setWeights: got " + values.size() + " tensors for " + vs.size() + " weights");
        }
        for (int i = 0; i < vs.size(); i++) vs.get(i).assign(values.get(i));
    }

    /** Freezes the layers from the first up to and including the named one (X1). */
    public Model freezeUpTo(String layerName) {
        return freezeUpTo(layers().indexOf(getLayer(layerName)));
    }

    /** Freezes layers 0..index of {@link #layers()}, inclusive. */
    public Model freezeUpTo(int index) {
        getLayer(index);
        return freezeFirst(index + 1);
    }

    /** Freezes the first {@code count} layers of {@link #layers()}. */
    public Model freezeFirst(int count) {
        List<Layer> ls = layers();
        if (count < 0 || count > ls.size()) {
            throw error("freezeFirst: count " + count + " is out of range [0, " + ls.size() + "]");
        }
        for (int i = 0; i < count; i++) ls.get(i).setTrainable(false);
        return this;
    }

    /** Makes this model and every layer in it (nested models included) trainable again. */
    public Model unfreezeAll() {
        setTrainable(true);
        for (Layer l : sublayers()) {
            if (l instanceof Model) ((Model) l).unfreezeAll();
            else l.setTrainable(true);
        }
        return this;
    }

    // ---- saving and loading (org.nn4j.io) -----------------------------------------------------

    /**
     * Saves the whole model to one zip file, atomically: architecture, weights, compile config,
     * optimizer state and training step ({@link ModelFile}). {@link #load} gives it back
     * ready to predict or to continue training.
     */
    public void save(Path file) throws IOException {
        ModelFile.save(this, file);
    }

    /**
     * The model saved by {@link #save}, compiled if it was; errors name the file and the problem
     * ({@link org.nn4j.io.ModelFileException}). Custom layers, losses, metrics and optimizers must
     * be registered first.
     */
    public static Model load(Path file) throws IOException {
        return ModelFile.load(file);
    }

    /** Saves the weights alone as safetensors, keyed "layerName/weightName" ({@link Weights}). */
    public void saveWeights(Path file) throws IOException {
        Weights.save(this, file);
    }

    /** Loads weights saved by {@link #saveWeights}: the file must hold exactly this model's weights and shapes. */
    public void loadWeights(Path file) throws IOException {
        Weights.load(this, file, true);
    }

    /**
     * Loads weights by name; with {@code strict} false, weights the file lacks keep their values and
     * tensors the model lacks are ignored (the report lists both). Shapes must match either way.
     */
    public WeightsReport loadWeights(Path file, boolean strict) throws IOException {
        return Weights.load(this, file, strict);
    }

    /** The architecture as JSON (no weights, no compile settings). */
    public String toJson() {
        return ModelJson.toJson(this);
    }

    /** A new model with fresh weights from {@link #toJson} output. */
    public static Model fromJson(String json) {
        return ModelJson.fromJson(json);
    }

    // ---- compile ----------------------------------------------------------------------------

    /** Single-output shorthand: the optimizer, the loss and the metrics of the output. */
    public Model compile(Optimizer optimizer, Loss loss, Metric... metrics) {
        return compile(CompileOptions.builder().optimizer(optimizer).loss(loss).metrics(metrics).build());
    }

    /**
     * Keras' {@code compile(optimizer="adam", loss="mse", metrics=["accuracy"])} (API4): ids for
     * objects with default settings; the loss serves every output and each output gets its own
     * metrics. "accuracy" becomes the variant that suits the loss and output (binary for binary
     * cross-entropy, hinge or one output unit; class accuracy otherwise).
     */
    public Model compile(String optimizer, String loss, String... metrics) {
        return compile(CompileOptions.builder().optimizer(optimizer).loss(loss).metrics(Arrays.asList(metrics)).build());
    }

    /** A configured optimizer with a loss and metrics by id. */
    public Model compile(Optimizer optimizer, String loss, String... metrics) {
        return compile(CompileOptions.builder().optimizer(optimizer).loss(loss).metrics(Arrays.asList(metrics)).build());
    }

    /** An optimizer by id with a configured loss and metrics. */
    public Model compile(String optimizer, Loss loss, Metric... metrics) {
        return compile(CompileOptions.builder().optimizer(optimizer).loss(loss).metrics(metrics).build());
    }

    public Model compile(CompileOptions options) {
        compiled = Compiled.resolve(name(), options, outputNames(), knownOutputShapes());
        return this;
    }

    public boolean isCompiled() {
        return compiled != null;
    }

    /** The compiled optimizer, or null before compile. */
    public Optimizer optimizer() {
        return compiled == null ? null : compiled.optimizer;
    }

    /** The options given to compile, or null (for saving the compile config). */
    public CompileOptions compileOptions() {
        return compiled == null ? null : compiled.options;
    }

    Compiled compiledOrThrow(String what) {
        if (compiled == null) {
            throw new IllegalStateException("Model '" + name() + "': " + what + " needs a compiled model; call "
                    + "compile(optimizer, loss, metrics...) first");
        }
        return compiled;
    }

    // ---- fit, evaluate, predict --------------------------------------------------------------

    /** Trains with Keras' defaults (batch 32, 1 epoch). */
    public History fit(Tensor x, Tensor y) {
        return fit(x, y, FitOptions.defaults());
    }

    public History fit(Tensor x, Tensor y, FitOptions o) {
        return fit(new Tensor[] {x}, new Tensor[] {y}, o);
    }

    /** Trains on in-memory tensors: one x per model input, one y per output, dimension 0 the samples. */
    public History fit(Tensor[] xs, Tensor[] ys, FitOptions o) {
        compiledOrThrow("fit");
        if (ys == null) throw error("fit: y is null");
        ensureBuiltFor(xs);
        checkData(xs, ys, o.sampleWeight, "fit");
        if (o.classWeight != null && ys.length > 1) {
            throw error("fit: classWeight needs a single-output model (this one has " + ys.length + "); use sampleWeight");
        }
        if (o.checkNumerics) new NumericsMonitor(true, false).checkInputs(xs, ys, inputLayerName(0), 0, 0, step);
        // the split's views are closed here; anything callbacks make stays in the caller's scope
        List<Tensor> views = new ArrayList<>();
        try {
            Tensor[] tx = xs, ty = ys;
            Tensor tsw = o.sampleWeight;
            BatchSource val = null;
            if (o.validationSplit > 0) {
                long n = xs[0].dim(0);
                long nTrain = (long) Math.floor(n * (1 - o.validationSplit));
                if (nTrain < 1 || nTrain >= n) {
                    throw error("fit: validationSplit " + o.validationSplit + " of " + n + " samples leaves " + nTrain
                            + " for training and " + (n - nTrain) + " for validation; both need at least one");
                }
                tx = slice(xs, 0, nTrain, views);
                ty = slice(ys, 0, nTrain, views);
                Tensor[] vsw = tsw == null ? new Tensor[1] : slice(new Tensor[] {tsw}, nTrain, n, views);
                tsw = tsw == null ? null : slice(new Tensor[] {tsw}, 0, nTrain, views)[0];
                val = BatchSource.of(slice(xs, nTrain, n, views), slice(ys, nTrain, n, views), vsw[0], o.validationBatchSize,
                        false, 0);
            } else if (o.validationX != null) {
                checkData(o.validationX, o.validationY, o.validationSampleWeight, "fit validationData");
                val = BatchSource.of(o.validationX, o.validationY, o.validationSampleWeight, o.validationBatchSize, false, 0);
            } else if (o.validationBatches != null) {
                val = BatchSource.of(o.validationBatches, -1);
            }
            long seed = o.seed != null ? o.seed : seed();
            BatchSource train = BatchSource.of(tx, ty, tsw, o.batchSize, o.shuffle, seed);
            return Trainer.fit(this, train, val, o, false);
        } finally {
            for (Tensor v : views) v.close();
        }
    }

    /** Trains on batches from a pipeline; each epoch iterates it anew (or stepsPerEpoch batches of it). */
    public History fit(Iterable<Batch> batches, FitOptions o) {
        compiledOrThrow("fit");
        if (o.validationSplit > 0) throw error("fit: validationSplit needs in-memory tensors; give validationData");
        if (!hasGraph()) {
            java.util.Iterator<Batch> it = batches.iterator();
            if (!it.hasNext()) throw error("fit: the batches are empty");
            ensureBuiltFor(it.next().x());
        }
        BatchSource val = null;
        if (o.validationX != null) {
            val = BatchSource.of(o.validationX, o.validationY, o.validationSampleWeight, o.validationBatchSize, false, 0);
        } else if (o.validationBatches != null) {
            val = BatchSource.of(o.validationBatches, -1);
        }
        return Trainer.fit(this, BatchSource.of(batches, o.stepsPerEpoch), val, o, o.checkNumerics);
    }

    /** Loss and metrics over all of x, y in inference mode (penalties included), batch 32. */
    public Map<String, Double> evaluate(Tensor x, Tensor y) {
        return evaluate(new Tensor[] {x}, new Tensor[] {y}, null, 32);
    }

    public Map<String, Double> evaluate(Tensor x, Tensor y, int batchSize) {
        return evaluate(new Tensor[] {x}, new Tensor[] {y}, null, batchSize);
    }

    /** "loss", per-output "name_loss" (several outputs) and metrics, over the whole data set. */
    public Map<String, Double> evaluate(Tensor[] xs, Tensor[] ys, Tensor sampleWeight, int batchSize, Callback... callbacks) {
        compiledOrThrow("evaluate");
        if (batchSize < 1) throw error("evaluate: batchSize must be >= 1, got " + batchSize);
        ensureBuiltFor(xs);
        checkData(xs, ys, sampleWeight, "evaluate");
        return Trainer.evaluate(this, BatchSource.of(xs, ys, sampleWeight, batchSize, false, 0), List.of(callbacks));
    }

    public Map<String, Double> evaluate(Iterable<Batch> batches, Callback... callbacks) {
        compiledOrThrow("evaluate");
        return Trainer.evaluate(this, BatchSource.of(batches, -1), List.of(callbacks));
    }

    /** Outputs of a single-output model for every sample of x (inference mode, batches of 32). */
    public Tensor predict(Tensor x) {
        return predict(x, 32);
    }

    public Tensor predict(Tensor x, int batchSize) {
        Tensor[] out = predictAll(new Tensor[] {x}, batchSize);
        if (out.length != 1) {
            for (Tensor t : out) t.close();
            throw error("has " + out.length + " outputs; use predictAll");
        }
        return out[0];
    }

    /** One tensor (N, ...) per model output. */
    public Tensor[] predictAll(Tensor[] xs, int batchSize, Callback... callbacks) {
        if (batchSize < 1) throw error("predict: batchSize must be >= 1, got " + batchSize);
        ensureBuiltFor(xs);
        checkData(xs, null, null, "predict");
        return Trainer.predict(this, BatchSource.of(xs, null, null, batchSize, false, 0), List.of(callbacks));
    }

    public Tensor[] predictAll(Iterable<Batch> batches, Callback... callbacks) {
        return Trainer.predict(this, BatchSource.of(batches, -1), List.of(callbacks));
    }

    /** The prediction for one sample without its batch dimension: predictOne(x) = predict([x])[0]. */
    public Tensor predictOne(Tensor x) {
        try (Tensor batch = x.unsqueeze(0); Tensor p = predict(batch, 1)) {
            return p.select(0, 0);
        }
    }

    /**
     * Class indices (int64, (N)): for one output unit, probability > 0.5 (a sigmoid output);
     * otherwise the argmax over the last axis (softmax).
     */
    public Tensor predictClasses(Tensor x) {
        try (Tensor p = predict(x)) {
            if (p.rank() == 1 || (p.rank() == 2 && p.dim(1) == 1)) {
                try (Tensor flat = p.reshape(-1); Tensor gt = flat.gt(0.5)) {
                    return gt.to(DType.INT64);
                }
            }
            return p.argmax(-1, false);
        }
    }

    /** One training step on one batch; returns its logs (metrics are reset first, as in Keras). */
    public Map<String, Double> trainOnBatch(Tensor x, Tensor y) {
        return trainOnBatch(new Tensor[] {x}, new Tensor[] {y}, null);
    }

    public Map<String, Double> trainOnBatch(Tensor[] xs, Tensor[] ys, Tensor sampleWeight) {
        Compiled c = compiledOrThrow("trainOnBatch");
        ensureBuiltFor(xs);
        StepRunner r = new StepRunner(this, c, null, null);
        r.reset();
        try (Scope s = Scope.open()) {
            r.train(new Batch(xs, ys, sampleWeight), nextStep(), 0, 0, false);
        }
        return r.logs("");
    }

    /** Loss and metrics of one batch in inference mode. */
    public Map<String, Double> testOnBatch(Tensor x, Tensor y) {
        return testOnBatch(new Tensor[] {x}, new Tensor[] {y}, null);
    }

    public Map<String, Double> testOnBatch(Tensor[] xs, Tensor[] ys, Tensor sampleWeight) {
        Compiled c = compiledOrThrow("testOnBatch");
        ensureBuiltFor(xs);
        StepRunner r = new StepRunner(this, c, null, null);
        r.reset();
        try (Scope s = Scope.open()) {
            r.test(new Batch(xs, ys, sampleWeight), "testOnBatch");
        }
        return r.logs("");
    }

    /** A gradient scope for a custom training step at the next training step (see {@link GradientTape}). */
    public GradientTape tape() {
        return new GradientTape(nextStep());
    }

    // ---- training state ----------------------------------------------------------------------

    /** Set by a callback to end fit after the current batch (EarlyStopping, TerminateOnNaN). */
    public void setStopTraining(boolean stop) {
        stopTraining = stop;
    }

    public boolean stopTraining() {
        return stopTraining;
    }

    /** Training steps run so far; seeds each step's randomness (Dropout masks). */
    public long trainingStep() {
        return step;
    }

    /** Restores the step counter (resuming a saved model continues its random streams). */
    public void setTrainingStep(long s) {
        if (s < 0) throw error("setTrainingStep: step must be >= 0, got " + s);
        step = s;
    }

    long nextStep() {
        return step++;
    }

    // ---- summary ------------------------------------------------------------------------------

    /** The Keras-style table: layers, output shapes, parameter counts, connections; totals. */
    public String summary() {
        return Summary.of(this);
    }

    public void printSummary() {
        printSummary(System.out);
    }

    public void printSummary(PrintStream out) {
        out.print(summary());
        out.flush();
    }

    /** Whether the summary shows a "Connected to" column (functional models). */
    boolean showsConnections() {
        return true;
    }

    // ---- checks -------------------------------------------------------------------------------

    /** Validates data against the model: counts, per-sample shapes, dtypes, equal sample counts. */
    final void checkData(Tensor[] xs, Tensor[] ys, Tensor sw, String what) {
        Graph g = graph();
        String where = what + " of model '" + name() + "'";
        if (xs == null) throw new IllegalArgumentException(where + ": x is null");
        if (xs.length != g.inputs.size()) {
            throw new IllegalArgumentException(where + ": the model has " + g.inputs.size() + " input(s) " + inputNames(g)
                    + " but got " + xs.length + " x tensor(s)");
        }
        long n = -1;
        for (int i = 0; i < xs.length; i++) {
            Tensor x = xs[i];
            if (x == null) throw new IllegalArgumentException(where + ": x[" + i + "] is null");
            InputLayer il = (InputLayer) g.inputs.get(i).layer();
            if (x.rank() < 1) throw new IllegalArgumentException(where + ": x[" + i + "] is a scalar; give a batch (N, ...)");
            long[] d = x.dims();
            Shape per = Shape.of(java.util.Arrays.copyOfRange(d, 1, d.length));
            if (!per.equals(il.shape())) {
                throw new IllegalArgumentException(where + ": x[" + i + "] has shape " + x.shape() + " but input '" + il.name()
                        + "' expects " + SymbolicTensor.batchShape(il.shape()) + " (per-sample " + il.shape() + " vs " + per
                        + ")" + consumers(g, i));
            }
            if (x.dtype() != il.inputDType()) {
                throw new IllegalArgumentException(where + ": x[" + i + "] is " + x.dtype() + " but input '" + il.name()
                        + "' expects " + il.inputDType() + "; cast with x.to(DType." + il.inputDType().name()
                        + ") or declare the input with Input.of(DType." + x.dtype().name() + ", ...)");
            }
            if (n < 0) n = d[0];
            else if (d[0] != n) {
                throw new IllegalArgumentException(where + ": x[0] has " + n + " samples but x[" + i + "] has " + d[0]);
            }
        }
        if (n == 0) throw new IllegalArgumentException(where + ": x is empty (0 samples)");
        if (ys != null) {
            if (ys.length != g.outputs.size()) {
                throw new IllegalArgumentException(where + ": the model has " + g.outputs.size() + " output(s) " + outputNames()
                        + " but got " + ys.length + " y tensor(s)");
            }
            for (int i = 0; i < ys.length; i++) {
                if (ys[i] == null) throw new IllegalArgumentException(where + ": y[" + i + "] is null");
                if (ys[i].rank() < 1 || ys[i].dim(0) != n) {
                    throw new IllegalArgumentException(where + ": x has " + n + " samples but y[" + i + "] (output '"
                            + outputNames().get(i) + "') has shape " + ys[i].shape() + "; the first dimensions must match");
                }
            }
        }
        if (sw != null) {
            boolean ok = sw.numel() == n && (sw.rank() == 1 || (sw.rank() == 2 && sw.dim(1) == 1));
            if (!ok) {
                throw new IllegalArgumentException(where + ": sample weights have shape " + sw.shape() + "; expected (" + n + ")");
            }
        }
    }

    private static Tensor[] slice(Tensor[] ts, long a, long b, List<Tensor> made) {
        Tensor[] out = new Tensor[ts.length];
        for (int i = 0; i < ts.length; i++) made.add(out[i] = ts[i].slice(0, a, b));
        return out;
    }

    private static List<String> inputNames(Graph g) {
        List<String> names = new ArrayList<>();
        for (SymbolicTensor t : g.inputs) names.add(t.layer().name());
        return names;
    }

    private static String consumers(Graph g, int input) {
        SymbolicTensor in = g.inputs.get(input);
        List<String> users = new ArrayList<>();
        for (Node n : g.nodes) if (n.inputs().contains(in) && !users.contains(n.layer().name())) users.add(n.layer().name());
        return users.isEmpty() ? "" : "; it feeds " + String.join(", ", users);
    }
}
