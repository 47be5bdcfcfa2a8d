package org.nn4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.callbacks.History;
import org.nn4j.callbacks.LambdaCallback;
import org.nn4j.models.fixtures.ContextProbe;
import org.nn4j.models.fixtures.TestData;
import org.nn4j.nn.Variable;
import org.nn4j.nn.layers.Dense;
import org.nn4j.nn.losses.MeanSquaredError;
import org.nn4j.nn.metrics.MeanAbsoluteError;
import org.nn4j.nn.regularizers.Regularizers;
import org.nn4j.optim.SGD;

/** fit / evaluate / predict / trainOnBatch semantics (API5-API7). */
class FitTest {
    static Sequential model(long seed) {
        return new Sequential().seed(seed).inputShape(3).add(new Dense(4, "tanh")).add(new Dense(1));
    }

    static FitOptions.Builder quiet() {
        return FitOptions.builder().verbose(0);
    }

    @Test
    void stepsPerEpochAreCeilOfNOverBatchAndInitialEpochIsHonoured() {
        try (Scope s = Scope.open(); Sequential m = model(1)) {
            m.compile(new SGD(0.01), new MeanSquaredError());
            Tensor x = TestData.inputs(1, 10, 3), y = TestData.linearTargets(x, 2, 1);
            List<Integer> batches = new ArrayList<>();
            List<Long> sizes = new ArrayList<>();
            LambdaCallback count = new LambdaCallback().onEpochBegin((e, l) -> batches.add(0))
                    .onTrainBatchEnd((b, l) -> batches.set(batches.size() - 1, b + 1));
            History h = m.fit(x, y, quiet().batchSize(4).epochs(5).initialEpoch(2).callbacks(count,
                    new LambdaCallback().onTrainBegin(l -> sizes.add(((Number) count.params().get("steps")).longValue()))).build());
            assertEquals(List.of(2, 3, 4), h.epochs());
            assertEquals(List.of(3, 3, 3), batches);
            assertEquals(List.of(3L), sizes);
            assertEquals(9, m.trainingStep(), "3 epochs of 3 steps");
        }
    }

    /** validationSplit holds out the last fraction, before shuffling; val_loss = evaluate on it. */
    @Test
    void validationSplitIsTheLastFraction() {
        try (Scope s = Scope.open(); Sequential m = model(2)) {
            m.compile(new SGD(0.05), new MeanSquaredError(), new MeanAbsoluteError());
            Tensor x = TestData.inputs(3, 10, 3), y = TestData.linearTargets(x, 4, 1);
            History h = m.fit(x, y, quiet().batchSize(3).epochs(2).validationSplit(0.2).seed(9).build());
            Map<String, Double> tail = m.evaluate(x.slice(0, 8, 10), y.slice(0, 8, 10));
            assertEquals(tail.get("loss"), h.last("val_loss"), 1e-7);
            assertEquals(tail.get("mae"), h.last("val_mae"), 1e-7);
            assertEquals(List.of("loss", "mae", "val_loss", "val_mae"), new ArrayList<>(h.history().keySet()));
        }
    }

