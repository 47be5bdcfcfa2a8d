package org.nn4j.nn;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Maps the type names in architecture JSON to factories, so a saved model can be rebuilt.
 * Built-in layers register themselves from {@code org.nn4j.nn.layers.BuiltinLayers}; users
 * register their own custom layers with {@link #register}.
 */
public final class LayerRegistry {
    private static final Map<String, Function<Config, Layer>> FACTORIES = new ConcurrentHashMap<>();
    private static volatile boolean builtinsLoaded;

    private LayerRegistry() {}

    public static void register(String typeName, Function<Config, Layer> factory) {
        FACTORIES.put(typeName, factory);
    }

    public static Layer create(String typeName, Config config) {
        loadBuiltins();
        Function<Config, Layer> f = FACTORIES.get(typeName);
        if (f == null) {
            throw new IllegalArgumentException("unknown layer type '" + typeName + "'; known types: "
                    + new TreeMap<>(FACTORIES).keySet() + ". Register custom layers with LayerRegistry.register");
        }
        return f.apply(config);
    }

    private static void loadBuiltins() {
        if (builtinsLoaded) return;
        synchronized (LayerRegistry.class) {
            if (builtinsLoaded) return;
            for (String cls : new String[] {"org.nn4j.nn.layers.BuiltinLayers", "org.nn4j.nn.layers.BuiltinRecurrentLayers",
                    "org.nn4j.models.BuiltinModels"}) {
                try {
                    Class.forName(cls).getMethod("registerAll").invoke(null);
                } catch (ClassNotFoundException e) {
                    // that package is not part of this build
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot register built-in layers from " + cls, e);
                }
            }
            builtinsLoaded = true;
        }
    }
}
