package org.nn4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.callbacks.History;
import org.nn4j.callbacks.ModelCheckpoint;
import org.nn4j.models.FitOptions;
import org.nn4j.models.Model;
import org.nn4j.models.Sequential;
import org.nn4j.models.fixtures.TestData;
import org.nn4j.models.fixtures.TestSGD;
import org.nn4j.nn.Variable;
import org.nn4j.nn.layers.BatchNormalization;
import org.nn4j.nn.layers.Dense;
import org.nn4j.nn.layers.Dropout;
import org.nn4j.nn.losses.MeanSquaredError;
import org.nn4j.optim.Adam;
import org.nn4j.optim.Optimizer;

/**
 * Resumed training equals uninterrupted training bit for bit (API10): train K epochs, save, load,
 * fit the rest with initialEpoch K, and compare with one run of all epochs. The model has Dropout
 * (its masks come from the step counter), BatchNormalization (moving statistics) and Adam (moments
 * and its own step count), and the data is shuffled per epoch, so every piece of saved state
 * matters; the controls show that dropping any one of them changes the result.
 */
class ResumeTest {
    private static final int EPOCHS = 4, SPLIT = 2;

    @TempDir
    Path dir;

    @BeforeAll
    static void registerTestOptimizer() {
        OptimizerRegistry.register("TestSGD", c -> new TestSGD(c.getDouble("lr")));
    }

    private static Sequential model(Supplier<Optimizer> opt) {
        Sequential m = new Sequential().seed(11).inputShape(6)
                .add(new Dense(16, "relu")).add(new Dropout(0.5)).add(BatchNormalization.builder().build()).add(new Dense(1));
        m.compile(opt.get(), new MeanSquaredError());
        return m;
    }

    private static FitOptions.Builder options() {
        return FitOptions.builder().batchSize(16).verbose(0);
    }

    @Test
    void resumingWithAdamEqualsTheUninterruptedRun() throws Exception {
        check(() -> new Adam(0.01));
    }

    /** A custom optimizer, rebuilt through OptimizerRegistry, resumes exactly too. */
    @Test
    void resumingWithARegisteredCustomOptimizerEqualsTheUninterruptedRun() throws Exception {
        check(() -> new TestSGD(0.05));
    }

    private void check(Supplier<Optimizer> opt) throws Exception {
        try (Scope s = Scope.open()) {
            Tensor x = TestData.inputs(1, 64, 6);
            Tensor y = TestData.linearTargets(x, 2, 1);

            Sequential full = model(opt);
            ModelCheckpoint ck = new ModelCheckpoint(dir.resolve("full-{epoch}.nn4j").toString());
            History all = full.fit(x, y, options().epochs(EPOCHS).callbacks(ck).build());

            Sequential first = model(opt);
            first.fit(x, y, options().epochs(SPLIT).build());
            Path f = dir.resolve("epoch" + SPLIT + ".nn4j");
            first.save(f);
            first.close();

            Model resumed = Model.load(f);
            History rest = resumed.fit(x, y, options().initialEpoch(SPLIT).epochs(EPOCHS).build());
            assertEquals(List.of(2, 3), rest.epochs());
            assertEquals(all.history().get("loss").subList(SPLIT, EPOCHS), rest.history().get("loss"));
            IoModels.assertSameWeights(full.weights(), resumed.weights());
            assertEquals(full.trainingStep(), resumed.trainingStep());
            assertEquals(full.optimizer().iterations(), resumed.optimizer().iterations());

            // the checkpoint written during the uninterrupted run at the end of epoch SPLIT resumes the same way
            Model fromCheckpoint = Model.load(dir.resolve("full-" + SPLIT + ".nn4j"));
            fromCheckpoint.fit(x, y, options().initialEpoch(SPLIT).epochs(EPOCHS).build());
            IoModels.assertSameWeights(full.weights(), fromCheckpoint.weights());
            fromCheckpoint.close();

            // controls: without the step counter (other Dropout masks) the run differs ...
            Model noStep = Model.load(f);
            noStep.setTrainingStep(0);
            noStep.fit(x, y, options().initialEpoch(SPLIT).epochs(EPOCHS).build());
            assertDiffers(full, noStep, "the step counter");
            // ... and, for an optimizer with state, without it
            if (full.optimizer() instanceof Adam) {
                Model freshAdam = Model.load(f);
                freshAdam.compile(new Adam(0.01), new MeanSquaredError());
                freshAdam.fit(x, y, options().initialEpoch(SPLIT).epochs(EPOCHS).build());
                assertDiffers(full, freshAdam, "Adam's state");
                freshAdam.close();
            }
            for (Model m : List.of(full, resumed, noStep)) m.close();
        }
    }

    private static void assertDiffers(Model expected, Model actual, String what) {
        List<Variable> a = expected.weights(), b = actual.weights();
        boolean same = true;
        for (int i = 0; i < a.size(); i++) same &= java.util.Arrays.equals(IoModels.bits(a.get(i).value()), IoModels.bits(b.get(i).value()));
        assertFalse(same, "resuming without " + what + " should change the result");
    }
}
