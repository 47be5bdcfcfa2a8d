package org.nn4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nn4j.DType;
import org.nn4j.Device;
import org.nn4j.Nn4j;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.ops.nn.OptimizerUpdates;
import org.nn4j.ops.nn.OptimizerUpdates.GradPrep;
import org.nn4j.testing.Check;
import org.nn4j.testing.Inputs;
import org.nn4j.testing.Isas;
import org.nn4j.testing.Nd;
import org.nn4j.testing.Tol;
import org.nn4j.testing.Gpu;

/**
 * The fused optimizer kernels (nn4j_optim.h) against a plain double reference written here, rule
 * by rule (CURRICULUM O1-O7, K11, K12), for five consecutive steps on odd sizes in float32 and
 * float64, with every option (weight decay, clipping, scaling, dampening, Nesterov, centered,
 * momentum, AMSGrad, decoupled decay); bit-identical results on every ISA and thread count; an
 * Adam step worked by hand; argument errors; CUDA = CPU.
 */
class OptimizerUpdatesTest {
    static final int STEPS = 5;

    /** One kernel configuration: its slot count and initial value, the kernel call and the reference. */
    record Case(String name, int slots, double slotInit, Kernel kernel, Ref ref) {
        @Override
        public String toString() {
            return name;
        }
    }

    interface Kernel {
        void step(Tensor p, Tensor g, Tensor[] s, long t);
    }

    /** Updates p and s in place for one element (all doubles). */
    interface Ref {
        void step(double[] p, double g, double[] s, long t);
    }

    // ---- the reference rules, in double, one element at a time --------------------------------

    /** clamp(g * scale, ±clip) + wd * p. */
    static double prep(double g, double p, GradPrep pr) {
        double x = g * pr.scale();
        x = Math.max(-pr.clip(), Math.min(pr.clip(), x));
        return pr.weightDecay() != 0 ? x + pr.weightDecay() * p : x;
    }

    static Case sgd(double lr, GradPrep pr) {
        return new Case("sgd lr " + lr + " " + pr, 0, 0, (p, g, s, t) -> OptimizerUpdates.sgd(p, g, lr, pr),
                (p, g, s, t) -> p[0] -= lr * prep(g, p[0], pr));
    }

    static Case momentum(double lr, double mom, double damp, boolean nesterov, GradPrep pr) {
        return new Case((nesterov ? "nesterov" : "momentum") + " " + mom + " damp " + damp + " " + pr, 1, 0,
                (p, g, s, t) -> OptimizerUpdates.momentum(p, g, s[0], lr, mom, damp, nesterov, pr),
                (p, g, s, t) -> {
                    double x = prep(g, p[0], pr);
                    if (nesterov) {
                        s[0] = mom * s[0] + lr * x;  // v <- gamma v + eta g
                        p[0] -= mom * s[0] + lr * x; // phi -= gamma v_new + eta g (O3)
                    } else {
                        s[0] = mom * s[0] + lr * (1 - damp) * x;  // K12
                        p[0] -= s[0];
                    }
                });
    }

    static Case adagrad(double lr, double eps, double g0, GradPrep pr) {
        return new Case("adagrad G0 " + g0 + " " + pr, 1, g0,
                (p, g, s, t) -> OptimizerUpdates.adagrad(p, g, s[0], lr, eps, pr),
                (p, g, s, t) -> {
                    double x = prep(g, p[0], pr);
                    s[0] += x * x;
                    p[0] -= lr * x / (Math.sqrt(s[0]) + eps);
                });
    }

