package org.nn4j.nn.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nn4j.Scope;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.nn.CallContext;
import org.nn4j.nn.Config;
import org.nn4j.nn.Layer;
import org.nn4j.nn.LayerRegistry;
import org.nn4j.nn.Variable;
import org.nn4j.nn.init.Initializer;
import org.nn4j.nn.init.Initializers;
import org.nn4j.nn.regularizers.Regularizer;
import org.nn4j.ops.nn.Recurrent;

/**
 * The shared machinery of SimpleRNN, GRU and LSTM (CURRICULUM S1–S4, S2 options, O11): one native
 * fused sequence kernel ({@link Recurrent#sequence}) with back-propagation through time, run on
 * per-sample inputs (T, F) in batches (N, T, F).
 *
 * <p>Inputs: the sequence, optionally followed by every initial state (h0; for an LSTM h0, c0),
 * each (N, units). Outputs: the sequence of hidden states (N, T, units) when
 * {@code returnSequences}, else the last one (N, units); with {@code returnState} the final
 * states follow (h; for an LSTM h, c).
 *
 * <p>Weights (Keras names and layouts, so imported weights apply unchanged): {@code kernel}
 * (F, G·units), {@code recurrent_kernel} (units, G·units) and {@code bias}, with G gate blocks in
 * the order of {@link Recurrent}. The activations are fixed by the native kernels: tanh for the
 * candidate and output, sigmoid for the gates.
 *
 * <ul>
 *   <li>{@code goBackwards}: the sequence is processed from its last step to its first; the
 *       returned sequence is in processing order (Keras), so step 0 of the output saw only the
 *       last input step.</li>
 *   <li>{@code stateful}: the final states of a call (detached copies, so gradients stop at the
 *       batch boundary: truncated BPTT, O11) are the initial states of the next call; the batch
 *       size must stay the same until {@link #resetStates()}. Explicit initial-state inputs take
 *       precedence over the carried state.</li>
 * </ul>
 *
 * The layer computes in its weights' {@link #dtype()} (float32 unless built with
 * {@code dtype(DType.FLOAT64)}, as gradient checks do): the sequence and any initial states must
 * have it, nothing is cast. {@link #callWithWeights} runs it on weight values given by the caller.
 */
public abstract class RecurrentLayer extends Layer {
    private final long units;
    private final boolean returnSequences;
    private final boolean returnState;
    private final boolean goBackwards;
    private final boolean stateful;
    private final boolean useBias;
    private final Initializer kernelInitializer;
    private final Initializer recurrentInitializer;
    private final Initializer biasInitializer;
    private final Regularizer kernelRegularizer;
    private final Regularizer recurrentRegularizer;
    private final Regularizer biasRegularizer;
    /** The states carried between calls of a stateful layer (no graph, no scope), or null. */
    private Tensor[] carried;

    protected RecurrentLayer(Builder<?, ?> b) {
        super(b.layerName());
        this.units = b.units;
        this.returnSequences = b.returnSequences;
        this.returnState = b.returnState;
        this.goBackwards = b.goBackwards;
        this.stateful = b.stateful;
        this.useBias = b.useBias;
        this.kernelInitializer = b.kernelInitializer;
        this.recurrentInitializer = b.recurrentInitializer;
        this.biasInitializer = b.biasInitializer;
        this.kernelRegularizer = b.kernelRegularizer;
        this.recurrentRegularizer = b.recurrentRegularizer;
        this.biasRegularizer = b.biasRegularizer;
    }

    // ---- what a subclass defines -------------------------------------------------------

    /** The native cell this layer runs. */
    protected abstract Recurrent.CellType cellType();

    /** Shape of the stored bias for this many units. */
    protected abstract long[] biasShape(long units);

    /** The bias initializer actually used (LSTM wraps it to set the forget block to 1). */
    protected Initializer effectiveBiasInitializer() {
        return biasInitializer;
    }

    /** The stored bias in the native kernel's layout (GRU reset-after folds its two rows). */
    protected Tensor nativeBias(Tensor bias, List<Tensor> temps) {
        return bias;
    }

    // ---- options ----------------------------------------------------------------------

