package org.nn4j.nn.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.nn.Config;
import org.nn4j.nn.losses.BinaryCrossentropy;
import org.nn4j.nn.losses.CategoricalCrossentropy;
import org.nn4j.nn.losses.Hinge;
import org.nn4j.testing.LiveBytes;

/** Metric ids, configs through JSON, errors, no autograd inside updates, and no leaked native memory. */
class MetricBehaviourTest {
    static void assertMessage(Executable e, String... parts) {
        Throwable ex = assertThrows(IllegalArgumentException.class, e);
        for (String part : parts) assertTrue(ex.getMessage().contains(part), "'" + part + "' not in: " + ex.getMessage());
    }

    @Test
    void idsResolve() {
        Object[][] ids = {
            {"accuracy", Accuracy.class, "accuracy"}, {"acc", Accuracy.class, "accuracy"},
            {"binary_accuracy", BinaryAccuracy.class, "binary_accuracy"},
            {"top_k", TopKCategoricalAccuracy.class, "top_5_accuracy"},
            {"top_3", TopKCategoricalAccuracy.class, "top_3_accuracy"},
            {"sparse_top_2_accuracy", TopKCategoricalAccuracy.class, "sparse_top_2_accuracy"},
            {"precision", Precision.class, "precision"}, {"recall", Recall.class, "recall"}, {"f1", F1Score.class, "f1"},
            {"confusion_matrix", ConfusionMatrix.class, "confusion_matrix"},
            {"mae", MeanAbsoluteError.class, "mae"}, {"mse", MeanSquaredError.class, "mse"},
            {"rmse", RootMeanSquaredError.class, "rmse"}, {"auc", AUC.class, "auc"}, {"mean", Mean.class, "mean"}};
        for (Object[] id : ids) {
            Metric m = Metrics.get((String) id[0]);
            assertInstanceOf((Class<?>) id[1], m, (String) id[0]);
            assertEquals(id[2], m.name());
        }
        assertMessage(() -> Metrics.get("accuracyy"), "unknown metric 'accuracyy'", "Metrics.register");
        // "accuracy" follows the loss (U1)
        assertEquals(0.5, ((BinaryAccuracy) Metrics.get("accuracy", new BinaryCrossentropy())).threshold());
        assertEquals(0, ((BinaryAccuracy) Metrics.get("accuracy", new BinaryCrossentropy(true))).threshold());
        assertEquals(0, ((BinaryAccuracy) Metrics.get("acc", new Hinge())).threshold());
        assertEquals("accuracy", Metrics.get("accuracy", new Hinge()).name());
        assertInstanceOf(Accuracy.class, Metrics.get("accuracy", new CategoricalCrossentropy()));
    }

    @Test
    void configRoundTripsThroughJson() {
        List<Metric> metrics = List.of(new Accuracy().named("acc_a"), new BinaryAccuracy(0.3),
                new TopKCategoricalAccuracy(2), TopKCategoricalAccuracy.sparse(3),
                new Precision(Average.MACRO).numClasses(3), new Recall().threshold(0.7), new F1Score(Average.WEIGHTED),
                new FBetaScore(0.5, Average.MICRO), new ConfusionMatrix(3), ConfusionMatrix.binary(0.2),
                new MeanAbsoluteError(), new MeanSquaredError(), new RootMeanSquaredError(), new AUC(50), AUC.exact(),
                new Mean("loss"));
        Gson gson = new Gson();
        for (Metric m : metrics) {
            String json = gson.toJson(m.config().asMap());
            @SuppressWarnings("unchecked")
            Map<String, Object> back = gson.fromJson(json, Map.class);
            Metric copy = Metrics.fromConfig(new Config(back));
            assertEquals(m.getClass(), copy.getClass());
            assertEquals(m.name(), copy.name());
            assertEquals(json, gson.toJson(copy.config().asMap()));
        }
    }

