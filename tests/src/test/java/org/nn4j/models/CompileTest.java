package org.nn4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.callbacks.History;
import org.nn4j.models.fixtures.TestData;
import org.nn4j.nn.SymbolicTensor;
import org.nn4j.nn.layers.Dense;
import org.nn4j.nn.losses.BinaryCrossentropy;
import org.nn4j.nn.losses.MeanAbsoluteError;
import org.nn4j.nn.losses.MeanSquaredError;
import org.nn4j.nn.losses.SparseCategoricalCrossentropy;
import org.nn4j.nn.metrics.Accuracy;
import org.nn4j.nn.metrics.BinaryAccuracy;
import org.nn4j.nn.metrics.Metric;
import org.nn4j.nn.metrics.Precision;
import org.nn4j.nn.metrics.Recall;
import org.nn4j.nn.metrics.TopKCategoricalAccuracy;
import org.nn4j.optim.Adadelta;
import org.nn4j.optim.Adagrad;
import org.nn4j.optim.Adam;
import org.nn4j.optim.Optimizer;
import org.nn4j.optim.RMSprop;
import org.nn4j.optim.SGD;

/** compile with ids (API4): a string is the object with default settings; "accuracy" suits the loss and output. */
class CompileTest {
    private static Sequential regressor() {
        return new Sequential().seed(4).inputShape(3).add(new Dense(4, "tanh")).add(new Dense(2));
    }

    private static List<Metric> metricsOf(Model m) {
        return m.compiledOrThrow("test").metrics.get(0);
    }

    /** Each optimizer id trains bit-identically to the object with default settings; the loss and metric ids too. */
    @Test
    void stringsEqualObjects() {
        Map<String, Supplier<Optimizer>> optimizers = Map.of("sgd", SGD::new, "adam", Adam::new, "rmsprop", RMSprop::new,
                "adagrad", Adagrad::new, "adadelta", Adadelta::new);
        try (Scope s = Scope.open()) {
            Tensor x = TestData.inputs(1, 16, 3), y = TestData.linearTargets(x, 2, 2);
            FitOptions o = FitOptions.builder().batchSize(4).epochs(2).seed(3).verbose(0).build();
            for (Map.Entry<String, Supplier<Optimizer>> e : optimizers.entrySet()) {
                try (Sequential byId = regressor(); Sequential byObject = regressor()) {
                    byId.compile(e.getKey(), "mse", "mae", "mse");
                    Optimizer opt = e.getValue().get();
                    byObject.compile(opt, new MeanSquaredError(), new org.nn4j.nn.metrics.MeanAbsoluteError(),
                            new org.nn4j.nn.metrics.MeanSquaredError());
                    assertEquals(opt.getClass(), byId.optimizer().getClass(), e.getKey());
                    assertEquals(opt.config().asMap(), byId.optimizer().config().asMap(), e.getKey() + ": default settings");
                    History a = byId.fit(x, y, o), b = byObject.fit(x, y, o);
                    assertEquals(List.of("loss", "mae", "mse"), List.copyOf(a.history().keySet()));
                    assertEquals(b.history(), a.history(), e.getKey());
                    List<int[]> wa = TestData.bits(byId.weights()), wb = TestData.bits(byObject.weights());
                    for (int i = 0; i < wa.size(); i++) assertArrayEquals(wb.get(i), wa.get(i), e.getKey());
                    byId.optimizer().close();
                    opt.close();
                }
            }
        }
    }

    /** Metric ids (API4's accuracy, mse, mae, precision, recall, top_k) become those classes; the aliases too. */
    @Test
    void metricIdsBecomeTheirClasses() {
        try (Sequential m = new Sequential().inputShape(3).add(new Dense(4, "softmax"))) {
            m.compile("sgd", "sparse_categorical_crossentropy", "accuracy", "precision", "recall", "top_k", "top_3", "mae", "mse");
            List<Metric> ms = metricsOf(m);
            assertInstanceOf(SparseCategoricalCrossentropy.class, m.compiledOrThrow("test").losses[0]);
            assertInstanceOf(Accuracy.class, ms.get(0));
            assertInstanceOf(Precision.class, ms.get(1));
            assertInstanceOf(Recall.class, ms.get(2));
            assertEquals(5, ((TopKCategoricalAccuracy) ms.get(3)).k());
            assertEquals(3, ((TopKCategoricalAccuracy) ms.get(4)).k());
            assertInstanceOf(org.nn4j.nn.metrics.MeanAbsoluteError.class, ms.get(5));
            assertInstanceOf(org.nn4j.nn.metrics.MeanSquaredError.class, ms.get(6));
            m.compile(new SGD(0.1), "mean_absolute_error", "acc");
            assertInstanceOf(MeanAbsoluteError.class, m.compiledOrThrow("test").losses[0]);
            assertInstanceOf(Accuracy.class, metricsOf(m).get(0));
            assertEquals("accuracy", metricsOf(m).get(0).name());
        }
    }

