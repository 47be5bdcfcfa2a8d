package org.nn4j.nn.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nn4j.nn.losses.LossRef.clip;
import static org.nn4j.nn.losses.LossRef.crossEntropy;
import static org.nn4j.nn.losses.LossRef.distributions;
import static org.nn4j.nn.losses.LossRef.labels;
import static org.nn4j.nn.losses.LossRef.meanPerSample;
import static org.nn4j.nn.losses.LossRef.oneHot;
import static org.nn4j.nn.losses.LossRef.uniform;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.autograd.GradCheck;
import org.nn4j.ops.nn.Reduction;

/**
 * Every built-in loss against a float64 reference written from its formula (CURRICULUM §4), at
 * odd shapes, in float32 and float64, for each reduction (K9) with no weights, sample weights,
 * and sample x class weights (L9); then a float64 GradCheck w.r.t. yPred for unweighted MEAN
 * (the fused path where there is one), weighted SUM and weighted NONE. Tolerances: float64
 * 1e-12 relative + 1e-12; float32 2e-5 relative + 2e-5 (inputs are float32-representable).
 */
class LossReferenceTest {
    /**
     * One line per case: the loss, its target, yPred values and shape, the reference per-sample
     * losses, and the class of each sample (for class weights; null: not tested with them).
     */
    record Case(String name, Supplier<BaseLoss<?>> loss, Supplier<Tensor> yTrue, double[] pred, long[] shape,
                double[] refPerSample, int[] classes, int numClasses) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Tensor f64(double[] v, long... shape) {
        return Tensor.of(v, shape);
    }

    static int[] argmaxRows(double[] t, int n) {
        int k = t.length / n;
        int[] c = new int[n];
        for (int i = 0; i < n; i++) for (int j = 1; j < k; j++) if (t[i * k + j] > t[i * k + c[i]]) c[i] = j;
        return c;
    }

    static int[] toInt(long[] l) {
        int[] c = new int[l.length];
        for (int i = 0; i < l.length; i++) c[i] = (int) l[i];
        return c;
    }

    /** Sums groups of g consecutive values: per-position losses to per-sample sums. */
    static double[] sumGroups(double[] v, int g) {
        double[] out = new double[v.length / g];
        for (int i = 0; i < v.length; i++) out[i / g] += v[i];
        return out;
    }

    static double[] zeroOnes(long seed, int n) {
        double[] u = uniform(seed, n, 0, 1);
        for (int i = 0; i < n; i++) u[i] = u[i] < 0.5 ? 0 : 1;
        return u;
    }

    static double[] plusMinusOnes(long seed, int n) {
        double[] u = zeroOnes(seed, n);
        for (int i = 0; i < n; i++) u[i] = 2 * u[i] - 1;
        return u;
    }

    /** Values of a layout (n, k, rest) built from rows of (n, rest, k): the class axis moved to 1. */
    static double[] classAxis1(double[] rowsLast, int n, int k, int rest) {
        double[] out = new double[rowsLast.length];
        for (int i = 0; i < n; i++)
            for (int r = 0; r < rest; r++)
                for (int c = 0; c < k; c++) out[(i * k + c) * rest + r] = rowsLast[(i * rest + r) * k + c];
        return out;
    }

