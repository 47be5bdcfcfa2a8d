package org.nn4j.models;

import org.nn4j.nn.LayerRegistry;

/** Registers the model types with {@link LayerRegistry}, so that nested models and saved models load. */
public final class BuiltinModels {
    private BuiltinModels() {}

    public static void registerAll() {
        LayerRegistry.register("Model", Model::fromConfig);
        LayerRegistry.register("Sequential", Sequential::fromConfig);
        LayerRegistry.register("InputLayer", InputLayer::fromConfig);
    }
}
