package org.nn4j.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.nn4j.Nn4j;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.models.CompileConfigs;
import org.nn4j.models.Model;
import org.nn4j.nn.Config;
import org.nn4j.optim.Optimizer;

/**
 * The whole-model file (CURRICULUM API10): one zip archive holding
 * <ul>
 *   <li>{@code model.json}: the format name and version, the nn4j version, the architecture
 *       ({@link ModelJson}), the compile config (per output: loss, loss weight, metrics; the
 *       optimizer's config) and the training step counter (it seeds Dropout masks);</li>
 *   <li>{@code weights.safetensors}: every weight by "layer/weight" ({@link Weights});</li>
 *   <li>{@code optimizer.safetensors} (compiled models): the optimizer's {@link Optimizer#state()}
 *       (step count, learning rate, slot tensors such as Adam's moments).</li>
 * </ul>
 * The file is written atomically ({@link AtomicFile}): a failed save leaves an older file as it
 * was. {@link #load} returns the model compiled as it was saved, so it predicts bit-identically
 * and {@code fit(..., initialEpoch(k))} continues exactly as the uninterrupted run would have.
 * Stateful RNN carry-over states and callbacks' state are not saved.
 */
public final class ModelFile {
    static final String FORMAT = "nn4j.model";
    static final int VERSION = 1;
    static final String MODEL_JSON = "model.json";
    static final String WEIGHTS = "weights.safetensors";
    static final String OPTIMIZER = "optimizer.safetensors";
    /** model.json is architecture and settings; anything this large is not one. */
    private static final long MAX_JSON_BYTES = 256L << 20;
    /** Fixed entry times make saving the same model twice give the same bytes. */
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

    private ModelFile() {}

    // ---- save ---------------------------------------------------------------------------------

    public static void save(Model model, Path file) throws IOException {
        // everything that can fail on the model's side happens before the file is touched
        Weights.buildIfDeclared(model);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", FORMAT);
        doc.put("format_version", VERSION);
        doc.put("nn4j_version", Nn4j.version());
        Config arch = ModelJson.architecture(model);
        doc.put("class_name", arch.asMap().get("class_name"));
        doc.put("config", arch.asMap().get("config"));
        Config compile = CompileConfigs.of(model);
        if (compile != null) doc.put("compile", compile);
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("step", model.trainingStep());
        doc.put("training", training);
        byte[] json = ModelJson.write(doc).getBytes(StandardCharsets.UTF_8);
        Map<String, Tensor> weights = Weights.byPath(model);
        Optimizer optimizer = model.optimizer();

        AtomicFile.write(file, out -> {
            try (Scope scope = Scope.open(); ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
                zip.setLevel(Deflater.BEST_SPEED);  // float weights hardly compress; higher levels only cost time
                entry(zip, MODEL_JSON);
                zip.write(json);
                zip.closeEntry();
                entry(zip, WEIGHTS);
                Safetensors.write(zip, weights, Weights.metadata());
                zip.closeEntry();
                if (compile != null) {
                    Map<String, Tensor> state = optimizer.state();  // copies, closed with the scope
                    Map<String, String> meta = new LinkedHashMap<>();
                    Config oc = compile.getConfig("optimizer");
                    meta.put("optimizer", oc.getString("name", oc.getString("type", optimizer.getClass().getSimpleName())));
                    entry(zip, OPTIMIZER);
                    Safetensors.write(zip, state, meta);
                    zip.closeEntry();
                }
                zip.finish();
            }
        });
    }

