package org.nn4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nn4j.models.Model;
import org.nn4j.optim.Optimizer;

/**
 * A trained model on disk: the model file itself ({@link Model#save}: architecture, weights,
 * optimizer state, compile config) and, beside it, the command line's {@link ModelInfo}.
 */
final class ModelFiles {
    private ModelFiles() {}

    static void save(Model model, Path file, ModelInfo info) {
        try {
            model.save(file);
        } catch (IOException e) {
            throw new UncheckedIOException(named(file, "cannot be written", e), e);
        }
        info.write(file);
    }

    /** The model and its info (the defaults when the file has none beside it). */
    record Loaded(Model model, ModelInfo info) implements AutoCloseable {
        /** Closes the weights and the optimizer state the file restored. */
        @Override
        public void close() {
            Optimizer o = model.optimizer();
            model.close();
            if (o != null) o.close();
        }
    }

    /** The exception's message, which names the file already as a rule; else "file: what: message". */
    private static String named(Path file, String what, IOException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.contains(file.toString()) ? m : file + ": " + what + ": " + m;
    }

    static Loaded load(Path file) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException(file + ": no such model file");
        Model m;
        try {
            m = Model.load(file);
        } catch (IOException e) {
            throw new UncheckedIOException(named(file, "cannot be read", e), e);
        }
        try {
            ModelInfo info = ModelInfo.read(file);
            if (info == null) {
                long[] in = m.builtInputShapes()[0].toArray();
                info = ModelInfo.defaults(in, Training.isBinary(m) ? 2 : Math.toIntExact(Training.outputUnits(m)));
            }
            return new Loaded(m, info);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }
}
