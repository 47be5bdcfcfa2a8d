package org.nn4j.ops.nn;

import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.autograd.GradFn;
import org.nn4j.bindings.NnNative;
import org.nn4j.internal.Kernels;
import org.nn4j.ops.UnaryMath;

/**
 * Activation functions (CURRICULUM §3), differentiable, float32/float64 on any device. Each
 * op: one native kernel ({@code nn4j_activation_forward}, {@code nn4j_softmax_forward}) and its
 * backward rule next to it. sigmoid, tanh and relu are the element-wise ops of
 * {@link UnaryMath} (re-exported here so that every activation has one home).
 *
 * <p>Kinks (K16): relu'(0) = 0, relu6' = 1 only on (0, 6), leakyRelu'(0) = alpha, elu'(0) =
 * alpha, step has zero gradient. NaN propagates. softmax/logSoftmax are max-shifted (K17) and
 * stay finite for inputs near +-1000.
 */
public final class Activations {
    /** Keras uses 0.3; the curriculum (and PyTorch) 0.01. */
    public static final double DEFAULT_LEAKY_ALPHA = 0.01;
    public static final double DEFAULT_ELU_ALPHA = 1.0;

    private Activations() {}

    public static Tensor sigmoid(Tensor x) {
        return UnaryMath.sigmoid(x);
    }

    public static Tensor tanh(Tensor x) {
        return UnaryMath.tanh(x);
    }

    /** max(x, 0); gradient 1 on x > 0 (K16). Floats run one fused kernel each way. */
    public static Tensor relu(Tensor x) {
        return x.dtype().isFloatingPoint() ? pointwise("relu", NnNative.ACT_RELU, x, 0) : UnaryMath.relu(x);
    }

    /** min(max(x, 0), 6); gradient 1 on (0, 6). */
    public static Tensor relu6(Tensor x) {
        return pointwise("relu6", NnNative.ACT_RELU6, x, 0);
    }

    /** leakyRelu with alpha 0.01. */
    public static Tensor leakyRelu(Tensor x) {
        return leakyRelu(x, DEFAULT_LEAKY_ALPHA);
    }

    /** x > 0 ? x : alpha x (branch form: also right for alpha > 1). */
    public static Tensor leakyRelu(Tensor x, double alpha) {
        finite("leakyRelu", "alpha", alpha);
        return pointwise("leakyRelu", NnNative.ACT_LEAKY_RELU, x, alpha);
    }

    public static Tensor elu(Tensor x) {
        return elu(x, DEFAULT_ELU_ALPHA);
    }

    /** x > 0 ? x : alpha (e^x - 1). */
    public static Tensor elu(Tensor x, double alpha) {
        finite("elu", "alpha", alpha);
        return pointwise("elu", NnNative.ACT_ELU, x, alpha);
    }

    /** x / (1 + |x|). */
    public static Tensor softsign(Tensor x) {
        return pointwise("softsign", NnNative.ACT_SOFTSIGN, x, 0);
    }

    /** 1[x >= 0] (K16); zero gradient. */
    public static Tensor step(Tensor x) {
        return step(x, false);
    }

    /** 1[x >= 0], or 1[x > 0] when strict; zero gradient. */
    public static Tensor step(Tensor x, boolean strict) {
        return pointwise(strict ? "stepStrict" : "step", strict ? NnNative.ACT_STEP_STRICT : NnNative.ACT_STEP, x, 0);
    }

    /** Softmax over the last axis. */
    public static Tensor softmax(Tensor x) {
        return softmax(x, -1);
    }

    /** e^{x - m} / sum e^{x - m} over {@code axis}; backward y (g - sum(g y)). */
    public static Tensor softmax(Tensor x, int axis) {
        return softmaxOp("softmax", false, x, axis);
    }

    public static Tensor logSoftmax(Tensor x) {
        return logSoftmax(x, -1);
    }

    /** x - m - log sum e^{x - m} over {@code axis}; backward g - e^y sum(g). */
    public static Tensor logSoftmax(Tensor x, int axis) {
        return softmaxOp("logSoftmax", true, x, axis);
    }

