package org.nn4j.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nn4j.DType;
import org.nn4j.Generator;
import org.nn4j.Scope;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.autograd.GradCheck;
import org.nn4j.testing.Check;
import org.nn4j.testing.Tol;

/**
 * TimeDistributed (CURRICULUM S1 outputs, S6): equals the inner layer applied to each time step
 * separately (a Dense-like layer on (N, T, F), an LSTM on (N, T, T2, F) "clips"); parameters and
 * weight names are the inner layer's; another T reuses the weights; float64 GradCheck w.r.t. the
 * input; errors for inner layers with several outputs or a changed per-step shape; the inner
 * layer takes the wrapper's dtype, which starts as the inner layer's, and a saved wrapper keeps it.
 */
class TimeDistributedTest {
    static Tensor perStep(org.nn4j.nn.Layer inner, Tensor x) {
        Tensor[] steps = new Tensor[(int) x.dim(1)];
        for (int t = 0; t < steps.length; t++) steps[t] = inner.call(x.select(1, t));
        return Tensor.stack(1, steps);
    }

    @Test
    void denseLikeLayerOnEveryStep() {
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            try (Scope s = Scope.open(); TimeDistributed td = new TimeDistributed(new AffineTestLayer(4, null))) {
                td.dtype(dt);
                Tensor x = Generator.seed(1).uniform(dt, -1, 1, 3, 5, 6);
                Tensor y = td.call(x);
                assertArrayEquals(new long[] {3, 5, 4}, y.dims());
                assertEquals(dt, td.inner().dtype());
                assertEquals(dt, y.dtype());
                Check.assertClose("TimeDistributed " + dt, Check.nd(perStep(td.inner(), x)), y, Tol.of(dt));
            }
        }
        try (Scope s = Scope.open(); TimeDistributed td = new TimeDistributed(new AffineTestLayer(4, null))) {
            td.build(Shape.of(5, 6));
            assertEquals(6 * 4 + 4, td.countParams());
            assertEquals(td.inner().weights(), td.weights());
            assertEquals(td.inner().name() + "/kernel", td.weights().get(0).path());
            // another number of steps reuses the weights; another step shape does not fit them
            assertArrayEquals(new long[] {2, 9, 4}, td.call(Tensor.zeros(2, 9, 6)).dims());
            String m = assertThrows(IllegalArgumentException.class, () -> td.call(Tensor.zeros(2, 9, 7))).getMessage();
            assertTrue(m.contains(td.inner().name()) && m.contains("(7)"), m);
        }
    }

    @Test
    void recurrentLayerOnEveryClip() {
        try (Scope s = Scope.open();
             TimeDistributed td = new TimeDistributed(GRU.builder(3).returnSequences(true).dtype(DType.FLOAT64).build())) {
            assertEquals(DType.FLOAT64, td.dtype());
            Tensor x = Generator.seed(2).uniform(DType.FLOAT64, -1, 1, 2, 4, 5, 3);
            assertEquals(Shape.of(4, 5, 3), td.outputShape(Shape.of(4, 5, 3)));
            Tensor y = td.call(x);
            assertArrayEquals(new long[] {2, 4, 5, 3}, y.dims());
            Check.assertClose("TimeDistributed(GRU)", Check.nd(perStep(td.inner(), x)), y, Tol.F64);
            // longer clips suit the inner GRU; another feature size does not, and the GRU says so
            assertArrayEquals(new long[] {2, 4, 8, 3}, td.call(Tensor.zeros(DType.FLOAT64, 2, 4, 8, 3)).dims());
            String m = assertThrows(IllegalArgumentException.class,
                    () -> td.call(Tensor.zeros(DType.FLOAT64, 2, 4, 8, 2))).getMessage();
            assertTrue(m.contains(td.inner().name()), m);
        }
    }

    @Test
    void gradCheckWithRespectToTheInput() {
        try (Scope s = Scope.open(); TimeDistributed td = new TimeDistributed(new LSTM(2))) {
            td.dtype(DType.FLOAT64);
            Tensor x = Generator.seed(3).uniform(DType.FLOAT64, -1, 1, 2, 3, 4, 2);
            GradCheck.assertPasses(xs -> td.call(xs[0]), x);
        }
    }

    /** A wrapper config holds its dtype in both places; an inner layer built with another dtype is an error. */
    @Test
    void innerLayerTakesTheWrappersDType() {
        try (Scope s = Scope.open(); TimeDistributed td = new TimeDistributed(new AffineTestLayer(2, "aff64"))) {
            td.dtype(DType.FLOAT64);
            org.nn4j.nn.Config c = td.config();
            assertEquals("FLOAT64", c.getString("dtype"));
            assertEquals("FLOAT64", c.getConfig("layer").getConfig("config").getString("dtype"));
            assertEquals(DType.FLOAT32, td.inner().dtype(), "given at build");
            td.build(Shape.of(4, 3));
            assertEquals(DType.FLOAT64, td.inner().dtype());
        }
        try (Scope s = Scope.open(); AffineTestLayer built = new AffineTestLayer(2, "aff32")) {
            built.build(Shape.of(3));
            TimeDistributed td = new TimeDistributed(built);
            assertEquals(DType.FLOAT32, td.dtype());
            td.dtype(DType.FLOAT64);
            String m = assertThrows(IllegalArgumentException.class, () -> td.build(Shape.of(4, 3))).getMessage();
            assertTrue(m.contains("aff32") && m.contains("float32") && m.contains("unbuilt"), m);
        }
    }

    @Test
    void innerLayerMustGiveOneOutput() {
        try (TimeDistributed td = new TimeDistributed(LSTM.builder(2).returnState(true).build())) {
            String m = assertThrows(IllegalArgumentException.class, () -> td.outputShapes(Shape.of(4, 5, 3))).getMessage();
            assertTrue(m.contains("3 outputs"), m);
            m = assertThrows(IllegalArgumentException.class, () -> td.outputShapes(Shape.of())).getMessage();
            assertTrue(m.contains("(timesteps, ...)"), m);
        }
    }

    @Test
    void seedsTheInnerLayerFromItsOwn() {
        try (TimeDistributed a = new TimeDistributed(new AffineTestLayer(3, "x1"));
             TimeDistributed b = new TimeDistributed(new AffineTestLayer(3, "x2"))) {
            a.seed(5).build(Shape.of(2, 4));
            b.seed(5).build(Shape.of(2, 4));
            assertArrayEquals(a.weights().get(0).value().toFloatArray(), b.weights().get(0).value().toFloatArray());
            assertEquals(List.of(a.inner()), a.children());
        }
    }
}
