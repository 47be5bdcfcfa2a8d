package org.nn4j.callbacks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nn4j.Tensor;
import org.nn4j.models.FitOptions;
import org.nn4j.models.Sequential;
import org.nn4j.models.fixtures.TestData;
import org.nn4j.nn.layers.Dense;
import org.nn4j.nn.losses.MeanSquaredError;
import org.nn4j.optim.SGD;

/**
 * Test helper: overwrites a log key at each epoch end with a scripted value (before the
 * callbacks under test see it), and records the weights of every epoch.
 */
final class Scripted extends Callback {
    private final String key;
    private final double[] values;
    final List<List<Tensor>> weights = new ArrayList<>();

    Scripted(String key, double... values) {
        this.key = key;
        this.values = values;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        logs.put(key, values[epoch]);
        weights.add(model().getWeights());
    }

    void close() {
        for (List<Tensor> l : weights) for (Tensor t : l) t.close();
    }

    /** A small compiled model and data that train without trouble. */
    static Sequential newModel() {
        Sequential m = new Sequential().seed(5).inputShape(3).add(new Dense(4, "tanh")).add(new Dense(1));
        m.compile(new SGD(0.05), new MeanSquaredError());
        return m;
    }

    static Tensor x() {
        return TestData.inputs(1, 16, 3);
    }

    static Tensor y(Tensor x) {
        return TestData.linearTargets(x, 2, 1);
    }

    static FitOptions.Builder options(int epochs, Callback... cbs) {
        return FitOptions.builder().batchSize(8).epochs(epochs).verbose(0).callbacks(cbs);
    }
}
