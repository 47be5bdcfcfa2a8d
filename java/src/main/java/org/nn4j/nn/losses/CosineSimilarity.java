package org.nn4j.nn.losses;

import org.nn4j.Tensor;
import org.nn4j.nn.Config;

/**
 * {@code cosine_similarity} (Keras): -cos(yTrue, yPred) along {@code axis} (default -1), each
 * vector scaled by 1 / sqrt(max(sum x^2, 1e-12)) so that a zero vector gives 0, not NaN; when
 * other non-batch axes remain, the per-sample value is the mean of their cosines, so it stays in
 * [-1, 1] (-1: same direction).
 */
public final class CosineSimilarity extends BaseLoss<CosineSimilarity> {
    private static final double NORM_FLOOR = 1e-12;
    private int axis = -1;

    public CosineSimilarity() {}

    public CosineSimilarity(int axis) {
        axis(axis);
    }

    public CosineSimilarity axis(int axis) {
        if (axis == 0) throw new IllegalArgumentException(type() + ": axis 0 is the batch axis; pick the vector axis (default -1)");
        this.axis = axis;
        return this;
    }

    public int axis() {
        return axis;
    }

    @Override
    protected Tensor target(Tensor yTrue, Tensor yPred) {
        if (yPred.rank() < 2) {
            throw new IllegalArgumentException(type() + ": yPred " + yPred.shape() + " needs a vector axis: expected (N, D)");
        }
        LossChecks.axis(type(), axis, yPred.rank(), yPred.shape().toString());
        return super.target(yTrue, yPred);
    }

    private Tensor unit(Tensor x, int a) {
        return x.mul(x.square().sum(true, a).maximum(NORM_FLOOR).rsqrt());
    }

    @Override
    protected Tensor perSample(Tensor t, Tensor yPred) {
        int a = LossChecks.axis(type(), axis, yPred.rank(), yPred.shape().toString());
        Tensor cos = unit(t, a).mul(unit(yPred, a)).sum(false, a);
        return meanPerSample(cos).neg();
    }

    @Override
    protected String type() {
        return "cosine_similarity";
    }

    @Override
    protected void addConfig(Config c) {
        c.put("axis", axis);
    }

    public static CosineSimilarity fromConfig(Config c) {
        return new CosineSimilarity(c.getInt("axis", -1)).withBaseConfig(c);
    }
}
