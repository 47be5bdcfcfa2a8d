package org.nn4j.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nn4j.DType;
import org.nn4j.Generator;
import org.nn4j.Scope;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.nn.CallContext;
import org.nn4j.nn.Variable;

/**
 * Shapes and parameter counts of the recurrent layers (CURRICULUM S1, S3, S4, API9): counts
 * equal the formulas and do not depend on T; every returnSequences × returnState combination
 * gives the declared output shapes, and the call's outputs have exactly those shapes; weight
 * names and layouts; the orthogonal recurrent kernel; argument errors name the layer and the fix.
 */
class RecurrentLayerShapesTest {
    static long expectedParams(RecurrentLayerKind kind, long f, long h) {
        return switch (kind) {
            case SIMPLE_RNN -> h * (f + h) + h;                 // S1
            case GRU_RESET_BEFORE -> 3 * (f * h + h * h + h);   // S4
            case GRU_RESET_AFTER -> 3 * (f * h + h * h + 2 * h);
            case LSTM -> 4 * (f * h + h * h + h);               // S3
        };
    }

    static Stream<Arguments> countCases() {
        List<Arguments> out = new ArrayList<>();
        for (RecurrentLayerKind k : RecurrentLayerKind.values()) {
            out.add(Arguments.of(k, 1L, 1L));
            out.add(Arguments.of(k, 7L, 5L));
            out.add(Arguments.of(k, 32L, 13L));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} F={1} H={2}")
    @MethodSource("countCases")
    void paramCountsMatchFormulas(RecurrentLayerKind kind, long f, long h) {
        for (long t : new long[] {1, 9}) {
            try (RecurrentLayer l = kind.make(h, 1, new RecurrentLayerKind.Options())) {
                l.build(Shape.of(t, f));
                assertEquals(expectedParams(kind, f, h), l.countParams(), kind + " T=" + t);
                assertEquals(l.countParams(), l.countTrainableParams());
                long g = kind == RecurrentLayerKind.LSTM ? 4 : kind == RecurrentLayerKind.SIMPLE_RNN ? 1 : 3;
                assertArrayEquals(new long[] {f, g * h}, l.weight("kernel").shape());
                assertArrayEquals(new long[] {h, g * h}, l.weight("recurrent_kernel").shape());
                long[] bias = kind == RecurrentLayerKind.GRU_RESET_AFTER ? new long[] {2, 3 * h} : new long[] {g * h};
                assertArrayEquals(bias, l.weight("bias").shape());
                for (Variable v : l.weights()) assertEquals(l.name() + "/" + v.name(), v.path());
            }
        }
    }

    @Test
    void noBiasDropsTheBias() {
        try (LSTM l = LSTM.builder(6).useBias(false).build()) {
            l.build(Shape.of(3, 4));
            assertEquals(4 * (4 * 6 + 6 * 6), l.countParams());
            assertEquals(2, l.weights().size());
        }
    }

    static Stream<Arguments> shapeCases() {
        List<Arguments> out = new ArrayList<>();
        for (RecurrentLayerKind k : RecurrentLayerKind.values()) {
            for (boolean seq : new boolean[] {false, true}) {
                for (boolean state : new boolean[] {false, true}) out.add(Arguments.of(k, seq, state));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} returnSequences={1} returnState={2}")
    @MethodSource("shapeCases")
    void outputShapesForEveryCombination(RecurrentLayerKind kind, boolean seq, boolean state) {
        long n = 2, t = 5, f = 3, h = 4;
        try (Scope s = Scope.open();
             RecurrentLayer l = kind.make(h, 1, new RecurrentLayerKind.Options().sequences(seq).state(state))) {
            List<Shape> want = new ArrayList<>();
            want.add(seq ? Shape.of(t, h) : Shape.of(h));
            if (state) for (int i = 0; i < kind.states(); i++) want.add(Shape.of(h));
            assertEquals(want, List.of(l.outputShapes(Shape.of(t, f))));
            Tensor x = Generator.seed(3).uniform(DType.FLOAT32, -1, 1, n, t, f);
            Tensor[] got = l.call(CallContext.INFERENCE, x);
            assertEquals(want.size(), got.length);
            for (int i = 0; i < got.length; i++) {
                long[] d = got[i].dims();
                assertEquals(n, d[0]);
                assertEquals(want.get(i), Shape.of(java.util.Arrays.copyOfRange(d, 1, d.length)), "output " + i);
            }
            // with initial states as inputs the shapes are the same
            Shape[] withState = new Shape[1 + kind.states()];
            withState[0] = Shape.of(t, f);
            for (int i = 1; i < withState.length; i++) withState[i] = Shape.of(h);
            assertEquals(want, List.of(l.outputShapes(withState)));
        }
    }

    @Test
    void anotherSequenceLengthReusesTheWeights() {
        try (Scope s = Scope.open(); GRU g = new GRU(3)) {
            Tensor a = g.call(Tensor.zeros(2, 4, 5)), b = g.call(Tensor.zeros(2, 9, 5));
            assertArrayEquals(new long[] {2, 3}, a.dims());
            assertArrayEquals(new long[] {2, 3}, b.dims());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.call(Tensor.zeros(2, 4, 6)));
            assertTrue(e.getMessage().contains(g.name()), e.getMessage());
        }
    }

    @Test
    void badInputsNameTheLayerAndTheFix() {
        try (LSTM l = LSTM.builder(4).name("enc").build()) {
            String m = assertThrows(IllegalArgumentException.class, () -> l.outputShapes(Shape.of(5))).getMessage();
            assertTrue(m.contains("LSTM 'enc'") && m.contains("(timesteps, features)"), m);
            m = assertThrows(IllegalArgumentException.class, () -> l.outputShapes(Shape.of(5, 3), Shape.of(4))).getMessage();
            assertTrue(m.contains("h0, c0"), m);
            m = assertThrows(IllegalArgumentException.class,
                    () -> l.outputShapes(Shape.of(5, 3), Shape.of(4), Shape.of(5))).getMessage();
            assertTrue(m.contains("c0") && m.contains("(5)"), m);
            m = assertThrows(IllegalArgumentException.class, () -> l.outputShapes(Shape.of(0, 3))).getMessage();
            assertTrue(m.contains("at least one time step"), m);
            assertThrows(IllegalArgumentException.class, () -> LSTM.builder(0));
        }
        try (Scope s = Scope.open(); SimpleRNN r = new SimpleRNN(2)) {
            String m = assertThrows(IllegalArgumentException.class,
                    () -> r.call(Tensor.zeros(DType.INT64, 1, 3, 2))).getMessage();
            // the layer computes in its weights' dtype (float32 here), so that is the cast to make
            assertTrue(m.contains(r.name()) && m.contains("int64") && m.contains("to(DType.FLOAT32)"), m);
        }
    }

    /** Penalties (K10) apply to the weight they were given to: l2 on the kernel, l1 on the bias. */
    @Test
    void regularizersPenalizeTheirWeights() {
        try (Scope s = Scope.open();
             GRU g = GRU.builder(3).kernelRegularizer(org.nn4j.nn.regularizers.Regularizers.l2(0.5))
                     .biasRegularizer(org.nn4j.nn.regularizers.Regularizers.l1(0.25))
                     .biasInitializer(org.nn4j.nn.init.Initializers.randomUniform(0.5)).build()) {
            g.build(Shape.of(4, 2));
            double[] k = g.weight("kernel").value().toDoubleArray(), b = g.weight("bias").value().toDoubleArray();
            double want = 0;
            for (double v : k) want += 0.5 * v * v;
            for (double v : b) want += 0.25 * Math.abs(v);
            assertEquals(want, g.regularizationLoss().item(), 1e-5 * want);
        }
    }

    /** The default recurrent kernel (H, G·H) is orthogonal: its rows are orthonormal (CURRICULUM §5). */
    @Test
    void recurrentKernelIsOrthogonal() {
        long h = 5;
        try (Scope s = Scope.open(); LSTM l = new LSTM(h)) {
            l.build(Shape.of(2, 3));
            Tensor u = l.weight("recurrent_kernel").value().detach().to(DType.FLOAT64);
            double[] gram = u.matmul(u.t()).toDoubleArray();
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < h; j++) assertEquals(i == j ? 1 : 0, gram[(int) (i * h + j)], 1e-6);
            }
        }
    }

    @Test
    void sameSeedSameWeightsAndDefaultNames() {
        try (LSTM a = new LSTM(3); LSTM b = new LSTM(3); SimpleRNN r = new SimpleRNN(2); GRU g = new GRU(2)) {
            assertTrue(a.name().startsWith("lstm"), a.name());
            assertTrue(r.name().startsWith("simple_rnn"), r.name());
            assertTrue(g.name().startsWith("gru"), g.name());
            a.seed(42).build(Shape.of(2, 3));
            b.seed(42).build(Shape.of(2, 3));
            assertArrayEquals(a.weight("kernel").value().toFloatArray(), b.weight("kernel").value().toFloatArray());
            assertArrayEquals(a.weight("recurrent_kernel").value().toFloatArray(),
                    b.weight("recurrent_kernel").value().toFloatArray());
        }
    }
}
