package org.nn4j.ops.nn;

import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.autograd.GradFn;
import org.nn4j.bindings.NnNative;
import org.nn4j.internal.Kernels;

/**
 * Batch normalization and local response normalization (CURRICULUM R7, R8), differentiable.
 *
 * <p>batchNorm: x (N, C, spatial...) per channel (axis 1), or (N, F) per feature;
 * y = gamma (x - mean) / sqrt(var + eps) + beta with the biased batch variance in training
 * (running variance updated with the unbiased one, in place) and the running statistics in
 * inference. Backward differentiates through the batch statistics in training and treats the
 * running statistics as constants in inference. Float32 runs oneDNN's batch normalization under
 * the nn4j.dnnl mode force (auto keeps nn4j's own kernel, measured faster); {@code Nn4j.lastPath()} says which.
 *
 * <p>lrn: AlexNet's across-channel normalization of x (N, C, spatial...), see {@link LrnOptions}.
 */
public final class Normalization {
    private Normalization() {}

    /**
     * Batch norm. gamma, beta (C) may be null (1, 0); runningMean/runningVar (C) are required in
     * inference and optional in training (then updated in place; they are buffers, not recorded).
     */
    public static Tensor batchNorm(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                   BatchNormOptions opt) {
        final String op = "batchNorm";
        if (opt == null) opt = BatchNormOptions.TRAINING;
        NnSupport.floatInput(op, x);
        if (x.rank() < 2) throw new IllegalArgumentException(op + ": x must be (N, C, ...) of rank >= 2, got " + x.shape());
        long[] s = x.dims();
        final long n = s[0], c = s[1], inner = NnSupport.prod(s, 2, s.length);
        if (c < 1) throw new IllegalArgumentException(op + ": x " + x.shape() + " has no channels");
        String[] names = {"gamma", "beta", "runningMean", "runningVar"};
        Tensor[] ps = {gamma, beta, runningMean, runningVar};
        for (int i = 0; i < 4; i++) {
            NnSupport.companion(op, names[i], x, ps[i]);
            NnSupport.shape(op, names[i], ps[i], c);
        }
        final boolean training = opt.training();
        if ((runningMean == null) != (runningVar == null)) {
            throw new IllegalArgumentException(op + ": runningMean and runningVar must both be given or both be null");
        }
        if (!training && runningMean == null) {
            throw new IllegalArgumentException(op + ": inference needs runningMean and runningVar");
        }
        if (training && n * inner == 0) {
            throw new IllegalArgumentException(op + ": training needs at least one value per channel, got x " + x.shape());
        }
        for (Tensor r : new Tensor[] {runningMean, runningVar}) {
            if (r != null && !r.isContiguous()) {
                throw new IllegalArgumentException(op + ": running statistics are updated in place and must be contiguous");
            }
        }
        final double eps = opt.eps();
        boolean grad = Autograd.needsGrad(x, gamma, beta);
        Tensor xc = NnSupport.contig(x), gc = NnSupport.contig(gamma), bc = NnSupport.contig(beta);
        Tensor y = NnSupport.emptyLike(x);
        Tensor mean = grad ? NnSupport.empty(x, c) : null, var = grad ? NnSupport.empty(x, c) : null;
        try {
            Kernels.check(NnNative.nn4j_batchnorm_forward(NnSupport.dev(x), x.dtype().code(), training ? 1 : 0, n, c,
                    inner, NnSupport.addr(xc), NnSupport.addr(gc), NnSupport.addr(bc), eps, opt.momentum(),
                    NnSupport.addr(runningMean), NnSupport.addr(runningVar), NnSupport.addr(y), NnSupport.addr(mean),
                    NnSupport.addr(var)), op);
            if (grad) {
                // saved: x and gamma as read, the statistics used (batch mean / biased var, or running)
                Autograd.record(op, y, new Tensor[] {x, gamma, beta}, new Tensor[] {xc, gc, mean, var},
                        (node, g) -> bnBackward(op, node, g, training, n, c, inner, eps));
            }
        } catch (RuntimeException | Error e) {
            y.close();
            throw e;
        } finally {
            if (mean != null) mean.close();
            if (var != null) var.close();
            NnSupport.release(xc, x);
            NnSupport.release(gc, gamma);
            NnSupport.release(bc, beta);
        }
        return y;
    }

