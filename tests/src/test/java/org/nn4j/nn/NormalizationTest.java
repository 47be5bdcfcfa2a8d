package org.nn4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nn4j.DType;
import org.nn4j.Nn4j;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.autograd.GradCheck;
import org.nn4j.ops.nn.BatchNormOptions;
import org.nn4j.ops.nn.LrnOptions;
import org.nn4j.ops.nn.Normalization;

/**
 * Batch norm (CURRICULUM R7) and LRN (R8): forward and running statistics against float64
 * references written here, float64 GradCheck (training and inference, NCHW with odd H != W and
 * (N, F)), train vs inference consistency, the identity case gamma = sqrt(var + eps), beta = mean,
 * LRN edge clamping by hand; oneDNN vs nn4j's own batch norm in float32 (tag "dnnl").
 */
class NormalizationTest {
    static double[] rnd(long seed, int n, double lo, double hi) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = lo + (hi - lo) * r.nextDouble();
        return v;
    }

    /** Channel statistics of x (n, c, inner): mean and biased var. */
    static double[][] stats(double[] x, int n, int c, int inner) {
        double[] mean = new double[c], var = new double[c];
        int m = n * inner;
        for (int ch = 0; ch < c; ch++) {
            double s = 0;
            for (int i = 0; i < n; i++) for (int j = 0; j < inner; j++) s += x[(i * c + ch) * inner + j];
            mean[ch] = s / m;
            double q = 0;
            for (int i = 0; i < n; i++) for (int j = 0; j < inner; j++) {
                double d = x[(i * c + ch) * inner + j] - mean[ch];
                q += d * d;
            }
            var[ch] = q / m;
        }
        return new double[][] {mean, var};
    }

    @Test
    void trainingForwardAndRunningUpdate() {
        int n = 3, c = 4, h = 3, w = 5, inner = h * w;
        double[] x = rnd(1, n * c * inner, -2, 3), g = rnd(2, c, 0.5, 2), b = rnd(3, c, -1, 1);
        double eps = 1e-3, mom = 0.9;
        double[] rm0 = rnd(4, c, -0.5, 0.5), rv0 = rnd(5, c, 0.5, 1.5);
        try (Scope s = Scope.open()) {
            Tensor rm = Tensor.of(rm0, c), rv = Tensor.of(rv0, c);
            BatchNormOptions o = BatchNormOptions.builder().momentum(mom).eps(eps).build();
            double[] y = Normalization.batchNorm(Tensor.of(x, n, c, h, w), Tensor.of(g, c), Tensor.of(b, c), rm, rv, o)
                    .toDoubleArray();
            double[][] st = stats(x, n, c, inner);
            for (int i = 0; i < n; i++) for (int ch = 0; ch < c; ch++) for (int j = 0; j < inner; j++) {
                int e = (i * c + ch) * inner + j;
                assertEquals(g[ch] * (x[e] - st[0][ch]) / Math.sqrt(st[1][ch] + eps) + b[ch], y[e], 1e-12);
            }
            double[] rmn = rm.toDoubleArray(), rvn = rv.toDoubleArray();
            int m = n * inner;
            for (int ch = 0; ch < c; ch++) {
                assertEquals(mom * rm0[ch] + (1 - mom) * st[0][ch], rmn[ch], 1e-14);
                assertEquals(mom * rv0[ch] + (1 - mom) * st[1][ch] * m / (m - 1), rvn[ch], 1e-14);
            }
            // inference with the batch's own statistics as running stats equals training output
            Tensor sm = Tensor.of(st[0], c), sv = Tensor.of(st[1], c);
            double[] yi = Normalization.batchNorm(Tensor.of(x, n, c, h, w), Tensor.of(g, c), Tensor.of(b, c), sm, sv,
                    BatchNormOptions.builder().training(false).eps(eps).build()).toDoubleArray();
            for (int e = 0; e < y.length; e++) assertEquals(y[e], yi[e], 1e-12);
            // gamma = sqrt(var + eps), beta = mean -> identity
            double[] gi = new double[c];
            for (int ch = 0; ch < c; ch++) gi[ch] = Math.sqrt(st[1][ch] + eps);
            double[] id = Normalization.batchNorm(Tensor.of(x, n, c, h, w), Tensor.of(gi, c), sm, null, null, o)
                    .toDoubleArray();
            for (int e = 0; e < x.length; e++) assertEquals(x[e], id[e], 1e-12);
        }
    }

    @Test
    void gradChecks() {
        try (Scope s = Scope.open()) {
            for (boolean training : new boolean[] {true, false}) {
                BatchNormOptions o = BatchNormOptions.builder().training(training).eps(1e-2).build();
                for (long[] shape : new long[][] {{3, 2, 3, 5}, {5, 3}, {2, 3, 7}}) {
                    int c = (int) shape[1], numel = 1;
                    for (long d : shape) numel *= d;
                    double[] rm = rnd(9, c, -0.5, 0.5), rv = rnd(10, c, 0.5, 1.5);
                    GradCheck.assertPasses(in -> Normalization.batchNorm(in[0], in[1], in[2],
                                    training ? null : Tensor.of(rm, c), training ? null : Tensor.of(rv, c), o),
                            Tensor.of(rnd(6, numel, -2, 2), shape), Tensor.of(rnd(7, c, 0.5, 2), c),
                            Tensor.of(rnd(8, c, -1, 1), c));
                }
            }
        }
    }

    @Test
    @Tag("dnnl")
    void onednnMatchesOwnKernel() {
        int n = 4, c = 3, h = 5, w = 7;
        float[] xf = new float[n * c * h * w];
        double[] xd = rnd(11, xf.length, -2, 3);
        for (int i = 0; i < xf.length; i++) xf[i] = (float) xd[i];
        String mode = Nn4j.dnnlMode();
        double[][] res = new double[2][];
        double[][] grads = new double[2][];
        String[] paths = new String[2];
        try (Scope s = Scope.open()) {
            String[] modes = {"off", "force"};
            for (int k = 0; k < 2; k++) {
                Nn4j.setDnnlMode(modes[k]);
                Tensor x = Tensor.of(xf, n, c, h, w).requiresGrad(true);
                Tensor g = Tensor.of(new float[] {1.5f, 0.5f, 2f}, c).requiresGrad(true);
                Tensor b = Tensor.of(new float[] {0.1f, -0.2f, 0.3f}, c).requiresGrad(true);
                Tensor y = Normalization.batchNorm(x, g, b, Tensor.zeros(c), Tensor.ones(c), BatchNormOptions.TRAINING);
                paths[k] = Nn4j.lastPath();
                res[k] = y.toDoubleArray();
                Tensor wgt = Tensor.of(rndF(12, xf.length), n, c, h, w);
                Tensor[] gr = Autograd.grad(y.mul(wgt).sum(), x, g, b);
                double[] all = new double[xf.length + 2 * c];
                System.arraycopy(gr[0].toDoubleArray(), 0, all, 0, xf.length);
                System.arraycopy(gr[1].toDoubleArray(), 0, all, xf.length, c);
                System.arraycopy(gr[2].toDoubleArray(), 0, all, xf.length + c, c);
                grads[k] = all;
            }
        } finally {
            Nn4j.setDnnlMode(mode);
        }
        System.out.println("batchNorm paths: off -> " + paths[0] + ", force -> " + paths[1]);
        assertRel(res[0], res[1], 1e-5);
        assertRel(grads[0], grads[1], 1e-5);
    }

    static float[] rndF(long seed, int n) {
        double[] d = rnd(seed, n, -1, 1);
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = (float) d[i];
        return f;
    }

    static void assertRel(double[] a, double[] b, double tol) {
        double num = 0, den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - b[i]) * (a[i] - b[i]);
            den += a[i] * a[i] + b[i] * b[i];
        }
        double rel = Math.sqrt(num) / Math.max(Math.sqrt(den), 1e-30);
        assertEquals(0, rel, tol, "relative difference " + rel);
    }

    @Test
    void lrnMatchesReferenceAndGradChecks() {
        int n = 2, c = 6, inner = 3 * 5;
        double[] x = rnd(13, n * c * inner, -3, 3);
        try (Scope s = Scope.open()) {
            for (long size : new long[] {1, 3, 5, 4}) {
                LrnOptions o = LrnOptions.builder().size(size).alpha(0.3).beta(0.75).k(2).build();
                double[] y = Normalization.lrn(Tensor.of(x, n, c, 3, 5), o).toDoubleArray();
                long half = size / 2;
                for (int i = 0; i < n; i++) for (int ch = 0; ch < c; ch++) for (int j = 0; j < inner; j++) {
                    double sum = 0;
                    for (long cc = Math.max(0, ch - half); cc <= Math.min(c - 1, ch + half); cc++) {
                        double v = x[(int) ((i * c + cc) * inner + j)];
                        sum += v * v;
                    }
                    int e = (i * c + ch) * inner + j;
                    assertEquals(x[e] / Math.pow(2 + 0.3 * sum, 0.75), y[e], 1e-13);
                }
                GradCheck.assertPasses(in -> Normalization.lrn(in[0], o), Tensor.of(x, n, c, 3, 5));
            }
            LrnOptions o2 = LrnOptions.builder().size(3).alpha(0.5).beta(1.3).k(1.5).build();
            GradCheck.assertPasses(in -> Normalization.lrn(in[0], o2), Tensor.of(rnd(14, 3 * 4, -2, 2), 3, 4));
            // single channel by hand: b = a / (k + alpha a^2)^beta
            double a = 1.5;
            double got = Normalization.lrn(Tensor.of(new double[] {a}, 1, 1), LrnOptions.DEFAULT).item();
            assertEquals(a / Math.pow(2 + 1e-4 * a * a, 0.75), got, 1e-15);
        }
    }

    @Test
    void argumentErrors() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.zeros(DType.FLOAT64, 2, 3, 4);
            assertThrows(IllegalArgumentException.class,
                    () -> Normalization.batchNorm(x, Tensor.ones(DType.FLOAT64, 4), null, null, null, BatchNormOptions.TRAINING));
            assertThrows(IllegalArgumentException.class,
                    () -> Normalization.batchNorm(x, null, null, null, null, BatchNormOptions.INFERENCE));
            assertThrows(IllegalArgumentException.class, () -> Normalization.lrn(Tensor.zeros(DType.FLOAT64, 3)));
        }
    }
}