    /**
     * "accuracy" is binary accuracy for binary cross-entropy (threshold 0.5, or 0 from logits)
     * and for one output unit under any loss, class accuracy for class scores; always logged as
     * "accuracy", and its value is that metric's.
     */
    @Test
    void accuracyFollowsTheLossAndTheOutput() {
        try (Scope s = Scope.open()) {
            Sequential sigmoid = new Sequential().seed(1).inputShape(2).add(new Dense(1, "sigmoid"));
            sigmoid.compile("sgd", "binary_crossentropy", "accuracy");
            assertEquals(0.5, ((BinaryAccuracy) metricsOf(sigmoid).get(0)).threshold());
            sigmoid.compile(CompileOptions.builder().optimizer("sgd").loss(new BinaryCrossentropy(true))
                    .metrics(List.of("accuracy")).build());
            assertEquals(0.0, ((BinaryAccuracy) metricsOf(sigmoid).get(0)).threshold(), "from logits");
            sigmoid.compile("sgd", "mse", "accuracy");
            BinaryAccuracy unit = (BinaryAccuracy) metricsOf(sigmoid).get(0);
            assertEquals(0.5, unit.threshold(), "one output unit under MSE");
            assertEquals("accuracy", unit.name());

            // the logged value is binary accuracy of the predictions: 3 of these 5 are on the right side of 0.5
            Tensor x = TestData.inputs(3, 5, 2);
            float[] p = sigmoid.predict(x).toFloatArray();
            float[] labels = new float[5];
            for (int i = 0; i < 5; i++) labels[i] = (p[i] > 0.5f) == (i < 3) ? 1 : 0;
            assertEquals(0.6, sigmoid.evaluate(x, Tensor.of(labels, 5, 1)).get("accuracy"), 1e-12);

            Sequential softmax = new Sequential().inputShape(2).add(new Dense(3, "softmax"));
            softmax.compile("adam", "categorical_crossentropy", "accuracy");
            assertInstanceOf(Accuracy.class, metricsOf(softmax).get(0));
            sigmoid.close();
            softmax.close();
        }
    }

    /** Compiled before its input shape is known, a Sequential makes its metrics once it is built by the data. */
    @Test
    void metricIdsWaitForTheOutputShape() {
        try (Scope s = Scope.open(); Sequential m = new Sequential().seed(2).add(new Dense(1, "sigmoid"))) {
            m.compile("sgd", "mse", "accuracy");
            assertTrue(m.compiledOrThrow("test").unbound());
            Tensor x = TestData.inputs(1, 8, 3);
            Tensor y = Tensor.of(new float[] {0, 1, 1, 0, 1, 0, 0, 1}, 8, 1);
            History h = m.fit(x, y, FitOptions.builder().batchSize(4).verbose(0).build());
            assertInstanceOf(BinaryAccuracy.class, metricsOf(m).get(0));
            assertEquals(1, h.get("accuracy").size());
            m.optimizer().close();
        }
    }

    /** Several outputs: one loss id serves all, and each output gets its own instance of each metric id. */
    @Test
    void idsOnAMultiOutputModel() {
        try (Scope s = Scope.open()) {
            SymbolicTensor in = Input.of(3);
            SymbolicTensor h = new Dense(4, "tanh").apply(in);
            Model m = new Model(List.of(in), List.of(Dense.builder(1).name("left").build().apply(h),
                    Dense.builder(2).name("right").build().apply(h)), "two");
            m.compile("adam", "mse", "mae");
            List<List<Metric>> ms = m.compiledOrThrow("test").metrics;
            assertTrue(ms.get(0).get(0) != ms.get(1).get(0), "one instance per output");
            Tensor x = TestData.inputs(1, 8, 3);
            Map<String, Double> ev = m.evaluate(new Tensor[] {x}, new Tensor[] {TestData.linearTargets(x, 1, 1),
                    TestData.linearTargets(x, 2, 2)}, null, 8);
            assertEquals(List.of("loss", "left_loss", "right_loss", "left_mae", "right_mae"), List.copyOf(ev.keySet()));
            m.compile(CompileOptions.builder().optimizer("sgd").losses("mse", null).metrics("right", List.of("mse")).build());
            assertEquals(0, m.compiledOrThrow("test").metrics.get(0).size());
            assertEquals(1, m.compiledOrThrow("test").metrics.get(1).size());
            m.optimizer().close();
            m.close();
        }
    }

    /** An unknown id fails at compile and lists the known ones. */
    @Test
    void unknownIdsFailAtCompile() {
        try (Sequential m = regressor()) {
            var opt = assertThrows(IllegalArgumentException.class, () -> m.compile("adamm", "mse"));
            assertTrue(opt.getMessage().contains("'adamm'") && opt.getMessage().contains("adam"), opt.getMessage());
            var loss = assertThrows(IllegalArgumentException.class, () -> m.compile("sgd", "msee"));
            assertTrue(loss.getMessage().contains("'msee'") && loss.getMessage().contains("mse"), loss.getMessage());
            var metric = assertThrows(IllegalArgumentException.class, () -> m.compile("sgd", "mse", "acuracy"));
            assertTrue(metric.getMessage().contains("'acuracy'") && metric.getMessage().contains("accuracy"), metric.getMessage());
            var dup = assertThrows(IllegalArgumentException.class, () -> m.compile("sgd", "mse", "mae", "mean_absolute_error"));
            assertTrue(dup.getMessage().contains("'mae'"), dup.getMessage());
            assertTrue(!m.isCompiled(), "a failed compile leaves the model uncompiled");
        }
        try (Sequential m = new Sequential().inputShape(2).add(new Dense(1))) {
            var dt = assertThrows(IllegalArgumentException.class, () -> m.compile("sgd", "mse", (String) null));
            assertTrue(dt.getMessage().contains("null"), dt.getMessage());
        }
    }
}
