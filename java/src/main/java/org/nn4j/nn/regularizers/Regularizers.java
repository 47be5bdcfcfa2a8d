package org.nn4j.nn.regularizers;

import org.nn4j.nn.Config;

/** Weight penalties (CURRICULUM K10, R1); λ = 0.01 when not given. */
public final class Regularizers {
    private Regularizers() {}

    public static Regularizer l1(double l1) { return new L1L2(l1, 0); }
    public static Regularizer l2(double l2) { return new L1L2(0, l2); }
    public static Regularizer l1l2(double l1, double l2) { return new L1L2(l1, l2); }
    public static Regularizer l1() { return l1(0.01); }
    public static Regularizer l2() { return l2(0.01); }

    public static Regularizer fromConfig(Config c) {
        if (c == null) return null;
        String type = c.getString("type");
        if (type.equals("l1l2")) return new L1L2(c.getDouble("l1"), c.getDouble("l2"));
        throw new IllegalArgumentException("unknown regularizer type '" + type + "' in config " + c);
    }
}
