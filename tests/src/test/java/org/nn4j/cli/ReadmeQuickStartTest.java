package org.nn4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nn4j.Tensor;
import org.nn4j.data.Mnist;
import org.nn4j.data.Split;
import org.nn4j.data.TensorDataset;
import org.nn4j.models.FitOptions;
import org.nn4j.models.Model;
import org.nn4j.models.Sequential;
import org.nn4j.nn.layers.Dense;
import org.nn4j.nn.layers.Flatten;
import org.nn4j.nn.losses.SparseCategoricalCrossentropy;
import org.nn4j.nn.metrics.Accuracy;
import org.nn4j.optim.Adam;

/**
 * The README's Java quick start, statement for statement, on the first 3,000 training images
 * for one epoch (the README trains on all 60,000 for two), so that the snippet keeps compiling
 * and working.
 */
class ReadmeQuickStartTest {
    @TempDir
    Path dir;

    @Test
    void quickStartRuns() throws IOException {
        Path file = dir.resolve("mlp.nn4j");
        try (Split<TensorDataset> mnist = Mnist.load();
             Sequential model = new Sequential("mlp").inputShape(1, 28, 28)
                     .add(new Flatten()).add(new Dense(256, "relu")).add(new Dense(10, "softmax"));
             Tensor x = mnist.train().x().slice(0, 0, 3000); Tensor y = mnist.train().y().slice(0, 0, 3000)) {
            model.compile(new Adam(1e-3), new SparseCategoricalCrossentropy(), new Accuracy());
            model.fit(x, y, FitOptions.builder().epochs(1).batchSize(64).validationSplit(0.1).verbose(0).build());
            Map<String, Double> scores = model.evaluate(mnist.test().x(), mnist.test().y());
            assertTrue(scores.get("accuracy") > 0.8, scores.toString());
            model.save(file);
            try (Model loaded = Model.load(file);
                 Tensor p = loaded.predict(mnist.test().x()); Tensor q = model.predict(mnist.test().x())) {
                assertArrayEquals(new long[] {10_000, 10}, p.dims());
                assertArrayEquals(q.toFloatArray(), p.toFloatArray(), "the loaded model predicts bit for bit as the saved one");
            }
        }
    }
}