    public final long units() {
        return units;
    }

    public final boolean returnSequences() {
        return returnSequences;
    }

    public final boolean returnState() {
        return returnState;
    }

    public final boolean goBackwards() {
        return goBackwards;
    }

    public final boolean stateful() {
        return stateful;
    }

    public final boolean useBias() {
        return useBias;
    }

    /** Number of state tensors: 2 (h, c) for an LSTM, else 1 (h). */
    public final int stateCount() {
        return cellType() == Recurrent.CellType.LSTM ? 2 : 1;
    }

    @Override
    public int maxInputs() {
        return 1 + stateCount();
    }

    // ---- shapes and build ---------------------------------------------------------------

    @Override
    public Shape[] outputShapes(Shape... in) {
        checkInputCount(in.length);
        checkStateCount(in.length);
        Shape x = in[0];
        if (x.rank() != 2) {
            throw error("expects per-sample input (timesteps, features), i.e. batches (N, T, F), got per-sample shape "
                    + x + "; feed ids through an Embedding, or add a time axis with Reshape");
        }
        if (x.dim(0) < 1 || x.dim(1) < 1) {
            throw error("needs at least one time step and one feature, got per-sample shape " + x);
        }
        for (int i = 1; i < in.length; i++) {
            if (in[i].rank() != 1 || in[i].dim(0) != units) {
                throw error("initial state " + stateName(i - 1) + " must be per-sample (" + units + "), i.e. (N, "
                        + units + "), got per-sample shape " + in[i]);
            }
        }
        Shape[] out = new Shape[returnState ? 1 + stateCount() : 1];
        out[0] = returnSequences ? Shape.of(x.dim(0), units) : Shape.of(units);
        for (int i = 1; i < out.length; i++) out[i] = Shape.of(units);
        return out;
    }

    private void checkStateCount(int inputs) {
        if (inputs != 1 && inputs != 1 + stateCount()) {
            throw error("takes the sequence alone or the sequence and all " + stateCount() + " initial states ("
                    + (stateCount() == 2 ? "h0, c0" : "h0") + "), got " + inputs + " inputs");
        }
    }

    private String stateName(int i) {
        return i == 0 ? "h0" : "c0";
    }

    /**
     * Another sequence length, and calls with or without initial states, are fine: the weights
     * depend only on the feature size (outputShapes has validated the states).
     */
    @Override
    protected boolean compatibleRebuild(Shape[] builtShapes, Shape[] newShapes) {
        return builtShapes[0].dim(1) == newShapes[0].dim(1);
    }

    @Override
    protected void doBuild(Shape... in) {
        long f = in[0].dim(1), g = cellType().gates();
        addWeight("kernel", new long[] {f, g * units}, f, g * units, kernelInitializer, kernelRegularizer, true);
        addWeight("recurrent_kernel", new long[] {units, g * units}, units, g * units, recurrentInitializer,
                recurrentRegularizer, true);
        if (useBias) {
            long[] bs = biasShape(units);
            addWeight("bias", bs, g * units, g * units, effectiveBiasInitializer(), biasRegularizer, true);
        }
    }

    // ---- forward ------------------------------------------------------------------------

    @Override
    protected Tensor[] forward(CallContext ctx, Tensor... inputs) {
        return run(inputs, null);
    }

    /**
     * Runs the layer with {@code weights} (one per entry of {@link #weights()}, same shapes, in
     * that order) in place of its variables, which stay untouched: the functional form of the
     * layer, e.g. for float64 gradient checks of the weights. Builds the layer if needed; a
     * stateful layer still carries its state.
     */
    public final Tensor[] callWithWeights(List<Tensor> weights, CallContext ctx, Tensor... inputs) {
        checkInputCount(inputs.length);
        build(perSampleShapes(this, inputs));
        checkInputDTypes(inputs);
        List<Variable> vars = weights();
        if (weights.size() != vars.size()) {
            throw error("callWithWeights needs " + vars.size() + " weights " + vars + ", got " + weights.size());
        }
        for (int i = 0; i < vars.size(); i++) {
            Tensor w = weights.get(i);
            if (!Arrays.equals(w.dims(), vars.get(i).shape())) {
                throw error("weight " + i + " (" + vars.get(i).name() + ") must have shape "
                        + Shape.of(vars.get(i).shape()) + ", got " + w.shape());
            }
            if (w.dtype() != dtype()) {
                throw error("weight " + i + " (" + vars.get(i).name() + ") is " + w.dtype() + " but the layer's dtype is "
                        + dtype() + "; pass " + dtype() + " weights or build the layer with dtype(DType." + w.dtype().name()
                        + ")");
            }
        }
        return run(inputs, weights);
    }

