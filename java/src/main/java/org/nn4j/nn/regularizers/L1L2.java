package org.nn4j.nn.regularizers;

import org.nn4j.Tensor;
import org.nn4j.nn.Config;

/** l1·Σ|w| + l2·Σw² (CURRICULUM K10: no ½, no 1/m). Gradients l1·sign(w) + 2·l2·w. */
public final class L1L2 implements Regularizer {
    private final double l1;
    private final double l2;

    public L1L2(double l1, double l2) {
        if (!(l1 >= 0) || !(l2 >= 0) || !Double.isFinite(l1) || !Double.isFinite(l2)) {
            throw new IllegalArgumentException("L1L2: factors must be finite and >= 0, got l1=" + l1 + ", l2=" + l2);
        }
        this.l1 = l1;
        this.l2 = l2;
    }

    public double l1() { return l1; }

    public double l2() { return l2; }

    @Override
    public Tensor penalty(Tensor w) {
        Tensor p = null;
        if (l1 > 0) p = w.abs().sum().mul(l1);
        if (l2 > 0) {
            Tensor q = w.square().sum().mul(l2);
            p = p == null ? q : p.add(q);
        }
        return p != null ? p : w.sum().mul(0.0);
    }

    @Override
    public Config config() {
        return new Config().put("type", "l1l2").put("l1", l1).put("l2", l2);
    }

    @Override
    public String toString() {
        return "L1L2(l1=" + l1 + ", l2=" + l2 + ")";
    }
}
