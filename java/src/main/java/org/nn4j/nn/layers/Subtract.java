package org.nn4j.nn.layers;

import org.nn4j.Tensor;
import org.nn4j.nn.Config;

/** Input 0 minus input 1 (exactly two inputs of one shape). No parameters. */
public final class Subtract extends Merge {
    public Subtract() {
        super(null);
    }

    private Subtract(String name) {
        super(name);
    }

    public static Builder<Subtract> builder() {
        return new Builder<>(Subtract::new);
    }

    @Override
    public int maxInputs() {
        return 2;
    }

    @Override
    Tensor combine(Tensor a, Tensor b) {
        return a.sub(b);
    }

    public static Subtract fromConfig(Config c) {
        return fromConfig(c, builder());
    }
}
