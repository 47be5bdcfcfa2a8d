package org.nn4j.models;

import java.util.ArrayList;
import java.util.List;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.autograd.NoGradScope;
import org.nn4j.nn.CallContext;
import org.nn4j.nn.Layer;
import org.nn4j.nn.Variable;

/**
 * The explicit gradient scope of a custom training step (API7): records the forward pass in
 * training mode, gives the gradients of a loss w.r.t. chosen weights, and frees every
 * temporary of the step when closed.
 *
 * <pre>{@code
 * List<Variable> vars = model.trainableWeights();
 * for (Batch b : batches) {
 *     try (Scope step = Scope.open()) {          // owns the gradients after the tape closes
 *         List<Tensor> grads;
 *         try (GradientTape tape = model.tape()) {
 *             Tensor pred = tape.call(model, b.x()[0]);
 *             Tensor loss = lossFn.compute(b.y()[0], pred);
 *             lossValue = loss.item();
 *             grads = tape.gradient(loss, vars);
 *         }
 *         optimizer.apply(vars, grads);
 *     }
 * }
 * }</pre>
 *
 * <ul>
 *   <li>Inside the tape, ops are recorded even under an outer {@code Autograd.noGrad()}.</li>
 *   <li>{@link #context()} is a training {@link CallContext} at the model's next step, so Dropout
 *       draws a new mask each step and BatchNormalization updates its statistics.</li>
 *   <li>The tape is a {@link Scope}: tensors made inside are closed by {@link #close()}, except
 *       the gradients, which move to the enclosing scope (or, with none, to the caller, who closes
 *       them), and tensors passed to {@link #keep}.</li>
 *   <li>{@link #gradient} uses {@link Autograd#grad}: leaves' {@code .grad} fields are not
 *       touched, and the graph is freed, so it is called once per tape.</li>
 * </ul>
 */
public final class GradientTape implements AutoCloseable {
    private final Scope scope;
    private final NoGradScope recording;
    private final CallContext ctx;
    private boolean used;
    private boolean closed;

    GradientTape(long step) {
        this.recording = Autograd.enableGrad();
        this.scope = Scope.open();
        this.ctx = CallContext.training(step);
    }

    /** A tape with its own step counter value (for layers used without a model). */
    public static GradientTape open(long step) {
        return new GradientTape(step);
    }

    /** Training mode at this tape's step; pass it to {@link Layer#call(CallContext, Tensor...)}. */
    public CallContext context() {
        return ctx;
    }

    /** Runs a layer or model in training mode on one input; its first output. */
    public Tensor call(Layer layer, Tensor x) {
        return layer.call(ctx, x)[0];
    }

    /** Runs a layer or model in training mode on several inputs. */
    public Tensor[] call(Layer layer, Tensor... xs) {
        return layer.call(ctx, xs);
    }

    /**
     * d loss / d v for each variable (zeros for one the loss does not depend on), in order. The
     * gradients survive {@link #close()}.
     */
    public List<Tensor> gradient(Tensor loss, List<Variable> vars) {
        checkOpen("gradient");
        if (used) throw new IllegalStateException("GradientTape: gradient(...) was already called; the graph is freed");
        if (loss.numel() != 1) {
            throw new IllegalArgumentException("GradientTape.gradient: the loss must be a scalar, got shape " + loss.shape());
        }
        used = true;
        Tensor[] values = new Tensor[vars.size()];
        for (int i = 0; i < values.length; i++) values[i] = vars.get(i).value();
        List<Tensor> out = new ArrayList<>();
        if (values.length == 0) return out;
        Tensor[] g = Autograd.grad(loss, values);
        for (Tensor t : g) out.add(scope.keep(t));
        return out;
    }

    /** Moves t out of the tape's scope, like {@link Scope#keep}. */
    public Tensor keep(Tensor t) {
        checkOpen("keep");
        return scope.keep(t);
    }

    private void checkOpen(String what) {
        if (closed) throw new IllegalStateException("GradientTape." + what + ": the tape is closed");
    }

    /** Frees the step's temporaries and restores the previous grad mode. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            scope.close();
        } finally {
            recording.close();
        }
    }
}
