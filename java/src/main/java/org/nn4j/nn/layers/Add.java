package org.nn4j.nn.layers;

import org.nn4j.Tensor;
import org.nn4j.nn.Config;

/** The element-wise sum of its inputs (two or more, one shape). No parameters. */
public final class Add extends Merge {
    public Add() {
        super(null);
    }

    private Add(String name) {
        super(name);
    }

    public static Builder<Add> builder() {
        return new Builder<>(Add::new);
    }

    @Override
    Tensor combine(Tensor a, Tensor b) {
        return a.add(b);
    }

    public static Add fromConfig(Config c) {
        return fromConfig(c, builder());
    }
}
