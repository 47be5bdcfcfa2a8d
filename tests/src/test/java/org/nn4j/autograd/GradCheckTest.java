package org.nn4j.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.testing.Inputs;

/** The checker itself (A7): a correct rule passes, a rule off by 1% fails, and the report says why. */
class GradCheckTest {
    /** sin(x) * y with a hand-written backward, optionally scaled by {@code factor} to be wrong. */
    static final class SinMul extends Function {
        final double factorX, factorY;

        SinMul(double factorX, double factorY) {
            this.factorX = factorX;
            this.factorY = factorY;
        }

        @Override
        protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
            ctx.saveForBackward(in[0], in[1]);
            return new Tensor[] {in[0].sin().mul(in[1])};
        }

        @Override
        protected Tensor[] backward(FunctionContext ctx, Tensor... g) {
            Tensor x = ctx.savedTensors()[0], y = ctx.savedTensors()[1];
            return new Tensor[] {g[0].mul(x.cos()).mul(y).mul(factorX), g[0].mul(x.sin()).mul(factorY)};
        }
    }

    static Tensor x() {
        return Inputs.tensor(Inputs.uniform(1, -2, 2, 4, 5), DType.FLOAT64);
    }

    static Tensor y() {
        return Inputs.tensor(Inputs.uniform(2, -2, 2, 4, 5), DType.FLOAT64);
    }

    @Test
    void correctRulePasses() {
        try (Scope s = Scope.open()) {
            GradCheck.Result r = GradCheck.assertPasses(xs -> new SinMul(1, 1).apply(xs)[0], x(), y());
            assertTrue(r.passed());
            assertTrue(r.relativeError() < 1e-7, r.toString());
            assertTrue(r.toString().contains("passed"), r.toString());
            GradCheck.assertPasses(xs -> xs[0].sin().mul(xs[1]).sum(), x(), y());
        }
    }

    @Test
    void ruleOffByOnePercentFails() {
        try (Scope s = Scope.open()) {
            GradCheck.Result r = GradCheck.check(xs -> new SinMul(1.01, 1.01).apply(xs)[0], x(), y());
            assertFalse(r.passed(), r.toString());
            // ||0.01 g|| / (||g|| + ||1.01 g||) = 0.01 / 2.01
            assertEquals(0.01 / 2.01, r.relativeError(), 1e-5, r.toString());
            assertFalse(r.warning(), "0.5% is above the warn limit 1e-3: a wrong rule");
            GradCheck.Result slightly = GradCheck.check(xs -> new SinMul(1.0001, 1.0001).apply(xs)[0], x(), y());
            assertFalse(slightly.passed(), "a 1e-4 error still fails: " + slightly);
            assertTrue(slightly.warning(), "below 1e-3 is flagged as a warning: " + slightly);
            AssertionError e = assertThrows(AssertionError.class, () -> GradCheck.assertPasses(xs -> new SinMul(1.01, 1.01).apply(xs)[0], x(), y()));
            assertTrue(e.getMessage().contains("FAILED"), e.getMessage());
            assertTrue(e.getMessage().contains("relative error"), e.getMessage());
            assertTrue(e.getMessage().contains("input 0 (4, 5)"), e.getMessage());
            assertTrue(e.getMessage().contains("numeric"), "the report shows the worst coordinate: " + e.getMessage());
        }
    }

    @Test
    void reportPointsAtTheWrongInput() {
        try (Scope s = Scope.open()) {
            GradCheck.Result r = GradCheck.check(xs -> new SinMul(1, 1.01).apply(xs)[0], x(), y());
            assertFalse(r.passed());
            assertTrue(r.inputErrors()[0] < 1e-7, r.toString());
            assertEquals(0.01 / 2.01, r.inputErrors()[1], 1e-5, r.toString());
            GradCheck.Result wrongSign = GradCheck.check(xs -> new SinMul(-1, 1).apply(xs)[0], x(), y());
            assertFalse(wrongSign.passed());
            assertFalse(wrongSign.warning(), "a sign error is far above the warn limit");
        }
    }

    @Test
    void builderSettings() {
        try (Scope s = Scope.open()) {
            GradCheck.Result loose = GradCheck.builder().tolerance(0.01).check(xs -> new SinMul(1.01, 1.01).apply(xs)[0], x(), y());
            assertTrue(loose.passed(), "tolerance 1e-2 accepts a 0.5% error: " + loose);
            assertEquals(0.01, loose.tolerance());
            GradCheck.Result bigEps = GradCheck.builder().eps(1e-4).tolerance(1e-6).check(xs -> xs[0].exp().sum(), x());
            assertTrue(bigEps.passed(), bigEps.toString());
            Tensor big = Inputs.tensor(Inputs.uniform(3, -1, 1, 100), DType.FLOAT64);
            GradCheck.Result sub = GradCheck.builder().coordinates(5, 42).check(xs -> xs[0].tanh().sum(), big);
            assertTrue(sub.passed(), sub.toString());
            assertTrue(sub.toString().contains("5 of 100 coordinates"), sub.toString());
            GradCheck.Result subWrong = GradCheck.builder().coordinates(5, 42).check(xs -> new SinMul(1.01, 1).apply(xs[0], xs[0].mul(0.0).add(1.0))[0], big);
            assertFalse(subWrong.passed(), "a coordinate subset still catches a wrong rule: " + subWrong);
            assertThrows(IllegalArgumentException.class, () -> GradCheck.builder().eps(0));
            assertThrows(IllegalArgumentException.class, () -> GradCheck.builder().tolerance(-1));
            assertThrows(IllegalArgumentException.class, () -> GradCheck.builder().coordinates(0, 1));
        }
    }

    @Test
    void specialInputsAndOutputs() {
        try (Scope s = Scope.open()) {
            // zero gradient on both sides: rel is 0 by definition
            GradCheck.Result zero = GradCheck.assertPasses(xs -> xs[0].mul(0.0).sum(), x());
            assertEquals(0, zero.relativeError());
            // a non-scalar output is weighted, so each element is checked
            GradCheck.assertPasses(xs -> xs[0].square(), x());
            // float32 inputs are checked on float64 copies
            GradCheck.assertPasses(xs -> xs[0].exp().mul(xs[0]), x().to(DType.FLOAT32));
            // integer inputs pass through undifferentiated
            Tensor index = Tensor.of(new long[] {0, 3, 3, 1}, 4, 1);
            GradCheck.Result g = GradCheck.assertPasses(xs -> xs[0].gather(1, xs[1]).square(), x(), index);
            assertTrue(g.toString().contains("not differentiated"), g.toString());
            // a scalar (0-d) input and output
            GradCheck.assertPasses(xs -> xs[0].mul(xs[0]).sin(), Tensor.scalar(0.7, DType.FLOAT64));
            // the caller's no-grad region does not blind the analytic side
            try (NoGradScope ng = Autograd.noGrad()) {
                GradCheck.assertPasses(xs -> xs[0].tanh().sum(), x());
                assertFalse(Autograd.isGradEnabled(), "and the region is restored");
            }
            // NaN gradients never pass
            GradCheck.Result nan = GradCheck.check(xs -> xs[0].sqrt().sum(), Tensor.of(new double[] {-1, 2}));
            assertFalse(nan.passed(), nan.toString());
        }
    }
}
