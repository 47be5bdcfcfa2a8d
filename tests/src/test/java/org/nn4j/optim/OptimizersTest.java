package org.nn4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.nn.Config;
import org.nn4j.nn.Variable;

/**
 * CURRICULUM §6: each optimizer's first two steps equal its formula worked by hand on
 * θ₀ = (1, −2) with g₁ = (0.5, −0.1), g₂ = (0.25, 0.3) (float64); Nesterov's stored look-ahead
 * recursion equals the textbook one after the O3 mapping; names and configs round-trip.
 */
class OptimizersTest {
    static final double[] THETA0 = {1, -2};
    static final double[] G1 = {0.5, -0.1};
    static final double[] G2 = {0.25, 0.3};

    /** θ after step 1 and after step 2. */
    static double[][] twoSteps(Optimizer opt) {
        try (Scope s = Scope.open(); Variable w = new Variable("w", Tensor.of(THETA0.clone()), true, null)) {
            List<Variable> vars = List.of(w);
            opt.apply(vars, List.of(Tensor.of(G1.clone())));
            double[] first = w.value().toDoubleArray();
            opt.apply(vars, List.of(Tensor.of(G2.clone())));
            assertEquals(2, opt.iterations());
            return new double[][] {first, w.value().toDoubleArray()};
        } finally {
            opt.close();
        }
    }

    static void assertSteps(double[][] want, double[][] got, double tol) {
        assertArrayEquals(want[0], got[0], tol, "step 1");
        assertArrayEquals(want[1], got[1], tol, "step 2");
    }

    @Test
    void sgd() {
        // θ₁ = θ₀ − 0.1 g₁ = (0.95, −1.99); θ₂ = θ₁ − 0.1 g₂ = (0.925, −2.02)
        assertSteps(new double[][] {{0.95, -1.99}, {0.925, -2.02}}, twoSteps(new SGD(0.1)), 1e-15);
    }

    @Test
    void momentum() {
        // K12, δ = 0: v₁ = 0.1 g₁ = (0.05, −0.01), θ₁ = (0.95, −1.99);
        // v₂ = 0.9 v₁ + 0.1 g₂ = (0.07, 0.021), θ₂ = (0.88, −2.011)
        assertSteps(new double[][] {{0.95, -1.99}, {0.88, -2.011}},
                twoSteps(SGD.builder().learningRate(0.1).momentum(0.9).build()), 1e-15);
        // δ = γ = 0.9 (the EWMA form): v₁ = 0.01 g₁ = (0.005, −0.001), θ₁ = (0.995, −1.999);
        // v₂ = 0.9 v₁ + 0.01 g₂ = (0.007, 0.0021), θ₂ = (0.988, −2.0011)
        assertSteps(new double[][] {{0.995, -1.999}, {0.988, -2.0011}},
                twoSteps(SGD.builder().learningRate(0.1).momentum(0.9).dampening(0.9).build()), 1e-15);
    }

    @Test
    void nesterov() {
        // O3: v₁ = 0.1 g₁ = (0.05, −0.01); θ₁ = θ₀ − (0.9 v₁ + 0.1 g₁) = (0.905, −1.981);
        // v₂ = 0.9 v₁ + 0.1 g₂ = (0.07, 0.021); θ₂ = θ₁ − (0.9 v₂ + 0.1 g₂) = (0.817, −2.0299)
        assertSteps(new double[][] {{0.905, -1.981}, {0.817, -2.0299}},
                twoSteps(SGD.builder().learningRate(0.1).momentum(0.9).nesterov(true).build()), 1e-15);
    }

    /** O3: on J = ½aθ², textbook v = γv + η∇J(θ − γv), θ −= v, equals nn4j's φ-recursion via θ = φ + γv. */
    @Test
    void nesterovMatchesTextbookAfterMapping() {
        double a = 3, lr = 0.05, gamma = 0.9, theta = 2, v = 0;
        SGD opt = SGD.builder().learningRate(lr).momentum(gamma).nesterov(true).build();
        try (Scope s = Scope.open(); Variable phi = new Variable("phi", Tensor.of(new double[] {theta}), true, null)) {
            for (int k = 0; k < 20; k++) {
                v = gamma * v + lr * a * (theta - gamma * v);
                theta -= v;
                double phiNow = phi.value().toDoubleArray()[0];
                opt.apply(List.of(phi), List.of(Tensor.of(new double[] {a * phiNow})));
                assertEquals(theta - gamma * v, phi.value().toDoubleArray()[0], 1e-14, "step " + (k + 1));
            }
        } finally {
            opt.close();
        }
    }

