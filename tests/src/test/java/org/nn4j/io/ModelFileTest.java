package org.nn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.ToNumberPolicy;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nn4j.Nn4j;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.models.FitOptions;
import org.nn4j.models.Input;
import org.nn4j.models.Model;
import org.nn4j.models.Sequential;
import org.nn4j.nn.SymbolicTensor;
import org.nn4j.nn.Variable;
import org.nn4j.nn.layers.Bidirectional;
import org.nn4j.nn.layers.Dense;
import org.nn4j.nn.layers.GlobalMaxPooling1D;
import org.nn4j.nn.layers.LSTM;
import org.nn4j.nn.losses.SparseCategoricalCrossentropy;
import org.nn4j.nn.metrics.Accuracy;
import org.nn4j.optim.Adam;
import org.nn4j.optim.Optimizer;

/** The whole-model zip (API10): round trips, its layout, atomic writes, and damaged files. */
class ModelFileTest {
    private static final Gson GSON = new GsonBuilder().setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE).create();

    @TempDir
    Path dir;

    /** A trained CNN (so weights, BN moving statistics and Adam's moments have all moved) comes back exactly. */
    @Test
    void sequentialModelPredictsBitIdenticallyAfterLoading() throws Exception {
        try (Scope s = Scope.open(); Sequential m = IoModels.cnn(3)) {
            m.compile(new Adam(0.01), new SparseCategoricalCrossentropy(), new Accuracy());
            Tensor x = IoModels.images(1, 24), y = IoModels.labels(2, 24, 3);
            m.fit(x, y, FitOptions.builder().batchSize(8).epochs(2).verbose(0).build());
            Variable movingMean = m.getLayer(1).weight("moving_mean");
            assertNotEquals(0.0, movingMean.value().abs().sum().item(), "BN statistics moved");
            Path f = dir.resolve("cnn.nn4j");
            m.save(f);
            try (Model back = Model.load(f)) {
                assertTrue(back instanceof Sequential);
                assertTrue(back.isCompiled());
                IoModels.assertSameWeights(m.weights(), back.weights());
                assertArrayEquals(IoModels.bits(m.predict(x)), IoModels.bits(back.predict(x)));
                assertEquals(m.evaluate(x, y), back.evaluate(x, y));
                assertEquals(m.summary(), back.summary());
                assertEquals(6, back.trainingStep());
                assertEquals(m.trainingStep(), back.trainingStep());
                assertTrue(back.optimizer() instanceof Adam);
                assertEquals(m.optimizer().config().asMap(), back.optimizer().config().asMap());
                assertSameState(m.optimizer(), back.optimizer());
            }
        }
    }

    /** Two inputs (int64 ids and floats), two outputs with their own losses, weight and metrics. */
    @Test
    void functionalModelPredictsBitIdenticallyAfterLoading() throws Exception {
        try (Scope s = Scope.open(); Model m = IoModels.twoTowers()) {
            IoModels.compileTwoTowers(m);
            Tensor[] x = IoModels.twoTowersX(5, 16), y = IoModels.twoTowersY(6, 16);
            m.fit(x, y, FitOptions.builder().batchSize(8).epochs(1).verbose(0).build());
            Path f = dir.resolve("towers.nn4j");
            m.save(f);
            try (Model back = Model.load(f)) {
                assertEquals(m.outputNames(), back.outputNames());
                IoModels.assertSameWeights(m.weights(), back.weights());
                Tensor[] p = m.predictAll(x, 16), q = back.predictAll(x, 16);
                for (int i = 0; i < p.length; i++) assertArrayEquals(IoModels.bits(p[i]), IoModels.bits(q[i]), "output " + i);
                // the same losses, loss weight and metrics: the same numbers
                Map<String, Double> a = m.evaluate(x, y, null, 16), b = back.evaluate(x, y, null, 16);
                assertEquals(List.of("loss", "cls_loss", "reg_loss", "cls_accuracy", "reg_mae"), new ArrayList<>(b.keySet()));
                assertEquals(a, b);
                assertEquals(a.get("cls_loss") + 0.5 * a.get("reg_loss"), b.get("loss"), 1e-6);
            }
        }
    }

    /** A nested Sequential, a Bidirectional LSTM (child layers' weights) and a GlobalMaxPooling1D (NCW: it pools the last axis) in a functional model. */
    @Test
    void nestedModelsAndWrappedLayersRoundTrip() throws Exception {
        try (Scope s = Scope.open()) {
            Sequential head = new Sequential("head").inputShape(7).add(Dense.builder(4).activation("relu").name("head_1").build())
                    .add(Dense.builder(2).name("head_2").build());
            SymbolicTensor in = Input.named("seq", org.nn4j.DType.FLOAT32, 7, 3);
            SymbolicTensor h = new Bidirectional(LSTM.builder(4).returnSequences(true).name("rnn").build()).apply(in);
            Model m = new Model(in, head.apply(new GlobalMaxPooling1D().apply(h)), "nested");
            Path f = dir.resolve("nested.nn4j");
            m.save(f);
            Tensor x = Tensor.randn(4, 5, 7, 3);
            try (Model back = Model.load(f)) {
                IoModels.assertSameWeights(m.weights(), back.weights());
                assertArrayEquals(IoModels.bits(m.predict(x)), IoModels.bits(back.predict(x)));
                assertTrue(back.getLayer("head") instanceof Sequential);
            }
            m.close();
        }
    }

    @Test
    void anUncompiledModelLoadsUncompiled() throws Exception {
        try (Scope s = Scope.open(); Sequential m = IoModels.cnn(4)) {
            Path f = dir.resolve("plain.nn4j");
            m.save(f);
            assertNull(ZipEdit.read(f, ModelFile.OPTIMIZER));
            try (Model back = Model.load(f)) {
                assertFalse(back.isCompiled());
                Tensor x = IoModels.images(7, 5);
                assertArrayEquals(IoModels.bits(m.predict(x)), IoModels.bits(back.predict(x)));
            }
        }
    }

    /** The entries and model.json's fields; a 64-bit seed beyond 2^53 survives the JSON exactly. */
    @Test
    void theFileHoldsJsonAndSafetensorsEntries() throws Exception {
        long seed = 0x7FFF_FFFF_FFFF_FFF1L;
        assertNotEquals(seed, (long) (double) seed, "the seed does not survive a trip through double");
        try (Scope s = Scope.open(); Sequential m = IoModels.cnn(seed)) {
            m.compile(new Adam(0.01), new SparseCategoricalCrossentropy());
            m.fit(IoModels.images(1, 8), IoModels.labels(2, 8, 3), FitOptions.builder().batchSize(4).verbose(0).build());
            Path f = dir.resolve("layout.nn4j");
            m.save(f);
            List<String> names = new ArrayList<>();
            try (ZipFile z = new ZipFile(f.toFile())) {
                for (ZipEntry e : Collections.list(z.entries())) names.add(e.getName());
            }
            assertEquals(List.of("model.json", "weights.safetensors", "optimizer.safetensors"), names);
            @SuppressWarnings("unchecked")
            Map<String, Object> json = GSON.fromJson(new String(ZipEdit.read(f, "model.json"), StandardCharsets.UTF_8), Map.class);
            assertEquals("nn4j.model", json.get("format"));
            assertEquals(1L, json.get("format_version"));
            assertEquals(Nn4j.version(), json.get("nn4j_version"));
            assertEquals("Sequential", json.get("class_name"));
            assertEquals(Map.of("step", 2L), json.get("training"));
            assertTrue(json.containsKey("compile"));

            byte[] w = ZipEdit.read(f, "weights.safetensors");
            try (NamedTensors t = Safetensors.read(new ByteArrayInputStream(w), w.length, Source.file(f))) {
                List<String> paths = new ArrayList<>();
                for (Variable v : m.weights()) paths.add(v.path());
                assertEquals(paths, new ArrayList<>(t.tensors().keySet()));
                assertTrue(t.metadata().get("producer").startsWith("nn4j "));
            }
            try (Model back = Model.load(f)) {
                assertEquals(seed, back.seed());
                for (int i = 0; i < m.layers().size(); i++) assertEquals(m.layers().get(i).seed(), back.layers().get(i).seed());
            }
        }
    }

    @Test
    void savingTheSameModelTwiceGivesTheSameBytes() throws Exception {
        try (Scope s = Scope.open(); Model m = IoModels.twoTowers()) {
            IoModels.compileTwoTowers(m);
            Path a = dir.resolve("a.nn4j"), b = dir.resolve("b.nn4j");
            m.save(a);
            m.save(b);
            assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        }
    }

    @Test
    void toJsonAndFromJsonRebuildTheArchitecture() {
        try (Scope s = Scope.open(); Model m = IoModels.twoTowers()) {
            String json = m.toJson();
            try (Model copy = Model.fromJson(json)) {
                assertEquals(m.summary(), copy.summary());
                assertEquals(json, copy.toJson());
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Model.fromJson("{\"class_name\": "));
            assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        }
    }

    // ---- atomic writes -------------------------------------------------------------------------

    /**
     * A save that fails after it has started writing (here: a weight that cannot be read, then an
     * optimizer whose state cannot be taken after all weights are written) leaves the old file
     * byte for byte, and no temporary file behind.
     */
    @Test
    void aFailedSaveLeavesTheOldFileIntact() throws Exception {
        Path f = dir.resolve("keep.nn4j");
        try (Scope s = Scope.open(); Sequential good = IoModels.cnn(1)) {
            good.compile(new Adam(0.01), new SparseCategoricalCrossentropy());
            good.save(f);
        }
        byte[] before = Files.readAllBytes(f);

        try (Scope s = Scope.open(); Sequential broken = IoModels.cnn(2)) {
            broken.compile(new Adam(0.01), new SparseCategoricalCrossentropy());
            broken.build(broken.inputShape());
            broken.weights().get(3).value().close();  // model.json is written before this weight is reached
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> broken.save(f));
            assertTrue(e.getMessage().contains("is closed"), e.getMessage());
        }
        assertArrayEquals(before, Files.readAllBytes(f));
        assertEquals(List.of(f), listDir());

        try (Scope s = Scope.open(); Sequential m = IoModels.cnn(2)) {
            m.compile(new FailingStateOptimizer(new Adam(0.01)), new SparseCategoricalCrossentropy());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.save(f));
            assertEquals("no space left on device (simulated)", e.getMessage());
            Path fresh = dir.resolve("new.nn4j");
            assertThrows(IllegalStateException.class, () -> m.save(fresh));
            assertFalse(Files.exists(fresh), "a failed first save leaves no file");
        }
        assertArrayEquals(before, Files.readAllBytes(f));
        assertEquals(List.of(f), listDir());
        try (Scope s = Scope.open(); Model back = Model.load(f)) {
            assertTrue(back.isCompiled());
        }
    }

    // ---- damaged files -------------------------------------------------------------------------

    @Test
    void damagedFilesNameTheFileAndTheProblem() throws Exception {
        Path good = dir.resolve("good.nn4j");
        try (Scope s = Scope.open(); Sequential m = IoModels.cnn(8)) {
            m.compile(new Adam(0.01), new SparseCategoricalCrossentropy());
            m.fit(IoModels.images(1, 8), IoModels.labels(2, 8, 3), FitOptions.builder().batchSize(4).verbose(0).build());
            m.save(good);
        }
        byte[] bytes = Files.readAllBytes(good);
        long base = org.nn4j.testing.LiveBytes.settle();

        for (int cut : new int[] {bytes.length / 2, bytes.length - 1, 40, 300}) {
            bad(write("cut" + cut + ".nn4j", java.util.Arrays.copyOf(bytes, cut)), "truncated");
        }
        byte[] flipped = bytes.clone();
        flipped[ZipEdit.dataOffset(bytes, "weights.safetensors") + 40] ^= 0x10;
        bad(write("flipped.nn4j", flipped), "weights.safetensors");

        bad(ZipEdit.rewriteText(good, dir.resolve("json.nn4j"), "model.json", t -> t.substring(0, t.length() / 2)),
                "entry model.json is not valid JSON");
        bad(ZipEdit.rewriteText(good, dir.resolve("layer.nn4j"), "model.json",
                t -> t.replace("\"class_name\": \"Dense\"", "\"class_name\": \"NoSuchLayer\"")),
                "unknown layer type 'NoSuchLayer'", "LayerRegistry.register");
        bad(ZipEdit.rewrite(good, dir.resolve("shape.nn4j"), "weights.safetensors", ModelFileTest::widenDenseKernel),
                "'dense", "/kernel' has shape (36, 4) in the file but (36, 3) in the model");
        bad(ZipEdit.rewrite(good, dir.resolve("noweights.nn4j"), "weights.safetensors", b -> null),
                "has no entry weights.safetensors");
        bad(ZipEdit.rewrite(good, dir.resolve("nostate.nn4j"), "optimizer.safetensors", b -> null),
                "has no entry optimizer.safetensors");
        bad(ZipEdit.rewriteText(good, dir.resolve("version.nn4j"), "model.json",
                t -> t.replace("\"format_version\": 1", "\"format_version\": 99")), "newer nn4j");
        bad(ZipEdit.rewriteText(good, dir.resolve("structure.nn4j"), "model.json", t -> edit(t, j -> j.put("config", 5))),
                "cannot rebuild the architecture");
        bad(ZipEdit.rewriteText(good, dir.resolve("layers.nn4j"), "model.json", t -> edit(t, j -> {
            @SuppressWarnings("unchecked") Map<String, Object> c = (Map<String, Object>) j.get("config");
            c.put("layers", List.of(Map.of()));
        })), "cannot rebuild the architecture");
        bad(ZipEdit.rewriteText(good, dir.resolve("compile.nn4j"), "model.json", t -> edit(t, j -> {
            @SuppressWarnings("unchecked") Map<String, Object> c = (Map<String, Object>) j.get("compile");
            c.put("optimizer", Map.of("name", "adamax"));
        })), "unknown optimizer 'adamax'");
        // uncompressed entries (as other zip tools may repack the file) load, and a flipped bit in a
        // weight, which no decompressor would notice, is caught by the CRC-32 check
        Path stored = ZipEdit.rewriteStored(good, dir.resolve("stored.nn4j"));
        try (Model back = Model.load(stored)) {
            assertTrue(back.isCompiled());
            back.optimizer().close();
        }
        byte[] storedBytes = Files.readAllBytes(stored);
        int data = ZipEdit.dataOffset(storedBytes, "weights.safetensors");
        int weightsLength = ZipEdit.read(good, "weights.safetensors").length;
        storedBytes[data + weightsLength - 3] ^= 0x01;  // inside the last float of the data
        bad(write("bitflip.nn4j", storedBytes), "entry weights.safetensors is corrupt: its CRC-32");

        bad(write("text.nn4j", "hello, world".getBytes(StandardCharsets.UTF_8)), "not a zip archive");
        bad(write("empty.nn4j", new byte[0]), "is empty");
        bad(write("weights.nn4j", ZipEdit.read(good, "weights.safetensors")), "safetensors weights file", "loadWeights");
        org.nn4j.testing.LiveBytes.assertNoGrowth(base, "failed loads free what they made");
        assertThrows(java.nio.file.NoSuchFileException.class, () -> Model.load(dir.resolve("absent.nn4j")));
    }

    // ---- helpers ------------------------------------------------------------------------------

    private void bad(Path f, String... fragments) {
        ModelFileException e = assertThrows(ModelFileException.class, () -> Model.load(f), f.getFileName().toString());
        assertEquals(f, e.file());
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        for (String frag : fragments) assertTrue(e.getMessage().contains(frag), "expected '" + frag + "' in: " + e.getMessage());
    }

    private Path write(String name, byte[] bytes) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private List<Path> listDir() throws Exception {
        try (var l = Files.list(dir)) {
            return l.sorted().collect(java.util.stream.Collectors.toList());
        }
    }

    /** The CNN's Dense kernel (16, 3) replaced by a (16, 4) one. */
    private static byte[] widenDenseKernel(byte[] safetensors) {
        try (Scope s = Scope.open();
             NamedTensors t = Safetensors.read(new ByteArrayInputStream(safetensors), safetensors.length, Source.file(Path.of("x")))) {
            Map<String, Tensor> m = new LinkedHashMap<>(t.tensors());
            for (String k : m.keySet()) {
                if (k.startsWith("dense") && k.endsWith("/kernel")) m.put(k, Tensor.zeros(m.get(k).dim(0), m.get(k).dim(1) + 1));
            }
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            Safetensors.write(out, m, t.metadata());
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static String edit(String json, java.util.function.Consumer<Map<String, Object>> change) {
        Map<String, Object> j = GSON.fromJson(json, Map.class);
        change.accept(j);
        return GSON.toJson(j);
    }

    private static void assertSameState(Optimizer a, Optimizer b) {
        Map<String, Tensor> sa = a.state(), sb = b.state();
        assertEquals(sa.keySet(), sb.keySet());
        for (String k : sa.keySet()) {
            try (Tensor x = sa.get(k).to(org.nn4j.DType.FLOAT64); Tensor y = sb.get(k).to(org.nn4j.DType.FLOAT64)) {
                assertArrayEquals(x.toDoubleArray(), y.toDoubleArray(), k);
            }
        }
    }

    /** An optimizer whose state cannot be taken: the save fails after model.json and every weight are written. */
    private static final class FailingStateOptimizer implements Optimizer {
        private final Optimizer inner;

        FailingStateOptimizer(Optimizer inner) {
            this.inner = inner;
        }

        @Override
        public void apply(List<Variable> vars, List<Tensor> grads) {
            inner.apply(vars, grads);
        }

        @Override
        public void step(List<Variable> vars) {
            inner.step(vars);
        }

        @Override
        public long iterations() {
            return inner.iterations();
        }

        @Override
        public double learningRate() {
            return inner.learningRate();
        }

        @Override
        public void setLearningRate(double lr) {
            inner.setLearningRate(lr);
        }

        @Override
        public Map<String, Tensor> state() {
            throw new IllegalStateException("no space left on device (simulated)");
        }

        @Override
        public void loadState(Map<String, Tensor> state, List<Variable> vars) {
            inner.loadState(state, vars);
        }

        @Override
        public org.nn4j.nn.Config config() {
            return inner.config();
        }
    }
}
