package org.nn4j.nn.losses;

import org.nn4j.Tensor;
import org.nn4j.nn.Config;

/** {@code squared_hinge}: max(1 - y yPred, 0)^2, mean over the sample's elements; labels as in {@link Hinge}. */
public final class SquaredHinge extends ElementwiseLoss<SquaredHinge> {
    @Override
    protected Tensor elements(Tensor t, Tensor yPred) {
        return Hinge.margin(t, yPred).square();
    }

    @Override
    protected String expectedTarget() {
        return "yTrue of yPred's shape with labels -1/+1 (or 0/1)";
    }

    @Override
    protected String type() {
        return "squared_hinge";
    }

    public static SquaredHinge fromConfig(Config c) {
        return new SquaredHinge().withBaseConfig(c);
    }
}
