package org.nn4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nn4j.nn.SymbolicTensor;
import org.nn4j.nn.layers.ActivationFunction;
import org.nn4j.nn.layers.Add;
import org.nn4j.nn.layers.AveragePooling2D;
import org.nn4j.nn.layers.BatchNormalization;
import org.nn4j.nn.layers.Conv2D;
import org.nn4j.nn.layers.Dense;
import org.nn4j.nn.layers.Flatten;

/** summary() (API8, K15): the table, non-trainable variables, frozen layers, LeNet-5, shared layers. */
class SummaryTest {
    @Test
    void sequentialTable() {
        Sequential m = new Sequential("sum_seq").inputShape(6, 8).add(Dense.builder(4).activation("relu").name("sum_d1").build());
        assertThrows(IllegalArgumentException.class, () -> m.add(new Conv2D(2, 3)),
                "a 2-D convolution takes (C, H, W) samples: shapes are checked at add");

        Sequential ok = new Sequential("sum_seq2").inputShape(8)
                .add(Dense.builder(4).activation("relu").name("sum_a").build())
                .add(BatchNormalization.builder().name("sum_b").build())
                .add(Dense.builder(1).name("sum_c").build());
        String s = ok.summary();
        String[] lines = s.split("\n");
        assertEquals("Model: \"sum_seq2\"", lines[0]);
        assertTrue(lines[2].startsWith(" Layer (type)") && lines[2].contains("Output Shape") && lines[2].contains("Param #"), s);
        assertTrue(!s.contains("Connected to"), "Sequential shows no connections");
        assertTrue(row(s, "sum_a (Dense)").matches(" sum_a \\(Dense\\)\\s+\\(None, 4\\)\\s+36"), row(s, "sum_a (Dense)"));
        assertTrue(row(s, "sum_b (BatchNormalization)").matches(".*\\(None, 4\\)\\s+16"), s);
        assertTrue(row(s, "sum_c (Dense)").matches(".*\\(None, 1\\)\\s+5"), s);
        // BN: gamma and beta (8) are trainable, the moving mean and variance (8) are not
        assertTrue(s.contains("Total params: 57\nTrainable params: 49\nNon-trainable params: 8\n"), s);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ok.printSummary(new PrintStream(buf, true));
        assertEquals(s, buf.toString());
        ok.getLayer("sum_a").setTrainable(false);
        assertTrue(ok.summary().contains("Total params: 57\nTrainable params: 13\nNon-trainable params: 44\n"), ok.summary());
        ok.close();
    }

    /**
     * Classic LeNet-5 on 1x32x32 (tanh, average pooling): C1 6·(25+1) = 156, C3 16·(6·25+1) =
     * 2,416, F5 400·120+120 = 48,120, F6 120·84+84 = 10,164, output 84·10+10 = 850; 61,706 in all.
     */
    @Test
    void leNet5() {
        Sequential m = new Sequential("lenet5").inputShape(1, 32, 32)
                .add(new Conv2D(6, 5, ActivationFunction.TANH)).add(new AveragePooling2D(2))
                .add(new Conv2D(16, 5, ActivationFunction.TANH)).add(new AveragePooling2D(2))
                .add(new Flatten()).add(new Dense(120, "tanh")).add(new Dense(84, "tanh")).add(new Dense(10, "softmax"));
        String s = m.summary();
        long[] expected = {156, 0, 2416, 0, 0, 48120, 10164, 850};
        String[] shapes = {"(None, 6, 28, 28)", "(None, 6, 14, 14)", "(None, 16, 10, 10)", "(None, 16, 5, 5)", "(None, 400)",
                "(None, 120)", "(None, 84)", "(None, 10)"};
        for (int i = 0; i < expected.length; i++) {
            var l = m.getLayer(i);
            assertEquals(expected[i], l.countParams(), l.name());
            String r = row(s, l.name() + " (");
            assertTrue(r.contains(shapes[i]) && r.endsWith(" " + expected[i]), r);
        }
        assertEquals(61_706, m.countParams());
        assertTrue(s.contains("Total params: 61,706\nTrainable params: 61,706\nNon-trainable params: 0\n"), s);
        m.close();
    }

    /** A layer applied to two inputs is one row with both connections, and its weights count once. */
    @Test
    void sharedLayerIsCountedOnce() {
        SymbolicTensor a = Input.named("in_a", org.nn4j.DType.FLOAT32, 4);
        SymbolicTensor b = Input.named("in_b", org.nn4j.DType.FLOAT32, 4);
        Dense shared = Dense.builder(3).activation("tanh").name("shared_dense").build();
        SymbolicTensor sum = Add.builder().name("add_ab").build().apply(shared.apply(a), shared.apply(b));
        Model m = new Model(List.of(a, b), List.of(Dense.builder(1).name("head").build().apply(sum)), "siamese");
        assertEquals(2, shared.inboundNodes().size());
        long expected = (4 * 3 + 3) + (3 + 1);
        assertEquals(expected, m.countParams());
        assertEquals(4, m.weights().size());
        String s = m.summary();
        assertTrue(s.contains("Total params: " + expected + "\n"), s);
        assertEquals(1, FunctionalTest.count(s, "shared_dense (Dense)"), s);
        assertTrue(row(s, "shared_dense (Dense)").matches(".*\\(None, 3\\)\\s+15\\s+in_a\\[0\\]\\[0\\]"), s);
        assertTrue(s.contains("in_a[0][0]") && s.contains("in_b[0][0]"), s);
        assertTrue(s.contains("shared_dense[0][0]") && s.contains("shared_dense[1][0]"), s);
        assertTrue(s.contains("Connected to"), s);
        m.close();
    }

    static String row(String summary, String start) {
        for (String l : summary.split("\n")) if (l.startsWith(" " + start)) return l;
        throw new AssertionError("no row " + start + " in\n" + summary);
    }

    @Test
    void summaryOfAnUnbuiltModelWithoutInputShapeExplains() {
        Sequential m = new Sequential().add(new Dense(3));
        var e = assertThrows(IllegalStateException.class, m::summary);
        assertTrue(e.getMessage().contains("inputShape"), e.getMessage());
    }
}
