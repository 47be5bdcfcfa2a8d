package org.nn4j.callbacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.models.Sequential;
import org.nn4j.models.fixtures.TestData;

/** EarlyStopping (R3) on scripted val_loss sequences. */
class EarlyStoppingTest {
    /** best at epoch 1 (0.8); epochs 2, 3 do not improve; patience 2 stops at epoch 3 and restores epoch 1's weights. */
    @Test
    void stopsAfterPatienceAndRestoresTheBestWeights() {
        try (Scope s = Scope.open(); Sequential m = Scripted.newModel()) {
            Scripted script = new Scripted("val_loss", 1.0, 0.8, 0.9, 0.85, 0.7, 0.6);
            EarlyStopping es = new EarlyStopping().patience(2);
            Tensor x = Scripted.x();
            History h = m.fit(x, Scripted.y(x), Scripted.options(6, script, es).build());
            assertEquals(List.of(0, 1, 2, 3), h.epochs());
            assertEquals(3, es.stoppedEpoch());
            assertEquals(1, es.bestEpoch());
            assertEquals(0.8, es.best());
            List<Tensor> best = script.weights.get(1), last = script.weights.get(3);
            for (int i = 0; i < best.size(); i++) {
                assertArrayEquals(TestData.bits(best.get(i)), TestData.bits(m.weights().get(i).value()));
            }
            assertFalse(java.util.Arrays.equals(TestData.bits(best.get(0)), TestData.bits(last.get(0))), "training moved on");
            script.close();
        }
    }

    @Test
    void minDeltaModeAndNoRestore() {
        try (Scope s = Scope.open(); Sequential m = Scripted.newModel()) {
            // 0.95 is not better than 1.0 by more than 0.1: with patience 0 the second epoch stops
            Scripted script = new Scripted("val_loss", 1.0, 0.95, 0.5);
            EarlyStopping es = new EarlyStopping().minDelta(0.1).restoreBestWeights(false);
            Tensor x = Scripted.x();
            History h = m.fit(x, Scripted.y(x), Scripted.options(3, script, es).build());
            assertEquals(List.of(0, 1), h.epochs());
            List<Tensor> lastSeen = script.weights.get(1);
            for (int i = 0; i < lastSeen.size(); i++) {
                assertArrayEquals(TestData.bits(lastSeen.get(i)), TestData.bits(m.weights().get(i).value()), "no restore");
            }
            script.close();
        }
        try (Scope s = Scope.open(); Sequential m = Scripted.newModel()) {
            // an accuracy is maximized (mode AUTO): rising values never stop training
            Scripted script = new Scripted("val_accuracy", 0.5, 0.6, 0.7, 0.65, 0.6);
            EarlyStopping es = new EarlyStopping().monitor("val_accuracy").patience(1);
            Tensor x = Scripted.x();
            History h = m.fit(x, Scripted.y(x), Scripted.options(5, script, es).build());
            assertEquals(List.of(0, 1, 2, 3), h.epochs());
            assertEquals(2, es.bestEpoch());
            script.close();
        }
    }

    @Test
    void baselineMustBeBeaten() {
        try (Scope s = Scope.open(); Sequential m = Scripted.newModel()) {
            // improving but never under the baseline 0.5: the wait is never reset; patience 2 stops at epoch 1
            Scripted script = new Scripted("val_loss", 1.0, 0.9, 0.8, 0.7, 0.6);
            EarlyStopping es = new EarlyStopping().patience(2).baseline(0.5);
            Tensor x = Scripted.x();
            History h = m.fit(x, Scripted.y(x), Scripted.options(5, script, es).build());
            assertEquals(List.of(0, 1), h.epochs());
            assertEquals(1, es.bestEpoch(), "the best is still tracked");
            script.close();
        }
    }
}
