package org.nn4j.ops.nn;

import java.util.Locale;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.autograd.GradFn;
import org.nn4j.bindings.NnNative;
import org.nn4j.internal.Kernels;

/**
 * {@code f(u + bias)} in one kernel each way, bias broadcast over the last axis: what a Dense
 * layer does after its matrix product. Composed, it is an add, an activation and, backward, an
 * activation derivative and a reduction for the bias: four kernel calls and two intermediate
 * tensors less per layer and step. The backward gives {@code du = f'(u + bias) * dy} and
 * {@code dbias} = column sums of du (rows in order, in double).
 *
 * <p>Activations: {@code linear}, {@code sigmoid}, {@code tanh}, {@code relu}, {@code relu6},
 * {@code leaky_relu}, {@code elu}, {@code softsign} (kinks as in {@link Activations}).
 */
public final class BiasActivation {
    private BiasActivation() {}

    /** Whether {@link #apply} runs this activation (softmax and the like normalise over rows: no). */
    public static boolean supports(String activation) {
        return code(activation) >= 0;
    }

    /**
     * f(u + bias); bias (the size of u's last axis, or null for f(u)) and u are float32 or
     * float64 of one dtype and device. alpha: leaky_relu's slope or elu's scale (else unused).
     */
    public static Tensor apply(String activation, Tensor u, Tensor bias, double alpha) {
        String op = "biasActivation";
        int act = code(activation);
        if (act < 0) {
            throw new IllegalArgumentException(op + ": activation '" + activation + "' is not fused; use one of linear, "
                    + "sigmoid, tanh, relu, relu6, leaky_relu, elu, softsign");
        }
        NnSupport.floatInput(op, u);
        if (u.rank() == 0) throw new IllegalArgumentException(op + ": u needs rank >= 1, got a 0-d tensor");
        if (!Double.isFinite(alpha)) throw new IllegalArgumentException(op + ": alpha = " + alpha + " is not finite");
        long cols = u.dim(-1), rows = cols == 0 ? 0 : u.numel() / cols;
        NnSupport.companion(op, "bias", u, bias);
        NnSupport.shape(op, "bias", bias, cols);
        Tensor uc = NnSupport.contig(u), bc = NnSupport.contig(bias);
        Tensor y = NnSupport.emptyLike(u);
        try {
            Kernels.check(NnNative.nn4j_bias_act_forward(NnSupport.dev(u), act, u.dtype().code(), rows, cols,
                    NnSupport.addr(uc), NnSupport.addr(bc), NnSupport.addr(y), alpha), op);
        } catch (RuntimeException | Error e) {
            y.close();
            throw e;
        } finally {
            NnSupport.release(uc, u);
            NnSupport.release(bc, bias);
        }
        if (Autograd.needsGrad(u, bias)) {
            // saved: u and bias (every derivative is a function of u + bias)
            Autograd.record(op, y, new Tensor[] {u, bias}, new Tensor[] {u, bias},
                    (node, g) -> backward(op, act, node, g, rows, cols, alpha));
        }
        return y;
    }

    private static Tensor[] backward(String op, int act, GradFn node, Tensor g, long rows, long cols, double alpha) {
        Tensor u = node.saved(0), bias = node.saved(1);
        boolean needBias = bias != null && node.needsInputGrad(1);
        Tensor uc = NnSupport.contig(u), bc = NnSupport.contig(bias), gc = NnSupport.contig(g);
        Tensor du = NnSupport.emptyLike(u);
        Tensor db = needBias ? NnSupport.empty(u, cols) : null;
        try {
            Kernels.check(NnNative.nn4j_bias_act_backward(NnSupport.dev(u), act, u.dtype().code(), rows, cols,
                    NnSupport.addr(uc), NnSupport.addr(bc), NnSupport.addr(gc), NnSupport.addr(du),
                    NnSupport.addr(db), alpha), op + " backward");
        } catch (RuntimeException | Error e) {
            NnSupport.closeAll(du, db);
            throw e;
        } finally {
            NnSupport.release(uc, u);
            NnSupport.release(bc, bias);
            NnSupport.release(gc, g);
        }
        return new Tensor[] {du, db};
    }

    private static int code(String activation) {
        switch (activation == null ? "" : activation.toLowerCase(Locale.ROOT)) {
            case "linear": return NnNative.ACT_IDENTITY;
            case "sigmoid": return NnNative.ACT_SIGMOID;
            case "tanh": return NnNative.ACT_TANH;
            case "relu": return NnNative.ACT_RELU;
            case "relu6": return NnNative.ACT_RELU6;
            case "leaky_relu": return NnNative.ACT_LEAKY_RELU;
            case "elu": return NnNative.ACT_ELU;
            case "softsign": return NnNative.ACT_SOFTSIGN;
            default: return -1;
        }
    }
}
