package org.nn4j.ops;

import org.nn4j.Tensor;
import org.nn4j.internal.Broadcast;
import org.nn4j.internal.Kernels;
import org.nn4j.internal.TensorAccess;

/**
 * In-place updates for optimizers and initializers. Never recorded by autograd: they refuse a
 * tensor that requires grad while grad mode is on (wrap them in Autograd.noGrad()), and refuse
 * expanded views whose elements share memory.
 */
public final class InPlace {
    private static final TensorAccess T = TensorAccess.get();

    private InPlace() {}

    /** t += alpha * o, o broadcast to t's shape. */
    public static Tensor add(Tensor t, Tensor o, double alpha) {
        Checks.inPlace("addInPlace", t);
        Checks.pair("addInPlace", t, o);
        Broadcast.checkTo("addInPlace", T.shape(o), T.shape(t));
        if (alpha == 1) {
            Kernels.binaryInto(Kernels.BINARY_ADD, "addInPlace", t, o, t);
        } else {
            try (Tensor s = Kernels.scalarTemp(alpha, o.dtype(), Kernels.device(o));
                 Tensor scaled = Kernels.binary(Kernels.BINARY_MUL, "addInPlace", o, s, T.shape(o), o.dtype())) {
                Kernels.binaryInto(Kernels.BINARY_ADD, "addInPlace", t, scaled, t);
            }
        }
        return t;
    }

    /** t += o without the autograd check (the engine's leaf-gradient accumulation). */
    public static void addUnchecked(Tensor t, Tensor o) {
        Kernels.binaryInto(Kernels.BINARY_ADD, "accumulate grad", t, o, t);
    }

    /** t *= v. */
    public static Tensor mul(Tensor t, double v) {
        Checks.inPlace("mulInPlace", t);
        try (Tensor s = Kernels.scalarTemp(v, t.dtype(), Kernels.device(t))) {
            Kernels.binaryInto(Kernels.BINARY_MUL, "mulInPlace", t, s, t);
        }
        return t;
    }

    /** t = src, broadcast to t's shape and converted to t's dtype; src may be on another device. */
    public static Tensor copyFrom(Tensor t, Tensor src) {
        Checks.inPlace("copyFrom", t);
        Checks.open(src, "copyFrom");
        Broadcast.checkTo("copyFrom", T.shape(src), T.shape(t));
        Tensor s = Kernels.device(src) == Kernels.device(t) ? src : Conversion.move(src, Kernels.device(t));
        try {
            Kernels.copy(s, t);
        } finally {
            if (s != src) s.close();
        }
        return t;
    }

    /** Every element = value. */
    public static Tensor fill(Tensor t, double value) {
        Checks.inPlace("fill", t);
        Kernels.fill(t, value);
        return t;
    }

    /** fill without the autograd check (zeroGrad). */
    public static void fillUnchecked(Tensor t, double value) {
        Kernels.fill(t, value);
    }
}
