package org.nn4j.nn.layers;

import java.util.Objects;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.nn.CallContext;
import org.nn4j.nn.Config;
import org.nn4j.nn.Layer;
import org.nn4j.nn.Variable;
import org.nn4j.nn.init.Initializer;
import org.nn4j.nn.init.Initializers;
import org.nn4j.nn.regularizers.Regularizer;
import org.nn4j.ops.nn.BatchNormOptions;
import org.nn4j.ops.nn.Normalization;

/**
 * Batch normalization (CURRICULUM R7) over every axis but {@code axis}: y = gamma (x - mu_B) /
 * sqrt(var_B + eps) + beta with the batch statistics in training, the moving ones in inference.
 * {@code axis} counts the batch axis as 0: 1 (default) is the channel axis of (N, C, ...) and the
 * feature axis of (N, F); -1 the last axis, e.g. features of (N, T, F).
 *
 * <p>Weights: gamma (C, trainable, when {@code scale}), beta (C, trainable, when {@code center}),
 * moving_mean and moving_variance (C, non-trainable): 4C parameters, 2C of them non-trainable.
 * The moving statistics change only in a training-mode call: mu_r = rho mu_r + (1 - rho) mu_B,
 * var_r = rho var_r + (1 - rho) var_B n / (n - 1). A frozen layer (trainable false) runs in
 * inference mode even inside fit. Defaults: momentum rho 0.99, epsilon 1e-3, center and scale on,
 * gamma 1, beta 0, moving mean 0, moving variance 1.
 */
public final class BatchNormalization extends Layer {
    private final int axis;
    private final double momentum, epsilon;
    private final boolean center, scale;
    private final Initializer betaInitializer, gammaInitializer, movingMeanInitializer, movingVarianceInitializer;
    private final Regularizer betaRegularizer, gammaRegularizer;
    private Variable gamma, beta, movingMean, movingVariance;

    public BatchNormalization() {
        this(builder());
    }

