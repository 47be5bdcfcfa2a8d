package org.nn4j.ops;

import java.util.Arrays;
import org.nn4j.Tensor;
import org.nn4j.internal.Broadcast;
import org.nn4j.internal.Kernels;
import org.nn4j.internal.TensorAccess;

/** Helpers for backward rules. Public so that ops outside this package (layers, losses) can use them. */
public final class GradUtil {
    private static final TensorAccess T = TensorAccess.get();

    private GradUtil() {}

    /**
     * Sums a broadcast gradient back to an operand's shape (T4): over leading extra axes and
     * over axes the operand stretched from 1. Returns g itself when the shapes already agree.
     */
    public static Tensor sumTo(Tensor g, long[] shape) {
        long[] gs = T.shape(g);
        if (gs == shape || Arrays.equals(gs, shape)) return g;
        long mask = Broadcast.sumMask(gs, shape);
        // the native output is contiguous, so the reduced (kept-1s, leading-dropped) layout is `shape`
        return Kernels.reduce(Kernels.REDUCE_SUM, "sumTo", g, mask, shape, g.dtype(), 0);
    }

    /** A gradient array of one element. */
    static Tensor[] one(Tensor g) {
        return new Tensor[] {g};
    }
}