    @Test
    void adagrad() {
        // O4: G₁ = g₁² = (0.25, 0.01); θ₁ = θ₀ − 0.1 g₁/(|g₁| + 1e-8) = (0.900000002, −1.90000001);
        // G₂ = (0.3125, 0.1); θ₂ = θ₁ − 0.1 g₂/(√G₂ + 1e-8) = θ₁ − (0.0447213587, 0.0948683268)
        assertSteps(new double[][] {{0.900000002000, -1.900000010000}, {0.855278643250, -1.994868336805}},
                twoSteps(new Adagrad(0.1)), 1e-11);
    }

    /** O4: with a constant gradient the Adagrad steps never grow. */
    @Test
    void adagradStepsNeverGrow() {
        Adagrad opt = new Adagrad(0.1);
        try (Scope s = Scope.open(); Variable w = new Variable("w", Tensor.of(new double[] {0}), true, null)) {
            double prev = 0, last = Double.POSITIVE_INFINITY;
            for (int k = 0; k < 10; k++) {
                opt.apply(List.of(w), List.of(Tensor.of(new double[] {0.7})));
                double now = w.value().toDoubleArray()[0], step = prev - now;
                assertTrue(step > 0 && step <= last, "step " + step + " after " + last);
                last = step;
                prev = now;
            }
        } finally {
            opt.close();
        }
    }

    @Test
    void rmsprop() {
        // O5, η 0.01, ρ 0.9: s₁ = 0.1 g₁² = (0.025, 0.001); θ₁ = θ₀ − 0.01 g₁/(√s₁ + ε)
        // = (1 − 0.0316227766, −2 + 0.0316227766); s₂ = 0.9 s₁ + 0.1 g₂² = (0.02875, 0.0099);
        // θ₂ = θ₁ − 0.01 g₂/(√s₂ + ε) = θ₁ − (0.0147441947, 0.0301511314)
        assertSteps(new double[][] {{0.968377225398, -1.968377233398}, {0.953633030652, -1.998528364826}},
                twoSteps(new RMSprop(0.01)), 1e-11);
        // centered: a₁ = 0.1 g₁, s₁ − a₁² = 0.09 g₁², so step 1 is 0.01/0.3 = 0.0333333; step 2 with
        // a₂ = 0.9 a₁ + 0.1 g₂ = (0.07, 0.021) and s₂ − a₂² = (0.02385, 0.009459)
        assertSteps(new double[][] {{0.966666668889, -1.966666677778}, {0.950478572231, -1.997512659530}},
                twoSteps(RMSprop.builder().learningRate(0.01).centered(true).build()), 1e-11);
        // momentum 0.5 (η inside, K12): b₁ = u₁ = (0.0316227766, −0.0316227766), θ₁ as plain;
        // b₂ = 0.5 b₁ + u₂ = (0.0305555820, 0.0143397481), θ₂ = θ₁ − b₂
        double u1 = 0.01 * 0.5 / (Math.sqrt(0.025) + 1e-8), u1b = 0.01 * -0.1 / (Math.sqrt(0.001) + 1e-8);
        double u2 = 0.01 * 0.25 / (Math.sqrt(0.02875) + 1e-8), u2b = 0.01 * 0.3 / (Math.sqrt(0.0099) + 1e-8);
        assertSteps(new double[][] {{1 - u1, -2 - u1b}, {1 - u1 - (0.5 * u1 + u2), -2 - u1b - (0.5 * u1b + u2b)}},
                twoSteps(RMSprop.builder().learningRate(0.01).momentum(0.5).build()), 1e-12);
    }