    private static Tensor[] bnBackward(String op, GradFn node, Tensor g, boolean training, long n, long c, long inner,
                                       double eps) {
        Tensor x = node.saved(0), gamma = node.saved(1), mean = node.saved(2), var = node.saved(3);
        Tensor gc = NnSupport.contig(g);
        Tensor dx = node.needsInputGrad(0) ? NnSupport.emptyLike(x) : null;
        Tensor dgamma = node.needsInputGrad(1) ? NnSupport.empty(x, c) : null;
        Tensor dbeta = node.needsInputGrad(2) ? NnSupport.empty(x, c) : null;
        try {
            Kernels.check(NnNative.nn4j_batchnorm_backward(NnSupport.dev(x), x.dtype().code(), training ? 1 : 0, n, c,
                    inner, NnSupport.addr(x), NnSupport.addr(gamma), NnSupport.addr(mean), NnSupport.addr(var), eps,
                    NnSupport.addr(gc), NnSupport.addr(dx), NnSupport.addr(dgamma), NnSupport.addr(dbeta)),
                    op + " backward");
        } catch (RuntimeException | Error e) {
            for (Tensor t : new Tensor[] {dx, dgamma, dbeta}) if (t != null) t.close();
            throw e;
        } finally {
            NnSupport.release(gc, g);
        }
        return new Tensor[] {dx, dgamma, dbeta};
    }

    public static Tensor lrn(Tensor x) {
        return lrn(x, LrnOptions.DEFAULT);
    }

    /** Across-channel LRN of x (N, C, spatial...) (rank >= 2, channels on axis 1). */
    public static Tensor lrn(Tensor x, LrnOptions opt) {
        final String op = "lrn";
        if (opt == null) opt = LrnOptions.DEFAULT;
        NnSupport.floatInput(op, x);
        if (x.rank() < 2) throw new IllegalArgumentException(op + ": x must be (N, C, ...) of rank >= 2, got " + x.shape());
        long[] s = x.dims();
        final long n = s[0], c = s[1], inner = NnSupport.prod(s, 2, s.length);
        final LrnOptions o = opt;
        Tensor y = NnSupport.emptyLike(x);
        if (x.numel() == 0) return y;
        Tensor xc = NnSupport.contig(x);
        try {
            Kernels.check(NnNative.nn4j_lrn_forward(NnSupport.dev(x), x.dtype().code(), n, c, inner, o.size(), o.alpha(),
                    o.beta(), o.k(), NnSupport.addr(xc), NnSupport.addr(y)), op);
            if (Autograd.needsGrad(x)) {
                // saved: x (backward recomputes the window sums)
                Autograd.record(op, y, new Tensor[] {x}, new Tensor[] {xc}, (node, g) -> {
                    Tensor xs = node.saved(0), gcont = NnSupport.contig(g);
                    Tensor dx = NnSupport.emptyLike(xs);
                    try {
                        Kernels.check(NnNative.nn4j_lrn_backward(NnSupport.dev(xs), xs.dtype().code(), n, c, inner,
                                o.size(), o.alpha(), o.beta(), o.k(), NnSupport.addr(xs), NnSupport.addr(gcont),
                                NnSupport.addr(dx)), op + " backward");
                    } catch (RuntimeException | Error e) {
                        dx.close();
                        throw e;
                    } finally {
                        NnSupport.release(gcont, g);
                    }
                    return new Tensor[] {dx};
                });
            }
        } catch (RuntimeException | Error e) {
            y.close();
            throw e;
        } finally {
            NnSupport.release(xc, x);
        }
        return y;
    }
}
