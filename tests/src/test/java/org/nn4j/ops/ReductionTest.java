package org.nn4j.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.testing.Check;
import org.nn4j.testing.Inputs;
import org.nn4j.testing.Nd;
import org.nn4j.testing.OpCase;
import org.nn4j.testing.Ref;
import org.nn4j.testing.Shapes;
import org.nn4j.testing.Tol;

/**
 * Reductions (T5) over every subset of axes, with and without keepDims, at odd shapes; axes
 * are passed alternately as positive and negative numbers. Gradients by GradCheck except at
 * (129, 65), where a float64 sum of 8385 terms is too noisy for eps 1e-7 differences.
 */
class ReductionTest {
    static Tensor call(String name, Tensor x, boolean keep, int[] axes) {
        return switch (name) {
            case "sum" -> x.sum(keep, axes);
            case "mean" -> x.mean(keep, axes);
            case "max" -> x.max(keep, axes);
            case "min" -> x.min(keep, axes);
            case "prod" -> x.prod(keep, axes);
            case "logsumexp" -> x.logsumexp(keep, axes);
            case "norm2" -> x.norm2(keep, axes);
            case "var0" -> x.var(0, keep, axes);
            case "var1" -> x.var(1, keep, axes);
            case "std0" -> x.std(0, keep, axes);
            case "std1" -> x.std(1, keep, axes);
            default -> throw new IllegalArgumentException(name);
        };
    }

    static ToDoubleFunction<double[]> ref(String name) {
        return switch (name) {
            case "sum" -> Ref::sum;
            case "mean" -> Ref::mean;
            case "max" -> Ref::max;
            case "min" -> Ref::min;
            case "prod" -> Ref::prod;
            case "logsumexp" -> Ref::logsumexp;
            case "norm2" -> Ref::norm2;
            case "var0" -> v -> Ref.var(v, 0);
            case "var1" -> v -> Ref.var(v, 1);
            case "std0" -> v -> Math.sqrt(Ref.var(v, 0));
            case "std1" -> v -> Math.sqrt(Ref.var(v, 1));
            default -> throw new IllegalArgumentException(name);
        };
    }

    static final List<String> OPS = List.of("sum", "mean", "max", "min", "prod", "logsumexp", "norm2", "var0", "var1", "std0", "std1");

    /** Every subset of the axes of a rank-r array, the empty one meaning "all" (no axes given). */
    static List<int[]> subsets(int rank) {
        List<int[]> out = new ArrayList<>();
        for (int mask = 0; mask < 1 << rank; mask++) {
            int[] ax = new int[Integer.bitCount(mask)];
            for (int a = 0, k = 0; a < rank; a++) if ((mask & 1 << a) != 0) ax[k++] = mask % 2 == 1 ? a - rank : a;
            out.add(ax);
        }
        return out;
    }

    static OpCase reduction(String name, long[] shape, int[] axes, boolean keep) {
        ToDoubleFunction<double[]> r = ref(name);
        OpCase c = OpCase.of(name + Arrays.toString(axes) + (keep ? " keepDims" : ""),
                xs -> call(name, xs[0], keep, axes), xs -> xs[0].reduce(r, keep, axes)).at(shape);
        if (name.equals("prod")) c = c.domain(-1.5, 1.5).awayFrom(0).gap(0.5);
        if (name.equals("logsumexp")) c = c.domain(-3, 3);
        if (name.startsWith("norm2")) c = c.awayFrom(0);
        long reduced = 1;
        for (int a : (axes.length == 0 ? allAxes(shape.length) : axes)) reduced *= shape[a < 0 ? a + shape.length : a];
        // one-element sub-spaces: var with ddof 1 is 0/0 = NaN, std has an infinite slope at 0
        boolean singular = reduced == 1 && (name.equals("var1") || name.startsWith("std"));
        if (shape == Shapes.LARGE || singular) c = c.forwardOnly();
        return c;
    }

    static int[] allAxes(int rank) {
        int[] a = new int[rank];
        for (int i = 0; i < rank; i++) a[i] = i;
        return a;
    }

    /** Small enough that float64 rounding inside the reduction stays below GradCheck's 1e-7. */
    static final long[] GRAD_BATCHED = {3, 4, 5};

