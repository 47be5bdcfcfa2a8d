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
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nn4j.DType;
import org.nn4j.Generator;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.autograd.GradCheck;
import org.nn4j.nn.CallContext;
import org.nn4j.nn.Variable;
import org.nn4j.testing.Check;
import org.nn4j.testing.Tol;

/**
 * SimpleRNN, GRU (both reset positions) and LSTM layers (CURRICULUM S1–S4, K13, K14) against the
 * cells composed step by step from elementwise ops in {@link RecurrentReference}: T = 1 and 7,
 * forwards and backwards, with and without initial states, float64 and float32 layers; float64
 * GradCheck through the layer w.r.t. the input, the initial states and (via callWithWeights)
 * every weight; weight gradients in the weights' dtype; inputs, states and weights of another
 * dtype are clear errors (nothing is cast); stepping the cell = the layer.
 */
class RecurrentLayerNumericsTest {
    static final long N = 3, F = 5, H = 4;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (RecurrentLayerKind k : RecurrentLayerKind.values()) {
            for (long t : new long[] {1, 7}) {
                out.add(Arguments.of(k, t, false, false));
                out.add(Arguments.of(k, t, true, true));
            }
            out.add(Arguments.of(k, 7L, false, true));
        }
        return out.stream();
    }

    static Tensor uniform(long seed, DType dt, double lim, long... shape) {
        return Generator.seed(seed).uniform(dt, -lim, lim, shape);
    }

    @ParameterizedTest(name = "{0} T={1} backwards={2} initialState={3}")
    @MethodSource("cases")
    void layerMatchesStepByStepComposition(RecurrentLayerKind kind, long t, boolean backwards, boolean withState) {
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            try (Scope s = Scope.open();
                 RecurrentLayer layer = kind.make(H, 11, new RecurrentLayerKind.Options().backwards(backwards).dtype(dt))) {
                Tensor x = uniform(1, dt, 1, N, t, F);
                List<Tensor> in = new ArrayList<>(List.of(x));
                Tensor h0 = null, c0 = null;
                if (withState) {
                    h0 = uniform(2, dt, 0.5, N, H);
                    in.add(h0);
                    if (kind.states() == 2) {
                        c0 = uniform(3, dt, 0.5, N, H);
                        in.add(c0);
                    }
                }
                Tensor[] got = layer.call(CallContext.INFERENCE, in.toArray(new Tensor[0]));
                Tensor[] want = RecurrentReference.of(layer, x, h0, c0);
                assertEquals(1 + kind.states(), got.length);
                Tol tol = dt == DType.FLOAT64 ? new Tol(1e-12, 1e-13) : new Tol(1e-5, 1e-6);
                for (int i = 0; i < got.length; i++) {
                    assertEquals(dt, got[i].dtype());
                    Check.assertClose(kind + " " + dt + " output " + i, Check.nd(want[i]), got[i], tol);
                }
            }
        }
    }

    /** All outputs flattened into one vector, so GradCheck weighs every one of them. */
    static Tensor flat(Tensor[] outs) {
        Tensor[] f = new Tensor[outs.length];
        for (int i = 0; i < outs.length; i++) f[i] = outs[i].flatten();
        return Tensor.concat(0, f);
    }

    static Stream<Arguments> gradCases() {
        List<Arguments> out = new ArrayList<>();
        for (RecurrentLayerKind k : RecurrentLayerKind.values()) {
            out.add(Arguments.of(k, 1L, false));
            out.add(Arguments.of(k, 5L, true));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} T={1} backwards={2}")
    @MethodSource("gradCases")
    void gradCheckThroughLayer(RecurrentLayerKind kind, long t, boolean backwards) {
        long n = 2, f = 3, h = 3;
        try (Scope s = Scope.open();
             RecurrentLayer layer = kind.make(h, 5,
                     new RecurrentLayerKind.Options().backwards(backwards).dtype(DType.FLOAT64))) {
            List<Tensor> inputs = new ArrayList<>();
            inputs.add(uniform(7, DType.FLOAT64, 1, n, t, f));
            for (int i = 0; i < kind.states(); i++) inputs.add(uniform(8 + i, DType.FLOAT64, 0.5, n, h));
            int nIn = inputs.size();
            layer.build(RecurrentLayer.perSampleShapes(layer, inputs.toArray(new Tensor[0])));
            for (Variable v : layer.weights()) {
                assertEquals(DType.FLOAT64, v.value().dtype(), v.path());
                inputs.add(v.value().detach().clone());
            }
            GradCheck.assertPasses(xs -> {
                List<Tensor> w = new ArrayList<>();
                for (int i = nIn; i < xs.length; i++) w.add(xs[i]);
                Tensor[] in = java.util.Arrays.copyOf(xs, nIn);
                return flat(layer.callWithWeights(w, CallContext.INFERENCE, in));
            }, inputs.toArray(new Tensor[0]));
        }
    }

    /** Every variable of a float32 or a float64 layer receives a non-zero gradient of its own dtype and shape. */
    @ParameterizedTest
    @EnumSource(RecurrentLayerKind.class)
    void weightGradientsHaveTheWeightsDType(RecurrentLayerKind kind) {
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            try (Scope s = Scope.open();
                 RecurrentLayer layer = kind.make(H, 3, new RecurrentLayerKind.Options().state(false).dtype(dt))) {
                Tensor x = uniform(4, dt, 1, N, 4, F);
                layer.call(x).square().sum().backward();
                for (Variable v : layer.weights()) {
                    Tensor g = v.value().grad();
                    assertEquals(dt, v.value().dtype(), v.path());
                    assertEquals(dt, g.dtype(), v.path());
                    assertArrayEquals(v.shape(), g.dims(), v.path());
                    double norm = g.norm2().item();
                    assertTrue(norm > 0 && Double.isFinite(norm), v.path() + " grad norm " + norm);
                    v.value().zeroGrad();
                }
            }
        }
    }

    /**
     * The layer computes in its weights' dtype and casts nothing: a sequence, initial state, step
     * input or callWithWeights weight of another dtype is an error naming the layer and the fix.
     */
    @ParameterizedTest
    @EnumSource(RecurrentLayerKind.class)
    void operandsOfAnotherDTypeAreClearErrors(RecurrentLayerKind kind) {
        try (Scope s = Scope.open();
             RecurrentLayer f32 = kind.make(H, 3, new RecurrentLayerKind.Options());
             RecurrentLayer f64 = kind.make(H, 3, new RecurrentLayerKind.Options().dtype(DType.FLOAT64))) {
            Tensor x64 = uniform(4, DType.FLOAT64, 1, N, 4, F), x32 = x64.to(DType.FLOAT32);
            String m = assertThrows(IllegalArgumentException.class, () -> f32.call(x64)).getMessage();
            assertTrue(m.contains(f32.name()) && m.contains("float64") && m.contains("dtype(DType.FLOAT64)"), m);
            m = assertThrows(IllegalArgumentException.class, () -> f64.call(x32)).getMessage();
            assertTrue(m.contains(f64.name()) && m.contains("to(DType.FLOAT64)"), m);
            m = assertThrows(IllegalArgumentException.class, () -> f32.call(x64.to(DType.INT64))).getMessage();
            assertTrue(m.contains("int64") && m.contains("to(DType.FLOAT32)"), m);

            Tensor[] states = new Tensor[1 + kind.states()];
            states[0] = x64;
            for (int i = 1; i < states.length; i++) states[i] = uniform(8 + i, DType.FLOAT32, 0.5, N, H);
            m = assertThrows(IllegalArgumentException.class, () -> f64.call(CallContext.INFERENCE, states)).getMessage();
            assertTrue(m.contains("input 1") && m.contains("float32"), m);

            m = assertThrows(IllegalArgumentException.class, () -> f32.step(x64.select(1, 0))).getMessage();
            assertTrue(m.contains("x_t") && m.contains("float64"), m);
            Tensor h32 = uniform(9, DType.FLOAT32, 0.5, N, H);
            Tensor[] stepStates = new Tensor[kind.states()];
            for (int i = 0; i < stepStates.length; i++) stepStates[i] = i == 0 ? h32 : h32.clone();
            assertEquals(DType.FLOAT32, f32.step(x32.select(1, 0), stepStates)[0].dtype());
            m = assertThrows(IllegalArgumentException.class, () -> f64.step(x64.select(1, 0), stepStates)).getMessage();
            assertTrue(m.contains("h0") && m.contains("float32"), m);

            List<Tensor> w32 = new ArrayList<>();
            for (Variable v : f32.weights()) w32.add(v.value().detach());
            m = assertThrows(IllegalArgumentException.class,
                    () -> f64.callWithWeights(w32, CallContext.INFERENCE, x64)).getMessage();
            assertTrue(m.contains("weight 0 (kernel)") && m.contains("float32"), m);
            for (Variable v : f32.weights()) assertEquals(DType.FLOAT32, v.value().dtype(), "weights are not converted");
        }
    }

    @ParameterizedTest
    @EnumSource(RecurrentLayerKind.class)
    void steppingEqualsTheLayer(RecurrentLayerKind kind) {
        long t = 4;
        try (Scope s = Scope.open();
             RecurrentLayer layer = kind.make(H, 9, new RecurrentLayerKind.Options().dtype(DType.FLOAT64))) {
            Tensor x = uniform(5, DType.FLOAT64, 1, N, t, F);
            Tensor[] whole = layer.call(CallContext.INFERENCE, x);
            Tensor[] state = new Tensor[0];
            for (int k = 0; k < t; k++) {
                state = layer.step(x.select(1, k), state);
                Check.assertClose("step " + k, Check.nd(whole[0].select(1, k)), state[0], Tol.F64);
            }
            for (int i = 0; i < state.length; i++) {
                Check.assertClose("final state " + i, Check.nd(whole[1 + i]), state[i], Tol.F64);
            }
        }
    }

    /** returnSequences = false gives the last step of the sequence; returnState repeats the final h. */
    @ParameterizedTest
    @EnumSource(RecurrentLayerKind.class)
    void lastOutputEqualsLastStepAndFinalState(RecurrentLayerKind kind) {
        try (Scope s = Scope.open();
             RecurrentLayer seq = kind.make(H, 21, new RecurrentLayerKind.Options());
             RecurrentLayer last = kind.make(H, 21, new RecurrentLayerKind.Options().sequences(false))) {
            Tensor x = uniform(6, DType.FLOAT32, 1, N, 6, F);
            Tensor[] a = seq.call(CallContext.INFERENCE, x), b = last.call(CallContext.INFERENCE, x);
            Check.assertSame("last step", Check.nd(a[0].select(1, 5)), b[0]);
            Check.assertSame("h", Check.nd(a[1]), b[1]);
            Check.assertSame("h = output", Check.nd(b[0]), b[1]);
        }
    }

    @Test
    void lstmForgetBiasStartsAtOne() {
        try (LSTM lstm = LSTM.builder(3).build(); LSTM off = LSTM.builder(3).unitForgetBias(false).build()) {
            lstm.build(org.nn4j.Shape.of(2, 2));
            off.build(org.nn4j.Shape.of(2, 2));
            assertArrayEquals(new float[] {0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0}, lstm.weight("bias").value().toFloatArray());
            assertArrayEquals(new float[12], off.weight("bias").value().toFloatArray());
        }
    }
}