    private BatchNormalization(Builder b) {
        super(b.layerName());
        if (b.axis == 0) throw new IllegalArgumentException("BatchNormalization: axis 0 is the batch axis; use 1 or -1");
        if (!(b.momentum >= 0 && b.momentum <= 1)) {
            throw new IllegalArgumentException("BatchNormalization: momentum = " + b.momentum + " is outside [0, 1]");
        }
        if (!(b.epsilon > 0) || !Double.isFinite(b.epsilon)) {
            throw new IllegalArgumentException("BatchNormalization: epsilon = " + b.epsilon + " must be finite and > 0");
        }
        axis = b.axis;
        momentum = b.momentum;
        epsilon = b.epsilon;
        center = b.center;
        scale = b.scale;
        betaInitializer = b.betaInitializer;
        gammaInitializer = b.gammaInitializer;
        movingMeanInitializer = b.movingMeanInitializer;
        movingVarianceInitializer = b.movingVarianceInitializer;
        betaRegularizer = b.betaRegularizer;
        gammaRegularizer = b.gammaRegularizer;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int axis() {
        return axis;
    }

    /** The normalized axis of a batched tensor of this rank (never 0). */
    private int resolveAxis(int batchedRank) {
        int a = axis < 0 ? axis + batchedRank : axis;
        if (a < 1 || a >= batchedRank) {
            throw error("axis " + axis + " does not exist for inputs of per-sample rank " + (batchedRank - 1)
                    + " (axis counts the batch axis as 0)");
        }
        return a;
    }

    @Override
    public Shape[] outputShapes(Shape... in) {
        checkInputCount(in.length);
        int a = resolveAxis(in[0].rank() + 1);
        if (in[0].dim(a - 1) < 1) throw error("input " + in[0] + " has no features on axis " + axis);
        return new Shape[] {in[0]};
    }

    @Override
    protected boolean compatibleRebuild(Shape[] built, Shape[] now) {
        return built[0].rank() == now[0].rank()
                && built[0].dim(resolveAxis(built[0].rank() + 1) - 1) == now[0].dim(resolveAxis(now[0].rank() + 1) - 1);
    }

    @Override
    protected void doBuild(Shape... in) {
        long c = in[0].dim(resolveAxis(in[0].rank() + 1) - 1);
        long[] s = {c};
        if (scale) gamma = addWeight("gamma", s, c, c, gammaInitializer, gammaRegularizer, true);
        if (center) beta = addWeight("beta", s, c, c, betaInitializer, betaRegularizer, true);
        movingMean = addWeight("moving_mean", s, c, c, movingMeanInitializer, null, false);
        movingVariance = addWeight("moving_variance", s, c, c, movingVarianceInitializer, null, false);
    }

    @Override
    protected Tensor[] forward(CallContext ctx, Tensor... inputs) {
        Tensor x = inputs[0];
        int rank = x.rank(), a = resolveAxis(rank);
        BatchNormOptions opt = BatchNormOptions.builder().training(ctx.training() && isTrainable())
                .momentum(momentum).eps(epsilon).build();
        Tensor g = gamma == null ? null : gamma.value(), b = beta == null ? null : beta.value();
        if (a == 1) {
            return one(Normalization.batchNorm(x, g, b, movingMean.value(), movingVariance.value(), opt));
        }
        if (a == rank - 1) {
            // the last axis: (M, C) rows have the same statistics and need no transposition
            long[] d = x.dims();
            try (Tensor rows = x.reshape(-1, d[rank - 1]);
                 Tensor y = Normalization.batchNorm(rows, g, b, movingMean.value(), movingVariance.value(), opt)) {
                return one(y.reshape(d));
            }
        }
        int[] perm = new int[rank], inverse = new int[rank];
        perm[0] = 0;
        perm[1] = a;
        for (int i = 1, k = 2; i < rank; i++) if (i != a) perm[k++] = i;
        for (int i = 0; i < rank; i++) inverse[perm[i]] = i;
        Tensor y;
        try (Tensor moved = x.permute(perm)) {
            y = Normalization.batchNorm(moved, g, b, movingMean.value(), movingVariance.value(), opt);
        }
        return one(Args.then(y, y.permute(inverse)));
    }

    @Override
    public Config config() {
        Config c = super.config().put("axis", axis).put("momentum", momentum).put("epsilon", epsilon)
                .put("center", center).put("scale", scale);
        Args.put(c, "beta_initializer", betaInitializer);
        Args.put(c, "gamma_initializer", gammaInitializer);
        Args.put(c, "moving_mean_initializer", movingMeanInitializer);
        Args.put(c, "moving_variance_initializer", movingVarianceInitializer);
        Args.put(c, "beta_regularizer", betaRegularizer);
        Args.put(c, "gamma_regularizer", gammaRegularizer);
        return c;
    }

    public static BatchNormalization fromConfig(Config c) {
        return builder().common(c).axis(c.getInt("axis", 1)).momentum(c.getDouble("momentum", 0.99))
                .epsilon(c.getDouble("epsilon", 1e-3)).center(c.getBool("center", true)).scale(c.getBool("scale", true))
                .betaInitializer(Args.init(c, "beta_initializer", Initializers.zeros()))
                .gammaInitializer(Args.init(c, "gamma_initializer", Initializers.ones()))
                .movingMeanInitializer(Args.init(c, "moving_mean_initializer", Initializers.zeros()))
                .movingVarianceInitializer(Args.init(c, "moving_variance_initializer", Initializers.ones()))
                .betaRegularizer(Args.reg(c, "beta_regularizer")).gammaRegularizer(Args.reg(c, "gamma_regularizer"))
                .build();
    }

    public static final class Builder extends LayerBuilder<Builder, BatchNormalization> {
        private int axis = 1;
        private double momentum = 0.99, epsilon = 1e-3;
        private boolean center = true, scale = true;
        private Initializer betaInitializer = Initializers.zeros(), gammaInitializer = Initializers.ones();
        private Initializer movingMeanInitializer = Initializers.zeros(), movingVarianceInitializer = Initializers.ones();
        private Regularizer betaRegularizer, gammaRegularizer;

        private Builder() {}

        /** The normalized axis, counting the batch axis as 0 (1: channels / features; -1: last). */
        public Builder axis(int a) {
            axis = a;
            return this;
        }

        /** rho, the weight the moving averages keep (PyTorch's momentum is 1 - rho). */
        public Builder momentum(double m) {
            momentum = m;
            return this;
        }

        public Builder epsilon(double e) {
            epsilon = e;
            return this;
        }

        /** Whether to add beta. */
        public Builder center(boolean c) {
            center = c;
            return this;
        }

        /** Whether to multiply by gamma. */
        public Builder scale(boolean s) {
            scale = s;
            return this;
        }

        public Builder betaInitializer(Initializer i) {
            betaInitializer = Objects.requireNonNull(i, "BatchNormalization: betaInitializer");
            return this;
        }

        public Builder gammaInitializer(Initializer i) {
            gammaInitializer = Objects.requireNonNull(i, "BatchNormalization: gammaInitializer");
            return this;
        }

        public Builder movingMeanInitializer(Initializer i) {
            movingMeanInitializer = Objects.requireNonNull(i, "BatchNormalization: movingMeanInitializer");
            return this;
        }

        public Builder movingVarianceInitializer(Initializer i) {
            movingVarianceInitializer = Objects.requireNonNull(i, "BatchNormalization: movingVarianceInitializer");
            return this;
        }

        public Builder betaRegularizer(Regularizer r) {
            betaRegularizer = r;
            return this;
        }

        public Builder gammaRegularizer(Regularizer r) {
            gammaRegularizer = r;
            return this;
        }

        @Override
        protected BatchNormalization create() {
            return new BatchNormalization(this);
        }
    }
}
