package org.nn4j.nn.losses;

import org.nn4j.Tensor;
import org.nn4j.nn.Config;

/**
 * {@code huber}: with e = yPred - yTrue, 0.5 e^2 where |e| &lt;= delta, else delta (|e| - 0.5 delta);
 * mean over the sample's elements. Default delta 1 (Keras).
 */
public final class Huber extends ElementwiseLoss<Huber> {
    private final double delta;

    public Huber() {
        this(1.0);
    }

    public Huber(double delta) {
        if (!(delta > 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("huber: delta = " + delta + " must be finite and > 0");
        }
        this.delta = delta;
    }

    public double delta() {
        return delta;
    }

    @Override
    protected Tensor elements(Tensor t, Tensor yPred) {
        // with q = min(|e|, delta): 0.5 q^2 + delta (|e| - q) is both branches without a select
        Tensor a = yPred.sub(t).abs();
        Tensor q = a.minimum(delta);
        return q.square().mul(0.5).add(a.sub(q).mul(delta));
    }

    @Override
    protected String type() {
        return "huber";
    }

    @Override
    protected void addConfig(Config c) {
        c.put("delta", delta);
    }

    public static Huber fromConfig(Config c) {
        return new Huber(c.getDouble("delta", 1.0)).withBaseConfig(c);
    }
}