    /** The per-sample shapes of batched inputs, with the checks Layer.call makes. */
    static Shape[] perSampleShapes(Layer layer, Tensor[] inputs) {
        Shape[] shapes = new Shape[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] == null || inputs[i].rank() < 1) {
                throw new IllegalArgumentException(layer + ": input " + i + " is null or has no batch dimension");
            }
            long[] d = inputs[i].dims();
            shapes[i] = Shape.of(Arrays.copyOfRange(d, 1, d.length));
        }
        return shapes;
    }

    private Tensor[] run(Tensor[] inputs, List<Tensor> override) {
        Tensor x = inputs[0];
        for (int i = 0; i < inputs.length; i++) requireDType(inputs[i], i == 0 ? "the sequence" : stateName(i - 1));
        long n = x.dim(0), t = x.dim(1);
        List<Tensor> temps = new ArrayList<>();
        Recurrent.Result r;
        try {
            Tensor[] init = initialStates(inputs, n);
            Tensor h0 = init == null ? null : init[0];
            Tensor c0 = init == null || init.length < 2 ? null : init[1];
            List<Tensor> w = override != null ? override : values();
            Tensor bias = useBias ? nativeBias(w.get(2), temps) : null;
            Tensor seq = x;
            if (goBackwards) {
                seq = reverseTime(x);
                temps.add(seq);
            }
            r = Recurrent.sequence(cellType(), seq, h0, c0, w.get(0), w.get(1), bias);
        } finally {
            for (Tensor tmp : temps) tmp.close();
        }
        if (stateful) carry(r);
        Tensor out;
        if (returnSequences) {
            out = r.output();
        } else {
            // A distinct handle for the last step when the final state is returned too, so that
            // closing one output never closes the other.
            out = returnState ? r.output().select(1, t - 1) : r.hidden();
            r.output().close();
        }
        if (!returnState) {
            if (out != r.hidden()) r.hidden().close();
            if (r.cell() != null) r.cell().close();
            return new Tensor[] {out};
        }
        return r.cell() == null ? new Tensor[] {out, r.hidden()} : new Tensor[] {out, r.hidden(), r.cell()};
    }

    private List<Tensor> values() {
        List<Tensor> out = new ArrayList<>();
        for (Variable v : weights()) out.add(v.value());
        return out;
    }

    private Tensor[] initialStates(Tensor[] inputs, long n) {
        if (inputs.length > 1) return Arrays.copyOfRange(inputs, 1, inputs.length);
        if (!stateful || carried == null) return null;
        if (carried[0].dim(0) != n) {
            throw error("is stateful and holds states for batch size " + carried[0].dim(0) + " but got a batch of " + n
                    + "; keep the batch size fixed (drop the last partial batch) or call resetStates() first");
        }
        return carried;
    }

    private void carry(Recurrent.Result r) {
        Tensor[] next = Scope.outside(() -> {
            try (var ng = Autograd.noGrad()) {
                Tensor h = r.hidden().clone();
                return r.cell() == null ? new Tensor[] {h} : new Tensor[] {h, r.cell().clone()};
            }
        });
        closeCarried();
        carried = next;
    }

    /** x (N, T, ...) reversed along time: a differentiable view. */
    static Tensor reverseTime(Tensor x) {
        long t = x.dim(1);
        return x.slice(1, t - 1, -t - 1, -1);
    }

    /**
     * Integer or bool sequences and states are errors too (Layer.call checks floating-point ones
     * only): the native kernels need every operand in the weights' dtype.
     */
    private void requireDType(Tensor v, String what) {
        if (v.dtype() != dtype()) {
            throw error(what + " is " + v.dtype() + " " + v.shape() + " but the layer's weights are " + dtype()
                    + "; cast it with to(DType." + dtype().name() + ")" + (v.dtype().isFloatingPoint()
                    ? " or build the layer with dtype(DType." + v.dtype().name() + ")" : ""));
        }
    }

    // ---- stateful -------------------------------------------------------------------------

    /** Forgets the carried states: the next call of a stateful layer starts from zeros. */
    public void resetStates() {
        closeCarried();
    }

    /**
     * Copies of the states a stateful layer carries into its next call (h; for an LSTM h, c),
     * each (N, units), or null when there are none (not stateful, never called, or reset). The
     * caller closes them.
     */
    public Tensor[] states() {
        if (carried == null) return null;
        Tensor[] out = new Tensor[carried.length];
        for (int i = 0; i < out.length; i++) out[i] = carried[i].clone();
        return out;
    }

    private void closeCarried() {
        if (carried != null) for (Tensor s : carried) s.close();
        carried = null;
    }

    // ---- one step -------------------------------------------------------------------------

    /**
     * One step of the cell with this layer's weights (S2 cell API): x_t (N, F) and the states
     * (h; for an LSTM h, c), each (N, units), or none for zeros. Returns the new states; h is
     * also the step's output. Differentiable. The layer must be built; options such as
     * goBackwards and stateful do not apply to a single step.
     */
    public Tensor[] step(Tensor xt, Tensor... states) {
        if (!isBuilt()) throw error("is not built; call it once or build(Shape.of(T, F)) before stepping");
        if (states.length != 0 && states.length != stateCount()) {
            throw error("step takes no states or all " + stateCount() + " of them, got " + states.length);
        }
        if (xt.rank() != 2) throw error("step needs x_t of shape (N, F), got " + xt.shape());
        requireDType(xt, "x_t");
        for (int i = 0; i < states.length; i++) requireDType(states[i], stateName(i));
        List<Tensor> temps = new ArrayList<>();
        try {
            List<Tensor> w = values();
            Tensor h = states.length > 0 ? states[0] : null;
            Tensor c = states.length > 1 ? states[1] : null;
            Tensor bias = useBias ? nativeBias(w.get(2), temps) : null;
            Recurrent.Result r = Recurrent.step(cellType(), xt, h, c, w.get(0), w.get(1), bias);
            return r.cell() == null ? new Tensor[] {r.hidden()} : new Tensor[] {r.hidden(), r.cell()};
        } finally {
            for (Tensor tmp : temps) tmp.close();
        }
    }

    // ---- copies and config ----------------------------------------------------------------

    /**
     * An unbuilt copy with another name and, optionally, the opposite direction (Bidirectional's
     * forward and backward layers), made through this layer's config and the LayerRegistry, with
     * this layer's dtype. Any explicit seed is dropped: the owner seeds the copy.
     */
    RecurrentLayer copy(String newName, boolean flipDirection) {
        Config c = config();
        c.asMap().remove("seed");
        c.put("name", newName);
        if (flipDirection) c.put("goBackwards", !goBackwards);
        Layer l = LayerRegistry.create(typeName(), c);
        if (!(l instanceof RecurrentLayer)) {
            throw error("the registry made a " + l.getClass().getName() + " from this layer's config, not a RecurrentLayer");
        }
        return (RecurrentLayer) l;
    }

    @Override
    public Config config() {
        Config c = super.config();
        c.put("units", units);
        c.put("returnSequences", returnSequences);
        c.put("returnState", returnState);
        c.put("goBackwards", goBackwards);
        c.put("stateful", stateful);
        c.put("useBias", useBias);
        Args.put(c, "kernelInitializer", kernelInitializer);
        Args.put(c, "recurrentInitializer", recurrentInitializer);
        Args.put(c, "biasInitializer", biasInitializer);
        Args.put(c, "kernelRegularizer", kernelRegularizer);
        Args.put(c, "recurrentRegularizer", recurrentRegularizer);
        Args.put(c, "biasRegularizer", biasRegularizer);
        return c;
    }

    /** Reads the keys written by {@link #config()} (and the common name, seed, trainable, dtype) into a builder. */
    static <B extends Builder<B, ?>> B readConfig(B b, Config c) {
        b.common(c);
        b.returnSequences(c.getBool("returnSequences", false));
        b.returnState(c.getBool("returnState", false));
        b.goBackwards(c.getBool("goBackwards", false));
        b.stateful(c.getBool("stateful", false));
        b.useBias(c.getBool("useBias", true));
        b.kernelInitializer(Args.init(c, "kernelInitializer", b.kernelInitializer));
        b.recurrentInitializer(Args.init(c, "recurrentInitializer", b.recurrentInitializer));
        b.biasInitializer(Args.init(c, "biasInitializer", b.biasInitializer));
        b.kernelRegularizer(Args.reg(c, "kernelRegularizer"));
        b.recurrentRegularizer(Args.reg(c, "recurrentRegularizer"));
        b.biasRegularizer(Args.reg(c, "biasRegularizer"));
        return b;
    }

    /** Frees the weights and any carried state. */
    @Override
    public void close() {
        closeCarried();
        super.close();
    }

    @Override
    public String toString() {
        return typeName() + "('" + name() + "', units=" + units + (returnSequences ? ", returnSequences" : "")
                + (returnState ? ", returnState" : "") + (goBackwards ? ", goBackwards" : "")
                + (stateful ? ", stateful" : "") + ")";
    }

    /**
     * Options shared by the recurrent layers, on top of {@link LayerBuilder}'s name, seed,
     * trainable and dtype. Defaults (Keras): kernel glorot_uniform, recurrent kernel orthogonal,
     * bias zeros, no regularizers, last output only, no states returned.
     */
    public abstract static class Builder<B extends Builder<B, L>, L extends RecurrentLayer> extends LayerBuilder<B, L> {
        final long units;
        boolean returnSequences;
        boolean returnState;
        boolean goBackwards;
        boolean stateful;
        boolean useBias = true;
        Initializer kernelInitializer = Initializers.glorotUniform();
        Initializer recurrentInitializer = Initializers.orthogonal();
        Initializer biasInitializer = Initializers.zeros();
        Regularizer kernelRegularizer;
        Regularizer recurrentRegularizer;
        Regularizer biasRegularizer;

        protected Builder(String type, long units) {
            this.units = Args.positive(type, "units", units);
        }

        /** Output the whole sequence (N, T, units) instead of the last step (N, units). */
        public B returnSequences(boolean flag) {
            this.returnSequences = flag;
            return self();
        }

        /** Also output the final states (h; for an LSTM h, c). */
        public B returnState(boolean flag) {
            this.returnState = flag;
            return self();
        }

        /** Process the sequence from its last step to its first. */
        public B goBackwards(boolean flag) {
            this.goBackwards = flag;
            return self();
        }

        /** Carry the final states of each call into the next one (detached). */
        public B stateful(boolean flag) {
            this.stateful = flag;
            return self();
        }

        public B useBias(boolean flag) {
            this.useBias = flag;
            return self();
        }

        public B kernelInitializer(Initializer init) {
            this.kernelInitializer = nonNull(init, "kernelInitializer");
            return self();
        }

        public B recurrentInitializer(Initializer init) {
            this.recurrentInitializer = nonNull(init, "recurrentInitializer");
            return self();
        }

        public B biasInitializer(Initializer init) {
            this.biasInitializer = nonNull(init, "biasInitializer");
            return self();
        }

        /** null for none. */
        public B kernelRegularizer(Regularizer reg) {
            this.kernelRegularizer = reg;
            return self();
        }

        public B recurrentRegularizer(Regularizer reg) {
            this.recurrentRegularizer = reg;
            return self();
        }

        public B biasRegularizer(Regularizer reg) {
            this.biasRegularizer = reg;
            return self();
        }

        private static <T> T nonNull(T v, String what) {
            if (v == null) throw new IllegalArgumentException(what + " is null; pass an Initializer, e.g. Initializers.zeros()");
            return v;
        }
    }
}
