package org.nn4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nn4j.Nn4j;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.autograd.NoGradScope;
import org.nn4j.models.fixtures.TestData;
import org.nn4j.nn.Variable;
import org.nn4j.nn.losses.MeanSquaredError;
import org.nn4j.optim.Adam;
import org.nn4j.optim.SGD;

/** A custom training loop with GradientTape and optimizer.apply equals trainOnBatch (API7). */
class CustomLoopTest {
    @Test
    void tapeStepEqualsTrainOnBatchBitForBit() {
        try (Scope outer = Scope.open()) {
            Tensor x = TestData.inputs(1, 8, 3), y = TestData.linearTargets(x, 2, 1);
            Sequential a = FitTest.model(11), b = FitTest.model(11);
            Adam optA = new Adam(0.05), opt = new Adam(0.05);  // stateful, so the steps must line up one for one
            a.compile(optA, new MeanSquaredError());
            MeanSquaredError loss = new MeanSquaredError();
            b.build(org.nn4j.Shape.of(3));
            for (int step = 0; step < 5; step++) {
                double expected = a.trainOnBatch(x, y).get("loss");
                List<Variable> vars = b.trainableWeights();
                double got;
                try (Scope s = Scope.open()) {
                    List<Tensor> grads;
                    try (GradientTape tape = b.tape()) {
                        Tensor pred = tape.call(b, x);
                        Tensor l = loss.compute(y, pred);
                        got = l.item();
                        grads = tape.gradient(l, vars);
                    }
                    assertFalse(grads.get(0).isClosed(), "gradients outlive the tape");
                    opt.apply(vars, grads);
                }
                assertEquals(expected, got, 0.0);
            }
            List<int[]> wa = TestData.bits(a.weights()), wb = TestData.bits(b.weights());
            for (int i = 0; i < wa.size(); i++) assertArrayEquals(wa.get(i), wb.get(i));
            assertEquals(5, b.trainingStep());
            assertEquals(5, opt.iterations());
            optA.close();
            opt.close();
            a.close();
            b.close();
        }
    }

    @Test
    void tapeRecordsUnderOuterNoGradAndFreesItsTemporaries() {
        try (Scope outer = Scope.open(); Sequential m = FitTest.model(12)) {
            Tensor x = TestData.inputs(3, 4, 3), y = TestData.linearTargets(x, 4, 1);
            m.build(org.nn4j.Shape.of(3));
            SGD opt = new SGD(0.1);
            long before = TestData.settledLiveBytes();
            for (int i = 0; i < 50; i++) {
                try (NoGradScope ng = Autograd.noGrad()) {
                    try (GradientTape tape = m.tape()) {
                        Tensor l = new MeanSquaredError().compute(y, tape.call(m, x));
                        assertTrue(l.requiresGrad(), "the tape records even inside noGrad");
                        List<Tensor> g = tape.gradient(l, m.trainableWeights());
                        opt.apply(m.trainableWeights(), g);
                        for (Tensor t : g) t.close();
                        assertThrows(IllegalStateException.class, () -> tape.gradient(l, m.trainableWeights()));
                    }
                    assertFalse(Autograd.isGradEnabled(), "the outer no-grad mode is restored");
                }
            }
            assertEquals(before, Nn4j.liveBytes(), "a step's tensors are freed when the tape closes");
        }
    }
}
