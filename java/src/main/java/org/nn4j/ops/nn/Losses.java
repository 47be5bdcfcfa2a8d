package org.nn4j.ops.nn;

import org.nn4j.DType;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.autograd.GradFn;
import org.nn4j.bindings.NnNative;
import org.nn4j.internal.Kernels;

/**
 * Fused losses from logits (CURRICULUM §4, A6), one native kernel each, forward and backward.
 *
 * <p><b>Softmax cross-entropy</b> of logits z (N, K) against sparse labels (int32/int64, shape
 * (N), ids in [0, K)) or dense targets (N, K) of z's dtype (one-hot or soft rows):
 * l_i = -sum_k w_k t'_ik log softmax(z_i)_k with t' = (1 - eps) t + eps / K. Reduction MEAN
 * follows PyTorch: sum_i l_i / sum_i w[label_i] for weighted sparse labels (its weighted mean),
 * sum_i l_i / N otherwise (dense targets, weighted or not). The gradient is (softmax - y) / N in
 * the plain case. Dense targets get a gradient too when they require one (distillation).
 *
 * <p><b>Sigmoid binary cross-entropy</b> of logits x against targets y (same shape), stable
 * form max(x, 0) - x y + log(1 + e^-|x|); optional posWeight (C) over the last axis scales the
 * positive term (PyTorch's pos_weight). MEAN averages over all elements (K9).
 */
public final class Losses {
    private Losses() {}

    public static Tensor softmaxCrossEntropy(Tensor logits, Tensor labels) {
        return softmaxCrossEntropy(logits, labels, CrossEntropyOptions.DEFAULT);
    }

    public static Tensor softmaxCrossEntropy(Tensor logits, Tensor labels, CrossEntropyOptions opt) {
        final String op = "softmaxCrossEntropy";
        NnSupport.floatInput(op, logits);
        org.nn4j.ops.Checks.open(labels, op);
        if (opt == null) opt = CrossEntropyOptions.DEFAULT;
        if (logits.rank() != 2) {
            throw new IllegalArgumentException(op + ": logits must be (N, K), got " + logits.shape());
        }
        long n = logits.dim(0), k = logits.dim(1);
        if (k < 1) throw new IllegalArgumentException(op + ": logits " + logits.shape() + " have no classes");
        boolean sparse = labels.dtype() == DType.INT32 || labels.dtype() == DType.INT64;
        if (sparse) {
            NnSupport.shape(op, "sparse labels", labels, n);
            org.nn4j.ops.Checks.sameDevice(op, logits, labels);
        } else {
            NnSupport.companion(op, "dense targets", logits, labels);
            NnSupport.shape(op, "dense targets", labels, n, k);
        }
        Tensor w = opt.classWeights();
        NnSupport.companion(op, "classWeights", logits, w);
        NnSupport.shape(op, "classWeights", w, k);
        final double eps = opt.labelSmoothing();
        final int red = opt.reduction().ordinal();
        final int labelDtype = labels.dtype().code();

        boolean needZ = Autograd.needsGrad(logits);
        boolean needT = !sparse && Autograd.needsGrad(labels);
        Tensor zc = NnSupport.contig(logits), lc = NnSupport.contig(labels), wc = NnSupport.contig(w);
        Tensor loss = red == 2 ? NnSupport.empty(logits, n) : NnSupport.empty(logits);
        Tensor probs = needZ || needT ? NnSupport.empty(logits, n, k) : null;
        try {
            Kernels.check(NnNative.nn4j_softmax_ce_forward(NnSupport.dev(logits), logits.dtype().code(), n, k,
                    NnSupport.addr(zc), labelDtype, NnSupport.addr(lc), NnSupport.addr(wc), eps, red,
                    NnSupport.addr(loss), NnSupport.addr(probs)), op);
            if (needZ || needT) {
                // saved: probs (for dz), the labels and weights the kernel read, the logits (target grad only)
                Tensor[] save = {probs, lc, wc, needT ? zc : null};
                Tensor[] inputs = sparse ? new Tensor[] {logits} : new Tensor[] {logits, labels};
                Autograd.record(op, loss, inputs, save,
                        (node, g) -> ceBackward(op, node, g, sparse, n, k, labelDtype, eps, red));
            }
        } catch (RuntimeException | Error e) {
            loss.close();
            throw e;
        } finally {
            if (probs != null) probs.close();
            NnSupport.release(zc, logits);
            NnSupport.release(lc, labels);
            NnSupport.release(wc, w);
        }
        return loss;
    }

