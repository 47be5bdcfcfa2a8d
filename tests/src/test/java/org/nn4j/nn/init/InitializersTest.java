package org.nn4j.nn.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nn4j.Scope;
import org.nn4j.Tensor;

/**
 * Initializers (CURRICULUM §5): over 10^5 draws the sample mean and variance lie within 3
 * standard errors of the distribution's (SE of the variance from the sample fourth moment), draws
 * respect their bounds (uniform limits, truncation at 2 sigma before the 1/0.8796 rescale), the
 * same seed gives the same tensor, orthogonal matrices are orthonormal in the (shape[0], rest)
 * view (rows of a conv kernel are its filters), constants are constant, and names / configs
 * round-trip.
 */
class InitializersTest {
    static final long FAN_IN = 250, FAN_OUT = 400;
    static final long[] SHAPE = {FAN_IN, FAN_OUT};  // 10^5 draws
    static final double TRUNC = 0.87962566103423978;

    /** An initializer with the mean, variance and (for bounded ones) limit it must have for FAN_IN, FAN_OUT. */
    record Expect(String label, Initializer init, double mean, double var, double lo, double hi) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Expect unbounded(String label, Initializer i, double mean, double var) {
        return new Expect(label, i, mean, var, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /** Uniform U(-limit, limit): variance limit^2 / 3. */
    static Expect uniform(String label, Initializer i, double limit) {
        return new Expect(label, i, 0, limit * limit / 3, -limit, limit);
    }

    /** Normal truncated at 2 sigma' with sigma' = sigma / 0.8796, so that the std is sigma. */
    static Expect truncated(String label, Initializer i, double mean, double sigma) {
        double cut = 2 * sigma / TRUNC;
        return new Expect(label, i, mean, sigma * sigma, mean - cut, mean + cut);
    }

    static List<Expect> distributions() {
        double avg = (FAN_IN + FAN_OUT) / 2.0;
        return List.of(
                uniform("random_uniform", Initializers.get("random_uniform"), 0.05),
                uniform("random_uniform(0.3)", Initializers.randomUniform(0.3), 0.3),
                unbounded("random_normal", Initializers.get("random_normal"), 0, 0.05 * 0.05),
                unbounded("random_normal(1.5, 0.2)", Initializers.randomNormal(1.5, 0.2), 1.5, 0.04),
                truncated("truncated_normal", Initializers.get("truncated_normal"), 0, 0.05),
                truncated("truncatedNormal(-1, 0.5)", Initializers.truncatedNormal(-1, 0.5), -1, 0.5),
                uniform("fan_in_uniform", Initializers.get("fan_in_uniform"), 1 / Math.sqrt(FAN_IN)),
                unbounded("lecun_normal", Initializers.get("lecun_normal"), 0, 1.0 / FAN_IN),
                uniform("lecun_uniform", Initializers.get("lecun_uniform"), Math.sqrt(3.0 / FAN_IN)),
                unbounded("glorot_normal", Initializers.get("glorot_normal"), 0, 2.0 / (FAN_IN + FAN_OUT)),
                uniform("glorot_uniform", Initializers.get("glorot_uniform"), Math.sqrt(6.0 / (FAN_IN + FAN_OUT))),
                unbounded("he_normal", Initializers.get("he_normal"), 0, 2.0 / FAN_IN),
                uniform("he_uniform", Initializers.get("he_uniform"), Math.sqrt(6.0 / FAN_IN)),
                truncated("variance_scaling(2, fan_out, truncated)", new VarianceScaling(2, VarianceScaling.Mode.FAN_OUT,
                        Distribution.TRUNCATED_NORMAL), 0, Math.sqrt(2.0 / FAN_OUT)),
                unbounded("variance_scaling(3, fan_avg, normal)", new VarianceScaling(3, VarianceScaling.Mode.FAN_AVG,
                        Distribution.NORMAL), 0, 3 / avg));
    }

    static double[] draw(Initializer i, long seed) {
        try (Tensor t = i.initialize(SHAPE, FAN_IN, FAN_OUT, seed)) {
            assertArrayEquals(SHAPE, t.dims());
            assertEquals(org.nn4j.DType.FLOAT32, t.dtype());
            return t.toDoubleArray();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("distributions")
    void momentsAreWithinThreeStandardErrors(Expect e) {
        double[] v = draw(e.init(), 2024);
        int n = v.length;
        double mean = 0;
        for (double x : v) mean += x / n;
        double m2 = 0, m4 = 0;
        for (double x : v) {
            double d = x - mean;
            m2 += d * d / n;
            m4 += d * d * d * d / n;
        }
        double seMean = Math.sqrt(e.var() / n), seVar = Math.sqrt((m4 - m2 * m2) / n);
        assertTrue(Math.abs(mean - e.mean()) < 3 * seMean, e + ": mean " + mean + " vs " + e.mean() + " (SE " + seMean + ")");
        assertTrue(Math.abs(m2 - e.var()) < 3 * seVar, e + ": variance " + m2 + " vs " + e.var() + " (SE " + seVar + ")");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("distributions")
    void drawsRespectTheirBounds(Expect e) {
        double[] v = draw(e.init(), 77);
        double lo = Arrays.stream(v).min().getAsDouble(), hi = Arrays.stream(v).max().getAsDouble();
        double slack = 1e-6 * Math.max(1, Math.abs(e.hi()));  // float32 rounding of the limit
        assertTrue(lo >= e.lo() - slack && hi <= e.hi() + slack, e + ": range [" + lo + ", " + hi + "] outside ["
                + e.lo() + ", " + e.hi() + "]");
        if (Double.isFinite(e.hi())) {
            // and the whole range is used: 10^5 draws come within 1% of each end
            double width = e.hi() - e.lo();
            assertTrue(hi > e.hi() - 0.01 * width && lo < e.lo() + 0.01 * width, e + ": range [" + lo + ", " + hi + "]");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("distributions")
    void sameSeedSameDraws(Expect e) {
        double[] a = draw(e.init(), 5), b = draw(e.init(), 5), c = draw(e.init(), 6);
        assertArrayEquals(a, b, 0);
        assertFalse(Arrays.equals(a, c));
        // a re-created initializer (config round trip) draws the same values
        assertArrayEquals(a, draw(Initializers.fromConfig(e.init().config()), 5), 0);
    }

    /** Gram matrix of the (rows x cols) view: rows x rows when rowsOrthonormal, else cols x cols. */
    static double[][] gram(double[] w, int rows, int cols, boolean byRows) {
        int k = byRows ? rows : cols;
        double[][] g = new double[k][k];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++) {
                double s = 0;
                for (int t = 0; t < (byRows ? cols : rows); t++) {
                    s += byRows ? w[i * cols + t] * w[j * cols + t] : w[t * cols + i] * w[t * cols + j];
                }
                g[i][j] = s;
            }
        return g;
    }

    static void assertScaledIdentity(String what, double[][] g, double scale) {
        for (int i = 0; i < g.length; i++)
            for (int j = 0; j < g.length; j++) {
                double want = i == j ? scale : 0;
                assertEquals(want, g[i][j], 2e-5 * scale, what + " Gram[" + i + "][" + j + "]");
            }
    }

    @Test
    void orthogonalIsOrthonormal() {
        try (Scope s = Scope.open()) {
            Initializer o = Initializers.get("orthogonal");
            // square and tall: orthonormal columns; wide: orthonormal rows
            assertScaledIdentity("64x64", gram(o.initialize(new long[] {64, 64}, 0, 0, 1).toDoubleArray(), 64, 64, false), 1);
            assertScaledIdentity("100x30", gram(o.initialize(new long[] {100, 30}, 0, 0, 2).toDoubleArray(), 100, 30, false), 1);
            assertScaledIdentity("20x50", gram(o.initialize(new long[] {20, 50}, 0, 0, 3).toDoubleArray(), 20, 50, true), 1);
            // a conv kernel (C_out, C_in, kH, kW): its 8 flattened filters are orthonormal
            double[] conv = o.initialize(new long[] {8, 3, 3, 3}, 27, 72, 4).toDoubleArray();
            assertScaledIdentity("conv filters", gram(conv, 8, 27, true), 1);
            assertScaledIdentity("gain 2", gram(Initializers.orthogonal(2).initialize(new long[] {16, 16}, 0, 0, 5)
                    .toDoubleArray(), 16, 16, false), 4);
            assertArrayEquals(o.initialize(new long[] {10, 7}, 0, 0, 9).toDoubleArray(),
                    o.initialize(new long[] {10, 7}, 0, 0, 9).toDoubleArray(), 0);
            assertThrows(IllegalArgumentException.class, () -> o.initialize(new long[] {5}, 5, 5, 1));
        }
    }

    /**
     * He normal keeps the pre-activation variance of a 20-layer ReLU stack within x2 of the first
     * layer's (Var z_l = 2/n · n · E[relu(z_{l-1})^2] = Var z_{l-1}); LeCun (scale 1) halves it at
     * each layer and leaves the band, which shows the check can fail.
     */
    @Test
    void heKeepsReluVarianceOverTwentyLayers() {
        double[] he = reluVariances(Initializers.heNormal()), lecun = reluVariances(Initializers.lecunNormal());
        for (int l = 0; l < he.length; l++) {
            double r = he[l] / he[0];
            assertTrue(r > 0.5 && r < 2, "He layer " + (l + 1) + ": variance ratio " + r + " " + Arrays.toString(he));
        }
        assertTrue(lecun[19] / lecun[0] < 0.5, "LeCun should shrink: " + Arrays.toString(lecun));
    }

    static double[] reluVariances(Initializer init) {
        int width = 256, batch = 512, layers = 20;
        double[] vars = new double[layers];
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.randn(99, batch, width);
            for (int l = 0; l < layers; l++) {
                Tensor z = a.matmul(init.initialize(new long[] {width, width}, width, width, 1000 + l));
                vars[l] = z.var(0, false).item();
                a = z.relu();
            }
        }
        return vars;
    }

    @Test
    void constantsAreConstant() {
        try (Scope s = Scope.open()) {
            assertArrayEquals(new double[6], Initializers.get("zeros").initialize(new long[] {2, 3}, 2, 3, 1).toDoubleArray(), 0);
            double[] ones = new double[6];
            Arrays.fill(ones, 1);
            assertArrayEquals(ones, Initializers.get("ones").initialize(new long[] {3, 2}, 3, 2, 1).toDoubleArray(), 0);
            double[] c = Initializers.constant(-0.25).initialize(new long[] {4}, 1, 1, 1).toDoubleArray();
            assertArrayEquals(new double[] {-0.25, -0.25, -0.25, -0.25}, c, 0);
            assertEquals(-0.25, ((Constant) Initializers.fromConfig(Initializers.constant(-0.25).config())).value());
        }
    }

    @Test
    void badNamesAndFansAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Initializers.get("kaiming"));
        assertTrue(e.getMessage().contains("glorot_uniform"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Initializers.heNormal().initialize(new long[] {0, 3}, 0, 3, 1));
        assertTrue(e.getMessage().contains("fan"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Initializers.randomNormal(0, -1));
        assertEquals(Initializers.xavierUniform().config().toString(), Initializers.glorotUniform().config().toString());
    }
}
