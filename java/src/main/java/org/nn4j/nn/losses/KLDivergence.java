package org.nn4j.nn.losses;

import org.nn4j.Tensor;
import org.nn4j.nn.Config;
import org.nn4j.ops.Elementwise;

/**
 * CURRICULUM L13 {@code kld}: KL(y || p) = sum y log(y / p) over the class axis and any other
 * non-batch axes (K9), with 0 log 0 = 0 exactly (entries with y &lt;= 0 add nothing). p is
 * clipped to [{@link #EPSILON}, 1], so p = 0 stays finite. Targets are distributions of
 * yPred's shape.
 */
public final class KLDivergence extends BaseLoss<KLDivergence> {
    @Override
    protected Tensor perSample(Tensor t, Tensor yPred) {
        Tensor present = t.gt(0);
        // log of 1 where y = 0, so that neither the value nor any gradient sees log 0
        Tensor logY = Elementwise.where(present, t, 1.0).log();
        Tensor terms = t.mul(logY.sub(yPred.clamp(EPSILON, 1).log()));
        return sumPerSample(Elementwise.where(present, terms, 0.0));
    }

    @Override
    protected String expectedTarget() {
        return "probability distributions of yPred's shape";
    }

    @Override
    protected String type() {
        return "kld";
    }

    public static KLDivergence fromConfig(Config c) {
        return new KLDivergence().withBaseConfig(c);
    }
}
