package org.nn4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nn4j.Nn4j;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.callbacks.Callback;
import org.nn4j.callbacks.History;
import org.nn4j.models.fixtures.TestData;
import org.nn4j.nn.layers.Dense;
import org.nn4j.nn.losses.MeanSquaredError;
import org.nn4j.nn.metrics.MeanAbsoluteError;
import org.nn4j.optim.Adam;

/**
 * Each training step runs in its own Scope: 10,000 steps of a real Dense model with Adam keep
 * the live native bytes exactly flat (Adam's moments, made at the first step, are the only
 * lasting allocation; they are made before the baseline is taken).
 */
class TrainingMemoryTest {
    @Test
    void tenThousandStepsKeepLiveBytesFlat() {
        try (Scope s = Scope.open()) {
            Tensor x = TestData.inputs(1, 40_000, 2), y = TestData.linearTargets(x, 2, 1);
            Sequential m = new Sequential().seed(1).inputShape(2).add(new Dense(4, "tanh")).add(new Dense(1));
            Adam adam = new Adam(1e-3);
            m.compile(adam, new MeanSquaredError(), new MeanAbsoluteError());
            m.trainOnBatch(x.slice(0, 0, 4), y.slice(0, 0, 4));  // makes Adam's slots
            long before = TestData.settledLiveBytes();
            // shuffled, so every batch is gathered into new tensors
            List<Long> samples = new ArrayList<>();
            History h = m.fit(x, y, FitOptions.builder().batchSize(4).epochs(1).seed(3).verbose(0)
                    .callbacks(probe(samples, 1000)).build());
            assertEquals(10_001, m.trainingStep());
            assertEquals(10_001, adam.iterations());
            assertEquals(10, samples.size());
            for (long b : samples) assertEquals(samples.get(0), b, "live bytes at every 1000th step: " + samples);
            assertEquals(before, Nn4j.liveBytes(), "nothing of fit is left once it returns");
            assertEquals(1, h.get("loss").size());

            // NaN checks and gradient norms make temporaries of their own: also freed per step
            samples.clear();
            m.fit(x.slice(0, 0, 4000), y.slice(0, 0, 4000), FitOptions.builder().batchSize(4).epochs(1).verbose(0)
                    .checkNumerics(true).logGradNorms(true).callbacks(probe(samples, 100)).build());
            assertEquals(10, samples.size());
            for (long b : samples) assertEquals(samples.get(0), b, "with checks: " + samples);
            assertEquals(before, Nn4j.liveBytes());
            adam.close();
            m.close();
        }
    }

    /** Closing a compiled model frees its optimizer's slots too (Adam's moments: 2 per weight). */
    @Test
    void closingTheModelFreesItsOptimizerState() {
        long base = TestData.settledLiveBytes();
        Sequential m = new Sequential().seed(1).inputShape(3).add(new Dense(5, "tanh")).add(new Dense(1));
        try (Scope s = Scope.open()) {
            Tensor x = TestData.inputs(1, 8, 3), y = TestData.linearTargets(x, 3, 1);
            m.compile("adam", "mse");
            m.trainOnBatch(x, y);
        }
        m.close();
        long after = TestData.settledLiveBytes();  // m is still reachable: nothing of it is left to the Cleaner
        // <=: the Cleaner may still free earlier tests' garbage; the moments left over would show as more
        assertTrue(after <= base, "weights and Adam's moments are all freed: " + base + " -> " + after);
        assertTrue(m.isCompiled());
    }

    private static Callback probe(List<Long> samples, int every) {
        return new Callback() {
            @Override
            public void onTrainBatchEnd(int batch, java.util.Map<String, Double> logs) {
                if (batch % every == 50) samples.add(Nn4j.liveBytes());
            }
        };
    }
}
