package org.nn4j.nn.init;

import org.nn4j.Tensor;
import org.nn4j.nn.Config;

/** Makes a layer's initial weight values, deterministically from a seed (CURRICULUM §5). */
public interface Initializer {
    /**
     * A new float32 tensor of {@code shape}. fanIn / fanOut are given by the layer (see
     * {@code Layer.addWeight}); initializers that do not use them ignore them.
     */
    Tensor initialize(long[] shape, long fanIn, long fanOut, long seed);

    /** Type name and arguments, for the architecture JSON (see Initializers.fromConfig). */
    Config config();
}