    static Case rmsprop(double lr, double rho, double eps, boolean centered, double mom, GradPrep pr) {
        int slots = 1 + (centered ? 1 : 0) + (mom != 0 ? 1 : 0);
        return new Case("rmsprop" + (centered ? " centered" : "") + " momentum " + mom + " " + pr, slots, 0,
                (p, g, s, t) -> OptimizerUpdates.rmsprop(p, g, s[0], centered ? s[1] : null,
                        mom != 0 ? s[slots - 1] : null, lr, rho, eps, mom, pr),
                (p, g, s, t) -> {
                    double x = prep(g, p[0], pr);
                    s[0] = rho * s[0] + (1 - rho) * x * x;
                    double d = s[0];
                    if (centered) {
                        s[1] = rho * s[1] + (1 - rho) * x;
                        d = Math.max(s[0] - s[1] * s[1], 0);
                    }
                    double u = lr * x / (Math.sqrt(d) + eps);
                    if (mom != 0) {
                        s[slots - 1] = mom * s[slots - 1] + u;
                        p[0] -= s[slots - 1];
                    } else {
                        p[0] -= u;
                    }
                });
    }

    static Case adadelta(double lr, double rho, double eps, GradPrep pr) {
        return new Case("adadelta " + pr, 2, 0, (p, g, s, t) -> OptimizerUpdates.adadelta(p, g, s[0], s[1], lr, rho, eps, pr),
                (p, g, s, t) -> {
                    double x = prep(g, p[0], pr);
                    s[0] = rho * s[0] + (1 - rho) * x * x;                       // E_g
                    double delta = Math.sqrt(s[1] + eps) / Math.sqrt(s[0] + eps) * x;  // eps inside (K11)
                    s[1] = rho * s[1] + (1 - rho) * delta * delta;              // E_delta
                    p[0] -= lr * delta;
                });
    }

    static Case adam(double lr, double b1, double b2, double eps, boolean ams, double decoupled, GradPrep pr) {
        return new Case("adam" + (ams ? " amsgrad" : "") + " decoupled " + decoupled + " " + pr, ams ? 3 : 2, 0,
                (p, g, s, t) -> OptimizerUpdates.adam(p, g, s[0], s[1], ams ? s[2] : null, lr, b1, b2, eps, t,
                        decoupled, pr),
                (p, g, s, t) -> {
                    double x = prep(g, p[0], pr);
                    s[0] = b1 * s[0] + (1 - b1) * x;
                    s[1] = b2 * s[1] + (1 - b2) * x * x;
                    double v = s[1];
                    if (ams) v = s[2] = Math.max(s[2], s[1]);
                    p[0] -= lr * decoupled * p[0];  // AdamW: on theta before the step
                    double mHat = s[0] / (1 - Math.pow(b1, t)), vHat = v / (1 - Math.pow(b2, t));
                    p[0] -= lr * mHat / (Math.sqrt(vHat) + eps);
                });
    }

    static double nadamMu(double b1, long t) {
        return b1 * (1 - 0.5 * Math.pow(0.96, t * 0.004));
    }

    static double nadamProduct(double b1, long t) {
        double p = 1;
        for (long k = 1; k <= t; k++) p *= nadamMu(b1, k);
        return p;
    }

    static Case nadam(double lr, double b1, double b2, double eps, GradPrep pr) {
        return new Case("nadam " + pr, 2, 0,
                (p, g, s, t) -> OptimizerUpdates.nadam(p, g, s[0], s[1], lr, b1, b2, eps, t, nadamMu(b1, t),
                        nadamMu(b1, t + 1), nadamProduct(b1, t), pr),
                (p, g, s, t) -> {
                    double x = prep(g, p[0], pr);
                    double mu = nadamMu(b1, t), muNext = nadamMu(b1, t + 1);
                    double prod = nadamProduct(b1, t), prodNext = prod * muNext;
                    s[0] = b1 * s[0] + (1 - b1) * x;
                    s[1] = b2 * s[1] + (1 - b2) * x * x;
                    double mHat = muNext * s[0] / (1 - prodNext) + (1 - mu) * x / (1 - prod);
                    double vHat = s[1] / (1 - Math.pow(b2, t));
                    p[0] -= lr * mHat / (Math.sqrt(vHat) + eps);
                });
    }

