package org.nn4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nn4j.Scope;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.callbacks.History;
import org.nn4j.models.fixtures.TestData;
import org.nn4j.models.fixtures.TestSplit;
import org.nn4j.nn.Config;
import org.nn4j.nn.LayerRegistry;
import org.nn4j.nn.SymbolicTensor;
import org.nn4j.nn.layers.Add;
import org.nn4j.nn.layers.Concatenate;
import org.nn4j.nn.layers.Dense;
import org.nn4j.nn.losses.MeanSquaredError;
import org.nn4j.nn.metrics.MeanAbsoluteError;
import org.nn4j.optim.SGD;

/** The functional API (API2): several inputs and outputs, nesting, graph errors, configs (shared layers: {@link SummaryTest}). */
class FunctionalTest {
    /** A named Dense layer with its own seed. */
    static Dense dense(long units, String activation, String name, long seed) {
        return Dense.builder(units).activation(activation == null ? "linear" : activation).name(name).seed(seed).build();
    }

    /** A named Dense layer seeded by its model. */
    static Dense dense(long units, String activation, String name) {
        return Dense.builder(units).activation(activation == null ? "linear" : activation).name(name).build();
    }

    static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) n++;
        return n;
    }

    /** Two inputs, two outputs, a loss each with weights: the total is their weighted sum, and training lowers it. */
    @Test
    void multiInputMultiOutputFit() {
        try (Scope s = Scope.open()) {
            SymbolicTensor a = Input.of(3), b = Input.of(2);
            SymbolicTensor h = dense(8, "tanh", "trunk", 1).apply(Concatenate.builder().name("cat").build().apply(a, b));
            SymbolicTensor o1 = dense(1, null, "head1", 2).apply(h);
            SymbolicTensor o2 = dense(2, null, "head2", 3).apply(h);
            Model m = new Model(List.of(a, b), List.of(o1, o2), "two_heads");
            assertEquals(List.of("head1", "head2"), m.outputNames());
            m.compile(CompileOptions.builder().optimizer(new SGD(0.1))
                    .loss("head1", new MeanSquaredError()).loss("head2", new MeanSquaredError())
                    .lossWeight("head1", 2.0).lossWeight("head2", 0.5)
                    .metrics("head1", new MeanAbsoluteError()).build());
            Tensor xa = TestData.inputs(11, 64, 3), xb = TestData.inputs(12, 64, 2);
            Tensor both = Tensor.concat(1, xa, xb);
            Tensor y1 = TestData.linearTargets(both, 21, 1), y2 = TestData.linearTargets(both, 22, 2).tanh();
            History hist = m.fit(new Tensor[] {xa, xb}, new Tensor[] {y1, y2},
                    FitOptions.builder().batchSize(8).epochs(30).validationSplit(0.25).seed(1).verbose(0).build());
            for (String k : List.of("loss", "head1_loss", "head2_loss", "head1_mae", "val_loss", "val_head1_loss",
                    "val_head2_loss", "val_head1_mae")) {
                assertEquals(30, hist.get(k).size(), k);
            }
            assertTrue(hist.last("loss") < 0.5 * hist.get("loss").get(0), hist.get("loss").toString());
            Map<String, Double> ev = m.evaluate(new Tensor[] {xa, xb}, new Tensor[] {y1, y2}, null, 16);
            assertEquals(2.0 * ev.get("head1_loss") + 0.5 * ev.get("head2_loss"), ev.get("loss"), 1e-6 * ev.get("loss"));
            Tensor[] p = m.predictAll(new Tensor[] {xa, xb}, 10);
            assertArrayEquals(new long[] {64, 1}, p[0].dims());
            assertArrayEquals(new long[] {64, 2}, p[1].dims());
            m.close();
        }
    }

    @Test
    void nestedModelIsALayer() {
        try (Scope s = Scope.open()) {
            SymbolicTensor in = Input.of(4);
            Model inner = new Model(in, dense(3, "tanh", "enc", 7).apply(in), "encoder");
            SymbolicTensor outerIn = Input.of(4);
            SymbolicTensor z = inner.apply(outerIn);
            Model outer = new Model(outerIn, dense(2, null, "dec", 8).apply(z), "autoencoder");
            assertEquals(inner.countParams() + 3 * 2 + 2, outer.countParams());
            assertSame(inner, outer.getLayer("encoder"));
            assertTrue(outer.summary().contains("encoder (Model)"), outer.summary());
            Tensor x = TestData.inputs(3, 6, 4);
            Tensor direct = outer.getLayer("dec").call(inner.predict(x));
            assertArrayEquals(TestData.bits(direct), TestData.bits(outer.predict(x)));
            // freezing the nested model freezes its layers
            inner.setTrainable(false);
            assertEquals(2, outer.trainableWeights().size());
            assertEquals(3 * 2 + 2, outer.countTrainableParams());
            inner.setTrainable(true);
            outer.close();
        }
    }

    @Test
    void layerWithTwoOutputsAndHeadReplacement() {
        try (Scope s = Scope.open()) {
            SymbolicTensor in = Input.of(5);
            SymbolicTensor[] parts = new TestSplit(2, "split").applyAll(dense(5, null, "pre", 4).apply(in));
            assertEquals(Shape.of(2), parts[0].shape());
            assertEquals(Shape.of(3), parts[1].shape());
            assertThrows(IllegalArgumentException.class, () -> new TestSplit(2, "split_again").apply(in));
            Model base = new Model(List.of(in), List.of(parts[0], parts[1]), "base");
            assertTrue(base.summary().contains("[(None, 2), (None, 3)]"), base.summary());
            // X2: a new head on an inner layer's output
            Model head = new Model(base.input(), dense(1, null, "new_head", 5).apply(base.getLayer("pre").output()));
            assertArrayEquals(new long[] {7, 1}, head.predict(TestData.inputs(1, 7, 5)).dims());
            head.close();
            base.close();
        }
    }

    @Test
    void graphErrors() {
        SymbolicTensor a = Input.of(2), b = Input.of(2);
        SymbolicTensor sum = new Add().apply(a, b);
        var disconnected = assertThrows(IllegalArgumentException.class, () -> new Model(a, sum));
        assertTrue(disconnected.getMessage().contains("disconnected") && disconnected.getMessage().contains(b.layer().name()),
                disconnected.getMessage());
        var notInput = assertThrows(IllegalArgumentException.class, () -> new Model(sum, sum));
        assertTrue(notInput.getMessage().contains("Input.of"), notInput.getMessage());
        SymbolicTensor x = Input.of(2);
        SymbolicTensor t = Dense.builder(2).name("twin").build().apply(x);
        SymbolicTensor u = Dense.builder(2).name("twin").build().apply(t);
        var dup = assertThrows(IllegalArgumentException.class, () -> new Model(x, u));
        assertTrue(dup.getMessage().contains("'twin'"), dup.getMessage());
        var shape = assertThrows(IllegalArgumentException.class, () -> Add.builder().name("bad_add").build().apply(x, Input.of(3)));
        assertTrue(shape.getMessage().contains("bad_add") && shape.getMessage().contains("(3)"), shape.getMessage());
    }

    @Test
    void configRoundTripRebuildsTheSameGraph() {
        try (Scope s = Scope.open()) {
            SymbolicTensor a = Input.named("cfg_a", org.nn4j.DType.FLOAT32, 3);
            SymbolicTensor b = Input.named("cfg_b", org.nn4j.DType.FLOAT32, 3);
            Dense shared = dense(4, "tanh", "cfg_shared", 31);
            SymbolicTensor h = Add.builder().name("cfg_add").build().apply(shared.apply(a), shared.apply(b));
            Model m = new Model(List.of(a, b), List.of(dense(2, null, "cfg_head", 32).apply(h)), "cfg_model");
            Tensor xa = TestData.inputs(1, 4, 3), xb = TestData.inputs(2, 4, 3);
            Tensor before = m.predictAll(new Tensor[] {xa, xb}, 32)[0];
            String summary = m.summary();
            Map<String, Object> back = jsonRoundTrip(m.config());
            m.close();
            Model copy = Model.fromConfig(new Config(back));
            assertEquals("cfg_model", copy.name());
            assertEquals(summary, copy.summary());
            // explicit layer seeds are part of the config, so the rebuilt weights are the same
            assertArrayEquals(TestData.bits(before), TestData.bits(copy.predictAll(new Tensor[] {xa, xb}, 32)[0]));
            copy.close();
        }
    }

    /** Config through JSON and back, as a saved model would go (Config nests Config; long seeds need LONG_OR_DOUBLE). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> jsonRoundTrip(Config c) {
        com.google.gson.Gson gson = new com.google.gson.GsonBuilder()
                .registerTypeAdapter(Config.class, (com.google.gson.JsonSerializer<Config>) (v, t, ctx) -> ctx.serialize(v.asMap()))
                .setObjectToNumberStrategy(com.google.gson.ToNumberPolicy.LONG_OR_DOUBLE).create();
        return gson.fromJson(gson.toJson(c.asMap()), Map.class);
    }

    /** A Sequential nested in a functional model: both configs round-trip through the layer registry. */
    @Test
    void nestedSequentialConfigRoundTrip() {
        try (Scope s = Scope.open()) {
            Sequential inner = new Sequential("cfg_seq").seed(9).inputShape(3)
                    .add(dense(4, "tanh", "cfg_s1")).add(dense(2, null, "cfg_s2"));
            SymbolicTensor in = Input.named("cfg_in", org.nn4j.DType.FLOAT32, 3);
            Model outer = new Model(in, dense(1, null, "cfg_o", 3).apply(inner.apply(in)), "cfg_outer");
            Tensor x = TestData.inputs(5, 6, 3);
            Tensor before = outer.predict(x);
            String summary = outer.summary();
            Map<String, Object> back = jsonRoundTrip(outer.config());
            outer.close();
            Model copy = (Model) LayerRegistry.create("Model", new Config(back));
            assertEquals(summary, copy.summary());
            assertTrue(copy.getLayer("cfg_seq") instanceof Sequential);
            assertArrayEquals(TestData.bits(before), TestData.bits(copy.predict(x)));
            copy.close();
        }
    }
}