    @Test
    void errorsNameTheProblem() {
        try (Scope s = Scope.open()) {
            Tensor p41 = Tensor.of(new double[] {0.2, 0.7, 0.4, 0.9}, 4, 1);
            assertMessage(() -> new Accuracy().update(Tensor.of(new long[4], 4), p41), "(4, 1)", "BinaryAccuracy");
            Tensor p43 = Tensor.of(new double[12], 4, 3);
            assertMessage(() -> new Accuracy().update(Tensor.of(new double[8], 4, 2), p43), "(4, 2)", "(4, 3)");
            assertMessage(() -> new Accuracy().update(Tensor.of(new long[4], 4), p43, Tensor.of(new double[3], 3)),
                    "sampleWeight", "(3)", "(4)");
            assertMessage(() -> TopKCategoricalAccuracy.sparse(2).update(Tensor.of(new double[12], 4, 3), p43), "int32/int64");
            assertMessage(() -> new Precision(Average.MACRO).update(Tensor.of(new long[] {0, 1, 3, 0}, 4), p43),
                    "labels must be class ids in [0, 3)");
            assertMessage(() -> new Precision(Average.MACRO).numClasses(4).update(Tensor.of(new long[4], 4), p43),
                    "3 classes", "counts 4");
            assertMessage(() -> new Recall(Average.MACRO).update(Tensor.of(new long[4], 4), p41), "(4, 1)", "binary");
            assertMessage(() -> new AUC().update(Tensor.of(new double[4], 4, 1), Tensor.of(new double[] {0, 2, 0.5, 0.1}, 4, 1)),
                    "[0, 1]", "2.0", "AUC.exact()");
            assertMessage(() -> new MeanAbsoluteError().update(Tensor.of(new double[12], 4, 3), Tensor.of(new double[8], 4, 2)),
                    "mae", "(4, 3)", "(4, 2)");
            assertMessage(() -> new TopKCategoricalAccuracy(0), "k = 0");
            assertMessage(() -> new AUC(1), "numThresholds");
            assertMessage(() -> new Mean().add(1, -1), "weight -1");
            assertMessage(() -> new Accuracy().update(Tensor.of(new long[4], 4), Tensor.of(new long[12], 4, 3)),
                    "float32 or float64");
        }
    }

    /** A metric that reports whether autograd was recording while it ran. */
    static final class GradProbe extends PerSampleMeanMetric<GradProbe> {
        Boolean gradEnabled;

        @Override
        protected Tensor perSample(Tensor yTrue, Tensor yPred) {
            gradEnabled = Autograd.isGradEnabled();
            return meanPerSample(yPred.mul(2));
        }

        @Override
        protected String defaultName() {
            return "probe";
        }

        @Override
        protected String type() {
            return "probe";
        }
    }

    @Test
    void updatesRecordNoGraph() {
        try (Scope s = Scope.open()) {
            Tensor p = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
            GradProbe probe = new GradProbe();
            assertNull(probe.gradEnabled);
            probe.update(null, p);
            assertFalse(probe.gradEnabled);
            assertTrue(Autograd.isGradEnabled(), "the previous mode is restored");
            assertEquals(3, probe.result());
        }
    }

    @Test
    void updatesLeaveNoNativeMemory() {
        Tensor scores = Tensor.rand(11, 9, 4);
        Tensor labels = Tensor.of(new long[] {0, 3, 1, 2, 2, 0, 1, 3, 0}, 9);
        Tensor probs = Tensor.rand(12, 9, 1);
        Tensor targets = Tensor.of(new double[] {1, 0, 1, 1, 0, 0, 1, 0, 1}, 9, 1).to(DType.FLOAT32);
        Tensor w = Tensor.of(new double[] {1, 2, 1, 2, 1, 2, 1, 2, 1}, 9);
        List<Metric> classMetrics = List.of(new Accuracy(), new TopKCategoricalAccuracy(2), TopKCategoricalAccuracy.sparse(2),
                new Precision(Average.MACRO), new Recall(Average.MICRO), new F1Score(Average.WEIGHTED), new ConfusionMatrix());
        List<Metric> binaryMetrics = List.of(new BinaryAccuracy(), new Precision(), new Recall(), new F1Score(),
                ConfusionMatrix.binary(0.5), new MeanAbsoluteError(), new MeanSquaredError(), new RootMeanSquaredError(),
                new AUC(), AUC.exact(), new Mean());
        long before = LiveBytes.settle();
        for (int round = 0; round < 5; round++) {
            for (Metric m : classMetrics) m.update(labels, scores, round % 2 == 0 ? w : null);
            for (Metric m : binaryMetrics) m.update(targets, probs, round % 2 == 0 ? w : null);
        }
        assertEquals(before, LiveBytes.settle());
        for (Metric m : classMetrics) assertTrue(Double.isFinite(m.result()), m.name());
        for (Metric m : binaryMetrics) assertTrue(Double.isFinite(m.result()), m.name());
        for (Tensor t : new Tensor[] {scores, labels, probs, targets, w}) t.close();
    }
}
