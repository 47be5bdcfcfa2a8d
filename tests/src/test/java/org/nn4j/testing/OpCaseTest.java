package org.nn4j.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nn4j.DType;
import org.nn4j.Device;
import org.nn4j.Tensor;
import org.nn4j.autograd.Function;
import org.nn4j.autograd.FunctionContext;
import org.nn4j.testing.Inputs.Layout;

/** The harness must be able to fail: a wrong reference, layout bug or gradient is caught and reported. */
class OpCaseTest {
    /** exp with a backward scaled by 1.01. */
    static final class BadExp extends Function {
        @Override
        protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
            ctx.saveForBackward(in[0]);
            return new Tensor[] {in[0].exp()};
        }

        @Override
        protected Tensor[] backward(FunctionContext ctx, Tensor... g) {
            return new Tensor[] {g[0].mul(ctx.savedTensors()[0].exp()).mul(1.01)};
        }
    }

    @Test
    void wrongForwardIsReportedWithMaxError() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> OpCase.unary("exp", Tensor::exp, v -> Math.exp(v) * (1 + 1e-4)).forwardOnly().run());
        assertTrue(e.getMessage().contains("max abs error"), e.getMessage());
        assertTrue(e.getMessage().contains("exp (7, 13) float32"), e.getMessage());
    }

    @Test
    void float32ToleranceIsTight() {
        // a 1e-4 relative error passes no float32 case, a 1e-7 one passes
        assertThrows(AssertionError.class, () -> OpCase.unary("neg", Tensor::neg, v -> -v * (1 + 1e-4)).dtypes(DType.FLOAT32).forwardOnly().run());
        OpCase.unary("neg", Tensor::neg, v -> -v * (1 + 1e-7)).dtypes(DType.FLOAT32).forwardOnly().run();
        assertThrows(AssertionError.class, () -> OpCase.unary("neg", Tensor::neg, v -> -v * (1 + 1e-10)).dtypes(DType.FLOAT64).forwardOnly().run());
    }

    @Test
    void wrongBackwardFails() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> OpCase.unary("badExp", x -> new BadExp().apply(x)[0], Math::exp).run());
        assertTrue(e.getMessage().contains("backward"), e.getMessage());
        assertTrue(e.getMessage().contains("GradCheck FAILED"), e.getMessage());
    }

    @Test
    void layoutsReallyDiffer() {
        Nd x = Inputs.uniform(1, -1, 1, 3, 4);
        Tensor t = Inputs.tensor(x, DType.FLOAT32, Layout.TRANSPOSED), s = Inputs.tensor(x, DType.FLOAT64, Layout.STRIDED);
        assertArrayEquals(new long[] {1, 3}, t.strides());
        assertArrayEquals(new long[] {9, 2}, s.strides());
        Check.assertClose("transposed view", x, t, Tol.F32);
        Check.assertClose("strided view", x, s, Tol.F64);
        t.close();
        s.close();
    }

    @Test
    void referenceSelfChecks() {
        // Python: list(range(13))[12:0:-3] == [12, 9, 6, 3]; [-1:-14:-1] reverses all 13; [3:100:4] == [3, 7, 11]
        Nd r = new Nd(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 13);
        assertArrayEquals(new double[] {12, 9, 6, 3}, r.slice(0, 12, 0, -3).data);
        assertEquals(13, r.slice(0, -1, -14, -1).size());
        assertEquals(12, r.slice(0, -1, -14, -1).data[0]);
        assertArrayEquals(new double[] {3, 7, 11}, r.slice(0, 3, 100, 4).data);
        assertEquals(0, r.slice(0, 5, 5, 1).size());
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, r.slice(0, -100, 100, 1).data);
        // [[1, 2], [3, 4]] @ [[5], [6]] = [[17], [39]]
        Nd m = new Nd(new double[] {1, 2, 3, 4}, 2, 2).matmul(new Nd(new double[] {5, 6}, 2, 1));
        assertArrayEquals(new double[] {17, 39}, m.data);
        assertArrayEquals(new long[] {2}, new Nd(new double[] {1, 2, 3, 4}, 2, 2).matmul(new Nd(new double[] {5, 6}, 2)).shape);
        // sum over axis 0 of [[1, 2, 3], [4, 5, 6]] keeping dims
        Nd s = new Nd(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).reduce(Ref::sum, true, 0);
        assertArrayEquals(new long[] {1, 3}, s.shape);
        assertArrayEquals(new double[] {5, 7, 9}, s.data);
        assertArrayEquals(new long[] {3, 7, 13}, Nd.broadcastShape(new long[] {3, 1, 13}, new long[] {7, 1}));
        assertEquals(1, Ref.argmax(new double[] {0, 3, 3}));
    }

    /** The device comparison runs (CPU against itself) even where no GPU exists to run it for real. */
    @Test
    void deviceComparisonPathRuns() {
        OpCase.binary("mul", Tensor::mul, (a, b) -> a * b).shapes(Shapes.SMALL, new long[] {1, 13}).runOnDevice(Device.CPU);
        OpCase.unary("sum", x -> x.sum(true, 0), v -> v).runOnDevice(Device.CPU);
    }
}