    @Test
    void adadelta() {
        // O6, η 1, ρ 0.95, ε 1e-6: E_g₁ = 0.05 g₁² = (0.0125, 0.0005);
        // Δ₁ = √(0 + 1e-6)/√(E_g₁ + 1e-6)·g₁ = (0.00447196, −0.00446767); E_Δ₁ = 0.05 Δ₁²;
        // θ₁ = θ₀ − Δ₁; step 2 repeats with E_g₂ = 0.95 E_g₁ + 0.05 g₂² and √(E_Δ₁ + ε) on top
        assertSteps(new double[][] {{0.995528042920, -1.995532329484}, {0.992641445523, -2.001543779559}},
                twoSteps(new Adadelta()), 1e-11);
    }

    @Test
    void adam() {
        // O7, worked in OptimizerUpdatesTest.adamStepByHand: θ₁ = (0.99900000002, −1.9990000001),
        // θ₂ = (0.99806782040, −1.99949418991)
        assertSteps(new double[][] {{0.99900000002, -1.9990000001}, {0.99806782040, -1.99949418991}},
                twoSteps(new Adam()), 1e-11);
    }

    @Test
    void amsgradUsesTheLargestSecondMoment() {
        // g = 1, 0.1, 0 on one weight, η 0.01: v₁ = 0.001, v₂ = 0.999·0.001 + 0.001·0.01 = 0.001009 > v₁,
        // so v̄₂ = v₂ and AMSGrad equals Adam on step 2. Step 3 (g = 0): m₃ = 0.9 m₂ = 0.09 and
        // v₃ = 0.999 v₂ < v̄ = v₂: AMSGrad divides by √(v₂/(1 − β₂³)), Adam by √(v₃/(1 − β₂³)).
        double[] adam = threeSteps(new Adam(0.01)), ams = threeSteps(Adam.builder().learningRate(0.01).amsgrad(true).build());
        assertEquals(adam[1], ams[1], 0);
        double stepAdam = adam[1] - adam[2], stepAms = ams[1] - ams[2];
        double m3 = 0.9 * (0.9 * 0.1 + 0.1 * 0.1), v2 = 0.999 * 0.001 + 0.001 * 0.01;
        double bc1 = 1 - Math.pow(0.9, 3), bc2 = 1 - Math.pow(0.999, 3);
        assertEquals(0.01 * (m3 / bc1) / (Math.sqrt(v2 / bc2) + 1e-8), stepAms, 1e-15);
        assertEquals(0.01 * (m3 / bc1) / (Math.sqrt(0.999 * v2 / bc2) + 1e-8), stepAdam, 1e-15);
    }

    private static double[] threeSteps(Optimizer opt) {
        try (Scope s = Scope.open(); Variable w = new Variable("w", Tensor.of(new double[] {0}), true, null)) {
            double[] out = new double[3];
            double[] g = {1, 0.1, 0};
            for (int k = 0; k < 3; k++) {
                opt.apply(List.of(w), List.of(Tensor.of(new double[] {g[k]})));
                out[k] = w.value().toDoubleArray()[0];
            }
            return out;
        } finally {
            opt.close();
        }
    }

    @Test
    void adamW() {
        // O7 + decoupled λ = 0.01: θ ← θ − ηλθ = θ(1 − 1e-5) before each Adam step:
        // θ₁ = (1 − 1e-5 − 0.00099999998, −2 + 2e-5 + 0.0009999999) = (0.99899000002, −1.9989800001)
        assertSteps(new double[][] {{0.998990000020, -1.998980000100}, {0.998047830505, -1.999454200111}},
                twoSteps(new AdamW()), 1e-11);
        // coupled L2 in Adam is different: g + λθ goes through the moments
        double[][] coupled = twoSteps(Adam.builder().weightDecay(0.01).build());
        assertTrue(Math.abs(coupled[1][0] - 0.998047830505) > 1e-6);
    }

    @Test
    void nadam() {
        // μ_t = 0.9(1 − ½·0.96^{0.004t}): μ₁ = 0.4500734736, μ₂ = 0.4501469352, μ₃ = 0.4502203848.
        // Step 1: m = 0.1 g₁, v = 0.001 g₁²; m̂ = μ₂ m/(1 − μ₁μ₂) + (1 − μ₁) g₁/(1 − μ₁);
        // θ₁ = θ₀ − η m̂/(√(v/0.001) + ε) = (0.998943548243, −1.998943548327)
        assertSteps(new double[][] {{0.998943548243, -1.998943548327}, {0.998419624956, -1.999915017540}},
                twoSteps(new Nadam()), 1e-11);
        assertEquals(0.45007347359129607, new Nadam().mu(1), 1e-15);
    }

