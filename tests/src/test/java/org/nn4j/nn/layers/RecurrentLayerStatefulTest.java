package org.nn4j.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nn4j.DType;
import org.nn4j.Generator;
import org.nn4j.Nn4j;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.nn.CallContext;
import org.nn4j.testing.Check;
import org.nn4j.testing.Tol;

/**
 * Stateful recurrent layers (CURRICULUM S2, O11): two calls on consecutive chunks equal one call
 * on the whole sequence; resetStates() starts again from zeros; the carried state is detached,
 * so gradients stop at the chunk boundary (truncated BPTT); a changed batch size is an error; the
 * carried state's native memory is returned on close.
 */
class RecurrentLayerStatefulTest {
    static final long N = 2, F = 3, H = 4;

    static Tensor x(long seed, long t) {
        return Generator.seed(seed).uniform(DType.FLOAT64, -1, 1, N, t, F);
    }

    @ParameterizedTest
    @EnumSource(RecurrentLayerKind.class)
    void chunksEqualTheWholeSequenceAndResetStartsOver(RecurrentLayerKind kind) {
        RecurrentLayerKind.Options stateful = new RecurrentLayerKind.Options().stateful(true).dtype(DType.FLOAT64);
        try (Scope s = Scope.open();
             RecurrentLayer carry = kind.make(H, 17, stateful);
             RecurrentLayer whole = kind.make(H, 17, new RecurrentLayerKind.Options().dtype(DType.FLOAT64))) {
            Tensor all = x(1, 7);
            Tensor[] ref = whole.call(CallContext.INFERENCE, all);
            assertNull(carry.states());
            Tensor[] a = carry.call(CallContext.INFERENCE, all.slice(1, 0, 3));
            Tensor[] b = carry.call(CallContext.INFERENCE, all.slice(1, 3, 7));
            Check.assertClose("chunk 1", Check.nd(ref[0].slice(1, 0, 3)), a[0], Tol.F64);
            Check.assertClose("chunk 2", Check.nd(ref[0].slice(1, 3, 7)), b[0], Tol.F64);
            Tensor[] carried = carry.states();
            assertEquals(kind.states(), carried.length);
            for (int i = 0; i < carried.length; i++) {
                Check.assertClose("carried state " + i, Check.nd(ref[1 + i]), carried[i], Tol.F64);
            }

            carry.resetStates();
            assertNull(carry.states());
            Tensor[] fresh = carry.call(CallContext.INFERENCE, all.slice(1, 3, 7));
            Tensor[] plain = whole.call(CallContext.INFERENCE, all.slice(1, 3, 7));
            Check.assertSame("after reset", Check.nd(plain[0]), fresh[0]);

            // explicit initial states win over the carried ones
            Tensor[] given = new Tensor[1 + kind.states()];
            given[0] = all.slice(1, 3, 7);
            for (int i = 1; i < given.length; i++) given[i] = Tensor.zeros(DType.FLOAT64, N, H);
            Check.assertSame("explicit state", Check.nd(plain[0]), carry.call(CallContext.INFERENCE, given)[0]);
        }
    }

    /** Carried state is detached: the loss on chunk 2 has no gradient w.r.t. chunk 1 (O11). */
    @Test
    void gradientsStopAtTheChunkBoundary() {
        try (Scope s = Scope.open();
             LSTM carry = LSTM.builder(H).stateful(true).dtype(DType.FLOAT64).build();
             LSTM explicit = LSTM.builder(H).returnState(true).dtype(DType.FLOAT64).build()) {
            carry.seed(3);
            explicit.seed(3);
            Tensor x1 = x(2, 4).requiresGrad(true), x2 = x(3, 4).requiresGrad(true);
            carry.call(x1);
            Tensor[] g = Autograd.grad(carry.call(x2).sum(), x1, x2);
            assertEquals(0, g[0].abs().max().item(), "gradient reached the previous chunk");
            assertTrue(g[1].abs().max().item() > 0);

            // the same state passed as a graph input does carry the gradient back
            Tensor[] first = explicit.call(CallContext.INFERENCE, x1);
            Tensor[] second = explicit.call(CallContext.INFERENCE, x2, first[1], first[2]);
            Tensor[] h = Autograd.grad(second[0].sum(), x1, x2);
            assertTrue(h[0].abs().max().item() > 0);
            Check.assertClose("same forward", Check.nd(second[0]), carry.states()[0], Tol.F64);
        }
    }

    @Test
    void changedBatchSizeIsAnError() {
        try (Scope s = Scope.open(); GRU g = GRU.builder(H).stateful(true).dtype(DType.FLOAT64).build()) {
            g.call(x(4, 3));
            Tensor other = Generator.seed(5).uniform(DType.FLOAT64, -1, 1, N + 1, 3, F);
            String m = assertThrows(IllegalArgumentException.class, () -> g.call(other)).getMessage();
            assertTrue(m.contains("resetStates()") && m.contains("batch size " + N), m);
            g.resetStates();
            assertNotNull(g.call(other));
        }
    }

    @Test
    void carriedStateIsFreedOnClose() {
        long before = org.nn4j.testing.LiveBytes.settle();
        LSTM l = LSTM.builder(H).stateful(true).dtype(DType.FLOAT64).build();
        try (Scope s = Scope.open()) {
            for (int i = 0; i < 5; i++) l.call(x(6 + i, 3));
        }
        assertTrue(Nn4j.liveBytes() > before, "weights and state are alive");
        l.close();
        org.nn4j.testing.LiveBytes.assertNoGrowth(before, "leak check");
    }
}
