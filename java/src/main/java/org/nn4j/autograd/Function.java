package org.nn4j.autograd;

import org.nn4j.Tensor;
import org.nn4j.internal.TensorAccess;

/**
 * A user-defined differentiable op (A5): subclass, implement {@link #forward} and
 * {@link #backward}, and call {@link #apply}. forward runs without recording; when an input
 * requires grad, the outputs get one node whose backward is yours.
 *
 * <pre>{@code
 * class Cube extends Function {
 *     protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
 *         ctx.saveForBackward(in[0]);
 *         return new Tensor[] {in[0].pow(3)};
 *     }
 *     protected Tensor[] backward(FunctionContext ctx, Tensor... g) {
 *         Tensor x = ctx.savedTensors()[0];
 *         return new Tensor[] {g[0].mul(x.square()).mul(3)};
 *     }
 * }
 * Tensor y = new Cube().apply(x)[0];
 * }</pre>
 */
public abstract class Function {
    /** Computes the outputs (not recorded). Save what backward needs with ctx.saveForBackward. */
    protected abstract Tensor[] forward(FunctionContext ctx, Tensor... inputs);

    /**
     * One gradient per input, each of that input's shape (null where not needed), from one
     * gradient per output (zeros for outputs that received none). Runs without recording.
     */
    protected abstract Tensor[] backward(FunctionContext ctx, Tensor... gradOutputs);

    /** The node's name in the graph; the class name by default. */
    public String name() {
        return getClass().getSimpleName();
    }

    /** Runs forward and records the op. */
    public final Tensor[] apply(Tensor... inputs) {
        boolean[] needs = new boolean[inputs.length];
        boolean any = false;
        for (int i = 0; i < inputs.length; i++) {
            needs[i] = inputs[i] != null && inputs[i].requiresGrad() && Autograd.isGradEnabled();
            any |= needs[i];
        }
        FunctionContext ctx = new FunctionContext(needs);
        Tensor[] outs;
        try (NoGradScope ng = Autograd.noGrad()) {
            outs = forward(ctx, inputs);
        }
        if (outs == null || outs.length == 0) {
            throw new IllegalStateException(name() + ".forward returned no outputs");
        }
        TensorAccess t = TensorAccess.get();
        for (int o = 0; o < outs.length; o++) {
            Tensor out = outs[o];
            boolean reused = out.gradFn() != null || out.requiresGrad();
            for (Tensor in : inputs) reused |= in == out;
            for (int p = 0; p < o; p++) reused |= outs[p] == out;
            if (reused) outs[o] = t.view(out, t.offset(out), t.shape(out), t.strides(out));
        }
        if (any) {
            GradFn node = Autograd.record(name(), outs, inputs, ctx.toSave(), (n, grads) -> backward(ctx, grads));
            ctx.bind(node);
        }
        return outs;
    }
}