    static double[] cosine(int n, int d, int rest, double[] t, double[] p) {
        // layout (n, d, rest): vectors along axis 1; mean over rest; minus sign
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < rest; r++) {
                double tt = 0, pp = 0, tp = 0;
                for (int c = 0; c < d; c++) {
                    double a = t[(i * d + c) * rest + r], b = p[(i * d + c) * rest + r];
                    tt += a * a;
                    pp += b * b;
                    tp += a * b;
                }
                out[i] -= tp / Math.sqrt(Math.max(tt, 1e-12)) / Math.sqrt(Math.max(pp, 1e-12)) / rest;
            }
        }
        return out;
    }

    static Stream<Case> cases() {
        List<Case> cs = new ArrayList<>();
        // ---- element-wise losses
        {
            double[] t = uniform(1, 15, -2, 2), p = uniform(2, 15, -2, 2);
            cs.add(new Case("mse (5, 3)", MeanSquaredError::new, () -> f64(t, 5, 3), p, new long[] {5, 3},
                    meanPerSample(5, t, p, (a, b) -> (b - a) * (b - a)), argmaxRows(t, 5), 3));
        }
        {
            double[] t = zeroOnes(3, 7), p = uniform(4, 7, -2, 2);
            int[] cls = new int[7];
            for (int i = 0; i < 7; i++) cls[i] = (int) t[i];
            cs.add(new Case("mse (7) binary classes", MeanSquaredError::new, () -> f64(t, 7), p, new long[] {7},
                    meanPerSample(7, t, p, (a, b) -> (b - a) * (b - a)), cls, 2));
        }
        {
            double[] t = uniform(5, 15, -2, 2), d = LossRef.awayFrom(6, 15, -2, 2, new double[] {0}, 0.05);
            double[] p = new double[15];
            for (int i = 0; i < 15; i++) p[i] = (float) (t[i] + d[i]);
            cs.add(new Case("mae (5, 3)", MeanAbsoluteError::new, () -> f64(t, 5, 3), p, new long[] {5, 3},
                    meanPerSample(5, t, p, (a, b) -> Math.abs(b - a)), argmaxRows(t, 5), 3));
        }
        {
            double[] t = uniform(7, 24, -1, 1), d = LossRef.awayFrom(8, 24, -2, 2, new double[] {-0.7, 0, 0.7}, 0.05);
            double[] p = new double[24];
            for (int i = 0; i < 24; i++) p[i] = (float) (t[i] + d[i]);
            cs.add(new Case("huber(0.7) (4, 3, 2)", () -> new Huber(0.7), () -> f64(t, 4, 3, 2), p, new long[] {4, 3, 2},
                    meanPerSample(4, t, p, (a, b) -> {
                        double e = Math.abs(b - a);
                        return e <= 0.7 ? 0.5 * e * e : 0.7 * (e - 0.35);
                    }), null, 0));
        }
        {
            double[] t = uniform(9, 15, 0, 1), p = uniform(10, 15, 0.02, 0.98);
            for (int i = 0; i < 15; i += 2) t[i] = Math.round(t[i]);
            cs.add(new Case("bce probs (5, 3)", BinaryCrossentropy::new, () -> f64(t, 5, 3), p, new long[] {5, 3},
                    meanPerSample(5, t, p, (a, b) -> -(a * Math.log(b) + (1 - a) * Math.log(1 - b))), argmaxRows(t, 5), 3));
        }
        {
            double[] t = zeroOnes(11, 6), p = uniform(12, 6, 0.02, 0.98);
            int[] cls = new int[6];
            for (int i = 0; i < 6; i++) cls[i] = (int) t[i];
            cs.add(new Case("bce probs smoothing 0.1, (6) targets for (6, 1)", () -> new BinaryCrossentropy().labelSmoothing(0.1),
                    () -> f64(t, 6), p, new long[] {6, 1},
                    meanPerSample(6, t, p, (a, b) -> {
                        double y = a * 0.9 + 0.05;
                        return -(y * Math.log(b) + (1 - y) * Math.log(1 - b));
                    }), cls, 2));
        }
        {
            double[] t = uniform(13, 15, 0, 1), z = uniform(14, 15, -4, 4);
            cs.add(new Case("bce logits (5, 3)", () -> new BinaryCrossentropy(true), () -> f64(t, 5, 3), z, new long[] {5, 3},
                    meanPerSample(5, t, z, (a, b) -> LossRef.logSigmoidStableBce(b, a)), argmaxRows(t, 5), 3));
            cs.add(new Case("bce logits smoothing 0.2 (5, 3)", () -> new BinaryCrossentropy(true).labelSmoothing(0.2),
                    () -> f64(t, 5, 3), z, new long[] {5, 3},
                    meanPerSample(5, t, z, (a, b) -> LossRef.logSigmoidStableBce(b, a * 0.8 + 0.1)), null, 0));
        }
        // ---- cross-entropy family
        {
            long[] l = labels(15, 5, 7);
            double[] t = oneHot(l, 7), p = distributions(16, 5, 7);
            cs.add(new Case("cce probs one-hot (5, 7)", CategoricalCrossentropy::new, () -> f64(t, 5, 7), p, new long[] {5, 7},
                    crossEntropy(5, 7, 1, t, p, false, 0), toInt(l), 7));
            cs.add(new Case("sparse cce probs int64 (5)", SparseCategoricalCrossentropy::new, () -> Tensor.of(l, 5), p,
                    new long[] {5, 7}, crossEntropy(5, 7, 1, t, p, false, 0), toInt(l), 7));
            double[] z = uniform(17, 35, -3, 3);
            cs.add(new Case("cce logits one-hot (5, 7)", () -> new CategoricalCrossentropy(true), () -> f64(t, 5, 7), z,
                    new long[] {5, 7}, crossEntropy(5, 7, 1, t, z, true, 0), toInt(l), 7));
            cs.add(new Case("sparse cce logits int32 (5)", () -> new SparseCategoricalCrossentropy(true),
                    () -> Tensor.of(l, 5).to(DType.INT32), z, new long[] {5, 7}, crossEntropy(5, 7, 1, t, z, true, 0),
                    toInt(l), 7));
            cs.add(new Case("sparse cce logits (5, 1) labels", () -> new SparseCategoricalCrossentropy(true),
                    () -> Tensor.of(l, 5, 1), z, new long[] {5, 7}, crossEntropy(5, 7, 1, t, z, true, 0), null, 0));
        }
        {
            double[] t = distributions(18, 5, 7), p = distributions(19, 5, 7), z = uniform(20, 35, -3, 3);
            cs.add(new Case("cce probs soft smoothing 0.1 (5, 7)", () -> new CategoricalCrossentropy().labelSmoothing(0.1),
                    () -> f64(t, 5, 7), p, new long[] {5, 7}, crossEntropy(5, 7, 1, t, p, false, 0.1), argmaxRows(t, 5), 7));
            cs.add(new Case("cce logits soft smoothing 0.15 (5, 7)",
                    () -> new CategoricalCrossentropy(true).labelSmoothing(0.15), () -> f64(t, 5, 7), z, new long[] {5, 7},
                    crossEntropy(5, 7, 1, t, z, true, 0.15), argmaxRows(t, 5), 7));
        }
        {
            // class axis 1 of (3, 4, 5): per-sample sum over the 5 positions (K9)
            double[] t = classAxis1(distributions(21, 15, 4), 3, 4, 5), z = uniform(22, 60, -3, 3);
            double[] p = uniform(23, 60, 0.02, 0.98);
            cs.add(new Case("cce logits axis 1 (3, 4, 5)", () -> new CategoricalCrossentropy(true).axis(1),
                    () -> f64(t, 3, 4, 5), z, new long[] {3, 4, 5}, crossEntropy(3, 4, 5, t, z, true, 0), null, 0));
            cs.add(new Case("cce probs axis 1 smoothing 0.1 (3, 4, 5)",
                    () -> new CategoricalCrossentropy().axis(1).labelSmoothing(0.1), () -> f64(t, 3, 4, 5), p,
                    new long[] {3, 4, 5}, crossEntropy(3, 4, 5, t, p, false, 0.1), null, 0));
        }
        {
            // sequences (3, 5, 4): per-sample sum over the 5 steps
            long[] l = labels(24, 15, 4);
            double[] t = oneHot(l, 4), z = uniform(25, 60, -3, 3), p = distributions(26, 15, 4);
            double[] ref = sumGroups(crossEntropy(15, 4, 1, t, z, true, 0), 5);
            cs.add(new Case("cce logits sequence (3, 5, 4)", () -> new CategoricalCrossentropy(true), () -> f64(t, 3, 5, 4), z,
                    new long[] {3, 5, 4}, ref, null, 0));
            cs.add(new Case("sparse cce logits sequence (3, 5)", () -> new SparseCategoricalCrossentropy(true),
                    () -> Tensor.of(l, 3, 5), z, new long[] {3, 5, 4}, ref, null, 0));
            cs.add(new Case("sparse cce probs sequence (3, 5)", SparseCategoricalCrossentropy::new,
                    () -> Tensor.of(l, 3, 5), p, new long[] {3, 5, 4}, sumGroups(crossEntropy(15, 4, 1, t, p, false, 0), 5),
                    null, 0));
        }
        // ---- margins
        {
            double[] y = plusMinusOnes(27, 15), p = LossRef.awayFrom(28, 15, -2.5, 2.5, new double[] {-1, 1}, 0.05);
            int[] cls = new int[5];
            for (int i = 0; i < 5; i++) cls[i] = y[i] > 0.5 ? 1 : 0;
            double[] y01 = new double[15];
            for (int i = 0; i < 15; i++) y01[i] = (y[i] + 1) / 2;
            double[] hinge = meanPerSample(5, y, p, (a, b) -> Math.max(1 - a * b, 0));
            cs.add(new Case("hinge -1/+1 (5, 3)", Hinge::new, () -> f64(y, 5, 3), p, new long[] {5, 3}, hinge, null, 0));
            cs.add(new Case("hinge 0/1 (5, 3)", Hinge::new, () -> f64(y01, 5, 3), p, new long[] {5, 3}, hinge, null, 0));
            cs.add(new Case("squared hinge -1/+1 (5, 3)", SquaredHinge::new, () -> f64(y, 5, 3), p, new long[] {5, 3},
                    meanPerSample(5, y, p, (a, b) -> Math.pow(Math.max(1 - a * b, 0), 2)), null, 0));
            double[] y1 = new double[5];
            for (int i = 0; i < 5; i++) y1[i] = y[i * 3];
            double[] p1 = java.util.Arrays.copyOf(p, 5);
            cs.add(new Case("hinge (5) -1/+1 classes", Hinge::new, () -> f64(y1, 5), p1, new long[] {5},
                    meanPerSample(5, y1, p1, (a, b) -> Math.max(1 - a * b, 0)), new int[] {
                            y1[0] > 0 ? 1 : 0, y1[1] > 0 ? 1 : 0, y1[2] > 0 ? 1 : 0, y1[3] > 0 ? 1 : 0, y1[4] > 0 ? 1 : 0}, 2));
        }
        // ---- KL and cosine
        {
            double[] t = distributions(29, 5, 7), p = distributions(30, 5, 7);
            t[3] = 0;
            t[10] = 0;
            double[] ref = new double[5];
            for (int i = 0; i < 35; i++) if (t[i] > 0) ref[i / 7] += t[i] * Math.log(t[i] / clip(p[i], 1e-7, 1));
            cs.add(new Case("kld (5, 7) with zero targets", KLDivergence::new, () -> f64(t, 5, 7), p, new long[] {5, 7}, ref,
                    argmaxRows(t, 5), 7));
        }
        {
            double[] t = uniform(31, 20, -1, 1), p = uniform(32, 20, -1, 1);
            cs.add(new Case("cosine (5, 4)", CosineSimilarity::new, () -> f64(t, 5, 4), p, new long[] {5, 4},
                    cosine(5, 4, 1, t, p), null, 0));
            double[] t3 = uniform(33, 60, -1, 1), p3 = uniform(34, 60, -1, 1);
            cs.add(new Case("cosine axis 1 (3, 4, 5)", () -> new CosineSimilarity(1), () -> f64(t3, 3, 4, 5), p3,
                    new long[] {3, 4, 5}, cosine(3, 4, 5, t3, p3), null, 0));
            // axis -1 of (3, 4, 5) = axis 1 of the (3, 5, 4)-read layout: reference over rows of 5
            double[] swapped = new double[60], swappedP = new double[60];
            for (int i = 0; i < 3; i++)
                for (int a = 0; a < 4; a++)
                    for (int b = 0; b < 5; b++) {
                        swapped[(i * 5 + b) * 4 + a] = t3[(i * 4 + a) * 5 + b];
                        swappedP[(i * 5 + b) * 4 + a] = p3[(i * 4 + a) * 5 + b];
                    }
            cs.add(new Case("cosine axis -1 (3, 4, 5)", CosineSimilarity::new, () -> f64(t3, 3, 4, 5), p3,
                    new long[] {3, 4, 5}, cosine(3, 5, 4, swapped, swappedP), null, 0));
        }
        return cs.stream();
    }

    static void assertClose(double want, double got, DType dt, String what) {
        double rel = dt == DType.FLOAT64 ? 1e-12 : 2e-5;
        assertTrue(Math.abs(got - want) <= rel + rel * Math.abs(want), what + ": got " + got + ", want " + want);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void valueMatchesReference(Case c) {
        int n = (int) c.shape[0];
        double[] sw = uniform(100, n, 0.2, 2);
        sw[1] = 0;
        double[] cw = c.classes == null ? null : uniform(101, c.numClasses, 0.3, 3);
        try (Scope s = Scope.open()) {
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                Tensor pred = Tensor.of(c.pred, c.shape).to(dt);
                for (Reduction red : Reduction.values()) {
                    for (int weighting = 0; weighting < (cw == null ? 2 : 3); weighting++) {
                        BaseLoss<?> loss = c.loss.get().reduction(red);
                        double[] w = null;
                        if (weighting >= 1) w = sw.clone();
                        if (weighting == 2) {
                            loss.classWeights(cw);
                            for (int i = 0; i < n; i++) w[i] *= cw[c.classes[i]];
                        }
                        double[] want = LossRef.reduce(c.refPerSample, w, red);
                        Tensor out = loss.compute(c.yTrue.get(), pred, weighting >= 1 ? Tensor.of(sw, n) : null);
                        assertEquals(dt, out.dtype());
                        assertEquals(red == Reduction.NONE ? 1 : 0, out.rank(), c.name + " " + red + " rank");
                        double[] got = out.toDoubleArray();
                        assertEquals(want.length, got.length);
                        for (int i = 0; i < want.length; i++) {
                            assertClose(want[i], got[i], dt, c.name + " " + dt + " " + red + " weighting " + weighting + " [" + i + "]");
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientMatchesFiniteDifferences(Case c) {
        int n = (int) c.shape[0];
        double[] sw = uniform(102, n, 0.2, 2);
        try (Scope s = Scope.open()) {
            Tensor pred = Tensor.of(c.pred, c.shape);
            Tensor w = Tensor.of(sw, n);
            BaseLoss<?> plain = c.loss.get();
            GradCheck.assertPasses(in -> plain.compute(c.yTrue.get(), in[0]), pred);
            BaseLoss<?> summed = c.loss.get().reduction(Reduction.SUM);
            if (c.classes != null) summed.classWeights(uniform(103, c.numClasses, 0.3, 3));
            GradCheck.assertPasses(in -> summed.compute(c.yTrue.get(), in[0], w), pred);
            BaseLoss<?> none = c.loss.get().reduction(Reduction.NONE);
            GradCheck.assertPasses(in -> none.compute(c.yTrue.get(), in[0], w), pred);
        }
    }
}
