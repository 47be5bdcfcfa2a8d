package org.nn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.models.Input;
import org.nn4j.models.Model;
import org.nn4j.models.Sequential;
import org.nn4j.nn.SymbolicTensor;
import org.nn4j.nn.Variable;
import org.nn4j.nn.layers.BatchNormalization;
import org.nn4j.nn.layers.Dense;

/** Weights alone as safetensors: keys, strict and by-name loading, and every mismatch named. */
class WeightsTest {
    @TempDir
    Path dir;

    /** h1 (Dense 4 -> units, relu), [bn (BatchNormalization)], [h2 (Dense 8)], out (Dense 2). */
    private static Sequential mlp(long seed, int units, boolean bn, boolean h2, DType dtype) {
        Sequential m = new Sequential().seed(seed).inputShape(4);
        m.add(Dense.builder(units).activation("relu").name("h1").dtype(dtype).build());
        if (bn) m.add(BatchNormalization.builder().name("bn").dtype(dtype).build());
        if (h2) m.add(Dense.builder(8).name("h2").dtype(dtype).build());
        m.add(Dense.builder(2).name("out").dtype(dtype).build());
        m.build(m.inputShape());
        return m;
    }

    private static Sequential mlp(long seed) {
        return mlp(seed, 8, true, false, DType.FLOAT32);
    }

    @Test
    void weightsMoveBetweenModelsOfTheSameArchitecture() throws Exception {
        try (Scope s = Scope.open(); Sequential a = mlp(1); Sequential b = mlp(2)) {
            Path f = dir.resolve("w.safetensors");
            a.saveWeights(f);
            Tensor x = Tensor.rand(3, 5, 4);
            assertFalse(java.util.Arrays.equals(IoModels.bits(a.predict(x)), IoModels.bits(b.predict(x))), "different seeds");
            b.loadWeights(f);
            IoModels.assertSameWeights(a.weights(), b.weights());
            assertArrayEquals(IoModels.bits(a.predict(x)), IoModels.bits(b.predict(x)));
        }
    }

    @Test
    void theFileIsKeyedByLayerAndWeightName() throws Exception {
        try (Scope s = Scope.open(); Sequential a = mlp(1)) {
            Path f = dir.resolve("keys.safetensors");
            a.saveWeights(f);
            try (NamedTensors t = Safetensors.load(f)) {
                assertEquals(List.of("h1/kernel", "h1/bias", "bn/gamma", "bn/beta", "bn/moving_mean", "bn/moving_variance",
                        "out/kernel", "out/bias"), new ArrayList<>(t.tensors().keySet()));
                for (Variable v : a.weights()) {
                    assertArrayEquals(IoModels.bits(v.value()), IoModels.bits(t.get(v.path())), v.path());
                    assertEquals(DType.FLOAT32, t.get(v.path()).dtype());
                }
                assertArrayEquals(new long[] {4, 8}, t.get("h1/kernel").dims(), "Dense kernels are (in, out)");
            }
        }
    }

    /** Missing, unexpected, mis-shaped and mis-typed weights: each named, and nothing is copied. */
    @Test
    void strictLoadingNamesEveryMismatchAndChangesNothing() throws Exception {
        Path f = dir.resolve("src.safetensors");
        try (Scope s = Scope.open(); Sequential src = mlp(1)) {
            src.saveWeights(f);
        }
        try (Scope s = Scope.open()) {
            Sequential extra = mlp(2, 8, true, true, DType.FLOAT32);
            assertRejected(extra, f, "the file lacks [h2/kernel (8, 8), h2/bias (8)]", "strict = false");

            Sequential fewer = mlp(3, 8, false, false, DType.FLOAT32);
            assertRejected(fewer, f, "the model has no weights [bn/gamma (8), bn/beta (8), bn/moving_mean (8), bn/moving_variance (8)]");

            Sequential wider = mlp(4, 9, true, false, DType.FLOAT32);
            assertRejected(wider, f, "'h1/kernel' has shape (4, 8) in the file but (4, 9) in the model",
                    "'out/kernel' has shape (8, 2) in the file but (9, 2) in the model");

            Sequential doubles = mlp(5, 8, true, false, DType.FLOAT64);
            assertRejected(doubles, f, "'h1/kernel' is float32 in the file but float64 in the model");

            Sequential unbuilt = new Sequential().add(new Dense(8)).add(new Dense(2));
            assertRejected(unbuilt, f, "the model is not built yet");
            for (Sequential m : List.of(extra, fewer, wider, doubles)) m.close();
        }
    }

