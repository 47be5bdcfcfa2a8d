package org.nn4j.nn.layers;

import org.nn4j.Tensor;
import org.nn4j.nn.Config;

/** The element-wise mean of its inputs (two or more, one shape). No parameters. */
public final class Average extends Merge {
    public Average() {
        super(null);
    }

    private Average(String name) {
        super(name);
    }

    public static Builder<Average> builder() {
        return new Builder<>(Average::new);
    }

    @Override
    Tensor finish(Tensor acc, int n) {
        return Args.then(acc, acc.div(n));
    }

    @Override
    Tensor combine(Tensor a, Tensor b) {
        return a.add(b);
    }

    public static Average fromConfig(Config c) {
        return fromConfig(c, builder());
    }
}
