package org.nn4j.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.nn4j.Scope;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.internal.Kernels;
import org.nn4j.internal.Storage;
import org.nn4j.internal.Strides;
import org.nn4j.internal.TensorAccess;
import org.nn4j.internal.ThreadState;
import org.nn4j.ops.InPlace;

/**
 * Reverse-mode executor. Finds the nodes reachable from the roots, counts for each how many
 * edges lead into it, then runs them in topological order (a node runs once every consumer has
 * sent its gradient), summing fan-in. Runs in no-grad mode; each node's temporaries live in a
 * scope closed right after it. Gradient tensors are treated as immutable values that the engine
 * owns, except a leaf's .grad, which accumulates in place.
 */
final class Engine {
    private static final TensorAccess T = TensorAccess.get();
    private static final AtomicInteger RUN_IDS = new AtomicInteger();

    private Engine() {}

    /**
     * Back-propagates upstreams from roots. With {@code inputs == null}, accumulates into leaf
     * .grad fields; otherwise returns the gradient w.r.t. each input (zeros if unreached) and
     * touches no .grad.
     */
    static Tensor[] run(Tensor[] roots, Tensor[] upstreams, Tensor[] inputs, boolean retainGraph) {
        ThreadState st = ThreadState.get();
        boolean prevMode = st.gradEnabled;
        st.gradEnabled = false;
        int runId = RUN_IDS.incrementAndGet();
        Run run = new Run(runId, inputs, retainGraph);
        try {
            run.execute(roots, upstreams);
            return run.results();
        } finally {
            run.cleanup();
            st.gradEnabled = prevMode;
        }
    }

    private static final class Run {
        final int id;
        final Tensor[] inputs;       // null: accumulate into leaves
        final boolean retainGraph;
        final ArrayList<GradFn> nodes = new ArrayList<>();
        final Tensor[] captured;     // grad mode: one per input
        IdentityHashMap<Tensor, Integer> leafTargets;

        Run(int id, Tensor[] inputs, boolean retainGraph) {
            this.id = id;
            this.inputs = inputs;
            this.retainGraph = retainGraph;
            this.captured = inputs == null ? null : new Tensor[inputs.length];
        }

        void execute(Tensor[] roots, Tensor[] upstreams) {
            // seed gradients
            for (int r = 0; r < roots.length; r++) {
                Tensor root = roots[r];
                Tensor up = seed(root, upstreams == null ? null : upstreams[r]);
                GradFn fn = T.gradFn(root);
                if (fn != null) {
                    if (fn.runId != id) discover(fn);
                    addPending(fn, T.outputIndex(root), up);
                } else {
                    deliverToLeaf(root, up);
                }
            }
            if (inputs != null) markTargets();
            // nodes nobody inside the graph feeds are ready
            ArrayDeque<GradFn> ready = new ArrayDeque<>();
            for (GradFn fn : nodes) if (fn.deps == 0) ready.push(fn);
            while (!ready.isEmpty()) {
                GradFn fn = ready.pop();
                Tensor[] grads = fn.pending;
                fn.pending = null;
                capture(fn, grads);
                Tensor[] inGrads = fn.needed ? apply(fn, grads) : null;
                closeAll(grads);
                for (int i = 0; i < fn.nextFns.length; i++) {
                    Tensor g = inGrads == null ? null : inGrads[i];
                    GradFn next = fn.nextFns[i];
                    if (next != null && next.runId == id) {
                        if (g != null) addPending(next, fn.nextOutputs[i], g);
                        if (--next.deps == 0) ready.push(next);
                    } else if (g != null && fn.nextLeaves[i] != null) {
                        deliverToLeaf(fn.nextLeaves[i], g);
                    } else if (g != null) {
                        g.close();
                    }
                }
                if (!retainGraph) fn.freeSaved();
            }
        }

        /** The upstream gradient of a root, checked; owned by the engine. */
        private Tensor seed(Tensor root, Tensor up) {
            T.checkOpen(root, "backward");
            if (!root.requiresGrad()) {
                throw new IllegalStateException("backward: tensor " + root.shape() + " " + root.dtype()
                        + " does not require grad (no input had requiresGrad(true), or it was made under noGrad)");
            }
            if (up == null) {
                if (root.numel() != 1) {
                    throw new IllegalStateException("backward: output " + root.shape() + " is not a scalar; "
                            + "pass an upstream gradient of that shape, e.g. backward(output.onesLike())");
                }
                Tensor ones = root.onesLike();
                T.untrack(ones);
                return ones;
            }
            T.checkOpen(up, "backward");
            if (!Arrays.equals(T.shape(up), T.shape(root)) || up.dtype() != root.dtype()
                    || !up.device().equals(root.device())) {
                throw new IllegalArgumentException("backward: upstream gradient " + up.shape() + " " + up.dtype()
                        + " on " + up.device() + " does not match the output " + root.shape() + " " + root.dtype()
                        + " on " + root.device());
            }
            return T.aliasUntracked(up);
        }