    private static void assertRejected(Sequential m, Path f, String... fragments) {
        List<int[]> before = new ArrayList<>();
        for (Variable v : m.weights()) before.add(IoModels.bits(v.value()));
        ModelFileException e = assertThrows(ModelFileException.class, () -> m.loadWeights(f));
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        for (String frag : fragments) assertTrue(e.getMessage().contains(frag), "expected '" + frag + "' in: " + e.getMessage());
        for (int i = 0; i < before.size(); i++) assertArrayEquals(before.get(i), IoModels.bits(m.weights().get(i).value()), "unchanged");
    }

    /** By name: matching weights are copied, the rest of the model keeps its values, the rest of the file is reported. */
    @Test
    void nonStrictLoadingCopiesWhatMatchesAndReportsTheRest() throws Exception {
        try (Scope s = Scope.open(); Sequential src = mlp(1); Sequential dst = mlp(2, 8, false, true, DType.FLOAT32)) {
            Path f = dir.resolve("partial.safetensors");
            src.saveWeights(f);
            int[] h2Before = IoModels.bits(dst.getLayer("h2").weight("kernel").value());
            WeightsReport r = dst.loadWeights(f, false);
            assertEquals(List.of("h1/kernel", "h1/bias", "out/kernel", "out/bias"), r.loaded());
            assertEquals(List.of("h2/kernel", "h2/bias"), r.missing());
            assertEquals(List.of("bn/gamma", "bn/beta", "bn/moving_mean", "bn/moving_variance"), r.unexpected());
            assertArrayEquals(IoModels.bits(src.getLayer("h1").weight("kernel").value()),
                    IoModels.bits(dst.getLayer("h1").weight("kernel").value()));
            assertArrayEquals(IoModels.bits(src.getLayer("out").weight("bias").value()),
                    IoModels.bits(dst.getLayer("out").weight("bias").value()));
            assertArrayEquals(h2Before, IoModels.bits(dst.getLayer("h2").weight("kernel").value()));
        }
    }

    /** Weights another tool wrote in half precision load exactly (widened to float32). */
    @Test
    void loadsHalfPrecisionWeightsWrittenByAnotherTool() throws Exception {
        String json = "{\"lin/kernel\":{\"dtype\":\"F16\",\"shape\":[2,2],\"data_offsets\":[0,8]},"
                + "\"lin/bias\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[8,12]}}";
        // kernel [[1, 0.5], [-2, 0.25]], bias [0, 1]
        byte[] bytes = new Bytes().header(json).le16(0x3c00).le16(0x3800).le16(0xc000).le16(0x3400).le16(0).le16(0x3c00).array();
        Path f = dir.resolve("fp16.safetensors");
        Files.write(f, bytes);
        try (Scope s = Scope.open(); Sequential m = new Sequential().inputShape(2).add(Dense.builder(2).name("lin").build())) {
            m.build(m.inputShape());
            m.loadWeights(f);
            assertArrayEquals(new float[] {-1f, 1.75f}, m.predict(Tensor.of(new float[] {1, 1}, 1, 2)).toFloatArray());
        }
    }

    /** A layer in a nested model may share its name with an outer one: the keys would collide, so saving refuses. */
    @Test
    void collidingWeightNamesAreRefusedBeforeAnythingIsWritten() {
        try (Scope s = Scope.open()) {
            Sequential inner = new Sequential("inner").inputShape(3).add(Dense.builder(2).name("d").build());
            SymbolicTensor in = Input.of(3);
            Model outer = new Model(in, inner.apply(Dense.builder(3).name("d").build().apply(in)), "outer");
            Path f = dir.resolve("dup.safetensors"), g = dir.resolve("dup.nn4j");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> outer.saveWeights(f));
            assertTrue(e.getMessage().contains("'d/kernel'") && e.getMessage().contains("distinct names"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> outer.save(g));
            assertFalse(Files.exists(f) || Files.exists(g));
            outer.close();
        }
    }
}
