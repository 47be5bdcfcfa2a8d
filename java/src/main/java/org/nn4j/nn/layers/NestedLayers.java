package org.nn4j.nn.layers;

import org.nn4j.nn.Config;
import org.nn4j.nn.Layer;
import org.nn4j.nn.LayerRegistry;

/** How a wrapper layer's config holds the layer it wraps: {"type": typeName, "config": {...}}. */
final class NestedLayers {
    private NestedLayers() {}

    static Config describe(Layer layer) {
        return new Config().put("type", layer.typeName()).put("config", layer.config());
    }

    static Layer create(Config described) {
        return LayerRegistry.create(described.getString("type"), described.getConfig("config"));
    }
}
