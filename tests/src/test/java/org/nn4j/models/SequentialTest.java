package org.nn4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nn4j.Scope;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.callbacks.History;
import org.nn4j.models.fixtures.TestData;
import org.nn4j.nn.SymbolicTensor;
import org.nn4j.nn.layers.Concatenate;
import org.nn4j.nn.layers.Conv2D;
import org.nn4j.nn.layers.Dense;
import org.nn4j.nn.losses.MeanSquaredError;
import org.nn4j.optim.SGD;

/** Sequential (API1): shape checks at add, deferred build, seeding, its functional twin (convergence: {@link ConvergenceTest}). */
class SequentialTest {
    @Test
    void addChecksShapesAtOnceAndNamesTheLayer() {
        Sequential m = new Sequential().inputShape(3, 4).add(Dense.builder(5).name("first").build());
        var e = assertThrows(IllegalArgumentException.class, () -> m.add(Conv2D.builder(2, 3).name("conv").build()));
        assertTrue(e.getMessage().contains("'conv'") && e.getMessage().contains("(3, 5)"), e.getMessage());
        var multi = assertThrows(IllegalArgumentException.class, () -> m.add(Concatenate.builder().name("cat").build()));
        assertTrue(multi.getMessage().contains("'cat'") && multi.getMessage().contains("functional"), multi.getMessage());
        assertEquals(1, m.layers().size());
        assertFalse(m.isBuilt(), "weights are made at build, not at add");
        assertEquals(Shape.of(3, 5), m.outputShape(Shape.of(3, 4)));
        m.close();
    }

    @Test
    void buildsFromTheFirstDataAndPopsBeforeBuild() {
        try (Scope s = Scope.open()) {
            Sequential m = new Sequential().add(new Dense(4)).add(new Dense(3)).add(new Dense(2));
            Dense last = (Dense) m.pop();
            assertEquals(2, m.layers().size());
            assertFalse(last.isBuilt());
            Tensor y = m.predict(TestData.inputs(1, 5, 7));
            assertArrayEquals(new long[] {5, 3}, y.dims());
            assertEquals(Shape.of(7), m.inputShape());
            assertEquals(7 * 4 + 4 + 4 * 3 + 3, m.countParams());
            assertThrows(IllegalArgumentException.class, m::pop);
            // adding after build builds the new layer at once
            m.add(last);
            assertTrue(last.isBuilt());
            assertArrayEquals(new long[] {5, 2}, m.predict(TestData.inputs(1, 5, 7)).dims());
            m.close();
        }
    }

    @Test
    void modelSeedGivesBitIdenticalWeightsAndDifferentSeedsDiffer() {
        try (Scope s = Scope.open()) {
            Sequential a = mlp(42), b = mlp(42), c = mlp(43);
            for (Sequential m : List.of(a, b, c)) m.build(Shape.of(3));
            for (int i = 0; i < a.weights().size(); i++) {
                assertArrayEquals(TestData.bits(a.weights().get(i).value()), TestData.bits(b.weights().get(i).value()));
            }
            assertFalse(java.util.Arrays.equals(TestData.bits(a.weights().get(0).value()), TestData.bits(c.weights().get(0).value())));
            for (Sequential m : List.of(a, b, c)) m.close();
        }
    }

    private static Sequential mlp(long seed) {
        return new Sequential().seed(seed).add(new Dense(4, "tanh")).add(new Dense(2));
    }

    /** API2's test: a functional twin of a Sequential (same layer seeds) gives bit-identical outputs. */
    @Test
    void sequentialAndFunctionalTwinAgreeBitForBit() {
        try (Scope s = Scope.open()) {
            Sequential seq = new Sequential().inputShape(5);
            seq.add(Dense.builder(8).activation("tanh").seed(101).build()).add(Dense.builder(3).activation("sigmoid").seed(102).build());
            SymbolicTensor in = Input.of(5);
            SymbolicTensor h = Dense.builder(8).activation("tanh").seed(101).build().apply(in);
            Model fun = new Model(in, Dense.builder(3).activation("sigmoid").seed(102).build().apply(h));
            Tensor x = TestData.inputs(9, 13, 5);
            assertArrayEquals(TestData.bits(seq.predict(x)), TestData.bits(fun.predict(x)));
            // and they stay equal through identical training
            Tensor y = TestData.linearTargets(x, 3, 3).sigmoid();
            FitOptions o = FitOptions.builder().batchSize(4).epochs(3).seed(5).verbose(0).build();
            seq.compile(new SGD(0.3), new MeanSquaredError());
            fun.compile(new SGD(0.3), new MeanSquaredError());
            History hs = seq.fit(x, y, o), hf = fun.fit(x, y, o);
            assertEquals(hs.get("loss"), hf.get("loss"));
            assertArrayEquals(TestData.bits(seq.predict(x)), TestData.bits(fun.predict(x)));
            seq.close();
            fun.close();
        }
    }

    @Test
    void layersAndGetLayer() {
        Dense d1 = Dense.builder(2).name("d_one").build(), d2 = Dense.builder(1).name("d_two").build();
        Sequential m = new Sequential(List.of(d1, d2), "named");
        assertEquals("named", m.name());
        assertSame(d2, m.getLayer("d_two"));
        assertSame(d1, m.getLayer(0));
        var e = assertThrows(IllegalArgumentException.class, () -> m.getLayer("nope"));
        assertTrue(e.getMessage().contains("d_one") && e.getMessage().contains("d_two"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.add(d1));
        assertEquals(List.of("d_two"), m.outputNames());
    }
}