    @Test
    void scheduleIsTheLearningRate() {
        // η₁ = 0.1·0.5¹ = 0.05, η₂ = 0.025: θ₁ = θ₀ − 0.05 g₁ = (0.975, −1.995); θ₂ = θ₁ − 0.025 g₂
        SGD opt = SGD.builder().learningRate(new org.nn4j.optim.schedules.ExponentialDecay(0.1, 0.5)).build();
        assertEquals(0.05, opt.learningRate(), 0);
        assertSteps(new double[][] {{0.975, -1.995}, {0.96875, -2.0025}}, twoSteps(opt), 1e-15);
        assertThrows(IllegalStateException.class, () -> opt.setLearningRate(0.1));
    }

    @Test
    void skipsFrozenVariablesAndNullGradients() {
        Adam opt = new Adam();
        try (Scope s = Scope.open();
             Variable a = new Variable("a", Tensor.of(new double[] {1}), true, null);
             Variable b = new Variable("b", Tensor.of(new double[] {1}), false, null);
             Variable c = new Variable("c", Tensor.of(new double[] {1}), true, null)) {
            opt.apply(List.of(a, b, c), Arrays.asList(Tensor.of(new double[] {1}), Tensor.of(new double[] {1}), null));
            assertEquals(1 - 1e-3, a.value().toDoubleArray()[0], 1e-10);
            assertEquals(1, b.value().toDoubleArray()[0], 0);
            assertEquals(1, c.value().toDoubleArray()[0], 0);
            assertEquals(Arrays.asList("iterations", "learning_rate", "a/m", "a/v"), List.copyOf(opt.state().keySet()));
            opt.apply(List.of(c), Arrays.asList((Tensor) null));
            assertEquals(1, opt.iterations(), "a step with nothing to update does not count");
            // step() takes the accumulated .grad() (3 for c, none for a). t is global (Keras): c's first
            // update is t = 2, so m̂ = 0.1·3/(1 − 0.9²) and v̂ = 0.001·9/(1 − 0.999²)
            Tensor loss = c.value().mul(3).sum();
            loss.backward();
            opt.step(List.of(a, b, c));
            double want = 1 - 1e-3 * (0.3 / (1 - 0.81)) / (Math.sqrt(0.009 / (1 - 0.999 * 0.999)) + 1e-8);
            assertEquals(want, c.value().toDoubleArray()[0], 1e-15);
            assertEquals(1 - 1e-3, a.value().toDoubleArray()[0], 1e-10, "a without a gradient stays");
            assertEquals(2, opt.iterations());
        } finally {
            opt.close();
        }
    }

    @Test
    void badGradientsAreRejectedBeforeAnythingChanges() {
        SGD opt = SGD.builder().learningRate(0.1).momentum(0.9).build();
        try (Scope s = Scope.open();
             Variable a = new Variable("a", Tensor.of(new double[] {1, 2}), true, null);
             Variable b = new Variable("b", Tensor.of(new double[] {1, 2}), true, null)) {
            String msg = assertThrows(IllegalArgumentException.class, () -> opt.apply(List.of(a, b),
                    List.of(Tensor.of(new double[] {1, 1}), Tensor.of(new double[] {1, 1, 1})))).getMessage();
            assertTrue(msg.contains("b") && msg.contains("(3)"), msg);
            msg = assertThrows(IllegalArgumentException.class, () -> opt.apply(List.of(a, b),
                    List.of(Tensor.of(new double[] {1, 1}), Tensor.of(new float[] {1, 1})))).getMessage();
            assertTrue(msg.contains("to(DType)"), msg);
            assertThrows(IllegalArgumentException.class, () -> opt.apply(List.of(a, b), List.of(Tensor.of(new double[] {1, 1}))));
            msg = assertThrows(IllegalArgumentException.class, () -> opt.apply(List.of(a, a),
                    List.of(Tensor.of(new double[] {1, 1}), Tensor.of(new double[] {1, 1})))).getMessage();
            assertTrue(msg.contains("twice"), msg);
            assertArrayEquals(new double[] {1, 2}, a.value().toDoubleArray(), 0);
            assertEquals(0, opt.iterations());
            assertEquals(List.of("iterations", "learning_rate"), List.copyOf(opt.state().keySet()));
        } finally {
            opt.close();
        }
    }

