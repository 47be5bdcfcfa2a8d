package org.nn4j.ops;

import static org.nn4j.testing.OpCase.binary;
import static org.nn4j.testing.OpCase.unary;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nn4j.DType;
import org.nn4j.Tensor;
import org.nn4j.testing.Nd;
import org.nn4j.testing.OpCase;
import org.nn4j.testing.Ref;
import org.nn4j.testing.Shapes;

/**
 * Element-wise ops (T3, T4) against plain-Java float64 references, at odd shapes, broadcast
 * pairs and non-contiguous layouts, in float32 and float64; gradients by GradCheck in float64.
 */
class ElementwiseTest {
    static final DType F32 = DType.FLOAT32, F64 = DType.FLOAT64, I32 = DType.INT32, I64 = DType.INT64, BOOL = DType.BOOL;

    /** Unary ops, one line each; run at every odd shape. */
    static List<OpCase> unaryOps() {
        return List.of(
                unary("neg", Tensor::neg, v -> -v),
                unary("abs", Tensor::abs, Math::abs).awayFrom(0),
                unary("sign", Tensor::sign, Ref::sign).awayFrom(0),
                unary("exp", Tensor::exp, Math::exp).domain(-3, 3),
                unary("log", Tensor::log, Math::log).domain(0.05, 5),
                unary("log1p", Tensor::log1p, Math::log1p).domain(-0.9, 3),
                unary("expm1", Tensor::expm1, Math::expm1).domain(-3, 3),
                unary("sqrt", Tensor::sqrt, Math::sqrt).domain(0.05, 5),
                unary("rsqrt", Tensor::rsqrt, Ref::rsqrt).domain(0.05, 5),
                unary("square", Tensor::square, v -> v * v),
                unary("reciprocal", Tensor::reciprocal, v -> 1 / v).awayFrom(0).gap(0.1),
                unary("sin", Tensor::sin, Math::sin).domain(-4, 4),
                unary("cos", Tensor::cos, Math::cos).domain(-4, 4),
                unary("tanh", Tensor::tanh, Math::tanh).domain(-4, 4),
                unary("sigmoid", Tensor::sigmoid, Ref::sigmoid).domain(-6, 6),
                unary("relu", Tensor::relu, Ref::relu).awayFrom(0),
                unary("floor", Tensor::floor, Math::floor).awayFrom(-2, -1, 0, 1, 2),
                unary("ceil", Tensor::ceil, Math::ceil).awayFrom(-2, -1, 0, 1, 2),
                unary("round", Tensor::round, Math::rint).awayFrom(-1.5, -0.5, 0.5, 1.5),
                unary("pow(2.5)", x -> x.pow(2.5), v -> Math.pow(v, 2.5)).domain(0.1, 3),
                unary("pow(3)", x -> x.pow(3.0), v -> v * v * v),
                unary("pow(-1.5)", x -> x.pow(-1.5), v -> Math.pow(v, -1.5)).domain(0.2, 3),
                unary("clamp(-0.5, 0.7)", x -> x.clamp(-0.5, 0.7), v -> Math.min(Math.max(v, -0.5), 0.7)).awayFrom(-0.5, 0.7),
                // scalar overloads take the tensor's dtype
                unary("add(1.5)", x -> x.add(1.5), v -> v + 1.5),
                unary("sub(0.25)", x -> x.sub(0.25), v -> v - 0.25),
                unary("mul(-3)", x -> x.mul(-3.0), v -> v * -3),
                unary("div(4)", x -> x.div(4.0), v -> v / 4),
                unary("maximum(0.3)", x -> x.maximum(0.3), v -> Math.max(v, 0.3)).awayFrom(0.3),
                unary("minimum(0.3)", x -> x.minimum(0.3), v -> Math.min(v, 0.3)).awayFrom(0.3));
    }

    /** Binary ops, one line each; run at every broadcast pair. */
    static List<OpCase> binaryOps() {
        return List.of(
                binary("add", Tensor::add, Double::sum),
                binary("sub", Tensor::sub, (a, b) -> a - b),
                binary("mul", Tensor::mul, (a, b) -> a * b),
                binary("div", Tensor::div, (a, b) -> a / b).awayFrom(0).gap(0.1),
                binary("pow", Tensor::pow, Math::pow).domain(0.2, 2.5),
                binary("maximum", Tensor::maximum, Math::max),
                binary("minimum", Tensor::minimum, Math::min));
    }

    /** Comparisons and logic: integer-valued inputs so that equal elements occur. */
    static List<OpCase> comparisonOps() {
        return List.of(
                binary("eq", Tensor::eq, (a, b) -> Ref.bool(a == b)).ints(-2, 2).returns(BOOL).forwardOnly(),
                binary("ne", Tensor::ne, (a, b) -> Ref.bool(a != b)).ints(-2, 2).returns(BOOL).forwardOnly(),
                binary("lt", Tensor::lt, (a, b) -> Ref.bool(a < b)).ints(-2, 2).returns(BOOL).forwardOnly(),
                binary("le", Tensor::le, (a, b) -> Ref.bool(a <= b)).ints(-2, 2).returns(BOOL).forwardOnly(),
                binary("gt", Tensor::gt, (a, b) -> Ref.bool(a > b)).ints(-2, 2).returns(BOOL).forwardOnly(),
                binary("ge", Tensor::ge, (a, b) -> Ref.bool(a >= b)).ints(-2, 2).returns(BOOL).forwardOnly(),
                binary("logicalAnd", Tensor::logicalAnd, (a, b) -> Ref.bool(a != 0 && b != 0)).ints(0, 1).dtypes(BOOL).forwardOnly(),
                binary("logicalOr", Tensor::logicalOr, (a, b) -> Ref.bool(a != 0 || b != 0)).ints(0, 1).dtypes(BOOL).forwardOnly(),
                binary("logicalXor", Tensor::logicalXor, (a, b) -> Ref.bool((a != 0) != (b != 0))).ints(0, 1).dtypes(BOOL).forwardOnly());
    }

