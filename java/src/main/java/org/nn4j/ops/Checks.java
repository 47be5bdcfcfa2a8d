package org.nn4j.ops;

import org.nn4j.DType;
import org.nn4j.Tensor;
import org.nn4j.internal.Broadcast;
import org.nn4j.internal.Kernels;
import org.nn4j.internal.Strides;
import org.nn4j.internal.TensorAccess;

/** Argument checks shared by the op families (and ops elsewhere); every message names the op. */
public final class Checks {
    private static final TensorAccess T = TensorAccess.get();

    private Checks() {}

    public static void open(Tensor t, String op) {
        if (t == null) throw new NullPointerException(op + ": tensor argument is null");
        T.checkOpen(t, op);
    }

    /** Both open, same dtype, same device. */
    public static void pair(String op, Tensor a, Tensor b) {
        open(a, op);
        open(b, op);
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": dtypes " + a.dtype() + " and " + b.dtype()
                    + " differ; cast one with to(DType)");
        }
        sameDevice(op, a, b);
    }

    public static void sameDevice(String op, Tensor a, Tensor b) {
        if (Kernels.device(a) != Kernels.device(b)) {
            throw new IllegalArgumentException(op + ": tensors are on " + a.device() + " and " + b.device()
                    + "; move one with to(Device)");
        }
    }

    /** Open, same dtype/device, broadcastable: returns the result shape. */
    public static long[] binary(String op, Tensor a, Tensor b) {
        pair(op, a, b);
        return Broadcast.shape(op, T.shape(a), T.shape(b));
    }

    public static void floating(String op, Tensor t) {
        if (!t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": needs a float32 or float64 tensor, got " + t.dtype()
                    + " " + t.shape() + "; convert with to(DType.FLOAT32)");
        }
    }

    public static void numeric(String op, Tensor t) {
        if (t.dtype() == DType.BOOL) {
            throw new IllegalArgumentException(op + ": not defined for bool tensors " + t.shape()
                    + "; convert with to(DType)");
        }
    }

    public static void bool(String op, Tensor t) {
        if (t.dtype() != DType.BOOL) {
            throw new IllegalArgumentException(op + ": needs a bool tensor, got " + t.dtype() + " " + t.shape());
        }
    }

    /** Refuses in-place writes that autograd would miss, and writes into overlapping (expanded) memory. */
    public static void inPlace(String op, Tensor t) {
        open(t, op);
        if (t.requiresGrad() && org.nn4j.autograd.Autograd.isGradEnabled()) {
            throw new IllegalStateException(op + ": tensor " + t.shape() + " " + t.dtype()
                    + " requires grad and in-place updates are not recorded; do it inside "
                    + "try (NoGradScope ng = Autograd.noGrad()) { ... } (as optimizers do)");
        }
        long[] shape = T.shape(t), strides = T.strides(t);
        for (int i = 0; i < shape.length; i++) {
            if (strides[i] == 0 && shape[i] > 1) {
                throw new IllegalArgumentException(op + ": tensor " + t.shape() + " is an expanded view (stride 0 on axis "
                        + i + "); several elements share memory, so it cannot be written in place");
            }
        }
    }

    public static long[] shapeArg(String op, long[] shape) {
        long[] s = shape == null ? Strides.EMPTY : shape.clone();
        Strides.checkShape(op, s);
        return s;
    }
}
