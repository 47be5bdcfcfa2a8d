package org.nn4j.callbacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.io.NamedTensors;
import org.nn4j.io.Safetensors;
import org.nn4j.models.Model;
import org.nn4j.models.Sequential;
import org.nn4j.models.fixtures.TestData;
import org.nn4j.nn.layers.Dense;
import org.nn4j.nn.losses.MeanSquaredError;
import org.nn4j.optim.SGD;

/** ModelCheckpoint (API11) on scripted validation values: file names, best-only saves, weights-only saves. */
class ModelCheckpointTest {
    @TempDir
    Path dir;

    private static Sequential newModel() {
        Sequential m = new Sequential().seed(5).inputShape(3).add(new Dense(4, "tanh")).add(new Dense(1));
        m.compile(new SGD(0.05), new MeanSquaredError());
        return m;
    }

    private static void fit(Sequential m, int epochs, Callback... cbs) {
        Tensor x = Scripted.x();
        m.fit(x, Scripted.y(x), Scripted.options(epochs, cbs).build());
    }

    private static void assertWeights(List<Tensor> expected, Model m) {
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(TestData.bits(expected.get(i)), TestData.bits(m.weights().get(i).value()), m.weights().get(i).path());
        }
    }

    @Test
    void pathPatternsFormatLikePython() {
        Map<String, Double> logs = Map.of("val_loss", 0.123456, "loss", 2.0, "acc", 0.5);
        assertEquals("m-03-0.1235.nn4j", new PathPattern("m-{epoch:02d}-{val_loss:.4f}.nn4j").format(3, logs));
        assertEquals("e3_l2.0_a5.000e-01", new PathPattern("e{epoch}_l{loss}_a{acc:.3e}").format(3, logs));
        assertEquals("{x}-12-0002.000", new PathPattern("{{x}}-{epoch:d}-{loss:08.3f}").format(12, logs));
        assertEquals("2", new PathPattern("{loss:d}").format(1, logs));
        assertEquals("0.1235", new PathPattern("{val_loss:.4}").format(1, logs).substring(0, 6));

        for (String[] bad : new String[][] {{"m-{epoch", "never closed"}, {"m}", "has no '{'"}, {"{}", "has no name"},
            {"{epoch:x}", "not [0][width]"}, {"{epoch:.2d}", "takes no precision"}, {"{loss:5}", "a width needs a type"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PathPattern(bad[0]), bad[0]);
            assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PathPattern("{val_acc}").format(1, logs));
        assertTrue(e.getMessage().contains("uses {val_acc}") && e.getMessage().contains("validation data"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new PathPattern("{val_loss:03d}").format(1, logs));
        assertTrue(e.getMessage().contains("formats whole numbers"), e.getMessage());
    }

    @Test
    void savesEveryEpochToItsOwnFile() throws Exception {
        try (Scope s = Scope.open(); Sequential m = newModel()) {
            Scripted script = new Scripted("val_loss", 1.0, 0.8, 0.9);
            ModelCheckpoint ck = new ModelCheckpoint(dir.resolve("ckpt/m-{epoch:02d}-{val_loss:.2f}.nn4j").toString());
            fit(m, 3, script, ck);
            assertEquals(3, ck.saveCount());
            for (String f : new String[] {"m-01-1.00.nn4j", "m-02-0.80.nn4j", "m-03-0.90.nn4j"}) {
                assertTrue(Files.exists(dir.resolve("ckpt").resolve(f)), f);
            }
            assertEquals(dir.resolve("ckpt/m-03-0.90.nn4j"), ck.lastSaved());
            try (Model second = Model.load(dir.resolve("ckpt/m-02-0.80.nn4j"))) {
                assertWeights(script.weights.get(1), second);
                assertTrue(second.isCompiled());
            }
            script.close();
        }
    }

    /** 1.0, 0.8, 0.9, 0.95: saved at epochs 0 and 1 only, so the file holds epoch 1's weights, not the last. */
    @Test
    void saveBestOnlyKeepsTheBestModel() throws Exception {
        try (Scope s = Scope.open(); Sequential m = newModel()) {
            Scripted script = new Scripted("val_loss", 1.0, 0.8, 0.9, 0.95);
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            Path best = dir.resolve("best.nn4j");
            ModelCheckpoint ck = new ModelCheckpoint(best).saveBestOnly(true)
                    .verbose(new PrintStream(log, true, StandardCharsets.UTF_8));
            fit(m, 4, script, ck);
            assertEquals(2, ck.saveCount());
            assertEquals(1, ck.bestEpoch());
            assertEquals(0.8, ck.best());
            try (Model back = Model.load(best)) {
                assertWeights(script.weights.get(1), back);
            }
            String out = log.toString(StandardCharsets.UTF_8);
            assertTrue(out.contains("Epoch 2: val_loss improved from 1.0 to 0.8, saving model to " + best), out);
            assertTrue(out.contains("Epoch 4: val_loss did not improve from 0.8"), out);
            script.close();
        }
    }

    @Test
    void accuracyIsMaximizedAndTheBestSurvivesAcrossFitCalls() throws Exception {
        try (Scope s = Scope.open(); Sequential m = newModel()) {
            Scripted script = new Scripted("val_accuracy", 0.5, 0.7, 0.6);
            ModelCheckpoint ck = new ModelCheckpoint(dir.resolve("acc.nn4j")).monitor("val_accuracy").saveBestOnly(true);
            fit(m, 3, script, ck);
            assertEquals(1, ck.bestEpoch());
            assertEquals(2, ck.saveCount());
            // a second fit with the same callback must beat 0.7
            Scripted again = new Scripted("val_accuracy", 0.65, 0.75);
            fit(m, 2, again, ck);
            assertEquals(3, ck.saveCount());
            assertEquals(0.75, ck.best());
            // mode MIN on the same values: only the first epoch is an improvement
            Scripted third = new Scripted("val_accuracy", 0.5, 0.7, 0.6);
            ModelCheckpoint min = new ModelCheckpoint(dir.resolve("min.nn4j")).monitor("val_accuracy").mode(Monitor.MIN)
                    .saveBestOnly(true);
            fit(m, 3, third, min);
            assertEquals(1, min.saveCount());
            for (Scripted sc : List.of(script, again, third)) sc.close();
        }
    }

    @Test
    void saveWeightsOnlyWritesSafetensors() throws Exception {
        try (Scope s = Scope.open(); Sequential m = newModel()) {
            Scripted script = new Scripted("val_loss", 1.0, 2.0, 3.0);
            Path w = dir.resolve("w.safetensors");
            ModelCheckpoint ck = new ModelCheckpoint(w).saveBestOnly(true).saveWeightsOnly(true);
            fit(m, 3, script, ck);
            assertEquals(1, ck.saveCount());
            try (NamedTensors t = Safetensors.load(w)) {
                assertEquals(4, t.size());
            }
            m.loadWeights(w);  // back to epoch 0's weights
            assertWeights(script.weights.get(0), m);
            script.close();
        }
    }

    @Test
    void withoutTheMonitoredValueNothingIsSavedAndOneWarningIsPrinted() {
        try (Scope s = Scope.open(); Sequential m = newModel()) {
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            ModelCheckpoint ck = new ModelCheckpoint(dir.resolve("none.nn4j")).saveBestOnly(true)
                    .verbose(new PrintStream(log, true, StandardCharsets.UTF_8));
            fit(m, 3, ck);
            assertEquals(0, ck.saveCount());
            assertFalse(Files.exists(dir.resolve("none.nn4j")));
            String out = log.toString(StandardCharsets.UTF_8);
            assertEquals(1, out.split("have no 'val_loss'", -1).length - 1, out);
        }
    }

    @Test
    void anInitialThresholdMustBeBeaten() {
        try (Scope s = Scope.open(); Sequential m = newModel()) {
            Scripted script = new Scripted("val_loss", 1.0, 0.8, 0.4, 0.45);
            ModelCheckpoint ck = new ModelCheckpoint(dir.resolve("t.nn4j")).saveBestOnly(true).initialValueThreshold(0.5);
            fit(m, 4, script, ck);
            assertEquals(1, ck.saveCount());
            assertEquals(2, ck.bestEpoch());
            script.close();
        }
    }

    @Test
    void aFieldTheLogsLackStopsTrainingWithAClearError() {
        try (Scope s = Scope.open(); Sequential m = newModel()) {
            ModelCheckpoint ck = new ModelCheckpoint(dir.resolve("m-{val_loss:.3f}.nn4j").toString());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fit(m, 2, ck));
            assertTrue(e.getMessage().contains("uses {val_loss} but the epoch logs have [loss]"), e.getMessage());
        }
    }
}