    @Test
    void float32Variables() {
        // the usual case: float32 weights; SGD with momentum, two steps by hand in float
        SGD opt = SGD.builder().learningRate(0.1).momentum(0.9).build();
        try (Scope s = Scope.open(); Variable w = new Variable("w", Tensor.of(new float[] {1, -2}), true, null)) {
            opt.apply(List.of(w), List.of(Tensor.of(new float[] {0.5f, -0.1f})));
            opt.apply(List.of(w), List.of(Tensor.of(new float[] {0.25f, 0.3f})));
            assertArrayEquals(new float[] {0.88f, -2.011f}, w.value().toFloatArray(), 1e-6f);
            assertEquals(DType.FLOAT32, opt.state().get("w/velocity").dtype());
        } finally {
            opt.close();
        }
    }

    @Test
    void namesAndConfigsRoundTrip() {
        for (String name : List.of("sgd", "rmsprop", "adagrad", "adadelta", "adam", "adamw", "nadam", "Adam")) {
            Optimizer o = Optimizers.get(name);
            assertEquals(name.toLowerCase(java.util.Locale.ROOT), o.config().getString("name"));
        }
        assertThrows(IllegalArgumentException.class, () -> Optimizers.get("adamax"));
        List<Optimizer> custom = List.of(
                SGD.builder().learningRate(0.3).momentum(0.8).nesterov(true).clipNorm(2).weightDecay(1e-4).build(),
                RMSprop.builder().rho(0.8).centered(true).momentum(0.5).clipValue().build(),
                Adagrad.builder().initialAccumulator(0.1).epsilon(1e-7).globalClipNorm(1).build(),
                Adadelta.builder().rho(0.9).epsilon(1e-5).build(),
                Adam.builder().learningRate(new org.nn4j.optim.schedules.CosineDecay(0.01, 100, 0.1, 5)).amsgrad(true)
                        .beta1(0.8).build(),
                AdamW.builder().weightDecay(0.05).build(),
                Nadam.builder().momentumDecay(0.002).beta2(0.99).build());
        for (Optimizer o : custom) {
            Config c = o.config();
            Optimizer back = Optimizers.fromConfig(c);
            assertEquals(o.getClass(), back.getClass());
            assertEquals(c.asMap().toString(), back.config().asMap().toString());
            assertSteps(twoSteps(o), twoSteps(back), 0);
        }
        assertEquals(5.0, ((RMSprop) custom.get(1)).clipping().threshold(), 0);
        assertInstanceOf(AdamW.class, Optimizers.fromConfig(new Config().put("name", "adamw")));
        assertEquals(AdamW.DEFAULT_WEIGHT_DECAY, new AdamW().config().getDouble("weight_decay"), 0);
        assertNull(new Adam().schedule());
    }

    @Test
    void badOptionsAreNamed() {
        assertThrows(IllegalArgumentException.class, () -> SGD.builder().nesterov(true).build());
        assertThrows(IllegalArgumentException.class, () -> Adam.builder().beta1(1));
        assertThrows(IllegalArgumentException.class, () -> Adam.builder().learningRate(-1));
        assertThrows(IllegalArgumentException.class, () -> Adadelta.builder().epsilon(0));
        String msg = assertThrows(IllegalArgumentException.class, () -> Adam.builder().clipNorm(1).clipValue(1)).getMessage();
        assertTrue(msg.contains("only one"), msg);
        msg = assertThrows(IllegalArgumentException.class, () -> Optimizers.fromConfig(
                new Config().put("name", "sgd").put("clipnorm", 1.0).put("clipvalue", 1.0))).getMessage();
        assertTrue(msg.contains("only one"), msg);
    }
}
