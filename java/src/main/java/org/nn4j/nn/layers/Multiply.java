package org.nn4j.nn.layers;

import org.nn4j.Tensor;
import org.nn4j.nn.Config;

/** The element-wise product of its inputs (two or more, one shape). No parameters. */
public final class Multiply extends Merge {
    public Multiply() {
        super(null);
    }

    private Multiply(String name) {
        super(name);
    }

    public static Builder<Multiply> builder() {
        return new Builder<>(Multiply::new);
    }

    @Override
    Tensor combine(Tensor a, Tensor b) {
        return a.mul(b);
    }

    public static Multiply fromConfig(Config c) {
        return fromConfig(c, builder());
    }
}
