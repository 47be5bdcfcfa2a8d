package org.nn4j.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.testing.Check;
import org.nn4j.testing.Inputs;
import org.nn4j.testing.Nd;
import org.nn4j.testing.OpCase;
import org.nn4j.testing.Tol;

/**
 * Shape and indexing ops (T2): views and copies against the reference, gradients by GradCheck
 * (these ops are linear, so any error is a wrong rule), and the view/copy contract.
 */
class ShapeOpsTest {
    static long[] s(long... d) {
        return d;
    }

    static OpCase one(String name, java.util.function.UnaryOperator<Tensor> op, java.util.function.UnaryOperator<Nd> ref, long[] shape) {
        return OpCase.of(name, xs -> op.apply(xs[0]), xs -> ref.apply(xs[0])).at(shape);
    }

    static Stream<OpCase> cases() {
        return Stream.of(
                one("reshape(13, 7)", x -> x.reshape(13, 7), x -> x.reshape(13, 7), s(7, 13)),
                one("reshape(-1)", x -> x.reshape(-1), x -> x.reshape(-1), s(7, 13)),
                one("reshape(-1, 13)", x -> x.reshape(-1, 13), x -> x.reshape(-1, 13), s(3, 7, 13)),
                one("reshape(3, -1, 1)", x -> x.reshape(3, -1, 1), x -> x.reshape(3, -1, 1), s(3, 7, 13)),
                one("reshape(1, 1, 1)", x -> x.reshape(1, 1, 1), x -> x.reshape(1, 1, 1), s(1, 1)),
                one("flatten", Tensor::flatten, x -> x.reshape(-1), s(3, 7, 13)),
                one("permute(2, 0, 1)", x -> x.permute(2, 0, 1), x -> x.permute(2, 0, 1), s(3, 7, 13)),
                one("permute(-1, 0, -2)", x -> x.permute(-1, 0, -2), x -> x.permute(2, 0, 1), s(3, 7, 13)),
                one("transpose(0, 2)", x -> x.transpose(0, 2), x -> x.transpose(0, 2), s(3, 7, 13)),
                one("transpose(-1, -2)", x -> x.transpose(-1, -2), x -> x.transpose(1, 2), s(3, 7, 13)),
                one("t", Tensor::t, x -> x.transpose(0, 1), s(129, 65)),
                one("squeeze", Tensor::squeeze, x -> x.reshape(7, 13), s(1, 7, 1, 13)),
                one("squeeze(2)", x -> x.squeeze(2), x -> x.reshape(1, 7, 13), s(1, 7, 1, 13)),
                one("squeeze(-4)", x -> x.squeeze(-4), x -> x.reshape(7, 1, 13), s(1, 7, 1, 13)),
                one("unsqueeze(0)", x -> x.unsqueeze(0), x -> x.reshape(1, 7, 13), s(7, 13)),
                one("unsqueeze(-1)", x -> x.unsqueeze(-1), x -> x.reshape(7, 13, 1), s(7, 13)),
                one("unsqueeze(1)", x -> x.unsqueeze(1), x -> x.reshape(7, 1, 13), s(7, 13)),
                one("expand(7, 13)", x -> x.expand(7, 13), x -> x.broadcastTo(s(7, 13)), s(7, 1)),
                one("expand(3, 7, 13)", x -> x.expand(3, 7, 13), x -> x.broadcastTo(s(3, 7, 13)), s(1, 13)),
                one("expand(3, 7, 13).add(1)", x -> x.expand(3, 7, 13).add(1.0), x -> x.broadcastTo(s(3, 7, 13)).map(v -> v + 1), s(3, 1, 13)),
                one("slice(1, 2, 11)", x -> x.slice(1, 2, 11), x -> x.slice(1, 2, 11, 1), s(7, 13)),
                one("slice(1, -5, -1)", x -> x.slice(1, -5, -1), x -> x.slice(1, -5, -1, 1), s(7, 13)),
                one("slice(0, 1, 7, 2)", x -> x.slice(0, 1, 7, 2), x -> x.slice(0, 1, 7, 2), s(7, 13)),
                one("slice(-1, 12, 0, -3)", x -> x.slice(-1, 12, 0, -3), x -> x.slice(-1, 12, 0, -3), s(7, 13)),
                one("slice(1, -1, -14, -1)", x -> x.slice(1, -1, -14, -1), x -> x.slice(1, -1, -14, -1), s(7, 13)),
                one("slice(0, -100, 100)", x -> x.slice(0, -100, 100), x -> x.slice(0, -100, 100, 1), s(7, 13)),
                one("slice(1, 3, 100, 4)", x -> x.slice(1, 3, 100, 4), x -> x.slice(1, 3, 100, 4), s(3, 7, 13)),
                one("slice(1, 100, -100, -2)", x -> x.slice(1, 100, -100, -2), x -> x.slice(1, 100, -100, -2), s(3, 7, 13)),
                one("slice(0, 5, 5)", x -> x.slice(0, 5, 5), x -> x.slice(0, 5, 5, 1), s(7, 13)).forwardOnly(),
                one("slice.slice", x -> x.slice(1, 1, 12, 2).slice(0, -1, -8, -2), x -> x.slice(1, 1, 12, 2).slice(0, -1, -8, -2), s(7, 13)),
                one("select(0, -1)", x -> x.select(0, -1), x -> x.select(0, -1), s(7, 13)),
                one("select(1, 3)", x -> x.select(1, 3), x -> x.select(1, 3), s(3, 7, 13)),
                one("contiguous", x -> x.transpose(0, 1).contiguous(), x -> x.transpose(0, 1), s(7, 13)),
                one("clone", x -> x.slice(1, 1, 13, 3).clone(), x -> x.slice(1, 1, 13, 3), s(7, 13)),
                OpCase.of("concat(0)", xs -> Tensor.concat(0, xs[0], xs[1]), xs -> Nd.concat(0, xs[0], xs[1])).shapes(s(3, 13), s(4, 13)),
                OpCase.of("concat(-1)", xs -> Tensor.concat(-1, xs[0], xs[1], xs[2]), xs -> Nd.concat(-1, xs[0], xs[1], xs[2]))
                        .shapes(s(2, 7, 2), s(2, 7, 5), s(2, 7, 6)),
                OpCase.of("concat(1)", xs -> Tensor.concat(1, xs[0], xs[1]), xs -> Nd.concat(1, xs[0], xs[1])).shapes(s(65, 129), s(65, 1)),
                OpCase.of("stack(0)", xs -> Tensor.stack(0, xs[0], xs[1], xs[2]), xs -> Nd.stack(0, xs[0], xs[1], xs[2])).shapes(s(7, 13), s(7, 13), s(7, 13)),
                OpCase.of("stack(-1)", xs -> Tensor.stack(-1, xs[0], xs[1]), xs -> Nd.stack(-1, xs[0], xs[1])).shapes(s(7, 13), s(7, 13)),
                OpCase.of("stack(1)", xs -> Tensor.stack(1, xs[0], xs[1]), xs -> Nd.stack(1, xs[0], xs[1])).shapes(s(3, 7, 13), s(3, 7, 13)),
                // pieces reassembled in another order, so forward and backward see every piece
                one("split(1, 3, 4, 6)", x -> reorder(1, x.split(1, 3, 4, 6)), x -> reorder(1, x.split(1, 3, 4, 6)), s(7, 13)),
                one("split(-1, 13)", x -> x.split(-1, 13)[0], x -> x, s(7, 13)),
                one("chunk(0, 3)", x -> reorder(0, x.chunk(0, 3)), x -> reorder(0, x.split(0, 2, 2, 2)), s(6, 13)),
                one("chunk(-1, 13)", x -> reorder(-1, x.chunk(-1, 13)), x -> reorder(-1, x.split(-1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1)), s(3, 7, 13)),
                // gather / scatterAdd with repeated indices (int64 index tensors made inside the op)
                gather(1, s(7, 13), s(7, 20)),
                gather(0, s(7, 13), s(4, 13)),
                gather(-2, s(3, 7, 13), s(3, 11, 13)),
                gather(2, s(3, 7, 13), s(2, 5, 30)),
                scatterAdd(1, s(7, 13), s(7, 20)),
                scatterAdd(0, s(7, 13), s(9, 13)),
                scatterAdd(-1, s(3, 7, 13), s(3, 7, 40)));
    }