        /** Iterative DFS from fn: collects nodes of this run and counts incoming edges. */
        private void discover(GradFn start) {
            ArrayDeque<GradFn> stack = new ArrayDeque<>();
            start.runId = id;
            start.deps = 0;
            start.needed = inputs == null;
            start.pending = null;
            start.captureSlots = null;
            stack.push(start);
            nodes.add(start);
            while (!stack.isEmpty()) {
                GradFn fn = stack.pop();
                for (GradFn next : fn.nextFns) {
                    if (next == null) continue;
                    if (next.runId != id) {
                        next.runId = id;
                        next.deps = 0;
                        next.needed = inputs == null;
                        next.pending = null;
                        next.captureSlots = null;
                        nodes.add(next);
                        stack.push(next);
                    }
                    next.deps++;
                }
            }
        }

        /** grad mode: where to capture, and which nodes lead to a target (the others are skipped). */
        private void markTargets() {
            leafTargets = new IdentityHashMap<>();
            for (int k = 0; k < inputs.length; k++) {
                Tensor in = inputs[k];
                T.checkOpen(in, "Autograd.grad");
                GradFn fn = T.gradFn(in);
                if (fn != null) {
                    if (fn.runId != id) continue;  // not in this graph: zeros
                    if (fn.captureSlots == null) {
                        fn.captureSlots = new int[fn.numOutputs()];
                        Arrays.fill(fn.captureSlots, -1);
                    }
                    if (fn.captureSlots[T.outputIndex(in)] >= 0) {
                        throw new IllegalArgumentException("Autograd.grad: input " + k + " is given twice");
                    }
                    fn.captureSlots[T.outputIndex(in)] = k;
                } else if (leafTargets.put(in, k) != null) {
                    throw new IllegalArgumentException("Autograd.grad: input " + k + " is given twice");
                }
            }
            // discovery order is a pre-order from the roots: visit in reverse so inputs come first
            boolean changed = true;
            while (changed) {
                changed = false;
                for (int j = nodes.size() - 1; j >= 0; j--) {
                    GradFn fn = nodes.get(j);
                    if (fn.needed) continue;
                    for (int i = 0; i < fn.nextFns.length; i++) {
                        GradFn next = fn.nextFns[i];
                        boolean leads = next != null && next.runId == id
                                && (next.needed || (next.captureSlots != null && next.captureSlots[fn.nextOutputs[i]] >= 0));
                        if (leads || (fn.nextLeaves[i] != null && leafTargets.containsKey(fn.nextLeaves[i]))) {
                            fn.needed = true;
                            changed = true;
                            break;
                        }
                    }
                }
            }
        }

        private void capture(GradFn fn, Tensor[] grads) {
            if (fn.captureSlots == null || grads == null) return;
            for (int o = 0; o < fn.captureSlots.length; o++) {
                int k = fn.captureSlots[o];
                if (k >= 0 && grads[o] != null) captured[k] = T.aliasUntracked(grads[o]);
            }
        }

        private void addPending(GradFn fn, int output, Tensor g) {
            checkGrad(fn, output, g);
            if (fn.pending == null) fn.pending = new Tensor[fn.numOutputs()];
            Tensor old = fn.pending[output];
            if (old == null) {
                fn.pending[output] = g;
            } else {
                Tensor sum = old.add(g);
                T.untrack(sum);
                old.close();
                g.close();
                fn.pending[output] = sum;
            }
        }

        private void checkGrad(GradFn fn, int output, Tensor g) {
            if (!Arrays.equals(T.shape(g), fn.outputShapes[output]) || g.dtype() != fn.outputDtypes[output]) {
                throw new IllegalStateException("backward: a gradient " + g.shape() + " " + g.dtype()
                        + " reached output " + output + " of " + fn.name() + ", which is "
                        + Shape.format(fn.outputShapes[output]) + " " + fn.outputDtypes[output]
                        + " (a backward rule returned the wrong shape)");
            }
        }

