package org.nn4j.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nn4j.DType;
import org.nn4j.Generator;
import org.nn4j.Scope;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.autograd.GradCheck;
import org.nn4j.nn.CallContext;
import org.nn4j.nn.Variable;
import org.nn4j.testing.Check;
import org.nn4j.testing.Tol;

/**
 * Bidirectional (CURRICULUM S5): concat = forward ⊕ time-reversed backward, each half computed
 * independently from the step-by-step reference with the wrapper's own weights; the other merge
 * modes; shapes, weight names (forward_lstm/..., backward_lstm/...) and 2× parameters; the output
 * at step t depends on later inputs; float64 GradCheck through the wrapper; the copies take the
 * wrapper's dtype, which starts as the template's.
 */
class BidirectionalTest {
    static final long N = 2, T = 5, F = 3, H = 4;

    static Tensor x(long seed) {
        return Generator.seed(seed).uniform(DType.FLOAT64, -1, 1, N, T, F);
    }

    /** Forward half and aligned backward half from the reference cells. */
    static Tensor[] halves(Bidirectional b, Tensor x) {
        Tensor fwd = RecurrentReference.of(b.forwardLayer(), x, null, null)[0];
        Tensor bwd = RecurrentReference.of(b.backwardLayer(), x, null, null)[0];
        long t = x.dim(1);
        Tensor[] steps = new Tensor[(int) t];
        for (int k = 0; k < t; k++) steps[k] = bwd.select(1, t - 1 - k);  // processing order -> input order
        return new Tensor[] {fwd, Tensor.stack(1, steps)};
    }

    @ParameterizedTest
    @EnumSource(RecurrentLayerKind.class)
    void concatIsForwardThenReversedBackward(RecurrentLayerKind kind) {
        try (Scope s = Scope.open();
             Bidirectional b = new Bidirectional(
                     kind.make(H, 1, new RecurrentLayerKind.Options().state(false).dtype(DType.FLOAT64)))) {
            Tensor x = x(1);
            Tensor y = b.call(x);
            assertArrayEquals(new long[] {N, T, 2 * H}, y.dims());
            Tensor[] h = halves(b, x);
            Check.assertClose("concat", Check.nd(Tensor.concat(2, h[0], h[1])), y, Tol.F64);
        }
    }

    @Test
    void mergeModes() {
        try (Scope s = Scope.open()) {
            Tensor x = x(2);
            for (Bidirectional.MergeMode m : Bidirectional.MergeMode.values()) {
                try (Bidirectional b = new Bidirectional(LSTM.builder(H).returnSequences(true).dtype(DType.FLOAT64).build(), m)) {
                    Tensor[] y = b.call(CallContext.INFERENCE, x);
                    Tensor[] h = halves(b, x);
                    Tensor want = switch (m) {
                        case CONCAT -> Tensor.concat(2, h[0], h[1]);
                        case SUM -> h[0].add(h[1]);
                        case MUL -> h[0].mul(h[1]);
                        case AVE -> h[0].add(h[1]).div(2);
                        case NONE -> h[0];
                    };
                    assertEquals(m == Bidirectional.MergeMode.NONE ? 2 : 1, y.length, m.toString());
                    Check.assertClose(m.toString(), Check.nd(want), y[0], Tol.F64);
                    if (m == Bidirectional.MergeMode.NONE) Check.assertClose("NONE backward", Check.nd(h[1]), y[1], Tol.F64);
                    assertEquals(List.of(b.outputShapes(Shape.of(T, F))), shapesOf(y));
                }
            }
        }
    }

    static List<Shape> shapesOf(Tensor[] ys) {
        List<Shape> out = new ArrayList<>();
        for (Tensor y : ys) {
            long[] d = y.dims();
            out.add(Shape.of(java.util.Arrays.copyOfRange(d, 1, d.length)));
        }
        return out;
    }

    /** Without returnSequences the halves are each direction's final state: forward h_T and backward h after x_0. */
    @Test
    void lastOutputsAndStates() {
        try (Scope s = Scope.open();
             Bidirectional b = new Bidirectional(LSTM.builder(H).returnState(true).dtype(DType.FLOAT64).build(),
                     Bidirectional.MergeMode.SUM)) {
            Tensor x = x(3);
            Tensor[] y = b.call(CallContext.INFERENCE, x);
            Tensor[] f = RecurrentReference.of(b.forwardLayer(), x, null, null);
            Tensor[] r = RecurrentReference.of(b.backwardLayer(), x, null, null);
            assertEquals(5, y.length);  // output, h_f, c_f, h_b, c_b
            Check.assertClose("sum", Check.nd(f[1].add(r[1])), y[0], Tol.F64);
            Check.assertClose("h_f", Check.nd(f[1]), y[1], Tol.F64);
            Check.assertClose("c_f", Check.nd(f[2]), y[2], Tol.F64);
            Check.assertClose("h_b", Check.nd(r[1]), y[3], Tol.F64);
            Check.assertClose("c_b", Check.nd(r[2]), y[4], Tol.F64);
            assertEquals(shapesOf(y), List.of(b.outputShapes(Shape.of(T, F))));

            // initial states (forward then backward) go to their direction
            Tensor[] st = new Tensor[4];
            for (int i = 0; i < 4; i++) st[i] = Generator.seed(10 + i).uniform(DType.FLOAT64, -0.5, 0.5, N, H);
            Tensor[] z = b.call(CallContext.INFERENCE, x, st[0], st[1], st[2], st[3]);
            Check.assertClose("h_f given", Check.nd(RecurrentReference.of(b.forwardLayer(), x, st[0], st[1])[1]), z[1], Tol.F64);
            Check.assertClose("h_b given", Check.nd(RecurrentReference.of(b.backwardLayer(), x, st[2], st[3])[1]), z[3], Tol.F64);
        }
    }

