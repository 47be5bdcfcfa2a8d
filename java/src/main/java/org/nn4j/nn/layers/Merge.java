package org.nn4j.nn.layers;

import java.util.function.Function;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.nn.CallContext;
import org.nn4j.nn.Config;
import org.nn4j.nn.Layer;

/**
 * An element-wise merge of two or more inputs of one shape (CURRICULUM API2): {@link Add},
 * {@link Subtract} (exactly two), {@link Multiply}, {@link Average}, {@link Maximum}. No
 * parameters.
 */
public abstract class Merge extends Layer {
    Merge(String name) {
        super(name);
    }

    @Override
    public int minInputs() {
        return 2;
    }

    @Override
    public int maxInputs() {
        return Integer.MAX_VALUE;
    }

    @Override
    public final Shape[] outputShapes(Shape... in) {
        checkInputCount(in.length);
        for (int i = 1; i < in.length; i++) {
            if (!in[i].equals(in[0])) {
                throw error("inputs must have one per-sample shape, got " + in[0] + " (input 0) and " + in[i]
                        + " (input " + i + ")");
            }
        }
        return new Shape[] {in[0]};
    }

    @Override
    protected final boolean compatibleRebuild(Shape[] built, Shape[] now) {
        return true;
    }

    /** Folds {@link #combine} over the inputs, then {@link #finish}. */
    @Override
    protected final Tensor[] forward(CallContext ctx, Tensor... inputs) {
        Tensor acc = combine(inputs[0], inputs[1]);
        for (int i = 2; i < inputs.length; i++) acc = Args.then(acc, combine(acc, inputs[i]));
        return one(finish(acc, inputs.length));
    }

    /** a (op) b, a new tensor. */
    abstract Tensor combine(Tensor a, Tensor b);

    /** The result from the folded value (Average divides); closes acc when it returns another tensor. */
    Tensor finish(Tensor acc, int n) {
        return acc;
    }

    /** Options of a merge layer: its name and the common options. */
    public static final class Builder<L extends Merge> extends LayerBuilder<Builder<L>, L> {
        private final Function<String, L> factory;

        Builder(Function<String, L> factory) {
            this.factory = factory;
        }

        @Override
        protected L create() {
            return factory.apply(layerName());
        }
    }

    static <L extends Merge> L fromConfig(Config c, Builder<L> b) {
        return b.common(c).build();
    }
}
