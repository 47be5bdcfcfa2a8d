package org.nn4j.nn.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.nn.CallContext;
import org.nn4j.nn.Config;
import org.nn4j.nn.Layer;
import org.nn4j.nn.Seeds;

/**
 * A recurrent layer run over the sequence in both directions (CURRICULUM S5). The wrapped layer
 * is a template: this layer makes two unbuilt copies from its config, {@code forward_<name>}
 * (same direction) and {@code backward_<name>} (goBackwards flipped), registered as children so
 * their weights are {@code forward_lstm/kernel}, {@code backward_lstm/kernel}, ... (2× the
 * template's parameters). With returnSequences the backward output is reversed back in time
 * before merging, so step t of both halves belongs to input step t.
 *
 * <p>Merge: CONCAT (default, last axis 2·units), SUM, MUL, AVE, or NONE (two outputs, forward
 * then backward). With returnState the final states follow: forward (h[, c]) then backward.
 * Initial states, when given, are all of them in that order: (x, h0_f[, c0_f], h0_b[, c0_b]).
 *
 * <p>The wrapper starts with the template's dtype; its {@link #dtype()} when built is the copies'
 * (so {@code dtype(DType.FLOAT64)} on either the template or the wrapper makes a float64 layer).
 *
 * <pre>{@code
 * new Bidirectional(LSTM.builder(32).returnSequences(true).build());
 * new Bidirectional(new GRU(16), Bidirectional.MergeMode.SUM);
 * }</pre>
 */
public final class Bidirectional extends Layer {
    /** How the two directions' outputs are combined. */
    public enum MergeMode { CONCAT, SUM, MUL, AVE, NONE }

    private final Config template;
    private final MergeMode mergeMode;
    private final RecurrentLayer forwardLayer;
    private final RecurrentLayer backwardLayer;

    public Bidirectional(RecurrentLayer layer) {
        this(layer, MergeMode.CONCAT, null);
    }

    public Bidirectional(RecurrentLayer layer, MergeMode mergeMode) {
        this(layer, mergeMode, null);
    }

    /** @param name null picks "bidirectional", "bidirectional_1", ... */
    public Bidirectional(RecurrentLayer layer, MergeMode mergeMode, String name) {
        super(name);
        if (layer == null) throw new IllegalArgumentException("Bidirectional: the wrapped layer is null");
        if (mergeMode == null) throw new IllegalArgumentException("Bidirectional: mergeMode is null; use MergeMode.NONE for two outputs");
        if (layer.isBuilt()) {
            throw error("wraps an unbuilt layer as a template (its config is copied twice, its weights are not); got the "
                    + "built layer " + layer);
        }
        this.template = NestedLayers.describe(layer);
        this.mergeMode = mergeMode;
        dtype(layer.dtype());
        this.forwardLayer = addChild(layer.copy("forward_" + layer.name(), false));
        this.backwardLayer = addChild(layer.copy("backward_" + layer.name(), true));
    }

    public MergeMode mergeMode() {
        return mergeMode;
    }

    public RecurrentLayer forwardLayer() {
        return forwardLayer;
    }

    public RecurrentLayer backwardLayer() {
        return backwardLayer;
    }

    @Override
    public int maxInputs() {
        return 1 + 2 * forwardLayer.stateCount();
    }

    // ---- shapes and build ----------------------------------------------------------------

    @Override
    public Shape[] outputShapes(Shape... in) {
        checkInputCount(in.length);
        int s = forwardLayer.stateCount();
        if (in.length != 1 && in.length != 1 + 2 * s) {
            throw error("takes the sequence alone or with all " + 2 * s + " initial states (forward then backward), got "
                    + in.length + " inputs");
        }
        Shape[] f = forwardLayer.outputShapes(part(in, 0));
        backwardLayer.outputShapes(part(in, 1));
        List<Shape> out = new ArrayList<>();
        Shape y = f[0];
        if (mergeMode == MergeMode.NONE) {
            out.add(y);
            out.add(y);
        } else if (mergeMode == MergeMode.CONCAT) {
            long[] d = y.toArray();
            d[d.length - 1] *= 2;
            out.add(Shape.of(d));
        } else {
            out.add(y);
        }
        for (int k = 0; k < 2; k++) out.addAll(Arrays.asList(f).subList(1, f.length));
        return out.toArray(new Shape[0]);
    }

