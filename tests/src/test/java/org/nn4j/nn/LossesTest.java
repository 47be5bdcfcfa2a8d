package org.nn4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.autograd.GradCheck;
import org.nn4j.ops.nn.CrossEntropyOptions;
import org.nn4j.ops.nn.Losses;
import org.nn4j.ops.nn.Reduction;

/**
 * Fused losses (CURRICULUM L4, L6, L7, L9, A6): softmax CE (sparse int32/int64 and dense,
 * weights, smoothing, every reduction) and sigmoid BCE (pos weight) against float64 references
 * written here; float64 GradCheck; the fused gradient (softmax - y) / N by hand; finite at +-1000.
 */
class LossesTest {
    static final int N = 5, K = 7;

    static double[] rnd(long seed, int n, double lo, double hi) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = lo + (hi - lo) * r.nextDouble();
        return v;
    }

    static final long[] LABELS = {3, 0, 6, 3, 1};

    /** Reference per-sample CE and the MEAN divisor. */
    static double[] ceRef(double[] z, double[][] t, double[] w, double eps, boolean sparse) {
        double[] out = new double[N + 1];
        double d = 0;
        for (int i = 0; i < N; i++) {
            double m = Double.NEGATIVE_INFINITY, s = 0;
            for (int k = 0; k < K; k++) m = Math.max(m, z[i * K + k]);
            for (int k = 0; k < K; k++) s += Math.exp(z[i * K + k] - m);
            double lse = m + Math.log(s), l = 0;
            for (int k = 0; k < K; k++) {
                double tt = (1 - eps) * t[i][k] + eps / K;
                l -= (w == null ? 1 : w[k]) * tt * (z[i * K + k] - lse);
            }
            out[i] = l;
            d += sparse && w != null ? w[(int) LABELS[i]] : 1;
        }
        out[N] = d;
        return out;
    }

    static double[][] oneHot() {
        double[][] t = new double[N][K];
        for (int i = 0; i < N; i++) t[i][(int) LABELS[i]] = 1;
        return t;
    }

    @Test
    void sparseAndDenseMatchReference() {
        double[] z = rnd(1, N * K, -3, 3);
        double[] w = rnd(2, K, 0.2, 2);
        double[][] soft = new double[N][K];
        double[] softFlat = new double[N * K];
        double[] r = rnd(3, N * K, 0, 1);
        for (int i = 0; i < N; i++) {
            double s = 0;
            for (int k = 0; k < K; k++) s += r[i * K + k];
            for (int k = 0; k < K; k++) softFlat[i * K + k] = soft[i][k] = r[i * K + k] / s;
        }
        try (Scope sc = Scope.open()) {
            for (double eps : new double[] {0, 0.1}) {
                for (double[] ww : new double[][] {null, w}) {
                    Tensor wt = ww == null ? null : Tensor.of(ww, K);
                    for (Reduction red : Reduction.values()) {
                        CrossEntropyOptions o = CrossEntropyOptions.builder().classWeights(wt).labelSmoothing(eps)
                                .reduction(red).build();
                        // sparse, int64 and int32 labels
                        double[] ref = ceRef(z, oneHot(), ww, eps, true);
                        for (Tensor labels : new Tensor[] {Tensor.of(LABELS, N), Tensor.of(LABELS, N).to(DType.INT32)}) {
                            check(Losses.softmaxCrossEntropy(Tensor.of(z, N, K), labels, o), ref, red);
                        }
                        // dense one-hot (PyTorch divides by N here even with weights) and soft
                        double[] oh = new double[N * K];
                        for (int i = 0; i < N; i++) oh[(int) (i * K + LABELS[i])] = 1;
                        double[] refD = ceRef(z, oneHot(), ww, eps, false);
                        check(Losses.softmaxCrossEntropy(Tensor.of(z, N, K), Tensor.of(oh, N, K), o), refD, red);
                        check(Losses.softmaxCrossEntropy(Tensor.of(z, N, K), Tensor.of(softFlat, N, K), o),
                                ceRef(z, soft, ww, eps, false), red);
                        // gradients
                        GradCheck.assertPasses(in -> Losses.softmaxCrossEntropy(in[0], Tensor.of(LABELS, N), o),
                                Tensor.of(z, N, K));
                        GradCheck.assertPasses(in -> Losses.softmaxCrossEntropy(in[0], in[1], o),
                                Tensor.of(z, N, K), Tensor.of(softFlat, N, K));
                    }
                }
            }
        }
    }

    /** float32 rows of many widths (the vectorised path has 8-lane bodies and masked tails). */
    @Test
    void float32RowsOfManyWidthsMatchReference() {
        int n = 9;
        for (int k : new int[] {1, 3, 8, 13, 64, 1000, 1003}) {
            double[] z = rnd(40 + k, n * k, -20, 20);
            long[] y = new long[n];
            for (int i = 0; i < n; i++) y[i] = (i * 7L + 3) % k;
            double[] zf = new double[z.length];
            for (int i = 0; i < z.length; i++) zf[i] = (float) z[i];
            double mean = 0;
            double[] dz = new double[n * k];
            for (int i = 0; i < n; i++) {
                double m = Double.NEGATIVE_INFINITY, s = 0;
                for (int c = 0; c < k; c++) m = Math.max(m, zf[i * k + c]);
                for (int c = 0; c < k; c++) s += Math.exp(zf[i * k + c] - m);
                mean += (m + Math.log(s) - zf[(int) (i * k + y[i])]) / n;
                for (int c = 0; c < k; c++) dz[i * k + c] = (Math.exp(zf[i * k + c] - m) / s - (c == y[i] ? 1 : 0)) / n;
            }
            try (Scope sc = Scope.open()) {
                Tensor zt = Tensor.of(z, n, k).to(DType.FLOAT32).requiresGrad(true);
                Tensor l = Losses.softmaxCrossEntropy(zt, Tensor.of(y, n));
                assertEquals(mean, l.item(), 2e-6 * Math.max(1, Math.abs(mean)), "k=" + k);
                double[] g = Autograd.grad(l, zt)[0].toDoubleArray();
                for (int i = 0; i < g.length; i++) assertEquals(dz[i], g[i], 1e-6, "k=" + k + " dz[" + i + "]");
            }
        }
    }

    static void check(Tensor loss, double[] ref, Reduction red) {
        double[] got = loss.toDoubleArray();
        if (red == Reduction.NONE) {
            assertEquals(N, got.length);
            for (int i = 0; i < N; i++) assertEquals(ref[i], got[i], 1e-12);
            return;
        }
        double s = 0;
        for (int i = 0; i < N; i++) s += ref[i];
        assertEquals(red == Reduction.MEAN ? s / ref[N] : s, got[0], 1e-12);
    }

    @Test
    void fusedGradientIsSoftmaxMinusOneHotOverN() {
        double[] z = {1, 2, 3, 0.5, -1, 2};
        long[] y = {2, 0};
        try (Scope s = Scope.open()) {
            Tensor t = Tensor.of(z, 2, 3).requiresGrad(true);
            Losses.softmaxCrossEntropy(t, Tensor.of(y, 2)).backward();
            double[] g = t.grad().toDoubleArray();
            for (int i = 0; i < 2; i++) {
                double m = 0;
                for (int k = 0; k < 3; k++) m += Math.exp(z[i * 3 + k]);
                for (int k = 0; k < 3; k++) {
                    double want = (Math.exp(z[i * 3 + k]) / m - (k == y[i] ? 1 : 0)) / 2;
                    assertEquals(want, g[i * 3 + k], 1e-15);
                }
            }
        }
    }

    @Test
    void finiteAtPlusMinus1000() {
        try (Scope s = Scope.open()) {
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                Tensor z = Tensor.of(new double[] {1000, -1000, 0, -1000, 1000, 999}, 2, 3).to(dt).requiresGrad(true);
                Tensor l = Losses.softmaxCrossEntropy(z, Tensor.of(new long[] {1, 0}, 2));
                l.checkFinite("ce");
                assertEquals((2000 + 2000 + Math.log1p(Math.exp(-1))) / 2, l.item(), 1e-2);
                Autograd.grad(l, z)[0].checkFinite("ce grad");
                Tensor x = Tensor.of(new double[] {1000, -1000, 0, 5}, 4).to(dt).requiresGrad(true);
                Tensor b = Losses.sigmoidBinaryCrossEntropy(x, Tensor.of(new double[] {0, 1, 1, 0}, 4).to(dt));
                b.checkFinite("bce");
                assertEquals((1000 + 1000 + Math.log(2) + 5 + Math.log1p(Math.exp(-5))) / 4, b.item(), 1e-2);
                Autograd.grad(b, x)[0].checkFinite("bce grad");
            }
        }
    }

    static double sp(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    @Test
    void sigmoidBceMatchesReferenceAndGradChecks() {
        int outer = 3, c = 5;
        double[] x = rnd(4, outer * c, -4, 4), y = rnd(5, outer * c, 0, 1), pw = rnd(6, c, 0.5, 3);
        try (Scope s = Scope.open()) {
            for (double[] p : new double[][] {null, pw}) {
                for (Reduction red : Reduction.values()) {
                    Tensor pt = p == null ? null : Tensor.of(p, c);
                    double[] got = Losses.sigmoidBinaryCrossEntropy(Tensor.of(x, outer, c), Tensor.of(y, outer, c), pt, red)
                            .toDoubleArray();
                    double sum = 0;
                    for (int i = 0; i < outer * c; i++) {
                        double pp = p == null ? 1 : p[i % c];
                        double l = pp * y[i] * sp(-x[i]) + (1 - y[i]) * sp(x[i]);
                        if (red == Reduction.NONE) assertEquals(l, got[i], 1e-13);
                        sum += l;
                    }
                    if (red != Reduction.NONE) assertEquals(red == Reduction.MEAN ? sum / (outer * c) : sum, got[0], 1e-12);
                    GradCheck.assertPasses(in -> Losses.sigmoidBinaryCrossEntropy(in[0], in[1], pt, red),
                            Tensor.of(x, outer, c), Tensor.of(y, outer, c));
                }
            }
            // fused gradient: (sigmoid(x) - y) / numel
            Tensor xt = Tensor.of(x, outer, c).requiresGrad(true);
            Losses.sigmoidBinaryCrossEntropy(xt, Tensor.of(y, outer, c)).backward();
            double[] g = xt.grad().toDoubleArray();
            for (int i = 0; i < outer * c; i++) assertEquals((1 / (1 + Math.exp(-x[i])) - y[i]) / (outer * c), g[i], 1e-15);
        }
    }

    @Test
    void argumentErrors() {
        try (Scope s = Scope.open()) {
            Tensor z = Tensor.of(new double[6], 2, 3);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Losses.softmaxCrossEntropy(z, Tensor.of(new long[] {0, 3}, 2)));
            assertTrue(e.getMessage().contains("labels[1] = 3"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Losses.softmaxCrossEntropy(z, Tensor.of(new long[] {0}, 1)));
            assertThrows(IllegalArgumentException.class, () -> Losses.softmaxCrossEntropy(z, Tensor.of(new double[4], 2, 2)));
            assertThrows(IllegalArgumentException.class,
                    () -> Losses.sigmoidBinaryCrossEntropy(z, Tensor.of(new double[3], 3)));
        }
    }
}