    static List<Case> cases() {
        GradPrep none = GradPrep.NONE;
        GradPrep all = new GradPrep(0.01, 0.8, 0.5);  // decay, norm-clip factor and value clip together
        GradPrep wd = GradPrep.weightDecay(1e-3);
        List<Case> c = new ArrayList<>();
        c.add(sgd(0.1, none));
        c.add(sgd(0.1, all));
        c.add(momentum(0.05, 0.9, 0, false, none));
        c.add(momentum(0.05, 0.9, 0.9, false, wd));   // EWMA form: dampening = momentum
        c.add(momentum(0.05, 0.9, 0, true, none));
        c.add(momentum(0.05, 0.8, 0, true, all));
        c.add(adagrad(0.1, 1e-8, 0, none));
        c.add(adagrad(0.1, 1e-8, 0.1, all));
        c.add(rmsprop(1e-2, 0.9, 1e-8, false, 0, none));
        c.add(rmsprop(1e-2, 0.9, 1e-8, true, 0, none));
        c.add(rmsprop(1e-2, 0.9, 1e-8, false, 0.9, wd));
        c.add(rmsprop(1e-2, 0.8, 1e-7, true, 0.5, all));
        c.add(adadelta(1.0, 0.95, 1e-6, none));
        c.add(adadelta(0.5, 0.9, 1e-4, all));
        c.add(adam(1e-2, 0.9, 0.999, 1e-8, false, 0, none));
        c.add(adam(1e-2, 0.8, 0.99, 1e-7, true, 0, wd));
        c.add(adam(1e-2, 0.9, 0.999, 1e-8, false, 0.01, none));  // AdamW
        c.add(adam(1e-2, 0.9, 0.999, 1e-8, true, 0.1, all));
        c.add(nadam(1e-2, 0.9, 0.999, 1e-8, none));
        c.add(nadam(2e-3, 0.95, 0.99, 1e-7, all));
        return c;
    }

