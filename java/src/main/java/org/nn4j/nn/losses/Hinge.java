package org.nn4j.nn.losses;

import org.nn4j.Tensor;
import org.nn4j.nn.Config;

/**
 * {@code hinge}: max(1 - y yPred, 0), mean over the sample's elements, for labels y in {-1, +1}
 * and raw scores yPred. As in Keras, a target whose values are all 0 or 1 is read as 0/1 labels
 * and mapped to -1/+1 (decided on the device, per call: a batch of only +1 reads the same either
 * way, and 0 is not a -1/+1 label).
 */
public final class Hinge extends ElementwiseLoss<Hinge> {
    @Override
    protected Tensor elements(Tensor t, Tensor yPred) {
        return margin(t, yPred);
    }

    /** max(1 - y yPred, 0) with y in {-1, +1}. */
    static Tensor margin(Tensor t, Tensor yPred) {
        Tensor zeroOrOne = t.eq(0).logicalOr(t.eq(1)).all();
        Tensor y = Tensor.where(zeroOrOne, t.mul(2).sub(1), t);
        return y.mul(yPred).neg().add(1).relu();
    }

    @Override
    protected String expectedTarget() {
        return "yTrue of yPred's shape with labels -1/+1 (or 0/1)";
    }

    @Override
    protected String type() {
        return "hinge";
    }

    public static Hinge fromConfig(Config c) {
        return new Hinge().withBaseConfig(c);
    }
}