    // ------------------------------------------------------------------ element-wise kernel

    private static Tensor pointwise(String op, int act, Tensor x, double alpha) {
        NnSupport.floatInput(op, x);
        Tensor xc = NnSupport.contig(x);
        Tensor y = NnSupport.emptyLike(x);
        try {
            long n = x.numel();
            if (n > 0) {
                Kernels.check(NnNative.nn4j_activation_forward(NnSupport.dev(x), act, x.dtype().code(), n,
                        NnSupport.addr(xc), NnSupport.addr(y), alpha), op);
            }
        } catch (RuntimeException | Error e) {
            y.close();
            throw e;
        } finally {
            NnSupport.release(xc, x);
        }
        if (Autograd.needsGrad(x)) {
            // saved: x (every derivative here is a function of x)
            Autograd.record(op, y, new Tensor[] {x}, new Tensor[] {x},
                    (node, g) -> new Tensor[] {pointwiseBackward(op, act, node.saved(0), g, alpha)});
        }
        return y;
    }

    private static Tensor pointwiseBackward(String op, int act, Tensor x, Tensor g, double alpha) {
        Tensor xc = NnSupport.contig(x), gc = NnSupport.contig(g);
        Tensor dx = NnSupport.emptyLike(x);
        try {
            long n = x.numel();
            if (n > 0) {
                Kernels.check(NnNative.nn4j_activation_backward(NnSupport.dev(x), act, x.dtype().code(), n,
                        NnSupport.addr(xc), NnSupport.addr(gc), NnSupport.addr(dx), alpha), op + " backward");
            }
        } catch (RuntimeException | Error e) {
            dx.close();
            throw e;
        } finally {
            NnSupport.release(xc, x);
            NnSupport.release(gc, g);
        }
        return dx;
    }

    // ------------------------------------------------------------------ softmax

    private static Tensor softmaxOp(String op, boolean log, Tensor x, int axis) {
        NnSupport.floatInput(op, x);
        long[] s = x.dims();
        if (s.length == 0) throw new IllegalArgumentException(op + ": needs rank >= 1, got a 0-d tensor");
        int a = NnSupport.axis(op, axis, s.length);
        if (s[a] == 0 && x.numel() == 0) return NnSupport.emptyLike(x);
        long outer = NnSupport.prod(s, 0, a), dim = s[a], inner = NnSupport.prod(s, a + 1, s.length);
        Tensor xc = NnSupport.contig(x);
        Tensor y = NnSupport.emptyLike(x);
        try {
            Kernels.check(NnNative.nn4j_softmax_forward(NnSupport.dev(x), x.dtype().code(), log ? 1 : 0, outer, dim,
                    inner, NnSupport.addr(xc), NnSupport.addr(y)), op);
        } catch (RuntimeException | Error e) {
            y.close();
            throw e;
        } finally {
            NnSupport.release(xc, x);
        }
        if (Autograd.needsGrad(x)) {
            // saved: the output y (both backward rules need only y)
            Autograd.record(op, y, new Tensor[] {x}, new Tensor[] {y},
                    (node, g) -> new Tensor[] {softmaxBackward(op, log, node, g, outer, dim, inner)});
        }
        return y;
    }

    private static Tensor softmaxBackward(String op, boolean log, GradFn node, Tensor g, long outer, long dim,
                                          long inner) {
        Tensor y = node.saved(0);
        Tensor gc = NnSupport.contig(g);
        Tensor dx = NnSupport.emptyLike(y);
        try {
            Kernels.check(NnNative.nn4j_softmax_backward(NnSupport.dev(y), y.dtype().code(), log ? 1 : 0, outer, dim,
                    inner, NnSupport.addr(y), NnSupport.addr(gc), NnSupport.addr(dx)), op + " backward");
        } catch (RuntimeException | Error e) {
            dx.close();
            throw e;
        } finally {
            NnSupport.release(gc, g);
        }
        return dx;
    }

    private static void finite(String op, String name, double v) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException(op + ": " + name + " = " + v + " is not finite");
    }
}
