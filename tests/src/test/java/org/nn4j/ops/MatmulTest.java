package org.nn4j.ops;

import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nn4j.autograd.Autograd;
import org.nn4j.testing.Check;
import org.nn4j.testing.Inputs;
import org.nn4j.testing.Nd;
import org.nn4j.testing.OpCase;
import org.nn4j.testing.Tol;

/**
 * matmul (T6, T9) against a triple loop in float64: 2-D, batched, broadcast batch, 1-D operands,
 * transposed and strided views, and sizes past the GEMM's register tile and cache blocks
 * (KC = 256, MC = 72..144, NR = 8/16). Errors are measured against |A| @ |B|, the size of the
 * terms being summed, so cancellation does not ask for more than the dtype holds.
 */
class MatmulTest {
    static final Function<Nd[], Nd> MAGNITUDE = xs -> xs[0].abs().matmul(xs[1].abs());

    static OpCase mm(long[] a, long[] b) {
        return OpCase.of("matmul", xs -> xs[0].matmul(xs[1]), xs -> xs[0].matmul(xs[1]))
                .shapes(a, b).domain(-1, 1).scale(MAGNITUDE);
    }

    static long[] s(long... d) {
        return d;
    }

    /** Sizes that only the forward checks: GradCheck's eps-1e-7 differences drown in K-term sums here. */
    static Stream<OpCase> blockingCases() {
        return Stream.of(
                mm(s(129, 65), s(65, 257)),
                mm(s(150, 300), s(300, 70)),   // K > KC, M > MC
                mm(s(1, 300), s(300, 1)),
                mm(s(2, 33, 257), s(257, 31)),
                mm(s(300), s(300, 17)))
                .map(OpCase::forwardOnly);
    }

    static Stream<OpCase> cases() {
        return Stream.of(
                mm(s(1, 1), s(1, 1)),
                mm(s(7, 13), s(13, 5)),
                mm(s(13, 1), s(1, 7)),           // K = 1
                mm(s(6, 16), s(16, 16)),         // exactly one register tile
                mm(s(17, 9), s(9, 33)),          // one past the tile edges
                mm(s(3, 7, 13), s(3, 13, 5)),    // batched
                mm(s(2, 1, 7, 13), s(3, 13, 5)), // broadcast batch
                mm(s(7, 13), s(3, 13, 5)),
                mm(s(3, 7, 13), s(13, 5)),
                mm(s(13), s(13, 5)),             // 1-D operands, NumPy style
                mm(s(7, 13), s(13)),
                mm(s(13), s(13)),
                mm(s(3, 7, 13), s(13)),
                mm(s(13), s(3, 13, 5)),
                OpCase.of("dot", xs -> xs[0].dot(xs[1]), xs -> xs[0].matmul(xs[1])).shapes(s(13), s(13)).scale(MAGNITUDE),
                OpCase.of("outer", xs -> xs[0].outer(xs[1]),
                        xs -> new Nd(xs[0].data, 7, 1).matmul(new Nd(xs[1].data, 1, 13))).shapes(s(7), s(13)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matmul(OpCase c) {
        c.run();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blockingCases")
    void blocking(OpCase c) {
        c.run();
    }

    /**
     * The backward of a blocked-size matmul, against dA = G B^T and dB = A^T G in float64
     * (GradCheck would be noise-limited at this size).
     */
    @Test
    void largeBackwardMatchesReference() {
        for (DType d : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Nd a = Inputs.roundTo(Inputs.uniform(1, -1, 1, 150, 300), d);
            Nd b = Inputs.roundTo(Inputs.uniform(2, -1, 1, 300, 70), d);
            Nd g = Inputs.roundTo(Inputs.uniform(3, -1, 1, 150, 70), d);
            try (Scope sc = Scope.open()) {
                Tensor ta = Inputs.tensor(a, d).requiresGrad(true), tb = Inputs.tensor(b, d).requiresGrad(true);
                Tensor[] grads = Autograd.grad(new Tensor[] {ta.matmul(tb)}, new Tensor[] {Inputs.tensor(g, d)}, new Tensor[] {ta, tb});
                Tol tol = Tol.of(d);
                Check.assertClose("dA " + d, g.matmul(b.transpose(0, 1)), g.abs().matmul(b.abs().transpose(0, 1)), grads[0], tol);
                Check.assertClose("dB " + d, a.transpose(0, 1).matmul(g), a.abs().transpose(0, 1).matmul(g.abs()), grads[1], tol);
            }
        }
    }
}
