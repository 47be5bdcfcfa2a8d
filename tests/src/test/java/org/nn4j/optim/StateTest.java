package org.nn4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.nn4j.Nn4j;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.nn.Variable;
import org.nn4j.optim.schedules.CosineDecay;

/**
 * Optimizer state save / restore: an optimizer rebuilt from its config, given the saved state and
 * weights, continues bit-identically to the uninterrupted one (every optimizer, with options,
 * schedules and clipping); bad states give clear errors; slots are allocated once and freed by
 * close().
 */
class StateTest {
    static final int BEFORE = 3, AFTER = 4;

    static List<Supplier<Optimizer>> optimizers() {
        return List.of(
                () -> new SGD(0.1),
                () -> SGD.builder().learningRate(0.05).momentum(0.9).nesterov(true).clipNorm(1).build(),
                () -> SGD.builder().learningRate(0.05).momentum(0.8).dampening(0.8).weightDecay(1e-3).build(),
                () -> Adagrad.builder().learningRate(0.1).initialAccumulator(0.1).build(),
                () -> RMSprop.builder().centered(true).momentum(0.5).clipValue(0.7).build(),
                () -> new Adadelta(),
                () -> Adam.builder().amsgrad(true).learningRate(new CosineDecay(0.01, 5, 0.1, 2)).build(),
                () -> AdamW.builder().learningRate(0.01).globalClipNorm(1.5).build(),
                () -> new Nadam(0.01));
    }

    /** Two float32 variables and the gradient of step k (deterministic, non-zero). */
    static List<Variable> variables(float[][] values) {
        return List.of(new Variable("kernel", Tensor.of(values[0].clone(), 3, 2), true, null),
                new Variable("bias", Tensor.of(values[1].clone(), 2), true, null));
    }

    static List<Tensor> grads(int k) {
        return List.of(Tensor.randn(100 + k, 3, 2), Tensor.randn(200 + k, 2));
    }

    static float[][] values(List<Variable> vars) {
        return new float[][] {vars.get(0).value().toFloatArray(), vars.get(1).value().toFloatArray()};
    }

    static final float[][] START = {{0.5f, -1, 2, 0.25f, -0.75f, 1.5f}, {0.1f, -0.2f}};

    @Test
    void restoredOptimizerContinuesBitIdentically() {
        for (Supplier<Optimizer> make : optimizers()) {
            try (Scope s = Scope.open(); Optimizer whole = make.get(); Optimizer first = make.get()) {
                List<Variable> a = variables(START), b = variables(START);
                for (int k = 0; k < BEFORE + AFTER; k++) whole.apply(a, grads(k));
                for (int k = 0; k < BEFORE; k++) first.apply(b, grads(k));
                Map<String, Tensor> saved = first.state();
                float[][] savedWeights = values(b);
                for (int k = 0; k < 2; k++) first.apply(b, grads(99));  // the saved copies must not move

                try (Optimizer resumed = Optimizers.fromConfig(first.config())) {
                    List<Variable> c = variables(savedWeights);
                    resumed.loadState(saved, c);
                    assertEquals(BEFORE, resumed.iterations());
                    assertEquals(whole.getClass(), resumed.getClass());
                    for (int k = BEFORE; k < BEFORE + AFTER; k++) resumed.apply(c, grads(k));
                    float[][] want = values(a), got = values(c);
                    assertArrayEquals(want[0], got[0], 0, whole.toString());
                    assertArrayEquals(want[1], got[1], 0, whole.toString());
                    Map<String, Tensor> sw = whole.state(), sr = resumed.state();
                    assertEquals(sw.keySet(), sr.keySet());
                    for (String key : sw.keySet()) {
                        assertArrayEquals(sw.get(key).toDoubleArray(), sr.get(key).toDoubleArray(), 0, key);
                    }
                }
            }
        }
    }

    @Test
    void learningRateSetFromOutsideIsRestored() {
        try (Scope s = Scope.open(); Adam opt = new Adam(0.01); Adam other = new Adam(0.01)) {
            List<Variable> v = variables(START);
            opt.apply(v, grads(0));
            opt.setLearningRate(0.001);
            other.loadState(opt.state(), v);
            assertEquals(0.001, other.learningRate(), 0);
            assertEquals(1, other.iterations());
        }
    }

    @Test
    void badStatesAreRejectedWithoutChangingAnything() {
        try (Scope s = Scope.open(); Adam adam = new Adam(); Adam target = new Adam(); SGD sgd = new SGD()) {
            List<Variable> v = variables(START);
            adam.apply(v, grads(0));
            target.apply(v, grads(1));
            target.apply(v, grads(2));
            Map<String, Tensor> good = adam.state();

            Map<String, Tensor> missing = new LinkedHashMap<>(good);
            missing.remove("bias/v");
            assertMessage(target, missing, v, "bias/v");

            Map<String, Tensor> wrongShape = new LinkedHashMap<>(good);
            wrongShape.put("kernel/m", Tensor.zeros(2, 3));
            assertMessage(target, wrongShape, v, "kernel/m");

            Map<String, Tensor> unknown = new LinkedHashMap<>(good);
            unknown.put("kernel/velocity", Tensor.zeros(3, 2));
            assertMessage(target, unknown, v, "kernel/velocity");

            Map<String, Tensor> noVar = new LinkedHashMap<>(good);
            noVar.put("dense/kernel/m", Tensor.zeros(3, 2));
            assertMessage(target, noVar, v, "dense/kernel/m");

            Map<String, Tensor> noIterations = new LinkedHashMap<>(good);
            noIterations.remove("iterations");
            assertMessage(target, noIterations, v, "iterations");

            sgd.apply(v, grads(0));
            assertMessage(target, Map.of("iterations", Tensor.full(1, org.nn4j.DType.INT64),
                    "kernel/velocity", Tensor.zeros(3, 2)), v, "velocity");

            assertEquals(2, target.iterations(), "nothing changed");
            assertArrayEquals(target.state().get("kernel/m").toDoubleArray(),
                    target.state().get("kernel/m").toDoubleArray(), 0);
        }
    }

    private static void assertMessage(Optimizer o, Map<String, Tensor> state, List<Variable> v, String part) {
        String msg = assertThrows(IllegalArgumentException.class, () -> o.loadState(state, v)).getMessage();
        assertTrue(msg.contains(part), msg);
    }

    /** Slots are made once, on the first step: later steps allocate nothing that outlives them; close() frees all. */
    @Test
    void liveBytesStayFlatAndReturnToZero() {
        long base = org.nn4j.testing.LiveBytes.settle();
        List<Variable> v = variables(START);
        long weights = Nn4j.liveBytes() - base;
        Adam opt = Adam.builder().amsgrad(true).globalClipNorm(1).build();
        long afterFirst = 0;
        for (int k = 0; k < 200; k++) {
            try (Scope s = Scope.open()) {
                opt.apply(v, grads(k));
            }
            if (k == 0) afterFirst = Nn4j.liveBytes();
            else assertEquals(afterFirst, Nn4j.liveBytes(), "step " + k);
        }
        assertEquals(base + 4 * weights, afterFirst, "the weights and three AMSGrad slots of their size");
        opt.close();
        for (Variable x : v) x.close();
        org.nn4j.testing.LiveBytes.assertNoGrowth(base, "leak check");
        assertThrows(IllegalStateException.class, () -> opt.apply(v, new ArrayList<>(List.of())));
    }
}
