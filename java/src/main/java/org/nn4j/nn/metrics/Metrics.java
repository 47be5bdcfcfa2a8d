package org.nn4j.nn.metrics;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nn4j.Shape;
import org.nn4j.nn.Config;
import org.nn4j.nn.losses.BinaryCrossentropy;
import org.nn4j.nn.losses.Hinge;
import org.nn4j.nn.losses.Loss;
import org.nn4j.nn.losses.SquaredHinge;

/**
 * Metrics by id (CURRICULUM API4: a string is the same as the object with default settings) and
 * from a saved {@link Metric#config()}, whose "type" key is the id. Custom metrics register a
 * factory so that saved models that use them load.
 */
public final class Metrics {
    private static final Map<String, Function<Config, Metric>> TYPES = new ConcurrentHashMap<>();
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("acc", "accuracy"),
            Map.entry("categorical_accuracy", "accuracy"),
            Map.entry("sparse_categorical_accuracy", "accuracy"),
            Map.entry("top_k", "top_k_categorical_accuracy"),
            Map.entry("sparse_top_k", "sparse_top_k_categorical_accuracy"),
            Map.entry("f1_score", "f1"),
            Map.entry("mean_absolute_error", "mae"),
            Map.entry("mean_squared_error", "mse"),
            Map.entry("root_mean_squared_error", "rmse"));
    /** "top_3", "top_3_accuracy", "sparse_top_3_accuracy": top-k with that k. */
    private static final Pattern TOP_K = Pattern.compile("(sparse_)?top_(\\d+)(_accuracy)?");

    static {
        TYPES.put("accuracy", Accuracy::fromConfig);
        TYPES.put("binary_accuracy", BinaryAccuracy::fromConfig);
        TYPES.put("top_k_categorical_accuracy", TopKCategoricalAccuracy::fromConfig);
        TYPES.put("sparse_top_k_categorical_accuracy", TopKCategoricalAccuracy::fromConfig);
        TYPES.put("precision", Precision::fromConfig);
        TYPES.put("recall", Recall::fromConfig);
        TYPES.put("f1", F1Score::fromConfig);
        TYPES.put("fbeta", FBetaScore::fromConfig);
        TYPES.put("confusion_matrix", ConfusionMatrix::fromConfig);
        TYPES.put("mae", MeanAbsoluteError::fromConfig);
        TYPES.put("mse", MeanSquaredError::fromConfig);
        TYPES.put("rmse", RootMeanSquaredError::fromConfig);
        TYPES.put("auc", AUC::fromConfig);
        TYPES.put("mean", Mean::fromConfig);
    }

    private Metrics() {}

    /** A new metric with default settings: "accuracy", "binary_accuracy", "top_k", "precision", ... */
    public static Metric get(String id) {
        if (id == null) throw new IllegalArgumentException("Metrics.get: id is null");
        // ids are case-insensitive, except that a registered custom type matches as spelled
        String key = TYPES.containsKey(id) ? id : id.toLowerCase(Locale.ROOT);
        Matcher m = TOP_K.matcher(key);
        if (m.matches()) {
            int k = Integer.parseInt(m.group(2));
            return m.group(1) != null ? TopKCategoricalAccuracy.sparse(k) : new TopKCategoricalAccuracy(k);
        }
        return fromConfig(new Config().put("type", ALIASES.getOrDefault(key, key)));
    }

    /**
     * As {@link #get(String)}, with "accuracy"/"acc" resolved from the loss (CURRICULUM U1):
     * binary accuracy under binary cross-entropy (threshold 0 on logits) and the hinge losses
     * (threshold 0 on margins), keeping the key "accuracy"; class accuracy otherwise.
     */
    public static Metric get(String id, Loss loss) {
        return get(id, loss, null);
    }

    /**
     * As {@link #get(String, Loss)}, also knowing the per-sample output shape (null: unknown):
     * "accuracy" of a single unit per sample ((), or last axis 1) is binary accuracy, as in Keras,
     * threshold 0.5 (0 for logits), since class accuracy needs K &gt;= 2 scores.
     */
    public static Metric get(String id, Loss loss, Shape outputShape) {
        String key = id == null ? null : id.toLowerCase(Locale.ROOT);
        boolean accuracy = "accuracy".equals(key) || "acc".equals(key);
        if (accuracy && loss instanceof BinaryCrossentropy) {
            return new BinaryAccuracy(((BinaryCrossentropy) loss).fromLogits() ? 0 : 0.5).named("accuracy");
        }
        if (accuracy && (loss instanceof Hinge || loss instanceof SquaredHinge)) {
            return new BinaryAccuracy(0).named("accuracy");
        }
        if (accuracy && outputShape != null && (outputShape.rank() == 0 || outputShape.dim(-1) == 1)) {
            return new BinaryAccuracy().named("accuracy");
        }
        return get(id);
    }

    /** Rebuilds a metric from its config (the "type" key picks the class). */
    public static Metric fromConfig(Config config) {
        if (config == null || !config.has("type")) {
            throw new IllegalArgumentException("Metrics.fromConfig: the config has no \"type\" key: " + config);
        }
        String type = config.getString("type");
        Function<Config, Metric> f = TYPES.get(ALIASES.getOrDefault(type, type));
        if (f == null) {
            throw new IllegalArgumentException("unknown metric '" + type + "'; known: " + new TreeMap<>(TYPES).keySet()
                    + ", aliases " + new TreeMap<>(ALIASES).keySet() + " and top_<k>. Register custom metrics with "
                    + "Metrics.register");
        }
        return f.apply(config);
    }

    /** Makes {@link #get} and {@link #fromConfig} know a custom metric type. */
    public static void register(String type, Function<Config, Metric> factory) {
        if (type == null || factory == null) throw new IllegalArgumentException("Metrics.register: type and factory are required");
        TYPES.put(type, factory);
    }
}
