package org.nn4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.testing.Check;
import org.nn4j.testing.Inputs;
import org.nn4j.testing.Nd;
import org.nn4j.testing.Ref;
import org.nn4j.testing.Tol;

/** The tape (A1-A5): hand-derived chain rules, broadcasting, accumulation, fan-out, any-tensor grads, freezing. */
class AutogradTest {
    static Tensor leaf(long seed, long... shape) {
        return Inputs.tensor(Inputs.uniform(seed, -2, 2, shape), DType.FLOAT64).requiresGrad(true);
    }

    static Nd nd(Tensor t) {
        return Check.nd(t);
    }

    @Test
    void handDerivedProductAndSum() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new double[] {2, -3}).requiresGrad(true);
            Tensor y = Tensor.of(new double[] {5, 7}).requiresGrad(true);
            x.mul(y).add(x).sum().backward();                 // z = sum(x*y + x)
            assertArrayEquals(new double[] {6, 8}, x.grad().toDoubleArray());   // y + 1
            assertArrayEquals(new double[] {2, -3}, y.grad().toDoubleArray());  // x
            Tensor a = Tensor.scalar(3, DType.FLOAT64).requiresGrad(true);
            a.square().mul(a).sub(a.mul(4.0)).backward();     // a^3 - 4a -> 3a^2 - 4 = 23
            assertEquals(23, a.grad().item());
            assertEquals(0, a.grad().rank(), "grad has the leaf's shape");
        }
    }

    @Test
    void broadcastGradientsReduceToOperandShape() {
        try (Scope s = Scope.open()) {
            long[][][] pairs = {{{7, 13}, {1, 13}}, {{7, 13}, {7, 1}}, {{7, 13}, {}}, {{3, 7, 13}, {13}}, {{3, 1, 13}, {1, 7, 1}}};
            for (long[][] p : pairs) {
                Tensor a = leaf(1, p[0]), b = leaf(2, p[1]);
                Nd g = Inputs.uniform(3, -1, 1, Nd.broadcastShape(p[0], p[1]));
                a.mul(b).backward(Inputs.tensor(g, DType.FLOAT64));
                // d(a*b)/da = g*b summed over a's broadcast axes
                Nd wantA = sumTo(Nd.zip(g, nd(b), (u, v) -> u * v), p[0]);
                Nd wantB = sumTo(Nd.zip(g, nd(a), (u, v) -> u * v), p[1]);
                Check.assertClose("grad a " + java.util.Arrays.deepToString(p), wantA, a.grad(), Tol.F64);
                Check.assertClose("grad b " + java.util.Arrays.deepToString(p), wantB, b.grad(), Tol.F64);
                GradCheck.assertPasses(xs -> xs[0].mul(xs[1]), a, b);
                GradCheck.assertPasses(xs -> xs[0].sub(xs[1]).div(xs[1].square().add(1.0)), a, b);
            }
        }
    }

    /** Sums a broadcast result back to {@code shape} (the reference of a broadcast backward). */
    static Nd sumTo(Nd x, long[] shape) {
        int lead = x.rank() - shape.length;
        java.util.List<Integer> axes = new java.util.ArrayList<>();
        for (int i = 0; i < x.rank(); i++) if (i < lead || shape[i - lead] == 1 && x.shape[i] != 1) axes.add(i);
        if (axes.isEmpty()) return x;
        Nd r = x.reduce(Ref::sum, true, axes.stream().mapToInt(Integer::intValue).toArray());
        return r.reshape(shape);
    }

    @Test
    void gradsAccumulateUntilZeroGrad() {
        try (Scope s = Scope.open()) {
            Tensor x = leaf(4, 3, 4);
            Nd want = nd(x).map(v -> 2 * v);
            x.square().sum().backward();
            Tensor g = x.grad();
            Check.assertClose("first backward", want, g, Tol.F64);
            x.square().sum().backward();
            Check.assertClose("second backward adds", want.map(v -> 2 * v), x.grad(), Tol.F64);
            x.zeroGrad();
            Check.assertClose("after zeroGrad", Nd.zeros(3, 4), x.grad(), Tol.F64);
            assertSame(g, x.grad(), "zeroGrad keeps the grad tensor");
            x.square().sum().backward();
            Check.assertClose("after zeroGrad and backward", want, x.grad(), Tol.F64);
        }
    }

    @Test
    void fanOutSums() {
        try (Scope s = Scope.open()) {
            Tensor x = leaf(5, 6);
            x.square().add(x.mul(3.0)).add(x.sin()).sum().backward();  // x used three times
            Check.assertClose("2x + 3 + cos x", nd(x).map(v -> 2 * v + 3 + Math.cos(v)), x.grad(), Tol.F64);
            // tied weights = the sum of the grads of untied copies (A4)
            Tensor w = leaf(6, 4, 4), in = Inputs.tensor(Inputs.uniform(7, -1, 1, 3, 4), DType.FLOAT64);
            in.matmul(w).tanh().matmul(w).sum().backward();
            Tensor w1 = leaf(6, 4, 4), w2 = leaf(6, 4, 4);
            in.matmul(w1).tanh().matmul(w2).sum().backward();
            Check.assertClose("tied = w1 + w2", Nd.zip(nd(w1.grad()), nd(w2.grad()), Double::sum), w.grad(), Tol.F64);
            GradCheck.assertPasses(xs -> in.matmul(xs[0]).tanh().matmul(xs[0]).sum(), w);
        }
    }

    @Test
    void gradWithRespectToIntermediateAndInput() {
        try (Scope s = Scope.open()) {
            Tensor x = leaf(8, 2, 5), w = leaf(9, 2, 5);
            Tensor h = x.mul(w);
            Tensor loss = h.tanh().sum();
            Tensor[] g = Autograd.grad(loss, h, x);
            Nd dh = nd(h).map(v -> 1 - Math.tanh(v) * Math.tanh(v));
            Check.assertClose("d loss / d h", dh, g[0], Tol.F64);
            Check.assertClose("d loss / d x", Nd.zip(dh, nd(w), (a, b) -> a * b), g[1], Tol.F64);
            assertNull(x.grad(), "Autograd.grad does not touch .grad");
            assertNull(w.grad());
            // an input the output does not depend on gets zeros
            Tensor unused = leaf(10, 3);
            Tensor[] z = Autograd.grad(x.square().sum(), unused);
            Check.assertClose("unreached input", Nd.zeros(3), z[0], Tol.F64);
            // the image of A2: gradient of a small network's output w.r.t. its (non-leaf-requiring) input
            Tensor img = Inputs.tensor(Inputs.uniform(11, 0, 1, 2, 9), DType.FLOAT64);
            Tensor w1 = leaf(12, 9, 4), w2 = leaf(13, 4, 1);
            GradCheck.assertPasses(xs -> xs[0].matmul(w1).sigmoid().matmul(w2).sum(), img);
        }
    }

    @Test
    void nonLeavesGetNoGrad() {
        try (Scope s = Scope.open()) {
            Tensor x = leaf(14, 3);
            Tensor h = x.exp();
            assertFalse(h.isLeaf());
            assertNotNull(h.gradFn());
            h.sum().backward();
            assertNull(h.grad(), "non-leaf tensors get no .grad");
            assertNotNull(x.grad());
            assertTrue(x.isLeaf());
        }
    }

    @Test
    void noGradAndDetachStopGradients() {
        try (Scope s = Scope.open()) {
            Tensor x = leaf(15, 4);
            Tensor y;
            try (NoGradScope ng = Autograd.noGrad()) {
                assertFalse(Autograd.isGradEnabled());
                y = x.mul(2.0).exp();
                assertFalse(y.requiresGrad(), "nothing is recorded under noGrad");
                assertNull(y.gradFn());
                try (NoGradScope inner = Autograd.noGrad()) {
                    assertFalse(Autograd.isGradEnabled());
                }
                assertFalse(Autograd.isGradEnabled(), "nested scopes restore the outer mode");
            }
            assertTrue(Autograd.isGradEnabled());
            assertTrue(x.mul(2.0).requiresGrad());
            // x * detach(x): the detached factor is a constant, so the grad is x, not 2x
            Tensor d = x.detach();
            assertFalse(d.requiresGrad());
            assertTrue(d.isLeaf());
            x.mul(d).sum().backward();
            Check.assertClose("grad of x * detach(x)", nd(x), x.grad(), Tol.F64);
            // detach shares storage
            x.zeroGrad();
            try (NoGradScope ng = Autograd.noGrad()) {
                x.fill(1.5);
            }
            assertEquals(6.0, d.sum().item(), "detach() is a view of the same storage");
            // a frozen leaf (requiresGrad false) gets nothing and keeps its values bit for bit
            Tensor frozen = Inputs.tensor(Inputs.uniform(16, -1, 1, 4), DType.FLOAT64);
            double[] before = frozen.toDoubleArray();
            x.mul(frozen).sum().backward();
            assertNull(frozen.grad());
            assertArrayEquals(before, frozen.toDoubleArray());
        }
    }

    @Test
    void backwardWithUpstreamAndRetainGraph() {
        try (Scope s = Scope.open()) {
            Tensor x = leaf(17, 2, 3);
            Nd up = Inputs.uniform(18, -1, 1, 2, 3);
            Tensor y = x.sigmoid();
            y.backward(Inputs.tensor(up, DType.FLOAT64), true);
            Nd want = Nd.zip(up, nd(x).map(v -> Ref.sigmoid(v) * (1 - Ref.sigmoid(v))), (a, b) -> a * b);
            Check.assertClose("upstream * sigmoid'", want, x.grad(), Tol.F64);
            y.backward(Inputs.tensor(up, DType.FLOAT64));  // the retained graph runs again and accumulates
            Check.assertClose("second pass", want.map(v -> 2 * v), x.grad(), Tol.F64);
        }
    }

    /** A user Function with a correct backward passes GradCheck (A5). */
    @Test
    void customFunction() {
        try (Scope s = Scope.open()) {
            Function cube = new Function() {
                @Override
                protected Tensor[] forward(FunctionContext ctx, Tensor... in) {
                    ctx.saveForBackward(in[0]);
                    return new Tensor[] {in[0].pow(3.0)};
                }

                @Override
                protected Tensor[] backward(FunctionContext ctx, Tensor... g) {
                    return new Tensor[] {g[0].mul(ctx.savedTensors()[0].square()).mul(3.0)};
                }
            };
            GradCheck.assertPasses(xs -> cube.apply(xs)[0].sum(), leaf(19, 3, 3));
            Tensor x = leaf(20, 5);
            cube.apply(x)[0].sum().backward();
            Check.assertClose("3x^2", nd(x).map(v -> 3 * v * v), x.grad(), Tol.F64);
        }
    }

    /** Composites built from primitives: softmax and a cross-entropy, as later layers will build them. */
    @Test
    void compositesPassGradCheck() {
        try (Scope s = Scope.open()) {
            Tensor logits = leaf(21, 4, 6);
            GradCheck.assertPasses(xs -> xs[0].sub(xs[0].logsumexp(true, -1)).exp(), logits);
            Tensor target = Tensor.of(new long[] {1, 5, 0, 3}, 4, 1);
            GradCheck.assertPasses(xs -> xs[0].logsumexp(true, -1).sub(xs[0].gather(1, target)).mean(), logits);
            GradCheck.assertPasses(xs -> xs[0].sub(xs[0].mean(true, 0)).div(xs[0].std(0, true, 0).add(1e-3)), logits);
        }
    }
}
