package org.nn4j.ops.nn;

import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.bindings.NnNative;
import org.nn4j.internal.Kernels;

/**
 * Inverted dropout (K7): rate = P(drop); in training y = x * keep / (1 - rate) with keep ~
 * Bernoulli(1 - rate), in inference y = x (the same tensor, no copy, no graph node). The mask is
 * counter-based (Philox): element i depends only on (seed, offset, i), so it is the same for any
 * thread count and on CUDA, equals {@code Generator.seed(seed)}'s Bernoulli(1 - rate) draw at
 * that offset, and the backward regenerates it instead of storing it.
 */
public final class Dropout {
    private Dropout() {}

    /** Dropout with counter offset 0. */
    public static Tensor dropout(Tensor x, double rate, long seed, boolean training) {
        return dropout(x, rate, seed, 0, training);
    }

    /**
     * @param offset Philox counter offset: a call consumes ceil(numel / 4) counters, so successive
     *               calls with one seed should advance it by that much (a layer does this per step)
     */
    public static Tensor dropout(Tensor x, double rate, long seed, long offset, boolean training) {
        final String op = "dropout";
        NnSupport.floatInput(op, x);
        if (!(rate >= 0 && rate <= 1)) throw new IllegalArgumentException(op + ": rate = " + rate + " is outside [0, 1]");
        if (offset < 0) throw new IllegalArgumentException(op + ": offset = " + offset + " is negative");
        if (!training || rate == 0) return x;
        final long n = x.numel();
        Tensor xc = NnSupport.contig(x);
        Tensor y = NnSupport.emptyLike(x);
        try {
            if (n > 0) {
                Kernels.check(NnNative.nn4j_dropout_forward(NnSupport.dev(x), x.dtype().code(), n, NnSupport.addr(xc),
                        rate, seed, offset, NnSupport.addr(y), 0), op);
            }
        } catch (RuntimeException | Error e) {
            y.close();
            throw e;
        } finally {
            NnSupport.release(xc, x);
        }
        if (Autograd.needsGrad(x)) {
            // saved: nothing; (seed, offset) regenerate the mask
            Autograd.record(op, y, new Tensor[] {x}, null, (node, g) -> {
                Tensor gc = NnSupport.contig(g);
                Tensor dx = NnSupport.emptyLike(g);
                try {
                    if (n > 0) {
                        Kernels.check(NnNative.nn4j_dropout_backward(NnSupport.dev(g), g.dtype().code(), n,
                                NnSupport.addr(gc), rate, seed, offset, NnSupport.addr(dx)), op + " backward");
                    }
                } catch (RuntimeException | Error e) {
                    dx.close();
                    throw e;
                } finally {
                    NnSupport.release(gc, g);
                }
                return new Tensor[] {dx};
            });
        }
        return y;
    }
}