        /** Runs fn's rule in its own scope; returns engine-owned grads, one per input. */
        private Tensor[] apply(GradFn fn, Tensor[] grads) {
            boolean any = false;
            if (grads != null) for (Tensor g : grads) any |= g != null;
            if (!any) return null;  // nothing flowed into this node
            Tensor[] in = grads.clone();
            for (int o = 0; o < in.length; o++) {
                if (in[o] == null) {
                    in[o] = Kernels.emptyHeapUntracked(fn.outputDtypes[o], fn.outputDevice, fn.outputShapes[o]);
                    Kernels.fill(in[o], 0);
                    grads[o] = in[o];  // closed with the others
                }
            }
            Tensor[] out;
            try (Scope scope = Scope.open()) {
                Tensor[] res = fn.runBackward(in);
                if (res == null || res.length != fn.numInputs()) {
                    throw new IllegalStateException("backward of " + fn.name() + " returned "
                            + (res == null ? "null" : res.length + " gradients") + " for " + fn.numInputs() + " inputs");
                }
                out = new Tensor[res.length];
                for (int i = 0; i < res.length; i++) {
                    Tensor r = res[i];
                    if (r == null || !fn.needsInputGrad(i)) continue;
                    T.checkOpen(r, "backward of " + fn.name());
                    boolean fresh = T.scopeOf(r) == scope;
                    for (int j = 0; j < i && fresh; j++) fresh = res[j] != r;
                    if (fresh) {
                        T.untrack(r);
                        out[i] = r;
                    } else {
                        out[i] = T.aliasUntracked(r);  // an input grad, a saved tensor, or a repeat
                    }
                }
            }
            return out;
        }

        private void deliverToLeaf(Tensor leaf, Tensor g) {
            if (inputs != null) {
                Integer k = leafTargets == null ? null : leafTargets.get(leaf);
                if (k == null) {
                    // root that is itself an input leaf, before targets are marked
                    for (int i = 0; i < inputs.length && k == null; i++) if (inputs[i] == leaf) k = i;
                }
                if (k == null) {
                    g.close();
                    return;
                }
                if (captured[k] == null) {
                    captured[k] = g;
                } else {
                    Tensor sum = captured[k].add(g);
                    T.untrack(sum);
                    captured[k].close();
                    g.close();
                    captured[k] = sum;
                }
                return;
            }
            if (leaf.isClosed()) {
                g.close();
                return;
            }
            if (!Arrays.equals(T.shape(g), T.shape(leaf)) || g.dtype() != leaf.dtype()) {
                g.close();
                throw new IllegalStateException("backward: gradient " + g.shape() + " " + g.dtype()
                        + " does not match leaf " + leaf.shape() + " " + leaf.dtype());
            }
            Tensor cur = T.gradField(leaf);
            if (cur == null || cur.isClosed()) {
                T.setGradField(leaf, adopt(g));
            } else {
                InPlace.addUnchecked(cur, g);
                g.close();
            }
        }

        /** A leaf's first gradient: kept as is when nothing else shares it, else copied to the heap. */
        private Tensor adopt(Tensor g) {
            Storage s = T.storage(g);
            long[] shape = T.shape(g);
            if (s.refCount() == 1 && !s.fromArena() && T.offset(g) == 0
                    && Strides.isContiguous(shape, T.strides(g))
                    && s.bytes == Strides.numel(shape) * g.dtype().byteSize()) {
                return g;
            }
            Tensor copy = Kernels.emptyHeapUntracked(g.dtype(), s.device, shape);
            Kernels.copy(g, copy);
            g.close();
            return copy;
        }

        Tensor[] results() {
            if (inputs == null) return null;
            Tensor[] res = new Tensor[inputs.length];
            for (int k = 0; k < inputs.length; k++) {
                Tensor c = captured[k];
                captured[k] = null;
                if (c == null) {
                    res[k] = inputs[k].zerosLike();
                } else {
                    T.track(c);
                    res[k] = c;
                }
            }
            return res;
        }

        void cleanup() {
            for (GradFn fn : nodes) {
                if (fn.pending != null) {
                    closeAll(fn.pending);
                    fn.pending = null;
                }
                fn.captureSlots = null;
            }
            if (captured != null) closeAll(captured);
        }

        private static void closeAll(Tensor[] ts) {
            if (ts == null) return;
            for (Tensor t : ts) if (t != null) t.close();
        }
    }
}
