package org.nn4j.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Tensor;

/**
 * Float64 gradient checker (CURRICULUM A7): compares the gradient autograd computes with
 * central differences
 * <pre>  num_i = (J(x + eps e_i) - J(x - eps e_i)) / 2 eps</pre>
 * and reports rel = ||num - ana|| / (||num|| + ||ana||) over every checked coordinate of every
 * floating-point input (0 when both are 0). Defaults: eps 1e-7, pass when rel &lt; 1e-7; between
 * that and 1e-3 the result carries a warning, above it the gradient is wrong.
 *
 * <p>Inputs are copied to FLOAT64 on their device (integer and boolean inputs, such as gather
 * indices, are passed through unchanged and not differentiated). If {@code f} returns a
 * non-scalar y, the checked function is J = sum_j w_j y_j for a fixed random weighting w in
 * [0.5, 1.5), so that every output element matters and errors cannot cancel.
 *
 * <pre>{@code
 * GradCheck.assertPasses(xs -> xs[0].matmul(xs[1]).tanh(), x, w);          // AssertionError + report
 * GradCheck.builder().coordinates(64, 1).check(xs -> loss(xs[0]), bigInput); // a random subset
 * }</pre>
 *
 * <p>Every evaluation runs in its own {@link Scope}, so f's temporaries are freed; keep inputs
 * small (a float64 sum over thousands of terms has rounding noise above what eps 1e-7 resolves).
 *
 * <p>Precision: the numeric side never evaluates J itself. It takes the two outputs y+ and y-
 * and sums w_j (y+_j - y-_j) in Java, divided by the step actually taken ((x+eps) - (x-eps),
 * exact in floating point), so unchanged outputs cancel exactly and the rounding of a large
 * sum does not swamp the O(eps) difference.
 */
public final class GradCheck {
    public static final double DEFAULT_EPS = 1e-7;
    public static final double DEFAULT_TOLERANCE = 1e-7;
    /** Above this the gradient is wrong, not just imprecise. */
    public static final double WARN_LIMIT = 1e-3;
    private static final long WEIGHT_SEED = 0x6E6E346A4743L;

    private GradCheck() {}

    public static Builder builder() {
        return new Builder();
    }

