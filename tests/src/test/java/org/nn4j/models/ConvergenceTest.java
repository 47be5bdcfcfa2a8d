package org.nn4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nn4j.DType;
import org.nn4j.Generator;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.callbacks.History;
import org.nn4j.models.fixtures.TestData;
import org.nn4j.nn.layers.Conv2D;
import org.nn4j.nn.layers.Dense;
import org.nn4j.nn.layers.Flatten;
import org.nn4j.nn.layers.LSTM;
import org.nn4j.nn.layers.MaxPooling2D;
import org.nn4j.nn.losses.BinaryCrossentropy;
import org.nn4j.nn.losses.MeanSquaredError;
import org.nn4j.nn.losses.SparseCategoricalCrossentropy;
import org.nn4j.nn.metrics.Accuracy;
import org.nn4j.nn.metrics.BinaryAccuracy;
import org.nn4j.optim.Adam;
import org.nn4j.optim.Optimizer;
import org.nn4j.optim.SGD;

/**
 * Convergence with the real layers, losses and optimizers through Sequential + fit (issue 4),
 * each with a fixed seed and a stated threshold, and a check that the untrained model is far
 * from it (so the threshold is earned by training). Data sets are small and seeded.
 */
class ConvergenceTest {
    private static FitOptions.Builder quiet() {
        return FitOptions.builder().verbose(0);
    }

    /**
     * XOR with a 2-2-1 MLP (Dense tanh, Dense sigmoid) and binary cross-entropy, full batch,
     * 300 epochs, model seed 2, once with SGD (lr 0.5, momentum 0.9) and once with Adam (lr
     * 0.05): the loss ends below 0.05 and all four points are classified right; the untrained
     * loss is above 0.6. (Of seeds 0-11, 0, 3-5, 8 and 9 fall into this tiny net's known local
     * minimum, loss ln(2)/2 = 0.347 with two points stuck at 0.5, for every optimizer tried;
     * 2 is one that does not.)
     */
    @Test
    void xorWithA221Mlp() {
        for (Optimizer opt : List.of(SGD.builder().learningRate(0.5).momentum(0.9).build(), new Adam(0.05))) {
            try (Scope s = Scope.open();
                 Sequential m = new Sequential("xor").seed(2).inputShape(2).add(new Dense(2, "tanh")).add(new Dense(1, "sigmoid"))) {
                m.compile(opt, new BinaryCrossentropy(), new BinaryAccuracy());
                Tensor x = TestData.xorX(), y = TestData.xorY();
                double untrained = m.evaluate(x, y).get("loss");
                History h = m.fit(x, y, quiet().batchSize(4).epochs(300).shuffle(false).build());
                String name = opt.config().getString("name");
                assertTrue(untrained > 0.6, name + ": untrained XOR loss " + untrained);
                assertTrue(h.last("loss") < 0.05, name + ": final XOR loss " + h.last("loss"));
                assertEquals(1.0, h.last("binary_accuracy"), name);
                assertArrayEquals(new long[] {0, 1, 1, 0}, m.predictClasses(x).toLongArray(), name);
                opt.close();
            }
        }
    }

    /**
     * Logistic regression (Dense(1, sigmoid), BCE, SGD lr 0.5, batch 16, 40 epochs) on 200
     * points of the plane labelled by the side of the line x1 + 2 x2 = 0.3, with a margin of 0.1
     * kept clear: training accuracy 1.0.
     */
    @Test
    void logisticRegressionSeparatesSeparableData() {
        try (Scope s = Scope.open(); Sequential m = new Sequential().seed(11).inputShape(2).add(new Dense(1, "sigmoid"))) {
            Tensor[] xy = separable(7, 200);
            m.compile(new SGD(0.5), new BinaryCrossentropy(), new BinaryAccuracy());
            double untrained = m.evaluate(xy[0], xy[1]).get("binary_accuracy");
            m.fit(xy[0], xy[1], quiet().batchSize(16).epochs(40).seed(1).build());
            assertTrue(untrained < 0.9, "untrained accuracy " + untrained);
            assertEquals(1.0, m.evaluate(xy[0], xy[1]).get("binary_accuracy"));
            m.optimizer().close();
        }
    }

