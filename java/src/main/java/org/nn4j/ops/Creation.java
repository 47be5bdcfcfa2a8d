package org.nn4j.ops;

import org.nn4j.DType;
import org.nn4j.Device;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.internal.Kernels;
import org.nn4j.internal.Strides;
import org.nn4j.internal.TensorAccess;

/** Factories: constants, ranges, identity, and tensors from Java arrays. Results are leaves. */
public final class Creation {
    private static final TensorAccess T = TensorAccess.get();

    private Creation() {}

    /** A new uninitialized contiguous tensor (for ops that overwrite every element). */
    public static Tensor empty(DType dtype, Device device, long... shape) {
        return Kernels.empty(dtype, device.nativeCode(), Checks.shapeArg("empty", shape));
    }

    public static Tensor full(double value, DType dtype, long... shape) {
        return full(value, dtype, Device.CPU, shape);
    }

    public static Tensor full(double value, DType dtype, Device device, long... shape) {
        Tensor t = Kernels.empty(dtype, device.nativeCode(), Checks.shapeArg("full", shape));
        Kernels.fill(t, value);
        return t;
    }

    public static Tensor zeros(DType dtype, Device device, long... shape) {
        return full(0, dtype, device, shape);
    }

    public static Tensor ones(DType dtype, Device device, long... shape) {
        return full(1, dtype, device, shape);
    }

    /** value everywhere, with like's shape, dtype and device. */
    public static Tensor fullLike(Tensor like, double value) {
        Checks.open(like, "fullLike");
        Tensor t = Kernels.empty(like.dtype(), Kernels.device(like), T.shape(like));
        Kernels.fill(t, value);
        return t;
    }

    /** [start, start + step, ...) below end (above it for a negative step). */
    public static Tensor arange(double start, double end, double step, DType dtype) {
        if (step == 0 || Double.isNaN(step)) throw new IllegalArgumentException("arange: step must be non-zero, got " + step);
        double count = Math.ceil((end - start) / step);
        if (Double.isNaN(count) || count > Integer.MAX_VALUE * 64.0) {
            throw new IllegalArgumentException("arange: bad range [" + start + ", " + end + ") step " + step);
        }
        long n = Math.max(0, (long) count);
        Tensor t = Kernels.empty(dtype, 0, new long[] {n});
        Kernels.arange(t, start, step);
        return t;
    }

    /** n evenly spaced points from a to b inclusive. */
    public static Tensor linspace(double a, double b, long n, DType dtype) {
        if (n < 0) throw new IllegalArgumentException("linspace: n = " + n + " is negative");
        Tensor t = Kernels.empty(dtype, 0, new long[] {n});
        Kernels.arange(t, a, n > 1 ? (b - a) / (n - 1) : 0);
        return t;
    }

    /** n x n identity. */
    public static Tensor eye(long n, DType dtype) {
        if (n < 0) throw new IllegalArgumentException("eye: n = " + n + " is negative");
        Tensor t = full(0, dtype, n, n);
        try (Tensor diag = T.view(t, 0, new long[] {n}, new long[] {n + 1})) {
            Kernels.fill(diag, 1);
        }
        return t;
    }

    // ---- from Java arrays (row-major); no shape means 1-D

    private static long[] shapeFor(String op, int length, long[] shape) {
        long[] s = shape == null || shape.length == 0 ? new long[] {length} : Checks.shapeArg(op, shape);
        if (Strides.numel(s) != length) {
            throw new IllegalArgumentException(op + ": " + length + " values do not fill shape " + Shape.format(s)
                    + " (" + Strides.numel(s) + " elements)");
        }
        return s;
    }

    public static Tensor of(float[] data, long... shape) {
        Tensor t = Kernels.empty(DType.FLOAT32, 0, shapeFor("of", data.length, shape));
        Kernels.fromHost(data, t);
        return t;
    }

    public static Tensor of(double[] data, long... shape) {
        Tensor t = Kernels.empty(DType.FLOAT64, 0, shapeFor("of", data.length, shape));
        Kernels.fromHost(data, t);
        return t;
    }

    public static Tensor of(int[] data, long... shape) {
        Tensor t = Kernels.empty(DType.INT32, 0, shapeFor("of", data.length, shape));
        Kernels.fromHost(data, t);
        return t;
    }

    public static Tensor of(long[] data, long... shape) {
        Tensor t = Kernels.empty(DType.INT64, 0, shapeFor("of", data.length, shape));
        Kernels.fromHost(data, t);
        return t;
    }

    public static Tensor of(boolean[] data, long... shape) {
        byte[] bytes = new byte[data.length];
        for (int i = 0; i < data.length; i++) bytes[i] = data[i] ? (byte) 1 : 0;
        Tensor t = Kernels.empty(DType.BOOL, 0, shapeFor("of", data.length, shape));
        Kernels.fromHost(bytes, t);
        return t;
    }

    public static Tensor of(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new IllegalArgumentException("of: row " + r + " has " + rows[r].length + " values, row 0 has " + cols);
            }
            System.arraycopy(rows[r], 0, flat, r * cols, cols);
        }
        return of(flat, rows.length, cols);
    }

    public static Tensor of(double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        double[] flat = new double[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new IllegalArgumentException("of: row " + r + " has " + rows[r].length + " values, row 0 has " + cols);
            }
            System.arraycopy(rows[r], 0, flat, r * cols, cols);
        }
        Tensor t = Kernels.empty(DType.FLOAT64, 0, new long[] {rows.length, cols});
        Kernels.fromHost(flat, t);
        return t;
    }
}