    static Stream<Arguments> grid() {
        List<Arguments> out = new ArrayList<>();
        for (Case c : cases())
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64})
                for (int n : new int[] {1, 7, 1031}) out.add(Arguments.of(c, dt, n));
        return out.stream();
    }

    // ---- kernel vs reference ------------------------------------------------------------------

    @ParameterizedTest(name = "{0} {1} n={2}")
    @MethodSource("grid")
    void matchesReference(Case c, DType dt, int n) {
        runAgainstReference(c, dt, n, Device.CPU);
    }

    /** STEPS updates on device dev compared after every step with the double reference. */
    static void runAgainstReference(Case c, DType dt, int n, Device dev) {
        Tol tol = Tol.of(dt);
        try (Scope scope = Scope.open()) {
            double[] p = Inputs.roundTo(Inputs.uniform(11 + n, -1, 1, n), dt).data.clone();
            double[][] s = new double[c.slots()][n];
            for (double[] row : s) java.util.Arrays.fill(row, Inputs.roundTo(Nd.scalar(c.slotInit()), dt).data[0]);
            Tensor param = Inputs.tensor(new Nd(p.clone(), n), dt).to(dev);
            Tensor[] slots = new Tensor[c.slots()];
            for (int k = 0; k < slots.length; k++) slots[k] = Inputs.tensor(new Nd(s[k].clone(), n), dt).to(dev);
            for (long t = 1; t <= STEPS; t++) {
                double[] g = Inputs.roundTo(Inputs.uniform(1000 * t + n, -1, 1, n), dt).data;
                c.kernel().step(param, Inputs.tensor(new Nd(g, n), dt).to(dev), slots, t);
                double[] sk = new double[c.slots()];
                for (int i = 0; i < n; i++) {
                    double[] pi = {p[i]};
                    for (int k = 0; k < sk.length; k++) sk[k] = s[k][i];
                    c.ref().step(pi, g[i], sk, t);
                    p[i] = pi[0];
                    for (int k = 0; k < sk.length; k++) s[k][i] = sk[k];
                }
                Check.assertClose(c + " param, step " + t, new Nd(p, n), param.to(Device.CPU), tol);
                for (int k = 0; k < slots.length; k++) {
                    Check.assertClose(c + " slot " + k + ", step " + t, new Nd(s[k], n), slots[k].to(Device.CPU), tol);
                }
            }
        }
    }

    /** The baseline and AVX2 loops round the same operations the same way (no FMA contraction). */
    @Test
    void everyIsaGivesTheSameBits() {
        List<String> isas = Isas.supported();
        for (Case c : cases()) {
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                double[][] first = null;
                for (String isa : isas) {
                    double[][][] out = new double[1][][];
                    Isas.with(isa, () -> out[0] = run(c, dt, 1031));
                    if (first == null) first = out[0];
                    for (int k = 0; k < first.length; k++) {
                        assertArrayEquals(first[k], out[0][k], 0, c + " " + dt + " " + isa + " vs " + isas.get(0));
                    }
                }
            }
        }
    }

    /** Param and slots after STEPS kernel updates on the CPU. */
    static double[][] run(Case c, DType dt, int n) {
        try (Scope scope = Scope.open()) {
            Tensor param = Inputs.tensor(Inputs.uniform(11 + n, -1, 1, n), dt);
            Tensor[] slots = new Tensor[c.slots()];
            for (int k = 0; k < slots.length; k++) slots[k] = param.fullLike(c.slotInit());
            for (long t = 1; t <= STEPS; t++) {
                c.kernel().step(param, Inputs.tensor(Inputs.uniform(1000 * t + n, -1, 1, n), dt), slots, t);
            }
            double[][] out = new double[1 + slots.length][];
            out[0] = param.toDoubleArray();
            for (int k = 0; k < slots.length; k++) out[1 + k] = slots[k].toDoubleArray();
            return out;
        }
    }

    // ---- hand-checked Adam (O7) ---------------------------------------------------------------

    /**
     * θ₀ = (1, −2), η = 1e-3, β = (0.9, 0.999), ε = 1e-8.
     * Step 1, g = (0.5, −0.1): m = 0.1g = (0.05, −0.01); v = 0.001g² = (2.5e-4, 1e-5); m̂ = g,
     * v̂ = g², so θ −= η·g/(|g| + ε): θ₁ = (1 − 0.001·0.5/0.50000001, −2 + 0.001·0.1/0.10000001)
     * = (0.99900000002, −1.9990000001).
     * Step 2, g = (0.25, 0.3): m = (0.045 + 0.025, −0.009 + 0.03) = (0.07, 0.021);
     * v = (2.4975e-4 + 6.25e-5, 9.99e-6 + 9e-5) = (3.1225e-4, 9.999e-5); 1 − β₁² = 0.19,
     * 1 − β₂² = 0.001999; m̂ = (0.3684210526, 0.1105263158); v̂ = (0.1562031016, 0.0500200100);
     * √v̂ = (0.3952253809, 0.2236515371); θ₂ = θ₁ − η·m̂/(√v̂ + ε)
     * = (0.99900000002 − 0.00093217962, −1.9990000001 − 0.00049418991)
     * = (0.99806782040, −1.99949418991).
     */
    @Test
    void adamStepByHand() {
        try (Scope scope = Scope.open()) {
            Tensor p = Tensor.of(new double[] {1, -2}), m = Tensor.zeros(DType.FLOAT64, 2), v = Tensor.zeros(DType.FLOAT64, 2);
            OptimizerUpdates.adam(p, Tensor.of(new double[] {0.5, -0.1}), m, v, null, 1e-3, 0.9, 0.999, 1e-8, 1, 0,
                    GradPrep.NONE);
            assertArrayEquals(new double[] {0.99900000002, -1.9990000001}, p.toDoubleArray(), 1e-15);
            assertArrayEquals(new double[] {0.05, -0.01}, m.toDoubleArray(), 1e-16);
            assertArrayEquals(new double[] {2.5e-4, 1e-5}, v.toDoubleArray(), 1e-18);
            OptimizerUpdates.adam(p, Tensor.of(new double[] {0.25, 0.3}), m, v, null, 1e-3, 0.9, 0.999, 1e-8, 2, 0,
                    GradPrep.NONE);
            assertArrayEquals(new double[] {0.07, 0.021}, m.toDoubleArray(), 1e-16);
            assertArrayEquals(new double[] {3.1225e-4, 9.999e-5}, v.toDoubleArray(), 1e-18);
            assertArrayEquals(new double[] {0.99806782040, -1.99949418991}, p.toDoubleArray(), 1e-11);
        }
    }

    /** O7: the first Adam step is η·g/(|g| + ε): η·sign(g) to within η·ε/|g|, whatever |g|. */
    @Test
    void adamFirstStepIsLearningRate() {
        try (Scope scope = Scope.open()) {
            double[] g = {1e-3, -0.2, 7, -300, 2e4};
            Tensor p = Tensor.zeros(DType.FLOAT64, g.length);
            OptimizerUpdates.adam(p, Tensor.of(g), p.zerosLike(), p.zerosLike(), null, 0.01, 0.9, 0.999, 1e-8, 1, 0,
                    GradPrep.NONE);
            double[] got = p.toDoubleArray();
            for (int i = 0; i < g.length; i++) {
                assertEquals(-0.01 * Math.signum(g[i]), got[i], 0.01 * 1e-8 / Math.abs(g[i]) + 1e-17, "g = " + g[i]);
            }
        }
    }

    // ---- properties and errors ----------------------------------------------------------------

    /** Elements are independent, so splitting over threads cannot change a bit (n spans several chunks). */
    @Test
    void sameBitsOnAnyThreadCount() {
        int n = 100_003, threads = Nn4j.numThreads();
        try (Scope scope = Scope.open()) {
            Tensor g = Tensor.randn(5, n);
            double[][] results = new double[2][];
            for (int r = 0; r < 2; r++) {
                Nn4j.setNumThreads(r == 0 ? 1 : Math.max(2, threads));
                try {
                    Tensor p = Tensor.randn(3, n), m = p.zerosLike(), v = p.zerosLike();
                    for (int t = 1; t <= 3; t++) {
                        OptimizerUpdates.adam(p, g, m, v, null, 1e-3, 0.9, 0.999, 1e-8, t, 0, GradPrep.NONE);
                    }
                    results[r] = p.toDoubleArray();
                } finally {
                    Nn4j.setNumThreads(threads);
                }
            }
            assertArrayEquals(results[0], results[1], 0);
        }
    }

    @Test
    void nanPropagatesAndEmptyIsFine() {
        try (Scope scope = Scope.open()) {
            Tensor p = Tensor.of(new double[] {1, 2, 3});
            Tensor v = p.zerosLike();
            OptimizerUpdates.momentum(p, Tensor.of(new double[] {Double.NaN, 1, 1}), v, 0.1, 0.9, 0, false,
                    new GradPrep(0, 1, 0.5));
            double[] got = p.toDoubleArray();
            assertTrue(Double.isNaN(got[0]) && Double.isNaN(v.toDoubleArray()[0]), "NaN survives clipping");
            assertEquals(2 - 0.05, got[1], 1e-15);
            Tensor e = Tensor.zeros(DType.FLOAT32, 0);
            OptimizerUpdates.adam(e, e.zerosLike(), e.zerosLike(), e.zerosLike(), null, 1e-3, 0.9, 0.999, 1e-8, 1, 0,
                    GradPrep.NONE);
        }
    }

    @Test
    void badArgumentsAreNamed() {
        try (Scope scope = Scope.open()) {
            Tensor p = Tensor.zeros(4), g = Tensor.ones(4), m = p.zerosLike(), v = p.zerosLike();
            String msg = assertThrows(IllegalArgumentException.class, () -> OptimizerUpdates.adam(p, Tensor.ones(5), m, v,
                    null, 1e-3, 0.9, 0.999, 1e-8, 1, 0, GradPrep.NONE)).getMessage();
            assertTrue(msg.contains("grad") && msg.contains("(5)"), msg);
            msg = assertThrows(IllegalArgumentException.class, () -> OptimizerUpdates.adam(p, g, m,
                    Tensor.zeros(DType.FLOAT64, 4), null, 1e-3, 0.9, 0.999, 1e-8, 1, 0, GradPrep.NONE)).getMessage();
            assertTrue(msg.contains("FLOAT64") || msg.contains("float64"), msg);
            msg = assertThrows(IllegalArgumentException.class, () -> OptimizerUpdates.adam(p, g, m, m, null, 1e-3, 0.9,
                    0.999, 1e-8, 1, 0, GradPrep.NONE)).getMessage();
            assertTrue(msg.contains("overlap"), msg);
            msg = assertThrows(IllegalArgumentException.class, () -> OptimizerUpdates.adam(p, g, m, v, null, 1e-3, 1.0,
                    0.999, 1e-8, 1, 0, GradPrep.NONE)).getMessage();
            assertTrue(msg.contains("beta1"), msg);
            msg = assertThrows(IllegalArgumentException.class, () -> OptimizerUpdates.adam(p, g, m, v, null, 1e-3, 0.9,
                    0.999, 1e-8, 0, 0, GradPrep.NONE)).getMessage();
            assertTrue(msg.contains("step"), msg);
            Tensor wide = Tensor.zeros(2, 4), strided = wide.t();
            msg = assertThrows(IllegalArgumentException.class, () -> OptimizerUpdates.momentum(strided.contiguous(),
                    strided, strided, 0.1, 0.9, 0, false, GradPrep.NONE)).getMessage();
            assertTrue(msg.contains("velocity") && msg.contains("contiguous"), msg);
            msg = assertThrows(IllegalArgumentException.class, () -> OptimizerUpdates.momentum(p, g, v, 0.1, 0.9, 0.5,
                    true, GradPrep.NONE)).getMessage();
            assertTrue(msg.contains("dampening"), msg);
            msg = assertThrows(IllegalArgumentException.class, () -> OptimizerUpdates.rmsprop(p, g, m, null, null, 0.1,
                    0.9, 1e-8, 0.9, GradPrep.NONE)).getMessage();
            assertTrue(msg.contains("momentum buffer"), msg);
            msg = assertThrows(IllegalArgumentException.class, () -> OptimizerUpdates.adadelta(p, g, m, v, 1, 0.95, 0,
                    GradPrep.NONE)).getMessage();
            assertTrue(msg.contains("eps"), msg);
            msg = assertThrows(IllegalArgumentException.class, () -> OptimizerUpdates.sgd(p, g, -1, GradPrep.NONE))
                    .getMessage();
            assertTrue(msg.contains("lr"), msg);
            assertThrows(IllegalArgumentException.class, () -> new GradPrep(0, 1, 0));
            Tensor leaf = Tensor.ones(4).requiresGrad(true), made = leaf.mul(2);
            msg = assertThrows(IllegalArgumentException.class, () -> OptimizerUpdates.sgd(made, g, 0.1, GradPrep.NONE))
                    .getMessage();
            assertTrue(msg.contains("leaf"), msg);
            // a leaf that requires grad is updated without a no-grad block: updates are never recorded
            OptimizerUpdates.sgd(leaf, g, 0.5, GradPrep.NONE);
            assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, leaf.toFloatArray());
        }
    }

    /** DEV: every case on the GPU equals the double reference with the CPU's tolerances. */
    @Tag("gpu")
    @Test
    void cudaMatchesReference() {
        Gpu.assumeCuda("optimizer");
        for (Case c : cases())
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) runAgainstReference(c, dt, 1031, Device.cuda(0));
    }
}
