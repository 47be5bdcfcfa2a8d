package org.nn4j.nn.layers;

import org.nn4j.DType;
import org.nn4j.nn.Config;
import org.nn4j.nn.Layer;
import org.nn4j.nn.LayerRegistry;

/**
 * How a wrapper layer (Bidirectional, TimeDistributed) holds the layer it wraps: its config as
 * {"type": typeName, "config": {...}}, and its dtype, which is the wrapper's.
 */
final class NestedLayers {
    private NestedLayers() {}

    static Config describe(Layer layer) {
        return new Config().put("type", layer.typeName()).put("config", layer.config());
    }

    /**
     * A copy of a {@link #describe} result whose nested config has {@code dtype}: the wrapper gives
     * its dtype to the wrapped layer at build, so a saved wrapper says so in both places.
     */
    static Config withDType(Config described, DType dtype) {
        Config inner = new Config(described.getConfig("config").asMap());
        // Always last, so that the key order does not depend on whether the wrapped layer had one.
        inner.asMap().remove("dtype");
        if (dtype != DType.FLOAT32) inner.put("dtype", dtype);
        return new Config(described.asMap()).put("config", inner);
    }

    static Layer create(Config described) {
        return LayerRegistry.create(described.getString("type"), described.getConfig("config"));
    }

    /**
     * Gives the wrapper's dtype to a wrapped layer before it is built; a wrapped layer built
     * before with another dtype cannot take it and is an error.
     */
    static void inheritDType(Layer wrapper, Layer inner) {
        if (!inner.isBuilt()) {
            inner.dtype(wrapper.dtype());
        } else if (inner.dtype() != wrapper.dtype()) {
            throw new IllegalArgumentException(wrapper.typeName() + " '" + wrapper.name() + "': the wrapped layer "
                    + inner + " was built with " + inner.dtype() + " weights but the wrapper's dtype is "
                    + wrapper.dtype() + "; wrap an unbuilt layer or give the wrapper dtype(DType."
                    + inner.dtype().name() + ")");
        }
    }
}
