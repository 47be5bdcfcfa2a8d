package org.nn4j.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nn4j.DType;
import org.nn4j.Generator;
import org.nn4j.Nn4j;
import org.nn4j.Scope;
import org.nn4j.Tensor;

/**
 * Seeded RNG (T1, K18): the same seed gives bit-identical tensors for 1, 2 and 3 threads, in
 * float32 and float64; the distributions have the right moments on 1e5 samples (bounds are
 * 6 standard errors, so a correct generator fails about once in 10^8 runs).
 */
class RandomTest {
    static final long N = 100_000;

    record Draw(String name, java.util.function.Function<DType, Tensor> make) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> draws() {
        return Stream.of(
                new Draw("rand", d -> d == DType.FLOAT32 ? Tensor.rand(42, 317, 331) : Generator.seed(42).uniform(d, 0, 1, 317, 331)),
                new Draw("randn", d -> d == DType.FLOAT32 ? Tensor.randn(42, 317, 331) : Generator.seed(42).normal(d, 0, 1, 317, 331)),
                new Draw("bernoulli(0.3)", d -> d == DType.FLOAT32 ? Tensor.bernoulli(42, 0.3, 317, 331) : Generator.seed(42).bernoulli(d, 0.3, 317, 331)),
                new Draw("uniform(-2, 5)", d -> Generator.seed(7).uniform(d, -2, 5, 100_003)),
                new Draw("normal(1, 3)", d -> Generator.seed(7).normal(d, 1, 3, 100_003)),
                new Draw("truncatedNormal(0, 2)", d -> Generator.seed(7).truncatedNormal(d, 0, 2, 100_003)))
                .flatMap(dr -> Stream.of(DType.FLOAT32, DType.FLOAT64).map(d -> Arguments.of(dr, d)));
    }

    static double[] drawWithThreads(int threads, Supplier<Tensor> make) {
        int saved = Nn4j.numThreads();
        Nn4j.setNumThreads(threads);
        try (Scope s = Scope.open()) {
            return make.get().toDoubleArray();
        } finally {
            Nn4j.setNumThreads(saved);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("draws")
    void sameSeedSameTensorsForAnyThreadCount(Draw draw, DType dtype) {
        double[] one = drawWithThreads(1, () -> draw.make().apply(dtype));
        double[] two = drawWithThreads(2, () -> draw.make().apply(dtype));
        double[] three = drawWithThreads(3, () -> draw.make().apply(dtype));
        assertArrayEquals(one, two, draw + " " + dtype + ": 1 vs 2 threads");
        assertArrayEquals(one, three, draw + " " + dtype + ": 1 vs 3 threads");
        try (Scope s = Scope.open()) {
            Tensor t = draw.make().apply(dtype);
            assertEquals(dtype, t.dtype());
            assertArrayEquals(one, t.toDoubleArray(), "a second draw with the same seed");
        }
    }

    static double mean(double[] v) {
        return Arrays.stream(v).sum() / v.length;
    }

    static double std(double[] v) {
        double m = mean(v);
        return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / v.length);
    }

    static void moments(String what, double[] v, double mean, double std, double fourthStdRatio) {
        double se = std / Math.sqrt(v.length);
        assertEquals(mean, mean(v), 6 * se, what + ": mean");
        // the standard error of a sample std is about std * sqrt((kurtosis - 1) / 4n)
        double seStd = std * Math.sqrt((fourthStdRatio - 1) / (4.0 * v.length));
        assertEquals(std, std(v), 6 * seStd, what + ": std");
    }

    @Test
    void distributionsHaveTheRightMoments() {
        for (DType d : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            try (Scope s = Scope.open()) {
                Generator g = Generator.seed(2024);
                double[] u = g.uniform(d, 0, 1, N).toDoubleArray();
                assertTrue(Arrays.stream(u).allMatch(x -> x >= 0 && x < 1), "uniform in [0, 1)");
                moments("uniform " + d, u, 0.5, Math.sqrt(1 / 12.0), 1.8);
                double[] u2 = g.uniform(d, -3, 5, N).toDoubleArray();
                assertTrue(Arrays.stream(u2).allMatch(x -> x >= -3 && x < 5), "uniform in [-3, 5)");
                moments("uniform(-3, 5) " + d, u2, 1, 8 / Math.sqrt(12), 1.8);
                double[] n = g.normal(d, 0, 1, N).toDoubleArray();
                moments("normal " + d, n, 0, 1, 3);
                double[] n2 = g.normal(d, -2, 0.5, N).toDoubleArray();
                moments("normal(-2, 0.5) " + d, n2, -2, 0.5, 3);
                double within1 = Arrays.stream(n).filter(x -> Math.abs(x) < 1).count() / (double) N;
                assertEquals(0.6827, within1, 0.01, "normal: P(|x| < 1)");
                double[] b = g.bernoulli(d, 0.3, N).toDoubleArray();
                assertTrue(Arrays.stream(b).allMatch(x -> x == 0 || x == 1), "bernoulli gives 0/1");
                moments("bernoulli(0.3) " + d, b, 0.3, Math.sqrt(0.21), (1 - 3 * 0.21) / 0.21);
                double[] t = g.truncatedNormal(d, 1, 2, N).toDoubleArray();
                assertTrue(Arrays.stream(t).allMatch(x -> x >= 1 - 4 && x <= 1 + 4), "truncated normal within 2 std");
                // N(0,1) truncated to [-2, 2]: std 0.8796, kurtosis about 2.36
                moments("truncatedNormal(1, 2) " + d, t, 1, 2 * 0.87962, 2.4);
            }
        }
    }

    @Test
    void generatorAdvancesAndSeedsDiffer() {
        try (Scope s = Scope.open()) {
            Generator g = Generator.seed(5);
            double[] first = g.uniform(DType.FLOAT32, 0, 1, 1000).toDoubleArray();
            double[] second = g.uniform(DType.FLOAT32, 0, 1, 1000).toDoubleArray();
            assertFalse(Arrays.equals(first, second), "a generator's second draw continues the stream");
            assertArrayEquals(first, Generator.seed(5).uniform(DType.FLOAT32, 0, 1, 1000).toDoubleArray(), "a fresh generator restarts");
            assertFalse(Arrays.equals(first, Generator.seed(6).uniform(DType.FLOAT32, 0, 1, 1000).toDoubleArray()), "seeds 5 and 6");
            assertFalse(Arrays.equals(Tensor.rand(1, 100).toFloatArray(), Tensor.rand(2, 100).toFloatArray()));
            // p = 0 and p = 1 are exact
            assertEquals(0, Tensor.bernoulli(3, 0, 1000).sum().item());
            assertEquals(1000, Tensor.bernoulli(3, 1, 1000).sum().item());
        }
    }
}