    static Tensor reorder(int axis, Tensor[] parts) {
        Tensor[] r = new Tensor[parts.length];
        for (int i = 0; i < parts.length; i++) r[i] = parts[(i + 2) % parts.length];
        return Tensor.concat(axis, r);
    }

    static Nd reorder(int axis, Nd[] parts) {
        Nd[] r = new Nd[parts.length];
        for (int i = 0; i < parts.length; i++) r[i] = parts[(i + 2) % parts.length];
        return Nd.concat(axis, r);
    }

    static OpCase gather(int axis, long[] shape, long[] indexShape) {
        int a = axis < 0 ? axis + shape.length : axis;
        Nd index = Inputs.indices(axis * 7 + 11, shape[a], indexShape);
        return OpCase.of("gather(" + axis + ", index" + java.util.Arrays.toString(indexShape) + ")",
                xs -> xs[0].gather(axis, Inputs.tensor(index, DType.INT64).to(xs[0].device())), xs -> xs[0].gather(axis, index)).at(shape);
    }

    static OpCase scatterAdd(int axis, long[] shape, long[] indexShape) {
        int a = axis < 0 ? axis + shape.length : axis;
        Nd index = Inputs.indices(axis * 5 + 3, shape[a], indexShape);
        return OpCase.of("scatterAdd(" + axis + ", index" + java.util.Arrays.toString(indexShape) + ")",
                xs -> xs[0].scatterAdd(axis, Inputs.tensor(index, DType.INT64).to(xs[0].device()), xs[1]),
                xs -> xs[0].scatterAdd(axis, index, xs[1])).shapes(shape, indexShape);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shapeOp(OpCase c) {
        c.run();
    }

    @Test
    void viewsShareStorageAndCopiesDoNot() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.zeros(DType.FLOAT64, 4, 6);
            Tensor r = x.reshape(6, 4), t = x.t(), sl = x.slice(1, 1, 5, 2), sel = x.select(0, 2);
            Tensor c = x.clone(), tc = x.t().contiguous();
            x.fill(3);
            for (Tensor v : new Tensor[] {r, t, sl, sel}) assertEquals(3 * v.numel(), v.sum().item(), "view " + v);
            assertEquals(0, c.sum().item(), "clone is a copy");
            assertEquals(0, tc.sum().item(), "contiguous() of a transposed view is a copy");
            assertFalse(t.isContiguous());
            assertTrue(x.isContiguous());
            assertArrayEquals(new long[] {1, 6}, t.strides());
            assertArrayEquals(new long[] {6, 2}, sl.strides());
            Tensor e = Tensor.ones(3, 1).expand(3, 5);
            assertArrayEquals(new long[] {1, 0}, e.strides());
        }
    }

    @Test
    void reshapeOfTransposedViewKeepsValues() {
        try (Scope s = Scope.open()) {
            Nd x = Inputs.uniform(5, -1, 1, 4, 6);
            Tensor t = Inputs.tensor(x, DType.FLOAT32).t();
            Check.assertClose("t().reshape(-1)", x.transpose(0, 1).reshape(-1), t.reshape(-1), Tol.F32);
        }
    }

    @Test
    void chunkUnevenSizesReassemble() {
        try (Scope s = Scope.open()) {
            Nd x = Inputs.uniform(9, -1, 1, 7, 13);
            Tensor t = Inputs.tensor(x, DType.FLOAT64);
            Tensor[] parts = t.chunk(0, 3);
            assertEquals(3, parts.length, "chunk(0, 3) of 7 rows");
            Check.assertClose("concat(chunk)", x, Tensor.concat(0, parts), Tol.F64);
        }
    }
}
