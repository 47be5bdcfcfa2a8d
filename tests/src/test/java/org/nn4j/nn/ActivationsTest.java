package org.nn4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.autograd.GradCheck;
import org.nn4j.ops.nn.Activations;

/**
 * Activations (CURRICULUM §3, K16, K17): forward vs Math on random inputs at odd shapes, float64
 * GradCheck away from kinks, the kink values, softmax shift invariance, softmax([z, 0])_0 =
 * sigmoid(z), rows summing to 1 on any axis, finiteness at +-1000 (outputs and gradients).
 */
class ActivationsTest {
    static double[] rnd(long seed, int n, double lo, double hi) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = lo + (hi - lo) * r.nextDouble();
        return v;
    }

    /** Random values at least 0.05 away from each kink listed. */
    static double[] awayFrom(long seed, int n, double... kinks) {
        double[] v = rnd(seed, n, -8, 8);
        for (int i = 0; i < n; i++) {
            for (double k : kinks) if (Math.abs(v[i] - k) < 0.05) v[i] = k + 0.1;
        }
        return v;
    }

    static void checkForward(Function<Tensor, Tensor> f, DoubleUnaryOperator ref, double[] x, long... shape) {
        try (Scope s = Scope.open()) {
            for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
                double[] y = f.apply(Tensor.of(x, shape).to(dt)).toDoubleArray();
                double tol = dt == DType.FLOAT64 ? 1e-14 : 1e-6;
                for (int i = 0; i < x.length; i++) {
                    double want = ref.applyAsDouble(x[i]);
                    assertEquals(want, y[i], tol * Math.max(1, Math.abs(want)), "x = " + x[i] + " (" + dt + ")");
                }
            }
        }
    }

    static void gradCheck(Function<Tensor, Tensor> f, double[] x, long... shape) {
        try (Scope s = Scope.open()) {
            GradCheck.assertPasses(in -> f.apply(in[0]), Tensor.of(x, shape));
        }
    }

    @Test
    void pointwiseForwardAndGradients() {
        double a = 0.01;
        double[] x = awayFrom(1, 3 * 5 * 7, 0, 6);
        checkForward(Activations::relu6, v -> Math.min(Math.max(v, 0), 6), x, 3, 5, 7);
        checkForward(Activations::leakyRelu, v -> v > 0 ? v : a * v, x, 3, 5, 7);
        checkForward(t -> Activations.leakyRelu(t, 1.7), v -> v > 0 ? v : 1.7 * v, x, 3, 5, 7);
        checkForward(t -> Activations.elu(t, 0.7), v -> v > 0 ? v : 0.7 * Math.expm1(v), x, 3, 5, 7);
        checkForward(Activations::softsign, v -> v / (1 + Math.abs(v)), x, 3, 5, 7);
        checkForward(Activations::step, v -> v >= 0 ? 1 : 0, x, 3, 5, 7);
        checkForward(Activations::sigmoid, v -> 1 / (1 + Math.exp(-v)), x, 3, 5, 7);
        gradCheck(Activations::relu6, x, 3, 5, 7);
        gradCheck(Activations::leakyRelu, x, 3, 5, 7);
        gradCheck(t -> Activations.leakyRelu(t, 1.7), x, 3, 5, 7);
        gradCheck(t -> Activations.elu(t, 0.7), x, 3, 5, 7);
        gradCheck(Activations::softsign, x, 3, 5, 7);
        gradCheck(Activations::tanh, x, 3, 5, 7);
    }

    @Test
    void stepStrictAndKinks() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new double[] {-1, 0, 6, 2}, 4).requiresGrad(true);
            assertArrayEq(new double[] {0, 1, 1, 1}, Activations.step(x).toDoubleArray());
            assertArrayEq(new double[] {0, 0, 1, 1}, Activations.step(x, true).toDoubleArray());
            // K16: relu'(0) = 0; relu6' = 0 at 0 and 6; leaky'(0) = alpha; elu'(0) = alpha
            assertArrayEq(new double[] {0, 0, 0, 1}, grad(Activations::relu6, x));
            assertArrayEq(new double[] {0.01, 0.01, 1, 1}, grad(Activations::leakyRelu, x));
            assertArrayEq(new double[] {0.5 * Math.exp(-1), 0.5, 1, 1}, grad(t -> Activations.elu(t, 0.5), x));
            assertArrayEq(new double[] {0, 0, 0, 0}, grad(Activations::step, x));
        }
    }

    static double[] grad(Function<Tensor, Tensor> f, Tensor x) {
        return Autograd.grad(f.apply(x).sum(), x)[0].toDoubleArray();
    }

    static void assertArrayEq(double[] want, double[] got) {
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-15, "index " + i);
    }

    @Test
    void softmaxMatchesReferenceOnEveryAxis() {
        long[] shape = {3, 4, 5};
        double[] x = rnd(2, 60, -3, 3);
        try (Scope s = Scope.open()) {
            for (int axis = -3; axis < 3; axis++) {
                int a = axis < 0 ? axis + 3 : axis;
                double[] y = Activations.softmax(Tensor.of(x, shape), axis).toDoubleArray();
                double[] ly = Activations.logSoftmax(Tensor.of(x, shape), axis).toDoubleArray();
                double[] ref = softmaxRef(x, shape, a);
                for (int i = 0; i < 60; i++) {
                    assertEquals(ref[i], y[i], 1e-14);
                    assertEquals(Math.log(ref[i]), ly[i], 1e-13);
                }
                final int ax = axis;
                gradCheck(t -> Activations.softmax(t, ax), x, shape);
                gradCheck(t -> Activations.logSoftmax(t, ax), x, shape);
            }
        }
    }

    static double[] softmaxRef(double[] x, long[] shape, int axis) {
        long outer = 1, inner = 1;
        for (int i = 0; i < axis; i++) outer *= shape[i];
        for (int i = axis + 1; i < shape.length; i++) inner *= shape[i];
        int dim = (int) shape[axis];
        double[] y = new double[x.length];
        for (long o = 0; o < outer; o++) {
            for (long in = 0; in < inner; in++) {
                double m = Double.NEGATIVE_INFINITY, s = 0;
                for (int j = 0; j < dim; j++) m = Math.max(m, x[(int) ((o * dim + j) * inner + in)]);
                for (int j = 0; j < dim; j++) s += Math.exp(x[(int) ((o * dim + j) * inner + in)] - m);
                for (int j = 0; j < dim; j++) {
                    int e = (int) ((o * dim + j) * inner + in);
                    y[e] = Math.exp(x[e] - m) / s;
                }
            }
        }
        return y;
    }

    @Test
    void softmaxShiftInvarianceAndTwoClassSigmoid() {
        try (Scope s = Scope.open()) {
            double[] x = rnd(3, 35, -2, 2);
            double[] a = Activations.softmax(Tensor.of(x, 5, 7)).toDoubleArray();
            double[] b = Activations.softmax(Tensor.of(x, 5, 7).add(123.25)).toDoubleArray();
            for (int i = 0; i < 35; i++) assertEquals(a[i], b[i], 1e-14);
            for (double z : new double[] {-30, -2.5, 0, 0.75, 40}) {
                double y0 = Activations.softmax(Tensor.of(new double[] {z, 0}, 2)).toDoubleArray()[0];
                assertEquals(1 / (1 + Math.exp(-z)), y0, 1e-15, "z = " + z);
            }
        }
    }

    @Test
    void finiteAtPlusMinus1000() {
        double[] x = {-1000, -999.5, 0, 999.5, 1000, 1000};
        try (Scope s = Scope.open()) {
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                Function<Tensor, Tensor>[] fs = ops();
                for (Function<Tensor, Tensor> f : fs) {
                    Tensor t = Tensor.of(x, 6).to(dt).requiresGrad(true);
                    Tensor y = f.apply(t);
                    y.checkFinite("activation output");
                    Autograd.grad(y.mul(Tensor.of(new double[] {1, -2, 3, -4, 5, 6}, 6).to(dt)).sum(), t)[0]
                            .checkFinite("activation gradient");
                }
                double[] sm = Activations.softmax(Tensor.of(x, 6).to(dt)).toDoubleArray();
                double sum = 0;
                for (double v : sm) sum += v;
                assertEquals(1, sum, 1e-6);
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Function<Tensor, Tensor>[] ops() {
        return new Function[] {
            (Function<Tensor, Tensor>) Activations::sigmoid, (Function<Tensor, Tensor>) Activations::tanh,
            (Function<Tensor, Tensor>) Activations::relu, (Function<Tensor, Tensor>) Activations::relu6,
            (Function<Tensor, Tensor>) Activations::leakyRelu, (Function<Tensor, Tensor>) Activations::elu,
            (Function<Tensor, Tensor>) Activations::softsign, (Function<Tensor, Tensor>) Activations::softmax,
            (Function<Tensor, Tensor>) Activations::logSoftmax};
    }

    @Test
    void nanPropagatesAndArgumentErrors() {
        try (Scope s = Scope.open()) {
            double[] y = Activations.relu6(Tensor.of(new double[] {Double.NaN}, 1)).toDoubleArray();
            assertTrue(Double.isNaN(y[0]));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Activations.softmax(Tensor.of(new double[] {1, 2}, 2), 1));
            assertTrue(e.getMessage().contains("softmax"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Activations.elu(Tensor.of(new int[] {1}, 1)));
        }
    }
}
