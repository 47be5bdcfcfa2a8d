package org.nn4j.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the command line keeps beside a saved model, in {@code <model file>.json}: the data it
 * was trained on, the class names and the input preparation ({@link InputSpec}). A model saved
 * by other code has none; evaluate and predict then number the classes 0..K-1 and scale image
 * pixels by 1/255.
 *
 * @param model the built-in model's name
 * @param data the --data argument of the training run
 */
record ModelInfo(String format, String model, String data, List<String> classes, InputSpec input) {
    static final String FORMAT = "nn4j-cli-model-info/1";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    static ModelInfo of(String model, String data, List<String> classes, InputSpec input) {
        return new ModelInfo(FORMAT, model, data, List.copyOf(classes), input);
    }

    /** The defaults for a model without its info file: classes "0".."K-1", images scaled by 1/255. */
    static ModelInfo defaults(long[] inputShape, int classes) {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < classes; k++) names.add(String.valueOf(k));
        InputSpec in = inputShape.length == 3 ? InputSpec.image(inputShape, 1 / 255.0)
                : new InputSpec(InputSpec.FEATURES, inputShape.clone(), 1, null, null, null, null);
        return new ModelInfo(FORMAT, null, null, names, in);
    }

    static Path fileFor(Path modelFile) {
        return modelFile.resolveSibling(modelFile.getFileName() + ".json");
    }

    void write(Path modelFile) {
        try {
            Files.writeString(fileFor(modelFile), GSON.toJson(this) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + fileFor(modelFile) + ": " + e.getMessage(), e);
        }
    }

    /** The info saved beside modelFile, or null when there is none. */
    static ModelInfo read(Path modelFile) {
        Path f = fileFor(modelFile);
        if (!Files.exists(f)) return null;
        try {
            ModelInfo info = GSON.fromJson(Files.readString(f, StandardCharsets.UTF_8), ModelInfo.class);
            if (info == null || !FORMAT.equals(info.format()) || info.classes() == null || info.input() == null) {
                throw new IllegalArgumentException(f + " is not an nn4j model info file (expected \"format\": \""
                        + FORMAT + "\" with classes and input); delete it to use the defaults");
            }
            return info;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(f + " is not valid JSON (" + e.getMessage() + "); delete it to use the defaults", e);
        }
    }
}
