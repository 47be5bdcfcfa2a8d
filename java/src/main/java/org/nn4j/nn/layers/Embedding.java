package org.nn4j.nn.layers;

import org.nn4j.DType;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.nn.CallContext;
import org.nn4j.nn.Config;
import org.nn4j.nn.Layer;
import org.nn4j.nn.init.Initializer;
import org.nn4j.nn.init.Initializers;
import org.nn4j.nn.regularizers.Regularizer;

/**
 * Embedding lookup (CURRICULUM E2): integer ids of any per-sample shape S, e.g. (T), become rows
 * of the table {@code embeddings} (inputDim, outputDim): output (N, S..., outputDim), e_w =
 * E[w]. inputDim·outputDim parameters, initialized U(±0.05). The gradient is a scatter-add into
 * the looked-up rows (repeated ids accumulate; other rows get 0).
 *
 * <p>Ids are int32 or int64 in [0, inputDim); float ids holding whole numbers (as data loaders
 * often produce), of either precision, are converted, anything else is an error. The table and
 * the output have the layer's {@link #dtype()}. With {@code maskZero}, id 0 is
 * padding: {@link #computeMask} marks the real steps, and the vocabulary needs inputDim =
 * size + 1. The output at padding steps is still row 0.
 *
 * <pre>{@code
 * new Embedding(10_000, 64);
 * Embedding.builder(10_000, 64).maskZero(true).build();
 * }</pre>
 */
public final class Embedding extends Layer {
    private final long inputDim;
    private final long outputDim;
    private final boolean maskZero;
    private final Initializer initializer;
    private final Regularizer regularizer;

    public Embedding(long inputDim, long outputDim) {
        this(builder(inputDim, outputDim));
    }

    private Embedding(Builder b) {
        super(b.layerName());
        this.inputDim = b.inputDim;
        this.outputDim = b.outputDim;
        this.maskZero = b.maskZero;
        this.initializer = b.initializer;
        this.regularizer = b.regularizer;
    }

    public static Builder builder(long inputDim, long outputDim) {
        return new Builder(inputDim, outputDim);
    }

    public long inputDim() {
        return inputDim;
    }

    public long outputDim() {
        return outputDim;
    }

    public boolean maskZero() {
        return maskZero;
    }

    @Override
    public Shape[] outputShapes(Shape... in) {
        checkInputCount(in.length);
        long[] s = in[0].toArray();
        long[] out = java.util.Arrays.copyOf(s, s.length + 1);
        out[s.length] = outputDim;
        return new Shape[] {Shape.of(out)};
    }

    /** The table does not depend on the ids' shape, so any id shape may follow. */
    @Override
    protected boolean compatibleRebuild(Shape[] builtShapes, Shape[] newShapes) {
        return true;
    }

    /** Ids are not mixed with the table, so float ids of either precision suit a table of either dtype. */
    @Override
    protected boolean inputHasWeightsDType(int index) {
        return false;
    }

    @Override
    protected void doBuild(Shape... in) {
        addWeight("embeddings", new long[] {inputDim, outputDim}, inputDim, outputDim, initializer, regularizer, true);
    }

    @Override
    protected Tensor[] forward(CallContext ctx, Tensor... inputs) {
        Tensor ids = inputs[0];
        if (ids.dtype() == DType.INT32 || ids.dtype() == DType.INT64) {
            return one(org.nn4j.ops.nn.Embedding.embedding(weight("embeddings").value(), ids));
        }
        try (Tensor asInt = integerIds(ids)) {
            return one(org.nn4j.ops.nn.Embedding.embedding(weight("embeddings").value(), asInt));
        }
    }

    private Tensor integerIds(Tensor ids) {
        if (!ids.dtype().isFloatingPoint()) {
            throw error("ids must be int32 or int64, got " + ids.dtype() + " " + ids.shape());
        }
        try (var ng = Autograd.noGrad(); Tensor fl = ids.floor(); Tensor same = fl.eq(ids); Tensor all = same.all()) {
            if (all.item() == 0) {
                throw error("ids must be whole numbers; got non-integer values in a " + ids.dtype() + " " + ids.shape()
                        + " input (cast integer ids with to(DType.INT64))");
            }
            return ids.to(DType.INT64);
        }
    }

    /** With maskZero: true where ids != 0 (same shape as ids); null without maskZero. */
    public Tensor computeMask(Tensor ids) {
        if (!maskZero) return null;
        try (var ng = Autograd.noGrad()) {
            return ids.ne(0);
        }
    }

    @Override
    public Config config() {
        Config c = super.config();
        c.put("inputDim", inputDim);
        c.put("outputDim", outputDim);
        c.put("maskZero", maskZero);
        Args.put(c, "embeddingsInitializer", initializer);
        Args.put(c, "embeddingsRegularizer", regularizer);
        return c;
    }

    public static Embedding fromConfig(Config c) {
        return builder(c.getLong("inputDim"), c.getLong("outputDim")).common(c).maskZero(c.getBool("maskZero", false))
                .initializer(Args.init(c, "embeddingsInitializer", Initializers.randomUniform()))
                .regularizer(Args.reg(c, "embeddingsRegularizer")).build();
    }

    @Override
    public String toString() {
        return "Embedding('" + name() + "', " + inputDim + " -> " + outputDim + (maskZero ? ", maskZero" : "") + ")";
    }

    public static final class Builder extends LayerBuilder<Builder, Embedding> {
        private final long inputDim;
        private final long outputDim;
        private boolean maskZero;
        private Initializer initializer = Initializers.randomUniform();
        private Regularizer regularizer;

        private Builder(long inputDim, long outputDim) {
            if (inputDim < 1) throw new IllegalArgumentException("Embedding: inputDim (vocabulary size) must be >= 1, got " + inputDim);
            if (outputDim < 1) throw new IllegalArgumentException("Embedding: outputDim must be >= 1, got " + outputDim);
            this.inputDim = inputDim;
            this.outputDim = outputDim;
        }

        /** Id 0 is padding (see {@link Embedding#computeMask}). */
        public Builder maskZero(boolean flag) {
            this.maskZero = flag;
            return this;
        }

        /** Default U(±0.05). */
        public Builder initializer(Initializer init) {
            if (init == null) throw new IllegalArgumentException("Embedding: initializer is null");
            this.initializer = init;
            return this;
        }

        /** null for none. */
        public Builder regularizer(Regularizer reg) {
            this.regularizer = reg;
            return this;
        }

        @Override
        protected Embedding create() {
            return new Embedding(this);
        }
    }
}