    static Stream<OpCase> cases() {
        List<OpCase> out = new ArrayList<>();
        for (String op : OPS) {
            for (long[] shape : Shapes.ODD)
                for (int[] axes : subsets(shape.length))
                    for (boolean keep : new boolean[] {false, true}) {
                        OpCase c = reduction(op, shape, axes, keep);
                        out.add(shape == Shapes.BATCHED ? c.forwardOnly() : c);
                    }
            for (int[] axes : subsets(GRAD_BATCHED.length)) out.add(reduction(op, GRAD_BATCHED, axes, axes.length % 2 == 0));
        }
        return out.stream();
    }

    /**
     * Backward at the sizes GradCheck cannot resolve (a float64 sum of 273 or 8385 terms has
     * rounding noise above eps 1e-7 differences): the gradient autograd gives for a random
     * upstream gradient g, against the closed forms, e.g. d logsumexp = g * exp(x - lse).
     */
    static Stream<Arguments> largeBackwardCases() {
        List<Arguments> out = new ArrayList<>();
        for (String op : OPS)
            for (long[] shape : List.of(Shapes.LARGE, Shapes.BATCHED))
                for (int[] axes : List.of(new int[0], new int[] {0}, new int[] {-1}, new int[] {0, -1}))
                    for (DType d : new DType[] {DType.FLOAT32, DType.FLOAT64}) out.add(Arguments.of(op, shape, axes, d));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} axes {2} {3}")
    @MethodSource("largeBackwardCases")
    void largeBackwardMatchesClosedForm(String op, long[] shape, int[] axes, DType d) {
        Nd x = Inputs.roundTo(op.equals("prod") ? Inputs.uniform(5, 0.9, 1.1, shape) : Inputs.uniform(5, -2, 2, shape), d);
        Nd r = x.reduce(ref(op), true, axes);  // keepDims: broadcasts against x
        Nd g = Inputs.roundTo(Inputs.uniform(6, -1, 1, r.shape), d);
        long n = x.size() / r.size();
        Nd mean = x.reduce(Ref::mean, true, axes);
        Nd local = switch (op) {  // d op / d x, per element, before multiplying by g
            case "sum" -> x.map(v -> 1);
            case "mean" -> x.map(v -> 1.0 / n);
            case "logsumexp" -> Nd.zip(x, r, (v, lse) -> Math.exp(v - lse));
            case "max", "min" -> Nd.zip(x, r, (v, m) -> Ref.bool(v == m));
            case "norm2" -> Nd.zip(x, r, (v, nrm) -> v / nrm);
            case "prod" -> Nd.zip(x, r, (v, p) -> p / v);
            case "var0", "var1" -> Nd.zip(x, mean, (v, mu) -> 2 * (v - mu) / (n - ddof(op)));
            case "std0", "std1" -> Nd.zip(Nd.zip(x, mean, (v, mu) -> v - mu), r, (dv, sd) -> dv / ((n - ddof(op)) * sd));
            default -> throw new IllegalArgumentException(op);
        };
        Nd want = Nd.zip(local, g, (a, b) -> a * b);
        try (Scope s = Scope.open()) {
            Tensor tx = Inputs.tensor(x, d).requiresGrad(true);
            Tensor y = call(op, tx, true, axes);
            Tensor[] grad = org.nn4j.autograd.Autograd.grad(new Tensor[] {y}, new Tensor[] {Inputs.tensor(g, d)}, new Tensor[] {tx});
            Check.assertClose(op + " backward " + Arrays.toString(shape) + " axes " + Arrays.toString(axes) + " " + d, want, grad[0], Tol.of(d));
        }
    }

    static int ddof(String op) {
        return op.endsWith("1") ? 1 : 0;
    }