    public static Result check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        return builder().check(f, inputs);
    }

    /** Checks and throws an AssertionError carrying the report unless the check passes. */
    public static Result assertPasses(Function<Tensor[], Tensor> f, Tensor... inputs) {
        return builder().assertPasses(f, inputs);
    }

    /** Settings of a check; immutable, every setter returns a new builder. */
    public static final class Builder {
        private final double eps, tolerance;
        private final int maxPerInput;
        private final long seed;

        private Builder() {
            this(DEFAULT_EPS, DEFAULT_TOLERANCE, 0, 0);
        }

        private Builder(double eps, double tolerance, int maxPerInput, long seed) {
            this.eps = eps;
            this.tolerance = tolerance;
            this.maxPerInput = maxPerInput;
            this.seed = seed;
        }

        public Builder eps(double eps) {
            if (!(eps > 0)) throw new IllegalArgumentException("GradCheck: eps must be > 0, got " + eps);
            return new Builder(eps, tolerance, maxPerInput, seed);
        }

        public Builder tolerance(double tolerance) {
            if (!(tolerance > 0)) throw new IllegalArgumentException("GradCheck: tolerance must be > 0, got " + tolerance);
            return new Builder(eps, tolerance, maxPerInput, seed);
        }

        /** Checks at most {@code maxPerInput} coordinates of each input, drawn with {@code seed}. */
        public Builder coordinates(int maxPerInput, long seed) {
            if (maxPerInput < 1) throw new IllegalArgumentException("GradCheck: maxPerInput must be >= 1, got " + maxPerInput);
            return new Builder(eps, tolerance, maxPerInput, seed);
        }

        public Result assertPasses(Function<Tensor[], Tensor> f, Tensor... inputs) {
            Result r = check(f, inputs);
            if (!r.passed()) throw new AssertionError(r.toString());
            return r;
        }

        public Result check(Function<Tensor[], Tensor> f, Tensor... inputs) {
            int n = inputs.length;
            long[][] shapes = new long[n][];
            double[][] values = new double[n][];
            boolean[] diff = new boolean[n];
            for (int i = 0; i < n; i++) {
                shapes[i] = inputs[i].dims();
                diff[i] = isFloat(inputs[i].dtype());
                if (diff[i]) values[i] = inputs[i].toDoubleArray();
            }
            Evaluator ev = new Evaluator(f, inputs, shapes, values, diff);
            double[][] ana = ev.analytic();
            double[] weights = ev.weights;

            int[][] coords = new int[n][];
            double[][] num = new double[n][];
            for (int i = 0; i < n; i++) {
                if (!diff[i]) continue;
                coords[i] = pick(values[i].length, i);
                num[i] = new double[coords[i].length];
                for (int c = 0; c < coords[i].length; c++) {
                    int j = coords[i][c];
                    double x = values[i][j], xp = x + eps, xm = x - eps;
                    values[i][j] = xp;
                    double[] yp = ev.output();
                    values[i][j] = xm;
                    double[] ym = ev.output();
                    values[i][j] = x;
                    num[i][c] = weightedDifference(weights, yp, ym) / (xp - xm);
                }
            }
            return new Result(this, inputs, coords, num, ana);
        }

        private int[] pick(int size, int input) {
            if (maxPerInput == 0 || size <= maxPerInput) {
                int[] all = new int[size];
                for (int i = 0; i < size; i++) all[i] = i;
                return all;
            }
            // partial Fisher-Yates: a uniform subset, reported in index order
            SplittableRandom r = new SplittableRandom(seed * 1_000_003L + input);
            int[] perm = new int[size];
            for (int i = 0; i < size; i++) perm[i] = i;
            for (int i = 0; i < maxPerInput; i++) {
                int k = i + r.nextInt(size - i);
                int t = perm[i];
                perm[i] = perm[k];
                perm[k] = t;
            }
            int[] sub = Arrays.copyOf(perm, maxPerInput);
            Arrays.sort(sub);
            return sub;
        }
    }

    /** Runs f on fresh float64 copies of the inputs, inside a scope that frees every temporary. */
    private static final class Evaluator {
        final Function<Tensor[], Tensor> f;
        final Tensor[] original;
        final long[][] shapes;
        final double[][] values;
        final boolean[] diff;
        double[] weights;
        long[] outShape;

        Evaluator(Function<Tensor[], Tensor> f, Tensor[] original, long[][] shapes, double[][] values, boolean[] diff) {
            this.f = f;
            this.original = original;
            this.shapes = shapes;
            this.values = values;
            this.diff = diff;
        }

        private Tensor[] fresh(boolean requiresGrad) {
            Tensor[] xs = new Tensor[original.length];
            for (int i = 0; i < xs.length; i++) {
                if (diff[i]) {
                    xs[i] = float64(values[i], shapes[i]);
                    if (!original[i].device().isCpu()) xs[i] = xs[i].to(original[i].device());
                    if (requiresGrad) xs[i].requiresGrad(true);
                } else {
                    xs[i] = original[i];
                }
            }
            return xs;
        }

        private Tensor call(Tensor[] xs) {
            Tensor y = f.apply(xs);
            if (y == null) throw new IllegalArgumentException("GradCheck: f returned null");
            if (!isFloat(y.dtype()))
                throw new IllegalArgumentException("GradCheck: f returned a " + y.dtype() + " tensor " + y.shape()
                        + "; it must return a floating-point tensor");
            return y;
        }

        /** Gradients of J = sum w * y w.r.t. each floating-point input (null for the others). */
        double[][] analytic() {
            double[][] grads = new double[original.length][];
            // recorded even when the caller is inside a no-grad region
            try (Scope s = Scope.open(); NoGradScope on = Autograd.enableGrad()) {
                Tensor[] xs = fresh(true);
                Tensor y = call(xs);
                outShape = y.dims();
                int m = (int) y.numel();
                weights = new double[m];
                if (m == 1) {
                    weights[0] = 1;
                } else {
                    SplittableRandom r = new SplittableRandom(WEIGHT_SEED);
                    for (int j = 0; j < m; j++) weights[j] = 0.5 + r.nextDouble();  // in [0.5, 1.5): no cancellation
                }
                List<Tensor> leaves = new ArrayList<>();
                for (int i = 0; i < xs.length; i++) if (diff[i]) leaves.add(xs[i]);
                if (!y.requiresGrad() || leaves.isEmpty()) {  // f does not depend on any input
                    for (int i = 0; i < xs.length; i++) if (diff[i]) grads[i] = new double[values[i].length];
                    return grads;
                }
                Tensor w = float64(weights, outShape);
                if (w.dtype() != y.dtype()) w = w.to(y.dtype());
                Tensor[] g = Autograd.grad(new Tensor[] {y}, new Tensor[] {w}, leaves.toArray(new Tensor[0]));
                for (int i = 0, k = 0; i < xs.length; i++) {
                    if (!diff[i]) continue;
                    Tensor gi = g[k++];
                    grads[i] = gi == null ? new double[values[i].length] : gi.toDoubleArray();
                    if (grads[i].length != values[i].length)
                        throw new AssertionError("GradCheck: gradient of input " + i + " has " + grads[i].length
                                + " values for an input of shape " + Arrays.toString(shapes[i]));
                }
            }
            return grads;
        }

        double[] output() {
            try (Scope s = Scope.open(); NoGradScope ng = Autograd.noGrad()) {
                Tensor y = call(fresh(false));
                if (!Arrays.equals(y.dims(), outShape))
                    throw new IllegalStateException("GradCheck: f returned shape " + Arrays.toString(y.dims())
                            + " after returning " + Arrays.toString(outShape));
                return y.toDoubleArray();
            }
        }
    }

    /** A new float64 tensor; rank 0 needs its own factory (of() without a shape means 1-D). */
    private static Tensor float64(double[] v, long[] shape) {
        return shape.length == 0 ? Tensor.scalar(v[0], DType.FLOAT64) : Tensor.of(v.clone(), shape);
    }

    /** sum_j w_j (a_j - b_j), Neumaier-compensated; equal outputs contribute exactly 0. */
    static double weightedDifference(double[] w, double[] a, double[] b) {
        double sum = 0, comp = 0;
        for (int j = 0; j < w.length; j++) {
            double d = a[j] - b[j];
            if (d == 0) continue;
            double t = w[j] * d, s = sum + t;
            comp += Math.abs(sum) >= Math.abs(t) ? (sum - s) + t : (t - s) + sum;
            sum = s;
        }
        return sum + comp;
    }

    private static boolean isFloat(DType d) {
        return d == DType.FLOAT32 || d == DType.FLOAT64;
    }

    /** Outcome of a check: overall and per-input relative errors, and the worst coordinates. */
    public static final class Result {
        private final double tolerance, eps;
        private final double relativeError;
        private final double[] inputErrors;
        private final String report;

        private Result(Builder b, Tensor[] inputs, int[][] coords, double[][] num, double[][] ana) {
            this.tolerance = b.tolerance;
            this.eps = b.eps;
            int n = inputs.length;
            inputErrors = new double[n];
            double dd = 0, nn = 0, aa = 0;
            StringBuilder lines = new StringBuilder();
            boolean nonFinite = false;
            for (int i = 0; i < n; i++) {
                if (coords[i] == null) {
                    inputErrors[i] = 0;
                    lines.append(String.format(Locale.ROOT, "%n  input %d %s %s: not differentiated", i,
                            inputs[i].shape(), inputs[i].dtype()));
                    continue;
                }
                double di = 0, ni = 0, ai = 0, worstDiff = -1;
                int worst = -1;
                for (int c = 0; c < coords[i].length; c++) {
                    double x = num[i][c], y = ana[i][coords[i][c]], d = x - y;
                    di += d * d;
                    ni += x * x;
                    ai += y * y;
                    if (!Double.isFinite(x) || !Double.isFinite(y)) nonFinite = true;
                    if (!(Math.abs(d) <= worstDiff)) {
                        worstDiff = Math.abs(d);
                        worst = c;
                    }
                }
                inputErrors[i] = rel(di, ni, ai);
                dd += di;
                nn += ni;
                aa += ai;
                lines.append(String.format(Locale.ROOT,
                        "%n  input %d %s: rel %.3e, ||num|| %.6g, ||ana|| %.6g, %d of %d coordinates",
                        i, inputs[i].shape(), inputErrors[i], Math.sqrt(ni), Math.sqrt(ai), coords[i].length,
                        ana[i].length));
                if (worst >= 0) {
                    int j = coords[i][worst];
                    lines.append(String.format(Locale.ROOT, "; worst at flat index %d: numeric %.12g vs analytic %.12g",
                            j, num[i][worst], ana[i][j]));
                }
            }
            relativeError = nonFinite ? Double.NaN : rel(dd, nn, aa);
            String verdict = passed() ? "passed" : warning() ? "FAILED (imprecise: below the warn limit 1e-3)" : "FAILED";
            report = String.format(Locale.ROOT, "GradCheck %s: relative error %.3e (tolerance %.1e, eps %.1e)%s",
                    verdict, relativeError, tolerance, eps, lines);
        }

        private static double rel(double dd, double nn, double aa) {
            if (nn == 0 && aa == 0) return dd == 0 ? 0 : Double.NaN;
            return Math.sqrt(dd) / (Math.sqrt(nn) + Math.sqrt(aa));
        }

        /** ||num - ana|| / (||num|| + ||ana||) over all checked coordinates; NaN if any value is not finite. */
        public double relativeError() {
            return relativeError;
        }

        /** The same measure per input (0 for inputs that are not differentiated). */
        public double[] inputErrors() {
            return inputErrors.clone();
        }

        public double tolerance() {
            return tolerance;
        }

        public boolean passed() {
            return relativeError < tolerance;
        }

        /** Not passed, but below {@link #WARN_LIMIT}: likely precision, not a wrong rule. */
        public boolean warning() {
            return !passed() && relativeError < WARN_LIMIT;
        }

        @Override
        public String toString() {
            return report;
        }
    }
}
