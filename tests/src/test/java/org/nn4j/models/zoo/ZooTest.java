package org.nn4j.models.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.models.Sequential;
import org.nn4j.nn.Layer;
import org.nn4j.testing.LiveBytes;

/** The built-in models (CURRICULUM N1, M3, M7, M8): shapes, exact parameter counts, summaries, seeds. */
class ZooTest {
    /** C1/API9: kh·kw·C_in·C_out + C_out. */
    private static long conv(long cin, long cout, long k) {
        return k * k * cin * cout + cout;
    }

    /** M1: F_in·F_out + F_out. */
    private static long dense(long in, long out) {
        return in * out + out;
    }

    private static long params(Sequential m, String layer) {
        return m.getLayer(layer).countParams();
    }

    @Test
    void lenet5OnTheClassic32x32InputHas61706Parameters() {
        try (Sequential m = Zoo.create("lenet5", new long[] {1, 32, 32}, 10)) {
            assertEquals(List.of("c1", "s2", "c3", "s4", "flatten", "f5", "f6", "output"), names(m));
            assertEquals(conv(1, 6, 5), params(m, "c1"));
            assertEquals(conv(6, 16, 5), params(m, "c3"));
            assertEquals(dense(16 * 5 * 5, 120), params(m, "f5"));   // = Conv 120@5x5 on 16x5x5 maps
            assertEquals(dense(120, 84), params(m, "f6"));
            assertEquals(dense(84, 10), params(m, "output"));
            for (String p : List.of("s2", "s4", "flatten")) assertEquals(0, params(m, p));
            long sum = conv(1, 6, 5) + conv(6, 16, 5) + dense(400, 120) + dense(120, 84) + dense(84, 10);
            assertEquals(sum, m.countParams());
            assertEquals(61_706, m.countParams(), "CURRICULUM N1's classic LeNet-5");
            String s = m.summary();
            assertRow(s, "c1 (Conv2D)", "(None, 6, 28, 28)", 156);        // valid 5x5 conv on 32x32
            assertRow(s, "s2 (AveragePooling2D)", "(None, 6, 14, 14)", 0);
            assertRow(s, "c3 (Conv2D)", "(None, 16, 10, 10)", 2_416);
            assertRow(s, "s4 (AveragePooling2D)", "(None, 16, 5, 5)", 0);
            assertRow(s, "flatten (Flatten)", "(None, 400)", 0);
            assertRow(s, "f5 (Dense)", "(None, 120)", 48_120);
            assertRow(s, "f6 (Dense)", "(None, 84)", 10_164);
            assertRow(s, "output (Dense)", "(None, 10)", 850);
            assertTrue(s.contains("Total params: 61,706\nTrainable params: 61,706\nNon-trainable params: 0\n"), s);
        }
    }

    @Test
    void lenet5On28x28PadsTheFirstConvSoTheCountStaysTheSame() {
        try (Sequential m = Zoo.create("lenet5", new long[] {1, 28, 28}, 10)) {
            String s = m.summary();
            assertRow(s, "c1 (Conv2D)", "(None, 6, 28, 28)", 156);        // 'same': 28x28 stays 28x28
            assertRow(s, "s4 (AveragePooling2D)", "(None, 16, 5, 5)", 0);
            assertEquals(61_706, m.countParams());
        }
        // forcing valid on 28x28 gives 4x4 s4 maps: f5 sees 256 inputs
        try (Sequential m = LeNet5.builder(new long[] {1, 28, 28}, 10).padding("valid").build()) {
            assertRow(m.summary(), "s4 (AveragePooling2D)", "(None, 16, 4, 4)", 0);
            assertEquals(dense(256, 120), params(m, "f5"));
            assertEquals(conv(1, 6, 5) + conv(6, 16, 5) + dense(256, 120) + dense(120, 84) + dense(84, 10), m.countParams());
        }
    }