    /** Ties on purpose: integer inputs in [-3, 3]; max/min forward only (their gradient at a tie is a convention). */
    static Stream<OpCase> tieCases() {
        List<OpCase> out = new ArrayList<>();
        for (long[] shape : List.of(Shapes.SMALL, Shapes.LARGE, Shapes.BATCHED)) {
            for (int a = -shape.length; a < shape.length; a++) {
                int axis = a;
                for (boolean keep : new boolean[] {false, true}) {
                    out.add(OpCase.of("argmax(" + axis + (keep ? ", keepDims)" : ")"), xs -> xs[0].argmax(axis, keep),
                            xs -> xs[0].reduce(Ref::argmax, keep, axis)).at(shape).ints(-3, 3).returns(DType.INT64).forwardOnly());
                    out.add(OpCase.of("argmin(" + axis + (keep ? ", keepDims)" : ")"), xs -> xs[0].argmin(axis, keep),
                            xs -> xs[0].reduce(Ref::argmin, keep, axis)).at(shape).ints(-3, 3).returns(DType.INT64).forwardOnly());
                }
            }
            out.add(OpCase.of("argmax()", xs -> xs[0].argmax(), xs -> xs[0].reduce(Ref::argmax, false))
                    .at(shape).ints(-3, 3).returns(DType.INT64).forwardOnly());
            out.add(OpCase.of("argmin()", xs -> xs[0].argmin(), xs -> xs[0].reduce(Ref::argmin, false))
                    .at(shape).ints(-3, 3).returns(DType.INT64).forwardOnly());
            out.add(OpCase.of("max ties", xs -> xs[0].max(false, -1), xs -> xs[0].reduce(Ref::max, false, -1))
                    .at(shape).ints(-3, 3).forwardOnly());
            out.add(OpCase.of("min ties", xs -> xs[0].min(true, 0), xs -> xs[0].reduce(Ref::min, true, 0))
                    .at(shape).ints(-3, 3).forwardOnly());
            // all/any over booleans made from integers in [0, 3]: zeros are rare but occur
            out.add(OpCase.of("ne(0).all()", xs -> xs[0].ne(0.0).all(), xs -> xs[0].reduce(Ref::all, false))
                    .at(shape).ints(0, 3).returns(DType.BOOL).forwardOnly());
            out.add(OpCase.of("eq(0).any()", xs -> xs[0].eq(0.0).any(), xs -> xs[0].map(v -> Ref.bool(v == 0)).reduce(Ref::any, false))
                    .at(shape).ints(0, 3).returns(DType.BOOL).forwardOnly());
        }
        for (long[] shape : List.of(Shapes.SMALL, Shapes.BATCHED))
            for (int[] axes : subsets(shape.length))
                for (boolean keep : new boolean[] {false, true}) {
                    String k = Arrays.toString(axes) + (keep ? " keepDims" : "");
                    out.add(OpCase.of("ne(0).all" + k, xs -> xs[0].ne(0.0).all(keep, axes), xs -> xs[0].reduce(Ref::all, keep, axes))
                            .at(shape).ints(0, 3).returns(DType.BOOL).forwardOnly());
                    out.add(OpCase.of("eq(0).any" + k, xs -> xs[0].eq(0.0).any(keep, axes),
                            xs -> xs[0].map(v -> Ref.bool(v == 0)).reduce(Ref::any, keep, axes))
                            .at(shape).ints(0, 3).returns(DType.BOOL).forwardOnly());
                }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reduction(OpCase c) {
        c.run();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tieCases")
    void tiesAndLogic(OpCase c) {
        c.run();
    }

    @Test
    void argmaxTiesPickTheLowestIndex() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new float[] {1, 5, 5, 5, 2, 5}, 2, 3);
            assertArrayEquals(new long[] {1, 0}, x.argmax(1, false).toLongArray());
            assertEquals(1, x.argmax().item());
            assertArrayEquals(new long[] {0, 0, 0}, Tensor.of(new float[] {3, 3, 3, 3, 3, 3}, 2, 3).argmin(0, false).toLongArray());
            assertArrayEquals(new long[] {1, 1}, Tensor.of(new double[] {4, 0, 0, 7, -1, -1}, 2, 3).argmin(1, true).toLongArray());
        }
    }

    @Test
    void allAndAnyOnHandMadeMasks() {
        try (Scope s = Scope.open()) {
            assertEquals(1, Tensor.of(new boolean[] {true, true, true}).all().item());
            assertEquals(0, Tensor.of(new boolean[] {true, false, true}).all().item());
            assertEquals(1, Tensor.of(new boolean[] {false, false, true}).any().item());
            assertEquals(0, Tensor.of(new boolean[] {false, false, false}).any().item());
            assertEquals(DType.BOOL, Tensor.of(new boolean[] {true}).all().dtype());
        }
    }

    @Test
    void keepDimsShapes() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.ones(3, 7, 13);
            assertArrayEquals(new long[] {3, 1, 13}, x.sum(true, 1).dims());
            assertArrayEquals(new long[] {3, 13}, x.sum(false, -2).dims());
            assertArrayEquals(new long[] {1, 1, 1}, x.mean(true).dims());
            assertArrayEquals(new long[] {}, x.mean(false).dims());
            assertArrayEquals(new long[] {}, x.sum().dims());
            assertEquals(273.0, x.sum().item());
            Check.assertClose("sum(0, 2)", Nd.full(39, 7), x.sum(false, 0, 2), Tol.F32);
        }
    }
}