    private static void entry(ZipOutputStream zip, String name) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTimeLocal(ENTRY_TIME);
        zip.putNextEntry(e);
    }

    // ---- load ---------------------------------------------------------------------------------

    /** The saved model, compiled when it was saved compiled, with its weights, optimizer state and step. */
    public static Model load(Path file) throws IOException {
        if (Files.isDirectory(file)) throw new ModelFileException(file, "is a folder, not a model file");
        checkMagic(file);
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8);
        } catch (ZipException e) {
            throw new ModelFileException(file, "is damaged: the zip archive cannot be opened (" + e.getMessage()
                    + "); the file is probably truncated (an interrupted save, copy or download)", e);
        }
        Model model = null;
        Optimizer optimizer = null;
        try (ZipFile z = zip; Scope scope = Scope.open()) {
            Map<String, Object> doc = step(file, "entry " + MODEL_JSON, () -> readJson(z, file));
            checkFormat(doc, file);
            Model m = model = step(file, "cannot rebuild the architecture in " + MODEL_JSON, () -> {
                Model r = ModelJson.rebuild(new Config(doc));
                Weights.buildIfDeclared(r);
                return r;
            });
            step(file, "entry " + WEIGHTS, () -> {
                try (NamedTensors w = readTensors(z, WEIGHTS, file)) {
                    return Weights.assign(m, w, true, Source.entry(file, WEIGHTS));
                }
            });
            Object compile = doc.get("compile");
            if (compile != null) {
                Config cc = step(file, "the compile config in " + MODEL_JSON, () -> new Config(map(compile, "compile")));
                Optimizer opt = optimizer = step(file, "cannot rebuild the optimizer from " + MODEL_JSON,
                        () -> OptimizerRegistry.fromConfig(cc.getConfig("optimizer")));
                step(file, "cannot compile the model from the compile config in " + MODEL_JSON, () -> {
                    m.compile(CompileConfigs.fromConfig(cc, m, opt));
                    return null;
                });
                step(file, "entry " + OPTIMIZER, () -> {
                    try (NamedTensors st = readTensors(z, OPTIMIZER, file)) {
                        opt.loadState(new LinkedHashMap<>(st.tensors()), m.weights());
                    }
                    return null;
                });
            }
            step(file, "the training state in " + MODEL_JSON, () -> {
                Config training = new Config(map(doc.get("training"), "training"));
                m.setTrainingStep(training.getLong("step"));
                return null;
            });
            return m;
        } catch (IOException | RuntimeException | Error e) {
            if (model != null) model.close();
            if (optimizer != null) closeQuietly(optimizer, e);
            throw e;
        }
    }

    /** A zip starts with "PK\3\4"; anything else gets a message that says what it is instead. */
    private static void checkMagic(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(16);
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) return;
        if (head.length == 0) throw new ModelFileException(file, "is empty (0 bytes); it is not an nn4j model file");
        if (head.length >= 9 && head[8] == '{') {
            throw new ModelFileException(file, "is a safetensors weights file, not a whole-model file; load it into a model "
                    + "with model.loadWeights(path)");
        }
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(4, head.length); i++) hex.append(String.format("%02x ", head[i] & 0xff));
        throw new ModelFileException(file, "is not an nn4j model file: it is not a zip archive (it starts with bytes "
                + hex.toString().trim() + ", a zip with 50 4b 03 04)");
    }

    private static Map<String, Object> readJson(ZipFile z, Path file) throws IOException {
        ZipEntry e = need(z, MODEL_JSON, file);
        if (e.getSize() > MAX_JSON_BYTES) throw new ModelFileException(file, "entry " + MODEL_JSON + " is " + e.getSize() + " bytes, too large");
        String text;
        try (CheckedInputStream in = new CheckedInputStream(z.getInputStream(e), new CRC32())) {
            text = new String(in.readNBytes((int) MAX_JSON_BYTES), StandardCharsets.UTF_8);
            checkCrc(in, e, file);
        }
        try {
            return ModelJson.parse(text);
        } catch (com.google.gson.JsonParseException x) {
            throw new ModelFileException(file, "entry " + MODEL_JSON + " is not valid JSON: " + x.getMessage(), x);
        }
    }

    private static void checkFormat(Map<String, Object> doc, Path file) throws ModelFileException {
        if (!FORMAT.equals(doc.get("format"))) {
            throw new ModelFileException(file, "entry " + MODEL_JSON + " does not describe an nn4j model (its \"format\" is "
                    + doc.get("format") + ", expected \"" + FORMAT + "\")");
        }
        Object v = doc.get("format_version");
        if (!(v instanceof Number) || ((Number) v).longValue() < 1) {
            throw new ModelFileException(file, "entry " + MODEL_JSON + " has no valid \"format_version\" (got " + v + ")");
        }
        if (((Number) v).longValue() > VERSION) {
            throw new ModelFileException(file, "was written by a newer nn4j (" + doc.get("nn4j_version") + ", file format "
                    + v + "); this version reads format " + VERSION + " and older; upgrade nn4j");
        }
    }

    private static NamedTensors readTensors(ZipFile z, String name, Path file) throws IOException {
        ZipEntry e = need(z, name, file);
        try (CheckedInputStream in = new CheckedInputStream(z.getInputStream(e), new CRC32())) {
            NamedTensors t = Safetensors.read(new BufferedInputStream(in, TensorCodec.CHUNK), e.getSize(), Source.entry(file, name));
            try {
                checkCrc(in, e, file);
            } catch (IOException x) {
                t.close();
                throw x;
            }
            return t;
        }
    }

    /**
     * ZipFile does not check the CRC-32 it stores, so a flipped bit in stored data would load as a
     * wrong weight; this reads the rest of the entry and compares.
     */
    private static void checkCrc(CheckedInputStream in, ZipEntry e, Path file) throws IOException {
        in.transferTo(OutputStream.nullOutputStream());
        if (e.getCrc() != -1 && in.getChecksum().getValue() != e.getCrc()) {
            throw new ModelFileException(file, "entry " + e.getName() + " is corrupt: its CRC-32 is "
                    + Long.toHexString(in.getChecksum().getValue()) + " but the archive records " + Long.toHexString(e.getCrc())
                    + " (a damaged copy; save the model again)");
        }
    }

    private static ZipEntry need(ZipFile z, String name, Path file) throws ModelFileException {
        ZipEntry e = z.getEntry(name);
        if (e == null) {
            List<String> names = new ArrayList<>();
            for (ZipEntry x : Collections.list(z.entries())) names.add(x.getName());
            throw new ModelFileException(file, "has no entry " + name + " (its entries are " + names
                    + "); it is not a complete nn4j model file");
        }
        return e;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String what) {
        if (!(o instanceof Map)) throw new IllegalArgumentException("\"" + what + "\" is not a JSON object (got " + o + ")");
        return (Map<String, Object>) o;
    }

    @FunctionalInterface
    private interface Step<T> {
        T run() throws IOException;
    }

    /**
     * Runs one stage of loading and puts the file and the stage into whatever goes wrong, so no
     * bare NullPointerException or ZipException reaches the caller.
     */
    private static <T> T step(Path file, String stage, Step<T> body) throws IOException {
        try {
            return body.run();
        } catch (ModelFileException e) {
            throw e;
        } catch (ZipException | EOFException e) {
            throw new ModelFileException(file, stage + ": the archive is damaged (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) {
            boolean plain = e instanceof IllegalArgumentException || e instanceof IllegalStateException;
            String why = plain && e.getMessage() != null ? e.getMessage() : "unexpected content (" + e + ")";
            throw new ModelFileException(file, stage + ": " + why, e);
        }
    }

    private static void closeQuietly(AutoCloseable c, Throwable primary) {
        try {
            c.close();
        } catch (Exception e) {
            primary.addSuppressed(e);
        }
    }
}
