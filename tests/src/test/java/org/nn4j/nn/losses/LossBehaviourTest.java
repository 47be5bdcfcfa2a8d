package org.nn4j.nn.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.nn.Config;
import org.nn4j.ops.nn.Reduction;
import org.nn4j.testing.LiveBytes;

/**
 * Loss behaviour beyond the reference values: hand-computed weighting (L9), stability at
 * logits of +-1000 and probabilities of exactly 0 and 1 (K17, L4), ignoreIndex, sparse = one-hot
 * (L7), error messages, ids, config round trips through JSON, and no leaked native memory.
 */
class LossBehaviourTest {
    static Tensor t(double[] v, long... shape) {
        return Tensor.of(v, shape);
    }

    @Test
    void weightedReductionsByHand() {
        // per-sample squared errors 0.25, 0.25, 1; classes 0, 1, 1; sampleWeight {1, 2, 0}; classWeights {0: 1, 1: 3}
        try (Scope s = Scope.open()) {
            Tensor y = t(new double[] {0, 1, 1}, 3, 1), p = t(new double[] {0.5, 0.5, 2}, 3, 1);
            Tensor sw = t(new double[] {1, 2, 0}, 3);
            MeanSquaredError mse = new MeanSquaredError().classWeights(Map.of(1, 3));
            assertEquals((0.25 + 6 * 0.25) / 7, mse.compute(y, p, sw).item(), 1e-15);
            assertEquals(0.25 + 6 * 0.25, mse.reduction(Reduction.SUM).compute(y, p, sw).item(), 1e-15);
            assertArrayEquals(new double[] {0.25, 1.5, 0}, mse.reduction(Reduction.NONE).compute(y, p, sw).toDoubleArray(), 1e-15);
            assertEquals(0.5, new MeanSquaredError().compute(y, p).item(), 1e-15);
            // every weight 0: MEAN is 0 with a zero gradient, not NaN
            Tensor pg = p.clone().requiresGrad(true);
            Tensor l = new MeanSquaredError().compute(y, pg, t(new double[3], 3));
            assertEquals(0, l.item());
            l.backward();
            assertArrayEquals(new double[3], pg.grad().toDoubleArray(), 0);
            // an empty batch is 0 too
            assertEquals(0, new MeanSquaredError().compute(t(new double[0], 0, 2), t(new double[0], 0, 2)).item());
        }
    }