    /** n points ~ U(-1, 1)² with |x1 + 2 x2 - 0.3| >= 0.1, labelled 1 above the line. */
    static Tensor[] separable(long seed, int n) {
        float[] u;
        try (Tensor t = Generator.seed(seed).uniform(DType.FLOAT32, -1, 1, 4L * n, 2)) {
            u = t.toFloatArray();
        }
        float[] x = new float[2 * n], y = new float[n];
        int k = 0;
        for (int i = 0; i < u.length / 2 && k < n; i++) {
            double side = u[2 * i] + 2 * u[2 * i + 1] - 0.3;
            if (Math.abs(side) < 0.1) continue;
            x[2 * k] = u[2 * i];
            x[2 * k + 1] = u[2 * i + 1];
            y[k++] = side > 0 ? 1 : 0;
        }
        if (k < n) throw new AssertionError("too few points outside the margin");
        return new Tensor[] {Tensor.of(x, n, 2), Tensor.of(y, n, 1)};
    }

    /**
     * Softmax regression (Dense(3, softmax), sparse CCE, Adam lr 0.05, batch 32, 30 epochs) on
     * 3 Gaussian blobs of 100 points each, std 1, centres (0, 3), (3, -2), (-3, -2) (pairwise
     * about 5.4 apart, so the Bayes error is under 1%): accuracy > 0.95 on the training set and
     * on 300 fresh points.
     */
    @Test
    void softmaxRegressionOnThreeBlobs() {
        try (Scope s = Scope.open(); Sequential m = new Sequential().seed(5).inputShape(2).add(new Dense(3, "softmax"))) {
            Tensor[] train = blobs(21, 100), test = blobs(22, 100);
            m.compile(new Adam(0.05), new SparseCategoricalCrossentropy(), new Accuracy());
            double untrained = m.evaluate(train[0], train[1]).get("accuracy");
            History h = m.fit(train[0], train[1], quiet().batchSize(32).epochs(30).seed(2).build());
            assertTrue(untrained < 0.8, "untrained accuracy " + untrained);
            assertTrue(h.last("accuracy") > 0.95, "training accuracy " + h.last("accuracy"));
            double held = m.evaluate(test[0], test[1]).get("accuracy");
            assertTrue(held > 0.95, "held-out accuracy " + held);
            m.optimizer().close();
        }
    }

    static final float[][] CENTRES = {{0, 3}, {3, -2}, {-3, -2}};

