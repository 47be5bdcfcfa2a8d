package org.nn4j.io;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.nn4j.nn.Config;
import org.nn4j.optim.Optimizer;
import org.nn4j.optim.Optimizers;

/**
 * Rebuilds a saved model's optimizer from its {@link Optimizer#config()}. Custom optimizers
 * register a factory under the value of their config's "name" (or "type") key; the built-in
 * optimizers come from {@link Optimizers#fromConfig}.
 */
public final class OptimizerRegistry {
    private static final Map<String, Function<Config, Optimizer>> CUSTOM = new ConcurrentHashMap<>();

    private OptimizerRegistry() {}

    /** Makes saved models whose optimizer config has this "name" (or "type") loadable. */
    public static void register(String name, Function<Config, Optimizer> factory) {
        if (name == null || factory == null) throw new IllegalArgumentException("OptimizerRegistry.register: name and factory are required");
        CUSTOM.put(name, factory);
    }

    public static Optimizer fromConfig(Config c) {
        String key = c.has("name") ? c.getString("name") : c.getString("type", null);
        if (key == null) throw new IllegalArgumentException("the optimizer config has no \"name\": " + c);
        Function<Config, Optimizer> f = CUSTOM.get(key);
        if (f != null) return f.apply(c);
        if (!c.has("name")) {
            throw new IllegalArgumentException("unknown optimizer type '" + key + "'; registered custom optimizers: "
                    + new TreeMap<>(CUSTOM).keySet() + ". Register custom optimizers with OptimizerRegistry.register");
        }
        try {
            return Optimizers.fromConfig(c);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + "; registered custom optimizers: " + new TreeMap<>(CUSTOM).keySet()
                    + ". Register custom optimizers with OptimizerRegistry.register", e);
        }
    }
}