    @Test
    void logitsPathsAreExactAtPlusMinus1000() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (boolean weighted : new boolean[] {false, true}) {
                try (Scope s = Scope.open()) {
                    Tensor w = weighted ? t(new double[] {1, 1}, 2) : null;
                    Tensor z = t(new double[] {1000, -1000, 0, -1000, 1000, 999}, 2, 3).to(dt).requiresGrad(true);
                    // sample 0: label 1 -> 2000; sample 1: label 0 -> 2000 + log(1 + e^-1)
                    double want = (2000 + 2000 + Math.log1p(Math.exp(-1))) / 2;
                    Tensor ce = new SparseCategoricalCrossentropy(true).compute(Tensor.of(new long[] {1, 0}, 2), z, w);
                    assertEquals(want, ce.item(), want * 1e-6);
                    Autograd.grad(ce, z)[0].checkFinite("sparse ce grad");
                    Tensor oneHot = t(new double[] {0, 1, 0, 1, 0, 0}, 2, 3);
                    Tensor cce = new CategoricalCrossentropy(true).compute(oneHot, z, w);
                    assertEquals(want, cce.item(), want * 1e-6);
                    Autograd.grad(cce, z)[0].checkFinite("cce grad");
                    Tensor x = t(new double[] {1000, -1000, 0, 5}, 4, 1).to(dt).requiresGrad(true);
                    Tensor bce = new BinaryCrossentropy(true).compute(t(new double[] {0, 1, 1, 0}, 4, 1), x,
                            weighted ? t(new double[] {1, 1, 1, 1}, 4) : null);
                    assertEquals((1000 + 1000 + Math.log(2) + 5 + Math.log1p(Math.exp(-5))) / 4, bce.item(), 1e-3);
                    Autograd.grad(bce, x)[0].checkFinite("bce grad");
                }
            }
        }
    }

    @Test
    void probabilityPathsStayFiniteAtZeroAndOne() {
        try (Scope s = Scope.open()) {
            Tensor p = t(new double[] {0, 1, 1, 0}, 2, 2).requiresGrad(true);
            Tensor y = t(new double[] {1, 0, 1, 0}, 2, 2);
            double clipped = -Math.log(1e-7);
            assertEquals(clipped / 2, new BinaryCrossentropy().compute(y, p).item(), 1e-6);
            assertEquals(clipped / 2, new CategoricalCrossentropy().compute(y, p).item(), 1e-6);
            assertEquals(clipped / 2, new SparseCategoricalCrossentropy().compute(Tensor.of(new long[] {0, 0}, 2), p).item(), 1e-6);
            assertEquals(clipped / 2, new KLDivergence().compute(y, p).item(), 1e-6);
            for (BaseLoss<?> l : List.of(new BinaryCrossentropy(), new CategoricalCrossentropy(), new KLDivergence())) {
                Autograd.grad(l.compute(y, p), p)[0].checkFinite(l.name());
            }
            // KL(q || q) = 0 and 0 log 0 = 0: one-hot targets against themselves
            assertEquals(0, new KLDivergence().compute(y, y).item(), 0);
        }
    }

    @Test
    void ignoreIndexDropsSamplesAndTheirGradient() {
        double[] z = LossRef.uniform(40, 15, -3, 3);
        long[] labels = {2, -100, 0, -100, 1};
        try (Scope s = Scope.open()) {
            for (boolean logits : new boolean[] {true, false}) {
                Tensor zt = t(z, 5, 3);
                Tensor p = (logits ? zt : org.nn4j.ops.nn.Activations.softmax(zt, -1)).detach().requiresGrad(true);
                Tensor l = new SparseCategoricalCrossentropy(logits).ignoreIndex(-100).compute(Tensor.of(labels, 5), p);
                // the kept samples 0, 2, 4 alone, MEAN over 3
                Tensor kept = Tensor.concat(0, p.slice(0, 0, 1), p.slice(0, 2, 3), p.slice(0, 4, 5));
                double want = new SparseCategoricalCrossentropy(logits).compute(Tensor.of(new long[] {2, 0, 1}, 3), kept).item();
                assertEquals(want, l.item(), 1e-12);
                double[] g = Autograd.grad(l, p)[0].toDoubleArray();
                for (int k = 0; k < 3; k++) {
                    assertEquals(0, g[3 + k], 0);
                    assertEquals(0, g[9 + k], 0);
                }
                assertTrue(g[2] < 0, "kept sample 0 gets a gradient at its label");
            }
            // sequences: sample 1 is all padding and leaves the MEAN normaliser; sample 0 keeps 2 of 3 steps
            Tensor zs = t(LossRef.uniform(41, 18, -3, 3), 2, 3, 3);
            Tensor seq = new SparseCategoricalCrossentropy(true).ignoreIndex(-1L)
                    .compute(Tensor.of(new long[] {1, -1, 2, -1, -1, -1}, 2, 3), zs);
            double want = new SparseCategoricalCrossentropy(true).reduction(Reduction.SUM)
                    .compute(Tensor.of(new long[] {1, 2}, 2), Tensor.concat(0, zs.select(0, 0).slice(0, 0, 1),
                            zs.select(0, 0).slice(0, 2, 3))).item();
            assertEquals(want, seq.item(), 1e-12);
        }
    }

    @Test
    void sparseEqualsCategoricalOnOneHot() {
        long[] labels = LossRef.labels(42, 6, 4);
        double[] z = LossRef.uniform(43, 24, -3, 3);
        try (Scope s = Scope.open()) {
            for (boolean logits : new boolean[] {true, false}) {
                Tensor p = logits ? t(z, 6, 4) : org.nn4j.ops.nn.Activations.softmax(t(z, 6, 4), -1);
                Tensor p1 = p.detach().requiresGrad(true), p2 = p.detach().requiresGrad(true);
                Tensor a = new SparseCategoricalCrossentropy(logits).compute(Tensor.of(labels, 6), p1);
                Tensor b = new CategoricalCrossentropy(logits).compute(t(LossRef.oneHot(labels, 4), 6, 4), p2);
                assertEquals(b.item(), a.item(), 1e-14);
                assertArrayEquals(Autograd.grad(b, p2)[0].toDoubleArray(), Autograd.grad(a, p1)[0].toDoubleArray(), 1e-15);
            }
        }
    }

    static void assertMessage(Executable e, String... parts) {
        Throwable ex = assertThrows(IllegalArgumentException.class, e);
        for (String part : parts) assertTrue(ex.getMessage().contains(part), "'" + part + "' not in: " + ex.getMessage());
    }

    @Test
    void shapeAndArgumentErrorsNameTheProblem() {
        try (Scope s = Scope.open()) {
            Tensor p45 = t(new double[20], 4, 5);
            assertMessage(() -> new MeanSquaredError().compute(t(new double[12], 4, 3), p45), "mse", "(4, 3)", "(4, 5)",
                    "yPred's shape");
            assertMessage(() -> new SparseCategoricalCrossentropy().compute(t(new double[4], 4), p45),
                    "sparse_categorical_crossentropy", "int32/int64", "(4)");
            assertMessage(() -> new SparseCategoricalCrossentropy().compute(Tensor.of(new long[20], 4, 5), p45),
                    "(4, 5)", "sparse labels must be (4) ints");
            assertMessage(() -> new CategoricalCrossentropy().compute(Tensor.of(new long[4], 4), p45),
                    "sparse_categorical_crossentropy", "(4, 5)");
            assertMessage(() -> new MeanSquaredError().compute(p45, p45, t(new double[4], 4, 1)), "sampleWeight", "(4, 1)",
                    "(4)");
            assertMessage(() -> new CategoricalCrossentropy().classWeights(1, 2).compute(t(LossRef.oneHot(
                    new long[] {0, 1, 4, 2}, 5), 4, 5), p45), "class weights", "2");
            assertMessage(() -> new MeanSquaredError().compute(p45, Tensor.of(new long[20], 4, 5)), "float32 or float64");
            assertMessage(() -> new MeanSquaredError().compute(Tensor.scalar(1), Tensor.scalar(1)), "batch axis");
            assertMessage(() -> new CategoricalCrossentropy().axis(0), "batch axis");
            assertMessage(() -> new CategoricalCrossentropy().axis(2).compute(p45, p45), "axis 2", "(4, 5)");
            assertMessage(() -> new BinaryCrossentropy().labelSmoothing(1.5), "labelSmoothing", "1.5");
            assertMessage(() -> new Huber(-1), "delta");
            assertMessage(() -> new MeanSquaredError().classWeights(1, -2), "class 1", "-2");
            for (boolean logits : new boolean[] {true, false}) {
                assertMessage(() -> new SparseCategoricalCrossentropy(logits).compute(Tensor.of(new long[] {0, 5, 1, 1}, 4), p45),
                        "labels must be class ids in [0, 5)", "= 5");
                assertMessage(() -> new SparseCategoricalCrossentropy(logits).ignoreIndex(-1)
                        .compute(Tensor.of(new long[] {0, -3, 1, 1}, 4), p45), "or the ignoreIndex -1", "= -3");
            }
        }
    }

    @Test
    void idsAndAliases() {
        Map<String, Class<?>> ids = new LinkedHashMap<>();
        ids.put("mse", MeanSquaredError.class);
        ids.put("mae", MeanAbsoluteError.class);
        ids.put("huber", Huber.class);
        ids.put("binary_crossentropy", BinaryCrossentropy.class);
        ids.put("categorical_crossentropy", CategoricalCrossentropy.class);
        ids.put("sparse_categorical_crossentropy", SparseCategoricalCrossentropy.class);
        ids.put("hinge", Hinge.class);
        ids.put("squared_hinge", SquaredHinge.class);
        ids.put("kld", KLDivergence.class);
        ids.put("cosine_similarity", CosineSimilarity.class);
        for (Map.Entry<String, Class<?>> e : ids.entrySet()) {
            Loss l = Losses.get(e.getKey());
            assertInstanceOf(e.getValue(), l);
            assertEquals(e.getKey(), l.name());
            assertEquals(e.getKey(), l.config().getString("type"));
        }
        assertInstanceOf(MeanSquaredError.class, Losses.get("mean_squared_error"));
        assertInstanceOf(KLDivergence.class, Losses.get("kullback_leibler_divergence"));
        assertMessage(() -> Losses.get("msee"), "unknown loss 'msee'", "mse", "Losses.register");
        Losses.register("test_double_mse", c -> new Loss() {
            @Override
            public Tensor compute(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
                return new MeanSquaredError().compute(yTrue, yPred, sampleWeight).mul(2);
            }

            @Override
            public String name() {
                return "test_double_mse";
            }

            @Override
            public Config config() {
                return new Config().put("type", "test_double_mse");
            }
        });
        assertEquals("test_double_mse", Losses.get("test_double_mse").name());
    }

    @Test
    void configRoundTripsThroughJson() {
        List<Loss> losses = List.of(
                new MeanSquaredError().reduction(Reduction.SUM).classWeights(0.5, 2),
                new MeanAbsoluteError(),
                new Huber(0.3).reduction(Reduction.NONE),
                new BinaryCrossentropy(true).labelSmoothing(0.1).classWeights(1, 4),
                new CategoricalCrossentropy(true).labelSmoothing(0.2).axis(1),
                new SparseCategoricalCrossentropy(true).ignoreIndex(-100).classWeights(Map.of(2, 5.0)),
                new Hinge(), new SquaredHinge().reduction(Reduction.SUM), new KLDivergence(), new CosineSimilarity(1));
        Gson gson = new Gson();
        double[] y = LossRef.uniform(44, 12, 0, 1), p = LossRef.uniform(45, 12, 0.05, 0.95);
        try (Scope s = Scope.open()) {
            for (Loss l : losses) {
                String json = gson.toJson(l.config().asMap());
                @SuppressWarnings("unchecked")
                Map<String, Object> back = gson.fromJson(json, Map.class);
                Loss copy = Losses.fromConfig(new Config(back));
                assertEquals(l.getClass(), copy.getClass());
                assertEquals(json, gson.toJson(copy.config().asMap()), l.name());
                Tensor yt = l instanceof SparseCategoricalCrossentropy ? Tensor.of(new long[] {0, 2, -100, 1}, 4) : t(y, 4, 3);
                assertArrayEquals(l.compute(yt, t(p, 4, 3)).toDoubleArray(), copy.compute(yt, t(p, 4, 3)).toDoubleArray(), 0,
                        l.name());
            }
        }
        assertNull(new MeanSquaredError().classWeights());
    }

    @Test
    void computeAndBackwardLeaveNoNativeMemory() {
        List<Loss> losses = List.of(new MeanSquaredError(), new MeanAbsoluteError(), new Huber(),
                new BinaryCrossentropy(), new BinaryCrossentropy(true).labelSmoothing(0.1),
                new CategoricalCrossentropy().classWeights(1, 2, 3), new CategoricalCrossentropy(true),
                new Hinge(), new SquaredHinge(), new KLDivergence(), new CosineSimilarity());
        Tensor y = Tensor.of(LossRef.distributions(46, 5, 3), 5, 3);
        Tensor p = Tensor.of(LossRef.distributions(47, 5, 3), 5, 3).to(DType.FLOAT32);
        Tensor labels = Tensor.of(new long[] {0, 2, 1, -1, 2}, 5);
        Tensor w = Tensor.of(new double[] {1, 2, 3, 4, 5}, 5);
        long before = LiveBytes.settle();
        for (int round = 0; round < 3; round++) {
            for (Loss l : losses) {
                Tensor pg = p.detach().requiresGrad(true);
                try (Tensor v = l.compute(y, pg, w)) {
                    v.backward();
                }
                pg.close();
            }
            for (boolean logits : new boolean[] {true, false}) {
                Tensor pg = p.detach().requiresGrad(true);
                try (Tensor v = new SparseCategoricalCrossentropy(logits).ignoreIndex(-1).compute(labels, pg, w)) {
                    v.backward();
                }
                pg.close();
            }
        }
        assertEquals(before, LiveBytes.settle());
        for (Tensor x : new Tensor[] {y, p, labels, w}) x.close();
    }
}