    /** perClass points around each centre (std 1), classes interleaved; labels int64 (N). */
    static Tensor[] blobs(long seed, int perClass) {
        int n = 3 * perClass;
        float[] noise;
        try (Tensor t = Generator.seed(seed).normal(DType.FLOAT32, 0, 1, n, 2)) {
            noise = t.toFloatArray();
        }
        float[] x = new float[2 * n];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            x[2 * i] = CENTRES[c][0] + noise[2 * i];
            x[2 * i + 1] = CENTRES[c][1] + noise[2 * i + 1];
            y[i] = c;
        }
        return new Tensor[] {Tensor.of(x, n, 2), Tensor.of(y, n)};
    }

    /**
     * A small CNN (Conv2D(8, 3, relu), MaxPooling2D(2), Flatten, Dense(3, softmax); sparse CCE,
     * Adam lr 0.01, batch 32, 20 epochs) trained on 300 1x10x10 images of a horizontal bar
     * (1x4), a vertical bar (4x1) or a 2x2 square at seeded random positions, with N(0, 0.1)
     * noise: accuracy > 0.9 on 150 fresh images (this seed reaches about 0.95); untrained below 0.6.
     */
    @Test
    void smallCnnTellsShapesApart() {
        try (Scope s = Scope.open();
             Sequential m = new Sequential("shapes").seed(9).inputShape(1, SIDE, SIDE)
                     .add(new Conv2D(8, 3, org.nn4j.nn.layers.ActivationFunction.RELU)).add(new MaxPooling2D(2))
                     .add(new Flatten()).add(new Dense(3, "softmax"))) {
            Tensor[] train = shapes(31, 300), test = shapes(32, 150);
            m.compile(new Adam(0.01), new SparseCategoricalCrossentropy(), new Accuracy());
            double untrained = m.evaluate(test[0], test[1]).get("accuracy");
            m.fit(train[0], train[1], quiet().batchSize(32).epochs(20).seed(4).build());
            double held = m.evaluate(test[0], test[1]).get("accuracy");
            assertTrue(untrained < 0.6, "untrained accuracy " + untrained);
            assertTrue(held > 0.9, "held-out accuracy " + held);
            m.optimizer().close();
        }
    }

    static final int SIDE = 10;

    /** n images (N, 1, SIDE, SIDE): class i % 3 is 0 horizontal bar, 1 vertical bar, 2 square; labels int64. */
    static Tensor[] shapes(long seed, int n) {
        Generator g = Generator.seed(seed);
        float[] pos, img;
        try (Tensor p = g.uniform(DType.FLOAT32, 0, 1, n, 2); Tensor noise = g.normal(DType.FLOAT32, 0, 0.1, n, 1, SIDE, SIDE)) {
            pos = p.toFloatArray();
            img = noise.toFloatArray();
        }
        long[] y = new long[n];
        int[][] extent = {{1, 4}, {4, 1}, {2, 2}};  // rows, cols of each shape
        for (int i = 0; i < n; i++) {
            int c = i % 3, h = extent[c][0], w = extent[c][1];
            int r0 = (int) (pos[2 * i] * (SIDE - h + 1)), c0 = (int) (pos[2 * i + 1] * (SIDE - w + 1));
            for (int r = r0; r < r0 + h; r++) for (int q = c0; q < c0 + w; q++) img[i * SIDE * SIDE + r * SIDE + q] += 1;
            y[i] = c;
        }
        return new Tensor[] {Tensor.of(img, n, 1, SIDE, SIDE), Tensor.of(y, n)};
    }

    /**
     * An LSTM on a sequence-sum task: y = sum_t x_t for x_t ~ U(-1, 1), T = 8 (Var y = 8/3).
     * LSTM(16) then Dense(1), MSE, Adam lr 0.01, 512 training sequences, batch 32, 20 epochs
     * (320 steps): MSE on 256 fresh sequences below 0.02 (0.75% of Var y; this seed reaches
     * about 0.004); untrained above 1.
     */
    @Test
    void lstmLearnsASequenceSum() {
        try (Scope s = Scope.open();
             Sequential m = new Sequential("summer").seed(12).inputShape(8, 1).add(new LSTM(16)).add(new Dense(1))) {
            Tensor[] train = sums(41, 512), test = sums(42, 256);
            m.compile(new Adam(0.01), new MeanSquaredError());
            double untrained = m.evaluate(test[0], test[1]).get("loss");
            m.fit(train[0], train[1], quiet().batchSize(32).epochs(20).seed(6).build());
            Map<String, Double> held = m.evaluate(test[0], test[1]);
            assertTrue(untrained > 1, "untrained MSE " + untrained);
            assertTrue(held.get("loss") < 0.02, "held-out MSE " + held.get("loss"));
            m.optimizer().close();
        }
    }

    /** n sequences (n, 8, 1) of U(-1, 1) and their sums (n, 1). */
    static Tensor[] sums(long seed, int n) {
        Tensor x = Generator.seed(seed).uniform(DType.FLOAT32, -1, 1, n, 8, 1);
        return new Tensor[] {x, x.sum(false, 1)};
    }
}
