package org.nn4j.ops.nn;

import java.util.Arrays;
import org.nn4j.DType;
import org.nn4j.Tensor;
import org.nn4j.internal.Kernels;
import org.nn4j.internal.TensorAccess;
import org.nn4j.ops.Checks;

/** Shared plumbing of the nn op families that call {@code NnNative}: checks, contiguity, addresses. */
final class NnSupport {
    static final TensorAccess T = TensorAccess.get();

    private NnSupport() {}

    /** Open, float32/float64. */
    static void floatInput(String op, Tensor x) {
        Checks.open(x, op);
        Checks.floating(op, x);
    }

    /** Optional tensor: open, same dtype and device as x. */
    static void companion(String op, String name, Tensor x, Tensor t) {
        if (t == null) return;
        Checks.open(t, op);
        if (t.dtype() != x.dtype()) {
            throw new IllegalArgumentException(op + ": dtypes " + x.dtype() + " and " + t.dtype() + " (" + name
                    + ") differ; cast one with to(DType)");
        }
        Checks.sameDevice(op, x, t);
    }

    static void shape(String op, String name, Tensor t, long... want) {
        if (t != null && !Arrays.equals(T.shape(t), want)) {
            throw new IllegalArgumentException(op + ": " + name + " must have shape " + org.nn4j.Shape.of(want)
                    + ", got " + t.shape());
        }
    }

    /** t itself when contiguous, else an unrecorded contiguous copy (close it when != t). */
    static Tensor contig(Tensor t) {
        return t == null || t.isContiguous() ? t : Kernels.copyContiguous(t, t.dtype());
    }

    static void release(Tensor copy, Tensor original) {
        if (copy != null && copy != original) copy.close();
    }

    static void closeAll(Tensor... ts) {
        for (Tensor t : ts) if (t != null) t.close();
    }

    static long addr(Tensor t) {
        return t == null ? 0 : Kernels.addr(t);
    }

    static int dev(Tensor t) {
        return Kernels.device(t);
    }

    static Tensor empty(Tensor like, long... shape) {
        return Kernels.empty(like.dtype(), dev(like), shape);
    }

    static Tensor emptyLike(Tensor like) {
        return Kernels.empty(like.dtype(), dev(like), T.shape(like).clone());
    }

    static Tensor empty(DType dtype, int device, long... shape) {
        return Kernels.empty(dtype, device, shape);
    }

    /** Normalizes a possibly negative axis of a rank-r tensor, naming op in the error. */
    static int axis(String op, int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for rank " + rank);
        }
        return a;
    }

    static long prod(long[] s, int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) p *= s[i];
        return p;
    }
}
