package org.nn4j.io;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.JsonSerializer;
import com.google.gson.ToNumberPolicy;
import com.google.gson.reflect.TypeToken;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nn4j.models.Model;
import org.nn4j.nn.Config;
import org.nn4j.nn.Layer;
import org.nn4j.nn.LayerRegistry;

/**
 * A model's architecture as JSON: {"class_name": "Sequential", "config": {...}}, the config
 * being {@link Model#config()} (layers, their arguments, and for functional models how they
 * connect). Numbers are read back as long when they are whole and as double otherwise, so long
 * seeds survive exactly; NaN and infinities are written as the bare words JavaScript uses.
 */
public final class ModelJson {
    static final Gson GSON = new GsonBuilder()
            .registerTypeHierarchyAdapter(Config.class, (JsonSerializer<Config>) (c, t, ctx) -> ctx.serialize(c.asMap()))
            .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
            .setNumberToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
            .serializeSpecialFloatingPointValues()
            .disableHtmlEscaping()
            .setPrettyPrinting()
            .create();

    private ModelJson() {}

    /** The architecture (no weights) as JSON. */
    public static String toJson(Model model) {
        return GSON.toJson(architecture(model).asMap());
    }

    /** A new model (new, initialized weights) from {@link #toJson} output. */
    public static Model fromJson(String json) {
        Map<String, Object> m;
        try {
            m = parse(json);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("model JSON is not valid JSON: " + e.getMessage(), e);
        }
        return rebuild(new Config(m));
    }

    static Config architecture(Model model) {
        return new Config().put("class_name", model.typeName()).put("config", model.config());
    }

    /** The model a {"class_name", "config"} pair describes; IllegalArgumentException when it is not one. */
    static Model rebuild(Config arch) {
        Object cls = arch.asMap().get("class_name");
        if (!(cls instanceof String)) {
            throw new IllegalArgumentException("the architecture has no \"class_name\" string (got " + cls + ")");
        }
        if (!(arch.asMap().get("config") instanceof Map) && !(arch.asMap().get("config") instanceof Config)) {
            throw new IllegalArgumentException("the architecture has no \"config\" object");
        }
        Layer l = LayerRegistry.create((String) cls, arch.getConfig("config"));
        if (!(l instanceof Model)) {
            l.close();
            throw new IllegalArgumentException("the architecture describes a " + cls + " layer, not a model");
        }
        return (Model) l;
    }

    static String write(Map<String, Object> map) {
        return GSON.toJson(map);
    }

    /** A JSON object as a map of plain values (Long, Double, String, Boolean, List, Map). */
    static Map<String, Object> parse(String json) {
        Map<String, Object> m = GSON.fromJson(json, new TypeToken<LinkedHashMap<String, Object>>() { }.getType());
        if (m == null) throw new JsonParseException("the document is empty");
        return m;
    }
}
