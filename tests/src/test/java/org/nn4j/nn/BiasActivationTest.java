package org.nn4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nn4j.DType;
import org.nn4j.Device;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.autograd.GradCheck;
import org.nn4j.ops.nn.BiasActivation;
import org.nn4j.testing.Gpu;

/**
 * The fused f(u + bias) against a reference written here (forward and both gradients, float64
 * and float32, odd shapes, with and without bias), float64 GradCheck for every activation, the
 * bias gradient as column sums, and errors.
 */
class BiasActivationTest {
    static final String[] ACTS = {"linear", "sigmoid", "tanh", "relu", "relu6", "leaky_relu", "elu", "softsign"};
    static final long[][] SHAPES = {{1, 1}, {7, 5}, {3, 33}, {2, 3, 4}, {0, 3}};

    /** f(z) and f'(z) of the activations, from their definitions (alpha 0.2 where used). */
    static double f(String act, double z) {
        switch (act) {
            case "linear": return z;
            case "sigmoid": return 1 / (1 + Math.exp(-z));
            case "tanh": return Math.tanh(z);
            case "relu": return Math.max(z, 0);
            case "relu6": return Math.min(Math.max(z, 0), 6);
            case "leaky_relu": return z > 0 ? z : 0.2 * z;
            case "elu": return z > 0 ? z : 0.2 * (Math.exp(z) - 1);
            default: return z / (1 + Math.abs(z));
        }
    }

    static double df(String act, double z) {
        switch (act) {
            case "linear": return 1;
            case "sigmoid": { double s = f(act, z); return s * (1 - s); }
            case "tanh": { double t = Math.tanh(z); return 1 - t * t; }
            case "relu": return z > 0 ? 1 : 0;
            case "relu6": return z > 0 && z < 6 ? 1 : 0;
            case "leaky_relu": return z > 0 ? 1 : 0.2;
            case "elu": return z > 0 ? 1 : 0.2 * Math.exp(z);
            default: { double d = 1 + Math.abs(z); return 1 / (d * d); }
        }
    }

    /** Values kept 0.05 away from the kinks 0 and 6. */
    static double[] values(long seed, int n) {
        double[] v = ActivationsTest.rnd(seed, n, -8, 8);
        for (int i = 0; i < n; i++) if (Math.abs(v[i]) < 0.05 || Math.abs(v[i] - 6) < 0.05) v[i] += 0.1;
        return v;
    }

