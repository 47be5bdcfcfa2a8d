package org.nn4j.ops;

import org.nn4j.DType;
import org.nn4j.Device;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.internal.Kernels;
import org.nn4j.internal.TensorAccess;

/** dtype and device conversion, and reading values back into Java arrays (row-major). */
public final class Conversion {
    private static final TensorAccess T = TensorAccess.get();

    private Conversion() {}

    // ---- to(DType): grad converted back (float <-> float only)
    public static Tensor to(Tensor x, DType dtype) {
        Checks.open(x, "to");
        if (x.dtype() == dtype) return x;
        Tensor out = Kernels.copyContiguous(x, dtype);
        if (dtype.isFloatingPoint() && Autograd.needsGrad(x)) {
            DType back = x.dtype();
            Autograd.record("to", out, new Tensor[] {x}, null, (n, g) -> GradUtil.one(to(g, back)));
        }
        return out;
    }

    // ---- to(Device): grad moved back
    public static Tensor to(Tensor x, Device device) {
        Checks.open(x, "to");
        int dst = device.nativeCode();
        if (Kernels.device(x) == dst) return x;
        Tensor out = move(x, dst);
        if (Autograd.needsGrad(x)) {
            Device back = x.device();
            Autograd.record("to", out, new Tensor[] {x}, null, (n, g) -> GradUtil.one(to(g, back)));
        }
        return out;
    }

    /** A contiguous copy of x on device dst (not recorded). */
    static Tensor move(Tensor x, int dst) {
        int src = Kernels.device(x);
        Tensor c = x.isContiguous() ? x : Kernels.copyContiguous(x, x.dtype());
        try {
            Tensor out = Kernels.empty(x.dtype(), dst, T.shape(x));
            Kernels.memcpy(dst, Kernels.addr(out), src, Kernels.addr(c), x.numel() * x.dtype().byteSize());
            return out;
        } finally {
            if (c != x) c.close();
        }
    }

    /** x itself when contiguous with dtype, else a contiguous converted copy (on x's device). */
    private static Tensor readable(Tensor x, DType dtype, String op) {
        Checks.open(x, op);
        if (x.numel() > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(op + ": " + x.numel() + " elements do not fit a Java array");
        }
        if (x.dtype() == dtype && x.isContiguous()) return x;
        return Kernels.copyContiguous(x, dtype);
    }

    public static float[] toFloatArray(Tensor x) {
        Tensor c = readable(x, DType.FLOAT32, "toFloatArray");
        try {
            float[] r = new float[(int) x.numel()];
            Kernels.toHost(c, r);
            return r;
        } finally {
            if (c != x) c.close();
        }
    }

    public static double[] toDoubleArray(Tensor x) {
        Tensor c = readable(x, DType.FLOAT64, "toDoubleArray");
        try {
            double[] r = new double[(int) x.numel()];
            Kernels.toHost(c, r);
            return r;
        } finally {
            if (c != x) c.close();
        }
    }

    public static int[] toIntArray(Tensor x) {
        Tensor c = readable(x, DType.INT32, "toIntArray");
        try {
            int[] r = new int[(int) x.numel()];
            Kernels.toHost(c, r);
            return r;
        } finally {
            if (c != x) c.close();
        }
    }

    public static long[] toLongArray(Tensor x) {
        Tensor c = readable(x, DType.INT64, "toLongArray");
        try {
            long[] r = new long[(int) x.numel()];
            Kernels.toHost(c, r);
            return r;
        } finally {
            if (c != x) c.close();
        }
    }

    public static boolean[] toBooleanArray(Tensor x) {
        Tensor c = readable(x, DType.BOOL, "toBooleanArray");
        try {
            byte[] b = new byte[(int) x.numel()];
            Kernels.toHost(c, b);
            boolean[] r = new boolean[b.length];
            for (int i = 0; i < b.length; i++) r[i] = b[i] != 0;
            return r;
        } finally {
            if (c != x) c.close();
        }
    }

    public static double item(Tensor x) {
        Checks.open(x, "item");
        if (x.numel() != 1) {
            throw new IllegalArgumentException("item: tensor " + x.shape() + " has " + x.numel()
                    + " elements, not 1");
        }
        if (x.dtype() == DType.INT64) return toLongArray(x)[0];
        return toDoubleArray(x)[0];
    }

    /** Throws ArithmeticException naming what, the count and the first index of NaN/Inf values. */
    public static Tensor checkFinite(Tensor x, String what) {
        Checks.open(x, "checkFinite");
        if (!x.dtype().isFloatingPoint() || x.numel() == 0) return x;
        boolean ok;
        try (Tensor fin = Comparisons.isFinite(x); Tensor all = Reductions.all(fin, false)) {
            ok = all.toBooleanArray()[0];
            if (ok) return x;
            boolean[] f = fin.toBooleanArray();
            long count = 0;
            int first = -1;
            for (int i = 0; i < f.length; i++) {
                if (!f[i]) {
                    count++;
                    if (first < 0) first = i;
                }
            }
            long[] idx = unravel(first, T.shape(x));
            double v = Double.NaN;
            try (Tensor d = ShapeOps.detach(x); Tensor flat = ShapeOps.reshape(d, -1);
                 Tensor one = ShapeOps.select(flat, 0, first)) {
                v = item(one);
            }
            throw new ArithmeticException(what + ": " + count + " non-finite value" + (count == 1 ? "" : "s")
                    + " (NaN/Inf) in tensor " + x.shape() + " " + x.dtype() + ", first at index "
                    + Shape.format(idx) + " = " + v);
        }
    }

    static long[] unravel(long flat, long[] shape) {
        long[] idx = new long[shape.length];
        for (int i = shape.length - 1; i >= 0; i--) {
            long d = Math.max(shape[i], 1);
            idx[i] = flat % d;
            flat /= d;
        }
        return idx;
    }
}