    private static Tensor[] ceBackward(String op, GradFn node, Tensor g, boolean sparse, long n, long k, int labelDtype,
                                       double eps, int red) {
        Tensor probs = node.saved(0), labels = node.saved(1), w = node.saved(2);
        Tensor gc = NnSupport.contig(g);
        Tensor dz = null, dt = null;
        try {
            if (node.needsInputGrad(0)) {
                dz = NnSupport.emptyLike(probs);
                Kernels.check(NnNative.nn4j_softmax_ce_backward(NnSupport.dev(probs), probs.dtype().code(), n, k,
                        NnSupport.addr(probs), labelDtype, NnSupport.addr(labels), NnSupport.addr(w), eps, red,
                        NnSupport.addr(gc), NnSupport.addr(dz)), op + " backward");
            }
            if (!sparse && node.needsInputGrad(1)) {
                // dl_i/dt_ik = -(1 - eps) w_k log p_ik, times dloss (/ N for MEAN)
                Tensor logp = Activations.logSoftmax(node.saved(3), -1);
                Tensor scaled = red == 2 ? logp.mul(gc.unsqueeze(1)) : logp.mul(gc);
                if (w != null) scaled = scaled.mul(w);
                double c = -(1 - eps) / (red == 0 ? (double) Math.max(n, 1) : 1.0);
                dt = scaled.mul(c);
            }
        } catch (RuntimeException | Error e) {
            if (dz != null) dz.close();
            throw e;
        } finally {
            NnSupport.release(gc, g);
        }
        return sparse ? new Tensor[] {dz} : new Tensor[] {dz, dt};
    }

    /** Sigmoid BCE from logits, MEAN over all elements, no pos weight. */
    public static Tensor sigmoidBinaryCrossEntropy(Tensor logits, Tensor targets) {
        return sigmoidBinaryCrossEntropy(logits, targets, null, Reduction.MEAN);
    }

    /**
     * Sigmoid BCE from logits (any shape, rank >= 1) against targets of the same shape;
     * posWeight (C) for the last axis of size C, or null.
     */
    public static Tensor sigmoidBinaryCrossEntropy(Tensor logits, Tensor targets, Tensor posWeight,
                                                   Reduction reduction) {
        final String op = "sigmoidBinaryCrossEntropy";
        NnSupport.floatInput(op, logits);
        NnSupport.companion(op, "targets", logits, targets);
        if (targets == null) throw new IllegalArgumentException(op + ": targets are null");
        if (reduction == null) throw new IllegalArgumentException(op + ": reduction is null");
        long[] s = logits.dims();
        NnSupport.shape(op, "targets", targets, s);
        long c = s.length == 0 ? 1 : s[s.length - 1];
        NnSupport.companion(op, "posWeight", logits, posWeight);
        if (posWeight != null) {
            if (s.length == 0) throw new IllegalArgumentException(op + ": posWeight needs logits of rank >= 1");
            NnSupport.shape(op, "posWeight", posWeight, c);
        }
        long numel = logits.numel();
        final long outer = c == 0 ? 0 : numel / c;
        final long cc = Math.max(c, 1);
        final int red = reduction.ordinal();
        Tensor xc = NnSupport.contig(logits), yc = NnSupport.contig(targets), pc = NnSupport.contig(posWeight);
        Tensor loss = red == 2 ? NnSupport.emptyLike(logits) : NnSupport.empty(logits);
        try {
            Kernels.check(NnNative.nn4j_sigmoid_bce_forward(NnSupport.dev(logits), logits.dtype().code(), outer, cc,
                    NnSupport.addr(xc), NnSupport.addr(yc), NnSupport.addr(pc), red, NnSupport.addr(loss)), op);
            if (Autograd.needsGrad(logits, targets)) {
                // saved: x, y, posWeight as the kernel read them
                Autograd.record(op, loss, new Tensor[] {logits, targets}, new Tensor[] {xc, yc, pc},
                        (node, g) -> bceBackward(op, node, g, outer, cc, red));
            }
        } catch (RuntimeException | Error e) {
            loss.close();
            throw e;
        } finally {
            NnSupport.release(xc, logits);
            NnSupport.release(yc, targets);
            NnSupport.release(pc, posWeight);
        }
        return loss;
    }

    private static Tensor[] bceBackward(String op, GradFn node, Tensor g, long outer, long c, int red) {
        Tensor x = node.saved(0), y = node.saved(1), pw = node.saved(2);
        Tensor gc = NnSupport.contig(g);
        Tensor dx = node.needsInputGrad(0) ? NnSupport.emptyLike(x) : null;
        Tensor dy = node.needsInputGrad(1) ? NnSupport.emptyLike(y) : null;
        try {
            Kernels.check(NnNative.nn4j_sigmoid_bce_backward(NnSupport.dev(x), x.dtype().code(), outer, c,
                    NnSupport.addr(x), NnSupport.addr(y), NnSupport.addr(pw), red, NnSupport.addr(gc),
                    NnSupport.addr(dx), NnSupport.addr(dy)), op + " backward");
        } catch (RuntimeException | Error e) {
            if (dx != null) dx.close();
            if (dy != null) dy.close();
            throw e;
        } finally {
            NnSupport.release(gc, g);
        }
        return new Tensor[] {dx, dy};
    }
}
