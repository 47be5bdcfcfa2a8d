package org.nn4j.ops;

import static org.nn4j.testing.OpCase.unary;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nn4j.DType;
import org.nn4j.testing.OpCase;
import org.nn4j.testing.Ref;
import org.nn4j.testing.Shapes;

/**
 * Casts between every pair of dtypes (float to int truncates toward zero, anything to bool is
 * "!= 0"), at odd shapes and non-contiguous layouts. Gradients: float64 -> float64 only
 * (a float32 result cannot resolve GradCheck's 1e-7 steps).
 */
class CastTest {
    static final DType F32 = DType.FLOAT32, F64 = DType.FLOAT64, I32 = DType.INT32, I64 = DType.INT64, BOOL = DType.BOOL;

    static Stream<OpCase> cases() {
        return Stream.of(
                unary("to(float64)", x -> x.to(F64), v -> v).dtypes(F32, I32, I64, BOOL).ints(-100, 100).returns(F64).forwardOnly(),
                unary("to(float64)", x -> x.to(F64), v -> v).dtypes(F32).domain(-1e6, 1e6).returns(F64).forwardOnly(),
                unary("to(float32)", x -> x.to(F32), v -> (float) v).dtypes(F64).domain(-3, 3).returns(F32).forwardOnly(),
                unary("to(float32)", x -> x.to(F32), v -> v).dtypes(I32, I64, BOOL).ints(-1000, 1000).returns(F32).forwardOnly(),
                unary("to(int32)", x -> x.to(I32), v -> (double) (long) v).dtypes(F32, F64).domain(-100, 100).returns(I32).forwardOnly(),
                unary("to(int64)", x -> x.to(I64), v -> (double) (long) v).dtypes(F32, F64).domain(-1e6, 1e6).returns(I64).forwardOnly(),
                unary("to(int64)", x -> x.to(I64), v -> v).dtypes(I32, BOOL).ints(-100, 100).returns(I64).forwardOnly(),
                unary("to(int32)", x -> x.to(I32), v -> v).dtypes(I64).ints(-100000, 100000).returns(I32).forwardOnly(),
                unary("to(bool)", x -> x.to(BOOL), v -> Ref.bool(v != 0)).dtypes(F32, F64, I32, I64).ints(-1, 1).returns(BOOL).forwardOnly(),
                unary("to(bool) fractions", x -> x.to(BOOL), v -> Ref.bool(v != 0)).dtypes(F32, F64).domain(-0.5, 0.5).returns(BOOL).forwardOnly(),
                unary("to(float64) chain", x -> x.to(F64).mul(x.to(F64)), v -> v * v).dtypes(F64))
                .flatMap(c -> Stream.of(Shapes.ONE, Shapes.SMALL, Shapes.LARGE, Shapes.BATCHED).map(c::at));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void cast(OpCase c) {
        c.run();
    }
}