    @Test
    void lenet5FollowsChannelsAndClasses() {
        try (Sequential m = Zoo.create("lenet5", new long[] {3, 32, 32}, 7)) {
            assertEquals(conv(3, 6, 5) + conv(6, 16, 5) + dense(400, 120) + dense(120, 84) + dense(84, 7), m.countParams());
        }
        try (Sequential m = LeNet5.builder(new long[] {1, 32, 32}, 10).activation("relu").maxPool(true).build()) {
            String s = m.summary();
            assertRow(s, "s2 (MaxPooling2D)", "(None, 6, 14, 14)", 0);
            assertEquals(61_706, m.countParams());
        }
        var e = assertThrows(IllegalArgumentException.class, () -> Zoo.create("lenet5", new long[] {784}, 10));
        assertTrue(e.getMessage().contains("(C, H, W)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Zoo.create("lenet5", new long[] {1, 6, 6}, 10));
        assertTrue(e.getMessage().contains("c3"), "the layer that cannot fit is named: " + e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LeNet5.builder(new long[] {1, 28, 28}, 10).padding("full"));
    }

    @Test
    void mlpCounts() {
        try (Sequential m = Zoo.create("mlp", new long[] {1, 28, 28}, 10)) {
            assertEquals(List.of("flatten", "hidden_1", "hidden_2", "output"), names(m));
            assertEquals(dense(784, 256) + dense(256, 256) + dense(256, 10), m.countParams());
            assertEquals(269_322, m.countParams());
            String s = m.summary();
            assertRow(s, "hidden_1 (Dense)", "(None, 256)", 200_960);
            assertRow(s, "output (Dense)", "(None, 10)", 2_570);
        }
        try (Sequential m = Mlp.builder(new long[] {20}, 3).hidden(8).dropout(0.5).build()) {
            assertEquals(List.of("hidden_1", "dropout_1", "output"), names(m), "a vector input needs no Flatten");
            assertEquals(dense(20, 8) + dense(8, 3), m.countParams());
        }
        assertThrows(IllegalArgumentException.class, () -> Mlp.builder(new long[] {4}, 2).hidden(0));
        assertThrows(IllegalArgumentException.class, () -> Mlp.builder(new long[] {4}, 2).dropout(1));
    }

    @Test
    void linearModels() {
        try (Sequential m = Zoo.create("logreg", new long[] {1, 28, 28}, 2)) {
            assertEquals(dense(784, 1), m.countParams());
            assertRow(m.summary(), "output (Dense)", "(None, 1)", 785);
            assertTrue(Zoo.isBinary("logreg"));
        }
        try (Sequential m = Zoo.create("softmax", new long[] {5}, 4)) {
            assertEquals(dense(5, 4), m.countParams());
            assertFalse(Zoo.isBinary("softmax"));
        }
        var e = assertThrows(IllegalArgumentException.class, () -> Zoo.create("logreg", new long[] {4}, 10));
        assertTrue(e.getMessage().contains("softmax"), "points to the multi-class model: " + e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Zoo.create("softmax", new long[] {4}, 1));
        assertTrue(e.getMessage().contains("at least 2 classes"), e.getMessage());
    }

    @Test
    void unknownNamesListTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Zoo.create("resnet", new long[] {1, 28, 28}, 10));
        assertTrue(e.getMessage().contains("[lenet5, mlp, logreg, softmax]"), e.getMessage());
        assertEquals(List.of("lenet5", "mlp", "logreg", "softmax"), Zoo.names());
        for (String n : Zoo.names()) assertFalse(Zoo.description(n).isBlank());
    }

    @Test
    void outputsAreProbabilitiesAndSeedsFixTheWeights() {
        long before = LiveBytes.settle();
        for (String name : List.of("lenet5", "mlp", "softmax")) {
            try (Sequential a = Zoo.create(name, new long[] {1, 28, 28}, 10, 7);
                 Sequential b = Zoo.create(name, new long[] {1, 28, 28}, 10, 7);
                 Scope s = Scope.open()) {
                Tensor x = Tensor.rand(3, 5, 1, 28, 28);
                Tensor pa = a.predict(x), pb = b.predict(x);
                assertArrayEquals(new long[] {5, 10}, pa.dims(), name);
                float[] p = pa.toFloatArray();
                for (int i = 0; i < 5; i++) {
                    double sum = 0;
                    for (int k = 0; k < 10; k++) {
                        assertTrue(p[i * 10 + k] >= 0, name);
                        sum += p[i * 10 + k];
                    }
                    assertEquals(1, sum, 1e-5, name + ": softmax rows sum to 1");
                }
                assertArrayEquals(p, pb.toFloatArray(), name + ": the same seed gives the same weights");
            }
        }
        try (Sequential a = Zoo.create("mlp", new long[] {4}, 3, 1); Sequential b = Zoo.create("mlp", new long[] {4}, 3, 2);
             Scope s = Scope.open()) {
            Tensor x = Tensor.rand(3, 2, 4);
            assertFalse(java.util.Arrays.equals(a.predict(x).toFloatArray(), b.predict(x).toFloatArray()),
                    "another seed gives other weights");
        }
        try (Sequential m = Zoo.create("logreg", new long[] {3}, 2); Scope s = Scope.open()) {
            float[] p = m.predict(Tensor.rand(3, 4, 3)).toFloatArray();
            assertEquals(4, p.length);
            for (float v : p) assertEquals(0.5f, v, 0f, "zero weights: sigmoid(0)");
        }
        assertEquals(before, LiveBytes.settle(), "closing the models frees their weights");
    }

    private static List<String> names(Sequential m) {
        return m.layers().stream().map(Layer::name).toList();
    }

    /** The summary row of a layer: name (type), output shape, parameter count. */
    private static void assertRow(String summary, String layer, String shape, long params) {
        for (String l : summary.split("\n")) {
            if (l.startsWith(" " + layer + " ")) {
                String[] cells = l.trim().split("\\s{2,}");
                assertEquals(List.of(layer, shape, String.valueOf(params)), List.of(cells), l);
                return;
            }
        }
        throw new AssertionError("no row " + layer + " in\n" + summary);
    }
}