    @Test
    void weightNamesCountsAndDistinctHalves() {
        try (LSTM template = LSTM.builder(H).name("enc").build(); Bidirectional b = new Bidirectional(template)) {
            b.build(Shape.of(T, F));
            List<String> paths = new ArrayList<>();
            for (Variable v : b.weights()) paths.add(v.path());
            assertEquals(List.of("forward_enc/kernel", "forward_enc/recurrent_kernel", "forward_enc/bias",
                    "backward_enc/kernel", "backward_enc/recurrent_kernel", "backward_enc/bias"), paths);
            assertEquals(2 * 4 * (F * H + H * H + H), b.countParams());
            assertTrue(b.backwardLayer().goBackwards());
            assertTrue(!b.forwardLayer().goBackwards());
            assertNotEquals(java.util.Arrays.toString(b.forwardLayer().weight("kernel").value().toFloatArray()),
                    java.util.Arrays.toString(b.backwardLayer().weight("kernel").value().toFloatArray()));
            assertEquals(Shape.of(2 * H), b.outputShape(Shape.of(T, F)));
        }
    }

    /** Output at step 0 depends on the last input step (through the backward half): S5's test. */
    @Test
    void earlyOutputsSeeLaterInputs() {
        try (Scope s = Scope.open(); Bidirectional b = new Bidirectional(GRU.builder(H).returnSequences(true).build())) {
            b.dtype(DType.FLOAT64);
            Tensor x = x(4).requiresGrad(true);
            Tensor y0 = b.call(x).select(1, 0).sum();
            Tensor g = Autograd.grad(y0, x)[0];
            assertTrue(g.select(1, T - 1).abs().max().item() > 0);
        }
    }

    @Test
    void gradCheckThroughTheWrapper() {
        try (Scope s = Scope.open();
             Bidirectional b = new Bidirectional(GRU.builder(3).returnSequences(true).returnState(true).build())) {
            Tensor x = Generator.seed(6).uniform(DType.FLOAT64, -1, 1, 2, 3, 2);
            b.dtype(DType.FLOAT64).build(Shape.of(3, 2));
            List<Tensor> in = new ArrayList<>(List.of(x));
            for (Variable v : b.weights()) in.add(v.value().detach().clone());
            GradCheck.assertPasses(xs -> {
                List<Tensor> w = new ArrayList<>(List.of(xs).subList(1, xs.length));
                return RecurrentLayerNumericsTest.flat(b.callWithWeights(w, CallContext.INFERENCE, xs[0]));
            }, in.toArray(new Tensor[0]));
        }
    }

    /** dtype(FLOAT64) on the template or on the wrapper makes both copies float64; mismatched inputs name the wrapper. */
    @Test
    void copiesTakeTheWrappersDType() {
        try (Scope s = Scope.open();
             Bidirectional fromTemplate = new Bidirectional(SimpleRNN.builder(H).dtype(DType.FLOAT64).build());
             Bidirectional fromWrapper = new Bidirectional(new SimpleRNN(H));
             Bidirectional plain = new Bidirectional(new SimpleRNN(H))) {
            assertEquals(DType.FLOAT64, fromTemplate.dtype());
            assertEquals(DType.FLOAT32, fromWrapper.dtype());
            fromWrapper.dtype(DType.FLOAT64);
            for (Bidirectional b : List.of(fromTemplate, fromWrapper)) {
                b.build(Shape.of(T, F));
                assertEquals(DType.FLOAT64, b.forwardLayer().dtype());
                assertEquals(DType.FLOAT64, b.backwardLayer().dtype());
                for (Variable v : b.weights()) assertEquals(DType.FLOAT64, v.value().dtype(), v.path());
                assertEquals(DType.FLOAT64, b.call(x(7)).dtype());
            }
            plain.build(Shape.of(T, F));
            for (Variable v : plain.weights()) assertEquals(DType.FLOAT32, v.value().dtype(), v.path());
            String m = assertThrows(IllegalArgumentException.class, () -> plain.call(x(7))).getMessage();
            assertTrue(m.contains(plain.name()) && m.contains("float64") && m.contains("dtype(DType.FLOAT64)"), m);
        }
    }

    @Test
    void rejectsABuiltTemplate() {
        try (Scope s = Scope.open(); LSTM l = new LSTM(2)) {
            l.build(Shape.of(3, 2));
            String m = assertThrows(IllegalArgumentException.class, () -> new Bidirectional(l)).getMessage();
            assertTrue(m.contains("unbuilt"), m);
        }
    }
}
