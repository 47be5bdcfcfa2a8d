package org.nn4j.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.models.Sequential;

/** ReduceLROnPlateau (O9) and LearningRateScheduler on scripted runs; "lr" in History is the rate each epoch used. */
class ReduceLROnPlateauTest {
    @Test
    void halvesAfterPatienceWithCooldownAndFloor() {
        try (Scope s = Scope.open(); Sequential m = Scripted.newModel()) {
            double lr0 = m.optimizer().learningRate();
            Scripted script = new Scripted("val_loss", 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5);
            ReduceLROnPlateau r = new ReduceLROnPlateau().factor(0.5).patience(1);
            Tensor x = Scripted.x();
            History h = m.fit(x, Scripted.y(x), Scripted.options(7, script, r).build());
            // e0 best; e1 wait 1 -> halve; e2 -> halve; e3 improves; e4, e5, e6 -> halve each
            double a = lr0, b = a * 0.5, c = b * 0.5, d = c * 0.5, e = d * 0.5;
            assertEquals(List.of(a, a, b, c, c, d, e), h.get("lr"));
            assertEquals(e * 0.5, m.optimizer().learningRate());
            script.close();
        }
        try (Scope s = Scope.open(); Sequential m = Scripted.newModel()) {
            double lr0 = m.optimizer().learningRate();
            Scripted script = new Scripted("val_loss", 1.0, 1.0, 1.0, 1.0, 1.0, 1.0);
            ReduceLROnPlateau r = new ReduceLROnPlateau().factor(0.5).patience(1).cooldown(1).minLr(lr0 * 0.3);
            Tensor x = Scripted.x();
            History h = m.fit(x, Scripted.y(x), Scripted.options(6, script, r).build());
            // Keras' counting: e1 halves and starts a 1-epoch cooldown, which e2 uses up before it counts,
            // so e2 reduces again, to max(lr/4, 0.3 lr) = the floor, where the rate then stays
            double half = lr0 * 0.5, floor = lr0 * 0.3;
            assertEquals(List.of(lr0, lr0, half, floor, floor, floor), h.get("lr"));
            assertEquals(floor, m.optimizer().learningRate());
            script.close();
        }
    }

    /** An accuracy is maximized (mode AUTO): rises are improvements, a flat epoch is the plateau. */
    @Test
    void accuracyIsMaximizedAndVerboseSaysSo() {
        try (Scope s = Scope.open(); Sequential m = Scripted.newModel()) {
            double lr0 = m.optimizer().learningRate();
            Scripted script = new Scripted("val_accuracy", 0.5, 0.6, 0.6, 0.7);
            java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
            ReduceLROnPlateau r = new ReduceLROnPlateau().monitor("val_accuracy").factor(0.5).patience(0)
                    .verbose(new java.io.PrintStream(buf, true));
            Tensor x = Scripted.x();
            History h = m.fit(x, Scripted.y(x), Scripted.options(4, script, r).build());
            assertEquals(List.of(lr0, lr0, lr0, lr0 * 0.5), h.get("lr"));
            assertEquals("Epoch 3: ReduceLROnPlateau reducing learning rate to " + lr0 * 0.5 + ".", buf.toString().trim());
            script.close();
        }
    }

    @Test
    void learningRateSchedulerSetsEachEpoch() {
        try (Scope s = Scope.open(); Sequential m = Scripted.newModel()) {
            LearningRateScheduler sched = new LearningRateScheduler((epoch, lr) -> epoch < 2 ? 0.1 : lr * 0.5);
            Tensor x = Scripted.x();
            History h = m.fit(x, Scripted.y(x), Scripted.options(4, sched).build());
            assertEquals(List.of(0.1, 0.1, 0.05, 0.025), h.get("lr"));
            assertEquals(List.of("loss", "lr"), List.copyOf(h.history().keySet()));
        }
    }
}
