package org.nn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.nn4j.DType;
import org.nn4j.Tensor;
import org.nn4j.models.CompileOptions;
import org.nn4j.models.Input;
import org.nn4j.models.Model;
import org.nn4j.models.Sequential;
import org.nn4j.nn.SymbolicTensor;
import org.nn4j.nn.Variable;
import org.nn4j.nn.layers.BatchNormalization;
import org.nn4j.nn.layers.Concatenate;
import org.nn4j.nn.layers.Conv2D;
import org.nn4j.nn.layers.Dense;
import org.nn4j.nn.layers.Dropout;
import org.nn4j.nn.layers.Embedding;
import org.nn4j.nn.layers.Flatten;
import org.nn4j.nn.layers.LSTM;
import org.nn4j.nn.layers.MaxPooling2D;
import org.nn4j.nn.losses.MeanSquaredError;
import org.nn4j.nn.losses.SparseCategoricalCrossentropy;
import org.nn4j.nn.metrics.Accuracy;
import org.nn4j.optim.Adam;

/** Test helper: the models and data the save / load tests use, and bit-level comparisons. */
final class IoModels {
    private IoModels() {}

    /** Conv2D, BatchNormalization, MaxPooling2D, Dropout, Flatten, Dense on (1, 8, 8) images, 3 classes. */
    static Sequential cnn(long seed) {
        return new Sequential().seed(seed).inputShape(1, 8, 8)
                .add(Conv2D.builder(4, 3).activation("relu").build())
                .add(BatchNormalization.builder().build())
                .add(new MaxPooling2D(2))
                .add(new Dropout(0.25))
                .add(new Flatten())
                .add(new Dense(3, "softmax"));
    }

    static Tensor images(long seed, int n) {
        return Tensor.rand(seed, n, 1, 8, 8);
    }

    static Tensor labels(long seed, int n, int classes) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        long[] y = new long[n];
        for (int i = 0; i < n; i++) y[i] = r.nextInt(classes);
        return Tensor.of(y, n);
    }

    /**
     * Two inputs, two outputs: token ids (5) through Embedding and LSTM, features (3) through
     * Dense and Dropout, concatenated, then a 3-class softmax head "cls" and a regression head "reg".
     */
    static Model twoTowers() {
        SymbolicTensor ids = Input.named("ids", DType.INT64, 5);
        SymbolicTensor feats = Input.named("feats", DType.FLOAT32, 3);
        SymbolicTensor h = LSTM.builder(6).name("lstm").build().apply(Embedding.builder(10, 4).name("embed").build().apply(ids));
        SymbolicTensor f = Dropout.builder(0.3).name("drop").build().apply(Dense.builder(6).activation("tanh").name("feat_dense").build().apply(feats));
        SymbolicTensor c = new Concatenate(-1).apply(h, f);
        SymbolicTensor cls = Dense.builder(3).activation("softmax").name("cls").build().apply(c);
        SymbolicTensor reg = Dense.builder(1).name("reg").build().apply(c);
        return new Model(List.of(ids, feats), List.of(cls, reg), "two_towers");
    }

    static void compileTwoTowers(Model m) {
        m.compile(CompileOptions.builder().optimizer(new Adam(0.01))
                .loss("cls", new SparseCategoricalCrossentropy()).loss("reg", new MeanSquaredError()).lossWeight("reg", 0.5)
                .metrics("cls", new Accuracy()).metrics("reg", new org.nn4j.nn.metrics.MeanAbsoluteError()).build());
    }

    static Tensor[] twoTowersX(long seed, int n) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        long[] ids = new long[n * 5];
        for (int i = 0; i < ids.length; i++) ids[i] = r.nextInt(10);
        return new Tensor[] {Tensor.of(ids, n, 5), Tensor.rand(seed + 1, n, 3)};
    }

    static Tensor[] twoTowersY(long seed, int n) {
        return new Tensor[] {labels(seed, n, 3), Tensor.randn(seed + 2, n, 1)};
    }

    static int[] bits(Tensor t) {
        float[] f = t.toFloatArray();
        int[] b = new int[f.length];
        for (int i = 0; i < f.length; i++) b[i] = Float.floatToRawIntBits(f[i]);
        return b;
    }

    /** Same paths, shapes and bit patterns, weight by weight. */
    static void assertSameWeights(List<Variable> expected, List<Variable> actual) {
        assertEquals(expected.size(), actual.size(), "weight count");
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i).shape(), actual.get(i).shape(), expected.get(i).path());
            assertArrayEquals(bits(expected.get(i).value()), bits(actual.get(i).value()), expected.get(i).path());
        }
    }
}
