package org.nn4j.testing;

/**
 * Plain float64 definitions of the scalar functions and reductions, written from the formulas
 * (not from any kernel), for use as references in op cases.
 */
public final class Ref {
    private Ref() {}

    // ---- unary
    public static double sign(double x) {
        return x > 0 ? 1 : x < 0 ? -1 : x == 0 ? 0 : Double.NaN;
    }

    public static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    public static double relu(double x) {
        return x > 0 ? x : 0;
    }

    public static double rsqrt(double x) {
        return 1 / Math.sqrt(x);
    }

    public static double step(double x) {
        return x >= 0 ? 1 : 0;
    }

    public static double bool(boolean b) {
        return b ? 1 : 0;
    }

    // ---- reductions over the values of one reduced sub-space
    public static double sum(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s;
    }

    public static double mean(double[] v) {
        return sum(v) / v.length;
    }

    public static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) m = Double.isNaN(x) || x > m ? x : m;
        return m;
    }

    public static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) m = Double.isNaN(x) || x < m ? x : m;
        return m;
    }

    public static double prod(double[] v) {
        double p = 1;
        for (double x : v) p *= x;
        return p;
    }

    public static double logsumexp(double[] v) {
        double m = max(v), s = 0;
        for (double x : v) s += Math.exp(x - m);
        return m + Math.log(s);
    }

    public static double var(double[] v, int ddof) {
        double mu = mean(v), s = 0;
        for (double x : v) s += (x - mu) * (x - mu);
        return s / (v.length - ddof);
    }

    public static double norm2(double[] v) {
        double s = 0;
        for (double x : v) s += x * x;
        return Math.sqrt(s);
    }

    /** Index of the first maximum (ties -> lowest), row-major within the sub-space. */
    public static double argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    public static double argmin(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] < v[best]) best = i;
        return best;
    }

    public static double all(double[] v) {
        for (double x : v) if (x == 0) return 0;
        return 1;
    }

    public static double any(double[] v) {
        for (double x : v) if (x != 0) return 1;
        return 0;
    }
}
