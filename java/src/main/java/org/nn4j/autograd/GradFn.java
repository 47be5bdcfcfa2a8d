package org.nn4j.autograd;

import java.util.ArrayDeque;
import org.nn4j.DType;
import org.nn4j.Tensor;
import org.nn4j.internal.TensorAccess;

/**
 * A recorded op in the autograd graph: its name, edges to the nodes (or leaves) that produced
 * its inputs, the tensors it saved, and its backward rule. Made by {@link Autograd#record}.
 *
 * <p>Lifetime: every tensor made by the node and every downstream node holds one reference; when
 * the last goes (tensors closed, downstream nodes freed) the node closes its saved tensors and
 * drops its own edges. {@link Autograd#backward} frees saved tensors as it goes unless asked to
 * retain the graph.
 */
public final class GradFn {
    /** Backward of a single-output op: grads for each input (null where none is needed). */
    @FunctionalInterface
    public interface Rule {
        Tensor[] backward(GradFn node, Tensor grad);
    }

    /** Backward of a multi-output op: gradOutputs has one entry per output (zeros where none arrived). */
    @FunctionalInterface
    public interface MultiRule {
        Tensor[] backward(GradFn node, Tensor[] gradOutputs);
    }

    private static final TensorAccess T = TensorAccess.get();

    private final String name;
    // edge i: nextFns[i]/nextOutputs[i] for a non-leaf input, nextLeaves[i] for a leaf requiring grad
    final GradFn[] nextFns;
    final int[] nextOutputs;
    final Tensor[] nextLeaves;
    private Tensor[] saved;
    private final Rule rule;
    private final MultiRule multiRule;
    // what each output looks like, to check incoming grads and make zeros
    final long[][] outputShapes;
    final DType[] outputDtypes;
    final int outputDevice;
    private int refs;
    private boolean savedFreed;

    // scratch of one backward pass (single-threaded by contract)
    int runId;
    int deps;
    boolean needed;
    Tensor[] pending;
    int[] captureSlots;

    GradFn(String name, Tensor[] inputs, Tensor[] outputs, Tensor[] toSave, Rule rule, MultiRule multiRule) {
        this.name = name;
        int n = inputs.length;
        nextFns = new GradFn[n];
        nextOutputs = new int[n];
        nextLeaves = new Tensor[n];
        for (int i = 0; i < n; i++) {
            Tensor in = inputs[i];
            if (in == null) continue;
            GradFn fn = T.gradFn(in);
            if (fn != null) {
                nextFns[i] = fn;
                nextOutputs[i] = T.outputIndex(in);
                fn.refs++;
            } else if (T.leafRequiresGrad(in)) {
                nextLeaves[i] = in;
            }
        }
        if (toSave != null && toSave.length > 0) {
            saved = new Tensor[toSave.length];
            for (int i = 0; i < toSave.length; i++) {
                saved[i] = toSave[i] == null ? null : T.aliasUntracked(toSave[i]);
            }
        }
        this.rule = rule;
        this.multiRule = multiRule;
        outputShapes = new long[outputs.length][];
        outputDtypes = new DType[outputs.length];
        for (int i = 0; i < outputs.length; i++) {
            outputShapes[i] = T.shape(outputs[i]);
            outputDtypes[i] = outputs[i].dtype();
            T.setGradFn(outputs[i], this, i);
            refs++;
        }
        outputDevice = outputs.length == 0 ? 0 : T.storage(outputs[0]).device;
    }

    /** The op's name, e.g. "mul". */
    public String name() {
        return name;
    }

    public int numInputs() {
        return nextFns.length;
    }

    public int numOutputs() {
        return outputShapes.length;
    }

    /** True when input i needs a gradient (it requires grad); rules may skip the others (return null). */
    public boolean needsInputGrad(int i) {
        return nextFns[i] != null || nextLeaves[i] != null;
    }

    /** Saved tensor i (as passed to record). */
    public Tensor saved(int i) {
        if (savedFreed) {
            throw new IllegalStateException(name + ": the graph was already freed by a backward pass; "
                    + "pass retainGraph=true to back-propagate through it twice");
        }
        return saved[i];
    }

    /** The nodes producing this node's inputs (null for leaves and inputs without grad). */
    public GradFn[] nextFunctions() {
        return nextFns.clone();
    }

    Tensor[] runBackward(Tensor[] grads) {
        if (savedFreed) {
            throw new IllegalStateException(name + ": the graph was already freed by a backward pass; "
                    + "pass retainGraph=true to back-propagate through it twice");
        }
        return multiRule != null ? multiRule.backward(this, grads) : rule.backward(this, grads[0]);
    }

    /** Closes the saved tensors (after backward without retainGraph, or when the node dies). */
    void freeSaved() {
        savedFreed = true;
        Tensor[] s = saved;
        if (s != null) {
            saved = null;
            for (Tensor t : s) if (t != null) t.close();
        }
    }

    boolean savedFreed() {
        return savedFreed;
    }

    /** Drops one reference (an output tensor closed); the last frees the node and, transitively, unused upstream nodes. */
    public void releaseRef() {
        if (--refs > 0) return;
        ArrayDeque<GradFn> dead = new ArrayDeque<>();
        dead.push(this);
        while (!dead.isEmpty()) {
            GradFn fn = dead.pop();
            fn.freeSaved();
            for (int i = 0; i < fn.nextFns.length; i++) {
                GradFn next = fn.nextFns[i];
                if (next != null) {
                    fn.nextFns[i] = null;
                    if (--next.refs == 0) dead.push(next);
                }
                fn.nextLeaves[i] = null;
            }
        }
    }

    @Override
    public String toString() {
        return "GradFn(" + name + ", inputs=" + nextFns.length + ", outputs=" + outputShapes.length + ")";
    }
}
