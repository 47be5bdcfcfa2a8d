package org.nn4j.ops;

import java.util.Arrays;
import org.nn4j.DType;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.internal.Kernels;
import org.nn4j.internal.Strides;
import org.nn4j.internal.TensorAccess;

/**
 * torch.gather and its adjoint scatterAdd. The kernels take contiguous operands, so strided
 * inputs are copied first. gather's backward is a scatterAdd of the gradient into zeros;
 * scatterAdd's backward passes the gradient to the base and gathers it for the source.
 */
public final class Indexing {
    private static final TensorAccess T = TensorAccess.get();

    private Indexing() {}

    private static int checkIndex(String op, Tensor x, int axis, Tensor index) {
        Checks.open(x, op);
        Checks.open(index, op);
        if (index.dtype() != DType.INT64) {
            throw new IllegalArgumentException(op + ": index must be int64, got " + index.dtype()
                    + "; convert with to(DType.INT64)");
        }
        Checks.sameDevice(op, x, index);
        long[] xs = T.shape(x), is = T.shape(index);
        int a = Strides.axis(op, axis, xs);
        if (is.length != xs.length) {
            throw new IllegalArgumentException(op + ": index " + Shape.format(is) + " must have the rank of "
                    + Shape.format(xs));
        }
        for (int d = 0; d < xs.length; d++) {
            if (d != a && is[d] > xs[d]) {
                throw new IllegalArgumentException(op + ": index " + Shape.format(is) + " is larger than "
                        + Shape.format(xs) + " on axis " + d + " (only axis " + axis + " may differ)");
            }
        }
        return a;
    }

    /** out[i, j, k] = x[i, index[i, j, k], k] (axis 1); out has index's shape. */
    public static Tensor gather(Tensor x, int axis, Tensor index) {
        int a = checkIndex("gather", x, axis, index);
        long[] xs = T.shape(x);
        Tensor xc = x.isContiguous() ? x : Kernels.copyContiguous(x, x.dtype());
        Tensor ic = index.isContiguous() ? index : Kernels.copyContiguous(index, index.dtype());
        Tensor out = Kernels.empty(x.dtype(), Kernels.device(x), T.shape(index));
        try {
            Kernels.gather(xc, a, ic, out);
        } catch (RuntimeException e) {
            out.close();  // a rejected index must not leak the output buffer
            throw e;
        } finally {
            if (xc != x) xc.close();
            if (ic != index) ic.close();
        }
        if (Autograd.needsGrad(x)) {
            Autograd.record("gather", out, new Tensor[] {x}, new Tensor[] {index}, (n, g) -> {
                Tensor z = Creation.zeros(g.dtype(), g.device(), xs);
                scatterInto(z, a, n.saved(0), g);
                return GradUtil.one(z);
            });
        }
        return out;
    }

    /** A copy of x with src added at index along axis (repeated indices accumulate); src has index's shape. */
    public static Tensor scatterAdd(Tensor x, int axis, Tensor index, Tensor src) {
        int a = checkIndex("scatterAdd", x, axis, index);
        Checks.pair("scatterAdd", x, src);
        if (!Arrays.equals(T.shape(src), T.shape(index))) {
            throw new IllegalArgumentException("scatterAdd: src " + src.shape() + " must have the index's shape "
                    + index.shape());
        }
        Tensor out = Kernels.copyContiguous(x, x.dtype());
        try {
            scatterInto(out, a, index, src);
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        if (Autograd.needsGrad(x, src)) {
            Autograd.record("scatterAdd", out, new Tensor[] {x, src}, new Tensor[] {index}, (n, g) -> new Tensor[] {
                    n.needsInputGrad(0) ? g : null,
                    n.needsInputGrad(1) ? gather(g, a, n.saved(0)) : null});
        }
        return out;
    }

    /** out (contiguous) += src at index along axis, copying index/src to contiguous when needed. */
    private static void scatterInto(Tensor out, int axis, Tensor index, Tensor src) {
        Tensor ic = index.isContiguous() ? index : Kernels.copyContiguous(index, index.dtype());
        Tensor sc = src.isContiguous() ? src : Kernels.copyContiguous(src, src.dtype());
        try {
            Kernels.scatterAdd(out, axis, ic, sc);
        } finally {
            if (ic != index) ic.close();
            if (sc != src) sc.close();
        }
    }
}