    @Test
    void shuffleIsSeededAndDeterministic() {
        try (Scope s = Scope.open()) {
            Tensor x = TestData.inputs(5, 20, 3), y = TestData.linearTargets(x, 6, 1);
            List<int[]> a = trained(x, y, 77, true), b = trained(x, y, 77, true), c = trained(x, y, 78, true),
                    d = trained(x, y, 77, false);
            for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i), b.get(i));
            assertFalse(java.util.Arrays.equals(a.get(0), c.get(0)), "another shuffle seed gives another run");
            assertFalse(java.util.Arrays.equals(a.get(0), d.get(0)), "shuffling changes the run");
        }
    }

    private static List<int[]> trained(Tensor x, Tensor y, long seed, boolean shuffle) {
        try (Sequential m = model(3)) {
            m.compile(new SGD(0.1), new MeanSquaredError());
            m.fit(x, y, quiet().batchSize(4).epochs(3).shuffle(shuffle).seed(seed).build());
            return TestData.bits(m.weights());
        }
    }

    /**
     * classWeight {0: 1, 1: 3} equals the same per-sample weights; the reported loss is the
     * weighted mean over the samples (L9), also when evaluated in batches of 3, whose losses
     * weigh by their total sample weight (7, 5, 4), not their size.
     */
    @Test
    void classWeightEqualsSampleWeight() {
        try (Scope s = Scope.open(); Sequential m = model(4)) {
            m.compile(new SGD(0.0), new MeanSquaredError());  // lr 0: weights stay, so the epoch loss is an exact average
            Tensor x = TestData.inputs(7, 8, 3);
            Tensor y = Tensor.of(new float[] {0, 1, 1, 0, 1, 0, 0, 1}, 8, 1);
            Tensor w = Tensor.of(new float[] {1, 3, 3, 1, 3, 1, 1, 3}, 8);
            History hc = m.fit(x, y, quiet().batchSize(8).shuffle(false).classWeight(Map.of(0, 1.0, 1, 3.0)).build());
            History hs = m.fit(x, y, quiet().batchSize(8).shuffle(false).sampleWeight(w).build());
            History hn = m.fit(x, y, quiet().batchSize(8).shuffle(false).build());
            assertEquals(hs.last("loss"), hc.last("loss"), 1e-7);
            assertTrue(Math.abs(hn.last("loss") - hc.last("loss")) > 1e-4, "the weights matter");
            Map<String, Double> ev = m.evaluate(new Tensor[] {x}, new Tensor[] {y}, w, 3);
            assertEquals(hs.last("loss"), ev.get("loss"), 1e-6);
        }
    }

    /** K10: the reported and evaluated loss include the regularization penalty. */
    @Test
    void reportedLossIncludesPenalties() {
        try (Scope s = Scope.open()) {
            Dense d = Dense.builder(2).kernelRegularizer(Regularizers.l2(0.1)).build();
            Sequential m = new Sequential().seed(5).inputShape(3).add(d);
            m.compile(new SGD(0.0), new MeanSquaredError());
            Tensor x = TestData.inputs(8, 6, 3), y = TestData.linearTargets(x, 9, 2);
            double mse = new MeanSquaredError().compute(y, m.predict(x)).item();
            double penalty = 0.1 * d.weights().get(0).value().square().sum().item();  // K10: l2 · sum(W²)
            assertTrue(penalty > 1e-3);
            assertEquals(mse + penalty, m.evaluate(x, y).get("loss"), 1e-5);
            assertEquals(mse + penalty, m.fit(x, y, quiet().batchSize(6).build()).last("loss"), 1e-5);
            assertEquals(mse + penalty, m.testOnBatch(x, y).get("loss"), 1e-5);
            m.close();
        }
    }

    /** API7: trainOnBatch is one fit step on that batch, bit for bit; fit on an iterable equals fit on tensors. */
    @Test
    void trainOnBatchAndIterableFitMatchFit() {
        try (Scope s = Scope.open()) {
            Tensor x = TestData.inputs(10, 12, 3), y = TestData.linearTargets(x, 11, 1);
            Sequential a = model(6), b = model(6), c = model(6);
            for (Sequential m : List.of(a, b, c)) m.compile(new SGD(0.2), new MeanSquaredError());
            a.fit(x, y, quiet().batchSize(4).epochs(2).shuffle(false).build());
            for (int e = 0; e < 2; e++) {
                for (int k = 0; k < 3; k++) b.trainOnBatch(x.slice(0, 4 * k, 4 * k + 4), y.slice(0, 4 * k, 4 * k + 4));
            }
            List<Batch> batches = new ArrayList<>();
            for (int k = 0; k < 3; k++) batches.add(Batch.of(x.slice(0, 4 * k, 4 * k + 4), y.slice(0, 4 * k, 4 * k + 4)));
            History hc = c.fit(batches, quiet().epochs(2).build());
            assertEquals(2, hc.get("loss").size());
            List<int[]> wa = TestData.bits(a.weights()), wb = TestData.bits(b.weights()), wc = TestData.bits(c.weights());
            for (int i = 0; i < wa.size(); i++) {
                assertArrayEquals(wa.get(i), wb.get(i));
                assertArrayEquals(wa.get(i), wc.get(i));
            }
            for (Sequential m : List.of(a, b, c)) m.close();
        }
    }

    /** Training mode and a fresh step number reach every layer in fit; inference mode in predict and validation. */
    @Test
    void callContextFlowsToLayers() {
        try (Scope s = Scope.open()) {
            ContextProbe probe = new ContextProbe("probe");
            Sequential m = new Sequential().seed(1).inputShape(3).add(new Dense(2)).add(probe);
            m.compile(new SGD(0.01), new MeanSquaredError());
            Tensor x = TestData.inputs(1, 6, 3), y = TestData.linearTargets(x, 1, 2);
            m.fit(x, y, quiet().batchSize(2).epochs(2).validationData(x, y).validationBatchSize(6).build());
            // per epoch: 3 training calls, then 1 validation call
            assertEquals(List.of(true, true, true, false, true, true, true, false), probe.training);
            assertEquals(List.of(0L, 1L, 2L), probe.steps.subList(0, 3));
            assertEquals(List.of(3L, 4L, 5L), probe.steps.subList(4, 7));
            probe.training.clear();
            m.predict(x, 4);
            assertEquals(List.of(false, false), probe.training);
            m.close();
        }
    }

    @Test
    void predictBatchesAndPredictOne() {
        try (Scope s = Scope.open(); Sequential m = model(8)) {
            Tensor x = TestData.inputs(12, 7, 3);
            Tensor all = m.predict(x, 100), small = m.predict(x, 3);
            assertArrayEquals(new long[] {7, 1}, small.dims());
            float[] a = all.toFloatArray(), b = small.toFloatArray();
            for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], 1e-6);
            Tensor one = m.predictOne(x.select(0, 2));
            assertArrayEquals(new long[] {1}, one.dims());
            assertEquals(a[2], one.toFloatArray()[0], 1e-6);
        }
    }

    @Test
    void weightsRoundTripThroughGetAndSet() {
        try (Scope s = Scope.open(); Sequential a = model(9); Sequential b = model(10)) {
            Tensor x = TestData.inputs(1, 4, 3);
            Tensor pa = a.predict(x);
            List<Tensor> w = a.getWeights();
            b.build(org.nn4j.Shape.of(3));
            b.setWeights(w);
            assertArrayEquals(TestData.bits(pa), TestData.bits(b.predict(x)));
            for (Tensor t : w) t.close();
            for (Variable v : b.weights()) assertEquals(v.owner().name() + "/" + v.name(), v.path());
        }
    }
}