    static Stream<OpCase> unaryCases() {
        return unaryOps().stream().flatMap(c -> Shapes.ODD.stream().map(c::at));
    }

    static Stream<OpCase> binaryCases() {
        return Stream.concat(binaryOps().stream(), comparisonOps().stream())
                .flatMap(c -> Shapes.BROADCAST_PAIRS.stream().map(c::shapes));
    }

    static Stream<OpCase> otherCases() {
        return Stream.of(
                unary("eq(1)", x -> x.eq(1.0), v -> Ref.bool(v == 1)).ints(-2, 2).returns(BOOL).forwardOnly(),
                unary("lt(0)", x -> x.lt(0.0), v -> Ref.bool(v < 0)).ints(-2, 2).returns(BOOL).forwardOnly(),
                unary("ge(0)", x -> x.ge(0.0), v -> Ref.bool(v >= 0)).ints(-2, 2).returns(BOOL).forwardOnly(),
                unary("logicalNot", Tensor::logicalNot, v -> Ref.bool(v == 0)).ints(0, 1).dtypes(BOOL).forwardOnly(),
                // log of negatives gives NaN: isNan/isFinite see a real mixture
                unary("log.isNan", x -> x.log().isNan(), v -> Ref.bool(Double.isNaN(Math.log(v)))).domain(-1, 1).returns(BOOL).forwardOnly(),
                unary("log.isFinite", x -> x.log().isFinite(), v -> Ref.bool(Double.isFinite(Math.log(v)))).domain(-1, 1).returns(BOOL).forwardOnly(),
                // where: the condition is computed from input 0 (not differentiable); a and b get gradients
                OpCase.of("where", xs -> Tensor.where(xs[0].gt(0.0), xs[1], xs[2]),
                        xs -> Nd.where(xs[0].map(v -> Ref.bool(v > 0)), xs[1], xs[2])).shapes(Shapes.SMALL, Shapes.SMALL, Shapes.SMALL),
                OpCase.of("where", xs -> Tensor.where(xs[0].gt(0.0), xs[1], xs[2]),
                        xs -> Nd.where(xs[0].map(v -> Ref.bool(v > 0)), xs[1], xs[2])).shapes(Shapes.BATCHED, Shapes.BATCHED, Shapes.BATCHED),
                OpCase.of("where", xs -> Tensor.where(xs[0].gt(0.0), xs[1], xs[2]),
                        xs -> Nd.where(xs[0].map(v -> Ref.bool(v > 0)), xs[1], xs[2]))
                        .shapes(new long[] {7, 1}, new long[] {1, 13}, Shapes.SCALAR),
                OpCase.of("where", xs -> Tensor.where(xs[0].gt(0.0), xs[1], xs[2]),
                        xs -> Nd.where(xs[0].map(v -> Ref.bool(v > 0)), xs[1], xs[2]))
                        .shapes(Shapes.LARGE, new long[] {129, 1}, new long[] {65}),
                // integer arithmetic is exact
                binary("add", Tensor::add, Double::sum).ints(-50, 50).dtypes(I32, I64).forwardOnly().shapes(Shapes.SMALL, new long[] {1, 13}),
                binary("sub", Tensor::sub, (a, b) -> a - b).ints(-50, 50).dtypes(I32, I64).forwardOnly().at(Shapes.LARGE),
                binary("mul", Tensor::mul, (a, b) -> a * b).ints(-50, 50).dtypes(I32, I64).forwardOnly().shapes(Shapes.BATCHED, Shapes.SCALAR),
                binary("maximum", Tensor::maximum, Math::max).ints(-50, 50).dtypes(I32, I64).forwardOnly().at(Shapes.SMALL),
                binary("minimum", Tensor::minimum, Math::min).ints(-50, 50).dtypes(I32, I64).forwardOnly().at(Shapes.SMALL),
                binary("lt", Tensor::lt, (a, b) -> Ref.bool(a < b)).ints(-2, 2).dtypes(I32, I64).returns(BOOL).forwardOnly().at(Shapes.SMALL),
                unary("neg", Tensor::neg, v -> -v).ints(-50, 50).dtypes(I32, I64).forwardOnly().at(Shapes.SMALL),
                unary("abs", Tensor::abs, Math::abs).ints(-50, 50).dtypes(I32, I64).forwardOnly().at(Shapes.SMALL));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unaryCases")
    void unaryOp(OpCase c) {
        c.run();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("binaryCases")
    void binaryOp(OpCase c) {
        c.run();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherCases")
    void otherOp(OpCase c) {
        c.run();
    }
}
