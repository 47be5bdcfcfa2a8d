package org.nn4j.nn.layers;

import org.nn4j.Tensor;
import org.nn4j.nn.Config;

/** The element-wise maximum of its inputs (two or more, one shape). No parameters. */
public final class Maximum extends Merge {
    public Maximum() {
        super(null);
    }

    private Maximum(String name) {
        super(name);
    }

    public static Builder<Maximum> builder() {
        return new Builder<>(Maximum::new);
    }

    @Override
    Tensor combine(Tensor a, Tensor b) {
        return a.maximum(b);
    }

    public static Maximum fromConfig(Config c) {
        return fromConfig(c, builder());
    }
}
