package org.nn4j.nn.losses;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.nn4j.nn.Config;

/**
 * Losses by id (CURRICULUM §4, API4: a string is the same as the object with default settings)
 * and from a saved {@link Loss#config()}, whose "type" key is the id. Custom losses register a
 * factory so that saved models that use them load. (The fused kernels these losses use are in
 * {@link org.nn4j.ops.nn.Losses}.)
 */
public final class Losses {
    private static final Map<String, Function<Config, Loss>> TYPES = new ConcurrentHashMap<>();
    private static final Map<String, String> ALIASES = Map.of(
            "mean_squared_error", "mse",
            "mean_absolute_error", "mae",
            "huber_loss", "huber",
            "bce", "binary_crossentropy",
            "cce", "categorical_crossentropy",
            "kl_divergence", "kld",
            "kullback_leibler_divergence", "kld");

    static {
        TYPES.put("mse", MeanSquaredError::fromConfig);
        TYPES.put("mae", MeanAbsoluteError::fromConfig);
        TYPES.put("huber", Huber::fromConfig);
        TYPES.put("binary_crossentropy", BinaryCrossentropy::fromConfig);
        TYPES.put("categorical_crossentropy", CategoricalCrossentropy::fromConfig);
        TYPES.put("sparse_categorical_crossentropy", SparseCategoricalCrossentropy::fromConfig);
        TYPES.put("hinge", Hinge::fromConfig);
        TYPES.put("squared_hinge", SquaredHinge::fromConfig);
        TYPES.put("kld", KLDivergence::fromConfig);
        TYPES.put("cosine_similarity", CosineSimilarity::fromConfig);
    }

    private Losses() {}

    /** A new loss with default settings: "mse", "mae", "huber", "binary_crossentropy", ... (or an alias). */
    public static Loss get(String id) {
        if (id == null) throw new IllegalArgumentException("Losses.get: id is null");
        // ids are case-insensitive, except that a registered custom type matches as spelled
        String key = TYPES.containsKey(id) ? id : id.toLowerCase(Locale.ROOT);
        return fromConfig(new Config().put("type", ALIASES.getOrDefault(key, key)));
    }

    /** Rebuilds a loss from its config (the "type" key picks the class). */
    public static Loss fromConfig(Config config) {
        if (config == null || !config.has("type")) {
            throw new IllegalArgumentException("Losses.fromConfig: the config has no \"type\" key: " + config);
        }
        String type = config.getString("type");
        Function<Config, Loss> f = TYPES.get(ALIASES.getOrDefault(type, type));
        if (f == null) {
            throw new IllegalArgumentException("unknown loss '" + type + "'; known: " + new TreeMap<>(TYPES).keySet()
                    + " and aliases " + new TreeMap<>(ALIASES).keySet() + ". Register custom losses with Losses.register");
        }
        return f.apply(config);
    }

    /** Makes {@link #get} and {@link #fromConfig} know a custom loss type. */
    public static void register(String type, Function<Config, Loss> factory) {
        if (type == null || factory == null) throw new IllegalArgumentException("Losses.register: type and factory are required");
        TYPES.put(type, factory);
    }
}
