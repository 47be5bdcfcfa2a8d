package org.nn4j.autograd;

import org.nn4j.Tensor;
import org.nn4j.internal.ThreadState;

/**
 * Reverse-mode automatic differentiation: grad mode, back-propagation, and the hook through
 * which ops record themselves ({@link #record}).
 *
 * <p>Rules: gradients accumulate into leaves' {@code .grad} until {@link Tensor#zeroGrad()};
 * fan-out sums; broadcast operands receive gradients summed back to their shape; backward runs
 * under no-grad (no higher-order graphs) and frees the graph's saved tensors unless
 * {@code retainGraph}.
 */
public final class Autograd {
    private Autograd() {}

    /** True when ops on this thread are being recorded. */
    public static boolean isGradEnabled() {
        return ThreadState.get().gradEnabled;
    }

    /** {@code try (NoGradScope ng = Autograd.noGrad()) { ... }}: nothing inside is recorded. */
    public static NoGradScope noGrad() {
        return new NoGradScope(false);
    }

    /** Turns recording back on inside a no-grad region, until closed. */
    public static NoGradScope enableGrad() {
        return new NoGradScope(true);
    }

    // ------------------------------------------------------------------ back-propagation

    /**
     * Back-propagates from {@code output} into the .grad of every leaf that requires grad.
     * {@code upstream} null means 1 and requires a one-element output.
     */
    public static void backward(Tensor output, Tensor upstream, boolean retainGraph) {
        Engine.run(new Tensor[] {output}, new Tensor[] {upstream}, null, retainGraph);
    }

    /** Back-propagates several outputs at once (upstream entries may be null for scalars). */
    public static void backward(Tensor[] outputs, Tensor[] upstreams, boolean retainGraph) {
        checkLengths(outputs, upstreams);
        Engine.run(outputs, upstreams, null, retainGraph);
    }

    /**
     * Gradients of a scalar {@code output} w.r.t. {@code inputs} (leaves or intermediate
     * tensors of the graph, e.g. an input image, which must have requiresGrad(true) before the
     * forward pass). Leaves' .grad is not touched; inputs the output does not depend on get
     * zeros. Frees the graph.
     */
    public static Tensor[] grad(Tensor output, Tensor... inputs) {
        return Engine.run(new Tensor[] {output}, new Tensor[] {null}, inputs, false);
    }

    /** Gradients of {@code sum_i <outputs[i], upstreams[i]>} w.r.t. inputs. Frees the graph. */
    public static Tensor[] grad(Tensor[] outputs, Tensor[] upstreams, Tensor[] inputs) {
        return grad(outputs, upstreams, inputs, false);
    }

    /** As {@link #grad(Tensor[], Tensor[], Tensor[])}; retainGraph keeps the graph for another pass. */
    public static Tensor[] grad(Tensor[] outputs, Tensor[] upstreams, Tensor[] inputs, boolean retainGraph) {
        if (upstreams == null) upstreams = new Tensor[outputs.length];
        checkLengths(outputs, upstreams);
        return Engine.run(outputs, upstreams, inputs, retainGraph);
    }

    private static void checkLengths(Tensor[] outputs, Tensor[] upstreams) {
        if (upstreams != null && upstreams.length != outputs.length) {
            throw new IllegalArgumentException("backward: " + outputs.length + " outputs but " + upstreams.length
                    + " upstream gradients");
        }
    }

    // ------------------------------------------------------------------ for op implementers

    /** True when grad mode is on and t requires grad: the op must record itself. */
    public static boolean needsGrad(Tensor t) {
        return t.requiresGrad() && ThreadState.get().gradEnabled;
    }

    public static boolean needsGrad(Tensor a, Tensor b) {
        return (a.requiresGrad() || b.requiresGrad()) && ThreadState.get().gradEnabled;
    }

    public static boolean needsGrad(Tensor... ts) {
        boolean any = false;
        for (Tensor t : ts) any |= t != null && t.requiresGrad();
        return any && ThreadState.get().gradEnabled;
    }

    /**
     * Records a single-output op: {@code out} gets a {@link GradFn} whose rule maps the output
     * gradient to one gradient per input (shape = that input's shape, null where
     * {@link GradFn#needsInputGrad} is false). {@code toSave} tensors stay alive for the rule
     * ({@link GradFn#saved}); the rule must not capture input tensors directly.
     */
    public static GradFn record(String name, Tensor out, Tensor[] inputs, Tensor[] toSave, GradFn.Rule rule) {
        return new GradFn(name, inputs, new Tensor[] {out}, toSave, rule, null);
    }

    /** Records a multi-output op (e.g. a {@link Function}). */
    public static GradFn record(String name, Tensor[] outs, Tensor[] inputs, Tensor[] toSave, GradFn.MultiRule rule) {
        return new GradFn(name, inputs, outs, toSave, null, rule);
    }
}
