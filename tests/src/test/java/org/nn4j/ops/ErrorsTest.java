package org.nn4j.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Tensor;

/**
 * Bad shapes, dtypes, indices, NaN and empty tensors: clear exceptions that name the op and
 * the shapes, thrown before any native call, never a crash; NaN propagates (K17) and
 * checkFinite reports it.
 */
class ErrorsTest {
    /** A call that must throw {@code type} with every one of {@code words} in its message. */
    record Bad(String what, Class<? extends Throwable> type, Function<Tensor[], Object> call, String... words) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Bad bad(String what, Function<Tensor[], Object> call, String... words) {
        return new Bad(what, IllegalArgumentException.class, call, words);
    }

    static Tensor f32(long... shape) {
        return Tensor.ones(shape);
    }

    static Tensor f64(long... shape) {
        return Tensor.ones(DType.FLOAT64, shape);
    }

    static Stream<Bad> badCalls() {
        return Stream.of(
                bad("add (2,3)+(4,3)", t -> f32(2, 3).add(f32(4, 3)), "add", "(2, 3)", "(4, 3)"),
                bad("mul (7,13)*(13,7)", t -> f32(7, 13).mul(f32(13, 7)), "mul", "(7, 13)", "(13, 7)"),
                bad("where shapes", t -> Tensor.where(f32(2, 3).gt(0.0), f32(3, 2), f32(2, 3)), "where", "(3, 2)"),
                bad("eq shapes", t -> f32(5).eq(f32(4)), "eq", "(5)", "(4)"),
                bad("add f32+f64", t -> f32(2, 3).add(f64(2, 3)), "add", "float32", "float64"),
                bad("matmul f32@f64", t -> f32(2, 3).matmul(f64(3, 2)), "matmul", "float32", "float64"),
                bad("matmul inner", t -> f32(2, 3).matmul(f32(4, 5)), "matmul", "(2, 3)", "(4, 5)"),
                bad("matmul batch", t -> f32(2, 3, 4).matmul(f32(3, 4, 5)), "matmul", "(2, 3, 4)", "(3, 4, 5)"),
                bad("matmul 0-d", t -> Tensor.scalar(2).matmul(f32(3)), "matmul", "()"),
                bad("matmul int", t -> Tensor.ones(DType.INT32, 2, 2).matmul(Tensor.ones(DType.INT32, 2, 2)), "matmul", "int32"),
                bad("dot lengths", t -> f32(3).dot(f32(4)), "dot", "(3)", "(4)"),
                bad("reshape count", t -> f32(2, 3).reshape(4, 2), "reshape", "(2, 3)", "(4, 2)"),
                bad("reshape two -1", t -> f32(2, 3).reshape(-1, -1), "reshape", "-1"),
                bad("permute repeats", t -> f32(2, 3, 4).permute(0, 0, 1), "permute", "(2, 3, 4)"),
                bad("permute length", t -> f32(2, 3, 4).permute(1, 0), "permute", "(2, 3, 4)"),
                bad("transpose axis", t -> f32(2, 3).transpose(0, 2), "transpose", "(2, 3)"),
                bad("sum axis 2 of 2-d", t -> f32(2, 3).sum(false, 2), "sum", "(2, 3)"),
                bad("mean axis -3 of 2-d", t -> f32(2, 3).mean(true, -3), "mean", "(2, 3)"),
                bad("squeeze non-1", t -> f32(2, 3).squeeze(0), "squeeze", "(2, 3)"),
                bad("expand incompatible", t -> f32(2, 3).expand(4, 3), "expand", "(2, 3)", "(4, 3)"),
                bad("slice step 0", t -> f32(5).slice(0, 0, 5, 0), "slice", "step"),
                bad("slice axis", t -> f32(5).slice(1, 0, 5), "slice", "(5)"),
                bad("select index", t -> f32(2, 3).select(1, 3), "select", "(2, 3)"),
                bad("concat shapes", t -> Tensor.concat(0, f32(2, 3), f32(2, 4)), "concat", "(2, 3)", "(2, 4)"),
                bad("concat dtypes", t -> Tensor.concat(0, f32(2, 3), f64(2, 3)), "concat", "float32", "float64"),
                bad("concat nothing", t -> Tensor.concat(0), "concat"),
                bad("stack shapes", t -> Tensor.stack(0, f32(2, 3), f32(3, 2)), "stack", "(2, 3)", "(3, 2)"),
                bad("split sizes", t -> f32(2, 7).split(1, 3, 3), "split", "(2, 7)"),
                bad("chunk 0", t -> f32(2, 7).chunk(1, 0), "chunk"),
                bad("gather float index", t -> f32(2, 3).gather(1, f32(2, 3)), "gather", "float32"),
                bad("gather index out of range", t -> f32(2, 3).gather(1, Tensor.full(3, DType.INT64, 2, 2)), "gather", "3"),
                bad("gather negative index", t -> f32(2, 3).gather(0, Tensor.full(-1, DType.INT64, 2, 3)), "gather", "-1"),
                bad("gather rank", t -> f32(2, 3).gather(1, Tensor.zeros(DType.INT64, 6)), "gather", "(2, 3)", "(6)"),
                bad("scatterAdd out of range", t -> f32(2, 3).scatterAdd(1, Tensor.full(5, DType.INT64, 2, 1), f32(2, 1)), "scatterAdd", "5"),
                bad("scatterAdd src shape", t -> f32(2, 3).scatterAdd(1, Tensor.zeros(DType.INT64, 2, 2), f32(1, 1)), "scatterAdd", "(1, 1)"),
                bad("max of empty", t -> f32(0, 3).max(false, 0), "max", "(0, 3)"),
                bad("argmax of empty", t -> f32(4, 0).argmax(1, false), "argmax", "(4, 0)"),
                bad("min of empty", t -> Tensor.zeros(0).min(), "min", "(0)"),
                bad("item of 3 values", t -> f32(3).item(), "item", "(3)"),
                bad("logicalAnd of floats", t -> f32(3).logicalAnd(f32(3)), "logicalAnd", "float32"),
                bad("requiresGrad int", t -> Tensor.ones(DType.INT64, 3).requiresGrad(true), "requiresGrad", "int64"),
                bad("of shape", t -> Tensor.of(new float[] {1, 2, 3}, 2, 2), "(2, 2)", "3"),
                bad("zeros negative", t -> Tensor.zeros(2, -1), "-1"),
                bad("arange step 0", t -> Tensor.arange(0, 5, 0, DType.FLOAT32), "arange", "step"),
                bad("linspace negative", t -> Tensor.linspace(0, 1, -2), "linspace", "-2"),
                new Bad("backward of non-scalar", IllegalStateException.class,
                        t -> { f32(2, 3).requiresGrad(true).mul(2.0).backward(); return null; }, "backward", "upstream"),
                new Bad("in-place on a leaf that requires grad", RuntimeException.class,
                        t -> f32(2, 3).requiresGrad(true).fill(0), "fill"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCalls")
    void clearException(Bad b) {
        try (Scope s = Scope.open()) {
            Throwable e = assertThrows(Throwable.class, () -> b.call().apply(null), b.what());
            if (!b.type().isInstance(e)) throw new AssertionError(b.what() + ": threw " + e + ", expected " + b.type().getSimpleName(), e);
            String msg = String.valueOf(e.getMessage());
            for (String w : b.words())
                assertTrue(msg.contains(w), b.what() + ": message does not contain \"" + w + "\": " + msg);
        }
    }

    @Test
    void emptyTensorsGiveEmptyResults() {
        try (Scope s = Scope.open()) {
            Tensor e = Tensor.zeros(0, 3);
            assertArrayEquals(new long[] {0, 3}, e.exp().dims());
            assertArrayEquals(new long[] {0, 3}, e.add(Tensor.ones(1, 3)).dims());
            assertArrayEquals(new long[] {3}, e.sum(false, 0).dims());
            assertArrayEquals(new float[] {0, 0, 0}, e.sum(false, 0).toFloatArray(), "sum over nothing is 0");
            assertArrayEquals(new float[] {1, 1, 1}, e.prod(false, 0).toFloatArray(), "prod over nothing is 1");
            assertTrue(Double.isNaN(e.mean().item()), "mean over nothing is NaN");
            assertArrayEquals(new long[] {0}, e.sum(false, 1).dims());
            assertArrayEquals(new long[] {0, 5}, e.matmul(Tensor.ones(3, 5)).dims());
            assertArrayEquals(new float[] {0, 0, 0, 0}, Tensor.ones(2, 0).matmul(Tensor.ones(0, 2)).toFloatArray(), "K = 0 gives zeros");
            assertArrayEquals(new long[] {3, 0}, e.t().dims());
            assertArrayEquals(new long[] {2, 3}, Tensor.concat(0, e, Tensor.ones(2, 3)).dims());
            assertEquals(0, e.toFloatArray().length);
            assertEquals(0, Tensor.ones(5).slice(0, 3, 3).numel());
            assertTrue(e.toString().contains("(0, 3)"));
        }
    }

    @Test
    void nanPropagatesAndCheckFiniteReportsIt() {
        try (Scope s = Scope.open()) {
            for (DType d : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                Tensor x = Tensor.of(new double[] {1, Double.NaN, 2, 3, Double.POSITIVE_INFINITY, 4}, 2, 3).to(d);
                double[] y = x.exp().mul(2.0).add(x).toDoubleArray();
                assertTrue(Double.isNaN(y[1]), "NaN through exp/mul/add " + d);
                assertTrue(Double.isNaN(x.sum().item()), "sum with NaN " + d);
                assertTrue(Double.isNaN(x.max().item()), "max with NaN " + d);
                assertTrue(Double.isNaN(x.min(false, 1).toDoubleArray()[0]), "min over a row with NaN " + d);
                assertTrue(Double.isNaN(x.matmul(Tensor.ones(d, 3, 2)).toDoubleArray()[0]), "matmul with NaN " + d);
                assertTrue(Double.isNaN(x.relu().toDoubleArray()[1]), "relu(NaN) " + d);
                assertTrue(Double.isNaN(x.maximum(0.0).toDoubleArray()[1]), "maximum(NaN, 0) " + d);
                assertTrue(Double.isNaN(x.clamp(0, 1).toDoubleArray()[1]), "clamp(NaN) " + d);
                assertTrue(Double.isNaN(Tensor.of(new double[] {-1}).to(d).sqrt().item()), "sqrt(-1) " + d);
                ArithmeticException e = assertThrows(ArithmeticException.class, () -> x.checkFinite("layer3.out"));
                assertTrue(e.getMessage().contains("layer3.out"), e.getMessage());
                assertTrue(e.getMessage().contains("2"), "count of non-finite values: " + e.getMessage());
                assertTrue(e.getMessage().contains("1"), "first index: " + e.getMessage());
                Tensor ok = Tensor.ones(d, 2, 2);
                assertEquals(ok, ok.checkFinite("fine"), "checkFinite returns the tensor when all values are finite");
            }
        }
    }

    @Test
    void gradOfNanIsNanNotMasked() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new double[] {1, Double.NaN, 2}).requiresGrad(true);
            x.mul(x).sum().backward();
            double[] g = x.grad().toDoubleArray();
            assertEquals(2, g[0]);
            assertTrue(Double.isNaN(g[1]));
        }
    }
}