    @Test
    void forwardAndGradientsMatchReference() {
        int seed = 0;
        for (String act : ACTS) {
            for (long[] shape : SHAPES) {
                for (boolean withBias : new boolean[] {true, false}) {
                    int cols = (int) shape[shape.length - 1], n = 1;
                    for (long d : shape) n *= (int) d;
                    double[] u = values(++seed, n), b = ActivationsTest.rnd(++seed, cols, -1, 1);
                    double[] g = ActivationsTest.rnd(++seed, n, -1, 1);
                    double[] y = new double[n], du = new double[n], db = new double[cols];
                    for (int i = 0; i < n; i++) {
                        double z = u[i] + (withBias ? b[i % cols] : 0);
                        y[i] = f(act, z);
                        du[i] = df(act, z) * g[i];
                        db[i % cols] += du[i];
                    }
                    for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
                        String what = act + " " + java.util.Arrays.toString(shape) + (withBias ? " bias " : " ") + dt;
                        double tol = dt == DType.FLOAT64 ? 1e-12 : 2e-5;
                        try (Scope s = Scope.open()) {
                            Tensor ut = Tensor.of(u, shape).to(dt).requiresGrad(true);
                            Tensor bt = withBias ? Tensor.of(b, cols).to(dt).requiresGrad(true) : null;
                            Tensor yt = BiasActivation.apply(act, ut, bt, 0.2);
                            assertArrayEquals(shape, yt.dims(), what);
                            close(y, yt.toDoubleArray(), tol, what + " y");
                            Tensor gt = Tensor.of(g, shape).to(dt);
                            Tensor[] grads = withBias
                                    ? Autograd.grad(new Tensor[] {yt}, new Tensor[] {gt}, new Tensor[] {ut, bt})
                                    : Autograd.grad(new Tensor[] {yt}, new Tensor[] {gt}, new Tensor[] {ut});
                            close(du, grads[0].toDoubleArray(), tol, what + " du");
                            if (withBias) close(db, grads[1].toDoubleArray(), tol * Math.max(1, shape[0]), what + " dbias");
                        }
                    }
                }
            }
        }
    }

    static void close(double[] want, double[] got, double tol, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], tol * Math.max(1, Math.abs(want[i])), what + "[" + i + "]");
        }
    }

    @Test
    void gradCheckEveryActivation() {
        try (Scope s = Scope.open()) {
            for (String act : ACTS) {
                GradCheck.assertPasses(in -> BiasActivation.apply(act, in[0], in[1], 0.2),
                        Tensor.of(values(50, 15), 5, 3), Tensor.of(ActivationsTest.rnd(51, 3, -0.04, 0.04), 3));
            }
        }
    }

    @Test
    void matchesTheComposedOps() {
        try (Scope s = Scope.open()) {
            Tensor u = Tensor.of(values(60, 4 * 9), 4, 9), b = Tensor.of(ActivationsTest.rnd(61, 9, -1, 1), 9);
            assertArrayEquals(u.add(b).relu().toDoubleArray(), BiasActivation.apply("relu", u, b, 0).toDoubleArray());
            assertArrayEquals(u.add(b).toDoubleArray(), BiasActivation.apply("linear", u, b, 0).toDoubleArray());
        }
    }

    @Test
    void errorsNameTheProblem() {
        try (Scope s = Scope.open()) {
            Tensor u = Tensor.zeros(2, 3);
            assertFalse(BiasActivation.supports("softmax"));
            assertTrue(BiasActivation.supports("relu"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> BiasActivation.apply("softmax", u, null, 0));
            assertTrue(e.getMessage().contains("'softmax' is not fused"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> BiasActivation.apply("relu", u, Tensor.zeros(4), 0));
            assertTrue(e.getMessage().contains("bias must have shape"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> BiasActivation.apply("relu", u, Tensor.zeros(DType.FLOAT64, 3), 0));
            assertTrue(e.getMessage().contains("dtypes"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> BiasActivation.apply("relu", Tensor.scalar(1.0), null, 0));
            assertThrows(IllegalArgumentException.class, () -> BiasActivation.apply("elu", u, null, Double.NaN));
        }
    }

    @Test
    @Tag("gpu")
    void cudaMatchesCpu() {
        Gpu.assumeCuda("bias-activation");
        for (String act : ACTS) {
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                double[][] res = new double[2][];
                for (int d = 0; d < 2; d++) {
                    try (Scope s = Scope.open()) {
                        Device dev = d == 0 ? Device.CPU : Device.cuda(0);
                        Tensor u = Tensor.of(values(70, 5 * 7), 5, 7).to(dt).to(dev).requiresGrad(true);
                        Tensor b = Tensor.of(ActivationsTest.rnd(71, 7, -1, 1), 7).to(dt).to(dev).requiresGrad(true);
                        Tensor y = BiasActivation.apply(act, u, b, 0.2);
                        Tensor w = Tensor.of(ActivationsTest.rnd(72, 35, -1, 1), 5, 7).to(dt).to(dev);
                        Tensor[] g = Autograd.grad(y.mul(w).sum(), u, b);
                        double[] yv = y.toDoubleArray(), gu = g[0].toDoubleArray(), gb = g[1].toDoubleArray();
                        res[d] = new double[yv.length + gu.length + gb.length];
                        System.arraycopy(yv, 0, res[d], 0, yv.length);
                        System.arraycopy(gu, 0, res[d], yv.length, gu.length);
                        System.arraycopy(gb, 0, res[d], yv.length + gu.length, gb.length);
                    }
                }
                close(res[0], res[1], dt == DType.FLOAT32 ? 1e-5 : 1e-12, act + " " + dt + " CUDA vs CPU");
            }
        }
    }

}
