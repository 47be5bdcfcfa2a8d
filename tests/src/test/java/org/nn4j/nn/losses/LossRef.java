package org.nn4j.nn.losses;

import java.util.SplittableRandom;
import org.nn4j.ops.nn.Reduction;

/**
 * Plain float64 references for the loss tests: inputs as flat row-major arrays, per-sample
 * losses written out from the formulas (CURRICULUM §4), and the K9/L9 reduction.
 */
final class LossRef {
    private LossRef() {}

    /** Uniform in [lo, hi), rounded to float32 so that float32 and float64 runs see the same values. */
    static double[] uniform(long seed, int n, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = (float) (lo + (hi - lo) * r.nextDouble());
        return v;
    }

    /** Uniform values kept at least gap away from each kink. */
    static double[] awayFrom(long seed, int n, double lo, double hi, double[] kinks, double gap) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double x;
            boolean near;
            do {
                x = (float) (lo + (hi - lo) * r.nextDouble());
                near = false;
                for (double k : kinks) near |= Math.abs(x - k) < gap;
            } while (near);
            v[i] = x;
        }
        return v;
    }

    static long[] labels(long seed, int n, int k) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] l = new long[n];
        for (int i = 0; i < n; i++) l[i] = r.nextInt(k);
        return l;
    }

    static double[] oneHot(long[] labels, int k) {
        double[] t = new double[labels.length * k];
        for (int i = 0; i < labels.length; i++) t[i * k + (int) labels[i]] = 1;
        return t;
    }

    /** Rows of length k of positive values summing to about 1 (float32-rounded). */
    static double[] distributions(long seed, int rows, int k) {
        double[] u = uniform(seed, rows * k, 0.05, 1);
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int j = 0; j < k; j++) s += u[i * k + j];
            for (int j = 0; j < k; j++) u[i * k + j] = (float) (u[i * k + j] / s);
        }
        return u;
    }

    interface Elem {
        double at(double t, double p);
    }

    /** Per-sample mean over m = values.length / n elements. */
    static double[] meanPerSample(int n, double[] t, double[] p, Elem f) {
        int m = p.length / n;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < m; j++) s += f.at(t[i * m + j], p[i * m + j]);
            out[i] = s / m;
        }
        return out;
    }

    static double clip(double p, double lo, double hi) {
        return Math.max(lo, Math.min(hi, p));
    }

    static double logSigmoidStableBce(double z, double y) {
        return Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
    }

    /**
     * Cross-entropy -sum_k y'_k log q_k for yPred of shape (n, k, rest) read with the class at
     * axis 1 of (n, k, rest) (rest = 1 for (N, K)), summed over rest; logits use log-softmax.
     */
    static double[] crossEntropy(int n, int k, int rest, double[] t, double[] p, boolean logits, double smoothing) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < rest; r++) {
                double lse = 0;
                if (logits) {
                    double m = Double.NEGATIVE_INFINITY;
                    for (int c = 0; c < k; c++) m = Math.max(m, p[(i * k + c) * rest + r]);
                    double s = 0;
                    for (int c = 0; c < k; c++) s += Math.exp(p[(i * k + c) * rest + r] - m);
                    lse = m + Math.log(s);
                }
                for (int c = 0; c < k; c++) {
                    int idx = (i * k + c) * rest + r;
                    double y = (1 - smoothing) * t[idx] + smoothing / k;
                    double logq = logits ? p[idx] - lse : Math.log(clip(p[idx], 1e-7, 1 - 1e-7));
                    out[i] -= y * logq;
                }
            }
        }
        return out;
    }

    /** K9/L9: w_i l_i reduced; w null means all 1. */
    static double[] reduce(double[] per, double[] w, Reduction red) {
        int n = per.length;
        double[] wl = new double[n];
        double s = 0, sw = 0;
        for (int i = 0; i < n; i++) {
            double wi = w == null ? 1 : w[i];
            wl[i] = wi * per[i];
            s += wl[i];
            sw += wi;
        }
        return switch (red) {
            case NONE -> wl;
            case SUM -> new double[] {s};
            case MEAN -> new double[] {sw == 0 ? 0 : s / sw};
        };
    }
}
