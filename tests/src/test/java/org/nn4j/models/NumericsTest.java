package org.nn4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.callbacks.History;
import org.nn4j.models.fixtures.TestData;
import org.nn4j.models.fixtures.TestUnary;
import org.nn4j.nn.Config;
import org.nn4j.nn.SymbolicTensor;
import org.nn4j.nn.Variable;
import org.nn4j.nn.init.Initializers;
import org.nn4j.nn.layers.Dense;
import org.nn4j.nn.losses.Loss;
import org.nn4j.nn.losses.MeanSquaredError;
import org.nn4j.optim.SGD;

/** NaN provenance (checkNumerics) and per-layer gradient norms in History. */
class NumericsTest {
    /** A Dense layer whose kernel is the constant k (bias 0). */
    private static Dense dense(long units, String name, double k) {
        return Dense.builder(units).name(name).kernelInitializer(Initializers.constant(k)).build();
    }

    private static FitOptions.Builder checked() {
        return FitOptions.builder().checkNumerics(true).shuffle(false).verbose(0);
    }

    /** pre = -(x1 + x2) per unit, then log: finite on the first batch (negative x), NaN on the second. */
    @Test
    void namesTheFirstLayerWhoseOutputIsNonFinite() {
        try (Scope s = Scope.open()) {
            SymbolicTensor in = Input.of(2);
            SymbolicTensor h = dense(3, "nan_pre", -1).apply(in);
            SymbolicTensor bad = new TestUnary("log", "nan_log").apply(h);
            Model m = new Model(in, Dense.builder(1).name("nan_post").build().apply(bad));
            m.compile(new SGD(0.001), new MeanSquaredError());
            Tensor x = Tensor.of(new float[] {-1, -1, -2, -1, 1, 2, 2, 1}, 4, 2);
            NonFiniteException e = assertThrows(NonFiniteException.class,
                    () -> m.fit(x, Tensor.zeros(4, 1), checked().batchSize(2).epochs(2).build()));
            assertEquals(NonFiniteException.Kind.OUTPUT, e.kind());
            assertEquals("nan_log", e.layer());
            assertEquals("log", e.op());
            assertEquals(0, e.epoch());
            assertEquals(1, e.batch());
            String msg = e.getMessage();
            assertTrue(msg.contains("'nan_log'") && msg.contains("op 'log'") && msg.contains("batch 2")
                    && msg.contains("epoch 1") && msg.contains("NaN"), msg);
            m.close();
        }
    }

    /** sqrt at 0 is finite forward and infinite backward: the gradient of the layer below is named. */
    @Test
    void namesTheWeightWhoseGradientIsNonFinite() {
        try (Scope s = Scope.open()) {
            SymbolicTensor in = Input.of(2);
            SymbolicTensor h = dense(3, "g_pre", 0).apply(in);
            SymbolicTensor r = new TestUnary("sqrt", "g_sqrt").apply(h);
            Model m = new Model(in, dense(1, "g_post", 0.5).apply(r));
            m.compile(new SGD(0.01), new MeanSquaredError());
            Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
            NonFiniteException e = assertThrows(NonFiniteException.class,
                    () -> m.fit(x, Tensor.ones(2, 1), checked().batchSize(2).build()));
            assertEquals(NonFiniteException.Kind.GRADIENT, e.kind());
            assertEquals("g_pre", e.layer());
            assertTrue(e.tensor().startsWith("gradient of g_pre/"), e.tensor());
            assertTrue(e.getMessage().contains("g_pre/") && e.getMessage().contains("batch 1"), e.getMessage());
            m.close();
        }
    }

    @Test
    void namesTheLossWhenOnlyTheLossIsNonFinite() {
        Loss logLoss = new Loss() {
            @Override
            public Tensor compute(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
                return yPred.log().mean();
            }

            @Override
            public String name() {
                return "log_loss";
            }

            @Override
            public Config config() {
                return new Config();
            }
        };
        try (Scope s = Scope.open()) {
            Sequential m = new Sequential().inputShape(2).add(dense(1, "log_in", -1));
            m.compile(new SGD(0.01), logLoss);
            NonFiniteException e = assertThrows(NonFiniteException.class,
                    () -> m.fit(Tensor.ones(2, 2), Tensor.ones(2, 1), checked().batchSize(2).build()));
            assertEquals(NonFiniteException.Kind.LOSS, e.kind());
            m.close();
        }
    }

    /** Checking changes nothing in a healthy run: bit-identical weights with and without it. */
    @Test
    void checkingIsNeutralOnAHealthyRun() {
        try (Scope s = Scope.open()) {
            Tensor x = TestData.inputs(1, 16, 3), y = TestData.linearTargets(x, 2, 1);
            Sequential a = FitTest.model(21), b = FitTest.model(21);
            a.compile(new SGD(0.1), new MeanSquaredError());
            b.compile(new SGD(0.1), new MeanSquaredError());
            a.fit(x, y, FitOptions.builder().batchSize(4).epochs(2).verbose(0).build());
            b.fit(x, y, FitOptions.builder().batchSize(4).epochs(2).verbose(0).checkNumerics(true).logGradNorms(true).build());
            List<int[]> wa = TestData.bits(a.weights()), wb = TestData.bits(b.weights());
            for (int i = 0; i < wa.size(); i++) assertArrayEquals(wa.get(i), wb.get(i));
            a.close();
            b.close();
        }
    }

    /** grad_norm/layer = sqrt(sum over the layer's weights of |grad|^2), averaged over the epoch's batches. */
    @Test
    void gradientNormsPerLayerInHistory() {
        try (Scope s = Scope.open()) {
            Tensor x = TestData.inputs(3, 8, 3), y = TestData.linearTargets(x, 4, 1);
            Sequential ref = FitTest.model(22), m = FitTest.model(22);
            ref.build(org.nn4j.Shape.of(3));
            List<Tensor> g;
            try (GradientTape tape = ref.tape()) {
                g = tape.gradient(new MeanSquaredError().compute(y, tape.call(ref, x)), ref.trainableWeights());
            }
            m.compile(new SGD(0.1), new MeanSquaredError());
            History h = m.fit(x, y, FitOptions.builder().batchSize(8).epochs(2).verbose(0).logGradNorms(true).build());
            List<Variable> vars = ref.trainableWeights();
            for (int layer = 0; layer < 2; layer++) {
                double sq = 0;
                for (int i = 0; i < vars.size(); i++) {
                    if (vars.get(i).owner() != ref.layers().get(layer)) continue;
                    double n = g.get(i).norm2().item();
                    sq += n * n;
                }
                String key = "grad_norm/" + m.layers().get(layer).name();
                assertEquals(Math.sqrt(sq), h.get(key).get(0), 1e-5 * Math.sqrt(sq), key);
                assertEquals(2, h.get(key).size());
            }
            ref.close();
            m.close();
        }
    }
}
