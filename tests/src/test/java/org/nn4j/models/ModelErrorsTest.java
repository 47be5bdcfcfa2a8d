package org.nn4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.nn.SymbolicTensor;
import org.nn4j.nn.layers.Dense;
import org.nn4j.nn.losses.MeanSquaredError;
import org.nn4j.nn.metrics.MeanAbsoluteError;
import org.nn4j.optim.SGD;

/** Bad use gives an exception that names the problem and the fix. */
class ModelErrorsTest {
    private static Model compiled() {
        SymbolicTensor in = Input.named("features", DType.FLOAT32, 3);
        Model m = new Model(in, Dense.builder(2).name("dense_out").build().apply(in), "checked");
        m.compile(new SGD(0.1), new MeanSquaredError());
        return m;
    }

    @Test
    void fitBeforeCompile() {
        try (Scope s = Scope.open(); Sequential m = new Sequential().inputShape(2).add(new Dense(1))) {
            var e = assertThrows(IllegalStateException.class, () -> m.fit(Tensor.zeros(4, 2), Tensor.zeros(4, 1)));
            assertTrue(e.getMessage().contains("compile"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> m.evaluate(Tensor.zeros(4, 2), Tensor.zeros(4, 1)));
            assertThrows(IllegalStateException.class, () -> m.trainOnBatch(Tensor.zeros(4, 2), Tensor.zeros(4, 1)));
        }
    }

    @Test
    void inputShapeMismatchNamesTheInputAndBothShapes() {
        try (Scope s = Scope.open(); Model m = compiled()) {
            var e = assertThrows(IllegalArgumentException.class, () -> m.fit(Tensor.zeros(10, 4), Tensor.zeros(10, 2)));
            String msg = e.getMessage();
            assertTrue(msg.contains("'features'") && msg.contains("(10, 4)") && msg.contains("(None, 3)")
                    && msg.contains("dense_out"), msg);
            assertThrows(IllegalArgumentException.class, () -> m.predict(Tensor.zeros(10, 4)));
        }
    }

    @Test
    void emptyMismatchedAndWrongDtypeData() {
        try (Scope s = Scope.open(); Model m = compiled()) {
            var empty = assertThrows(IllegalArgumentException.class, () -> m.fit(Tensor.zeros(0, 3), Tensor.zeros(0, 2)));
            assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
            var batch = assertThrows(IllegalArgumentException.class, () -> m.fit(Tensor.zeros(10, 3), Tensor.zeros(9, 2)));
            assertTrue(batch.getMessage().contains("10 samples") && batch.getMessage().contains("(9, 2)"), batch.getMessage());
            var count = assertThrows(IllegalArgumentException.class,
                    () -> m.fit(new Tensor[] {Tensor.zeros(4, 3), Tensor.zeros(4, 3)}, new Tensor[] {Tensor.zeros(4, 2)},
                            FitOptions.defaults()));
            assertTrue(count.getMessage().contains("1 input(s)") && count.getMessage().contains("features"), count.getMessage());
            var dtype = assertThrows(IllegalArgumentException.class, () -> m.predict(Tensor.zeros(DType.FLOAT64, 4, 3)));
            assertTrue(dtype.getMessage().contains("FLOAT64") && dtype.getMessage().contains("to(DType.FLOAT32)"), dtype.getMessage());
            var sw = assertThrows(IllegalArgumentException.class,
                    () -> m.fit(Tensor.zeros(4, 3), Tensor.zeros(4, 2), FitOptions.builder().sampleWeight(Tensor.ones(3)).build()));
            assertTrue(sw.getMessage().contains("sample weights"), sw.getMessage());
        }
    }

    @Test
    void nanInInputsWhenRequested() {
        try (Scope s = Scope.open(); Model m = compiled()) {
            Tensor x = Tensor.of(new float[] {0, 1, 2, 3, Float.NaN, 5}, 2, 3);
            var e = assertThrows(NonFiniteException.class,
                    () -> m.fit(x, Tensor.zeros(2, 2), FitOptions.builder().checkNumerics(true).verbose(0).build()));
            assertEquals(NonFiniteException.Kind.INPUT, e.kind());
            assertTrue(e.getMessage().contains("x[0]") && e.getMessage().contains("(1, 1)"), e.getMessage());
        }
    }

    @Test
    void badCompileAndFitOptions() {
        try (Model m = compiled()) {
            var noLoss = assertThrows(IllegalArgumentException.class,
                    () -> m.compile(CompileOptions.builder().optimizer(new SGD(1)).build()));
            assertTrue(noLoss.getMessage().contains("no loss"), noLoss.getMessage());
            var unknown = assertThrows(IllegalArgumentException.class,
                    () -> m.compile(CompileOptions.builder().optimizer(new SGD(1)).loss("nope", new MeanSquaredError()).build()));
            assertTrue(unknown.getMessage().contains("'nope'") && unknown.getMessage().contains("dense_out"), unknown.getMessage());
            MeanAbsoluteError shared = new MeanAbsoluteError();
            SymbolicTensor in = Input.of(2);
            Model two = new Model(List.of(in), List.of(new Dense(1).apply(in), new Dense(1).apply(in)));
            var reuse = assertThrows(IllegalArgumentException.class, () -> two.compile(CompileOptions.builder()
                    .optimizer(new SGD(1)).loss(new MeanSquaredError()).metrics(two.outputNames().get(0), shared)
                    .metrics(two.outputNames().get(1), shared).build()));
            assertTrue(reuse.getMessage().contains("own instance"), reuse.getMessage());
            assertThrows(IllegalArgumentException.class, () -> FitOptions.builder().batchSize(0));
            assertThrows(IllegalArgumentException.class, () -> FitOptions.builder().validationSplit(1.0));
            assertThrows(IllegalArgumentException.class, () -> FitOptions.builder().epochs(2).initialEpoch(3).build());
            two.close();
        }
    }
}