    /** The inputs of one direction: the sequence and (when given) that direction's states. */
    private <T> T[] part(T[] in, int direction) {
        T[] out = Arrays.copyOf(in, in.length == 1 ? 1 : 1 + forwardLayer.stateCount());
        if (in.length > 1) {
            int s = forwardLayer.stateCount();
            System.arraycopy(in, 1 + direction * s, out, 1, s);
        }
        return out;
    }

    /** As for the wrapped layer: the weights depend only on the feature size. */
    @Override
    protected boolean compatibleRebuild(Shape[] builtShapes, Shape[] newShapes) {
        return builtShapes[0].dim(1) == newShapes[0].dim(1);
    }

    @Override
    protected void doBuild(Shape... in) {
        // Distinct seeds for the two copies, derived from this layer's, so the halves differ.
        if (!forwardLayer.isBuilt()) forwardLayer.seed(Seeds.mix(seed(), "forward"));
        if (!backwardLayer.isBuilt()) backwardLayer.seed(Seeds.mix(seed(), "backward"));
        NestedLayers.inheritDType(this, forwardLayer);
        NestedLayers.inheritDType(this, backwardLayer);
        forwardLayer.build(part(in, 0));
        backwardLayer.build(part(in, 1));
    }

    // ---- forward ---------------------------------------------------------------------------

    @Override
    protected Tensor[] forward(CallContext ctx, Tensor... inputs) {
        checkInputDTypes(inputs);  // the weights are the children's: Layer.call did not check
        return merge(forwardLayer.call(ctx, part(inputs, 0)), backwardLayer.call(ctx, part(inputs, 1)));
    }

    /**
     * Runs with {@code weights} in place of the variables, in {@link #weights()} order (forward
     * layer's, then backward layer's); see {@link RecurrentLayer#callWithWeights}.
     */
    public Tensor[] callWithWeights(List<Tensor> weights, CallContext ctx, Tensor... inputs) {
        checkInputCount(inputs.length);
        build(RecurrentLayer.perSampleShapes(this, inputs));
        checkInputDTypes(inputs);
        int nf = forwardLayer.weights().size();
        if (weights.size() != nf + backwardLayer.weights().size()) {
            throw error("callWithWeights needs " + weights().size() + " weights " + weights() + ", got " + weights.size());
        }
        return merge(forwardLayer.callWithWeights(weights.subList(0, nf), ctx, part(inputs, 0)),
                backwardLayer.callWithWeights(weights.subList(nf, weights.size()), ctx, part(inputs, 1)));
    }

    private Tensor[] merge(Tensor[] f, Tensor[] b) {
        List<Tensor> out = new ArrayList<>();
        Tensor yf = f[0], yb = b[0];
        if (forwardLayer.returnSequences()) {
            Tensor aligned = RecurrentLayer.reverseTime(yb);
            yb.close();
            yb = aligned;
        }
        switch (mergeMode) {
            case NONE:
                out.add(yf);
                out.add(yb);
                break;
            case CONCAT:
                out.add(Tensor.concat(-1, yf, yb));
                break;
            case SUM:
                out.add(yf.add(yb));
                break;
            case MUL:
                out.add(yf.mul(yb));
                break;
            default:
                try (Tensor s = yf.add(yb)) {
                    out.add(s.mul(0.5));
                }
        }
        if (mergeMode != MergeMode.NONE) {
            yf.close();
            yb.close();
        }
        out.addAll(Arrays.asList(f).subList(1, f.length));
        out.addAll(Arrays.asList(b).subList(1, b.length));
        return out.toArray(new Tensor[0]);
    }

    /** Forgets both directions' carried states (stateful layers). */
    public void resetStates() {
        forwardLayer.resetStates();
        backwardLayer.resetStates();
    }

    // ---- config ----------------------------------------------------------------------------

    @Override
    public Config config() {
        return super.config().put("layer", NestedLayers.withDType(template, dtype())).put("mergeMode", mergeMode);
    }

    public static Bidirectional fromConfig(Config c) {
        Layer inner = NestedLayers.create(c.getConfig("layer"));
        if (!(inner instanceof RecurrentLayer)) {
            throw new IllegalArgumentException("Bidirectional config: the wrapped layer must be recurrent, got " + inner);
        }
        return applyCommon(new Bidirectional((RecurrentLayer) inner, c.getEnum("mergeMode", MergeMode.class),
                c.getString("name", null)), c);
    }

    @Override
    public String toString() {
        return "Bidirectional('" + name() + "', " + forwardLayer + ", " + mergeMode + ")";
    }
}
