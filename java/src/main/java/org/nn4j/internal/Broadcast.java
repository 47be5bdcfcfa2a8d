package org.nn4j.internal;

import java.util.Arrays;
import org.nn4j.Shape;

/** NumPy broadcasting (T4): align trailing axes; sizes must be equal or 1; missing axes stretch. */
public final class Broadcast {
    private Broadcast() {}

    /**
     * The broadcast shape of a and b. Returns {@code a} itself when the shapes are equal (the
     * common case allocates nothing). Throws "op: cannot broadcast shapes (2, 3) and (4, 3)
     * (axis -2: 2 vs 4)".
     */
    public static long[] shape(String op, long[] a, long[] b) {
        if (a == b || Arrays.equals(a, b)) return a;
        int r = Math.max(a.length, b.length);
        long[] out = new long[r];
        for (int i = 1; i <= r; i++) {
            long da = i <= a.length ? a[a.length - i] : 1;
            long db = i <= b.length ? b[b.length - i] : 1;
            if (da == db || db == 1) out[r - i] = da;
            else if (da == 1) out[r - i] = db;
            else {
                throw new IllegalArgumentException(op + ": cannot broadcast shapes " + Shape.format(a) + " and "
                        + Shape.format(b) + " (axis -" + i + ": " + da + " vs " + db + ")");
            }
        }
        return out;
    }

    /** True when {@code from} broadcasts to exactly {@code to}. */
    public static boolean canBroadcastTo(long[] from, long[] to) {
        if (from.length > to.length) return false;
        for (int i = 1; i <= from.length; i++) {
            long f = from[from.length - i];
            if (f != 1 && f != to[to.length - i]) return false;
        }
        return true;
    }

    /** Throws unless {@code from} broadcasts to {@code to}. */
    public static void checkTo(String op, long[] from, long[] to) {
        if (!canBroadcastTo(from, to)) {
            throw new IllegalArgumentException(op + ": cannot broadcast shape " + Shape.format(from) + " to "
                    + Shape.format(to));
        }
    }

    /**
     * Strides of a (shape, strides) operand seen with outShape: 0 on stretched and missing
     * axes. Returns {@code strides} itself when no axis is stretched.
     */
    public static long[] strides(long[] shape, long[] strides, long[] outShape) {
        if (shape == outShape || Arrays.equals(shape, outShape)) return strides;
        int r = outShape.length;
        int off = r - shape.length;
        long[] s = new long[r];
        for (int i = 0; i < shape.length; i++) {
            s[off + i] = shape[i] == outShape[off + i] ? strides[i] : 0;
        }
        return s;
    }

    /**
     * Axes of {@code gradShape} to sum so that a gradient reduces to {@code target}'s shape
     * (leading extra axes and axes stretched from 1). 0 when nothing needs summing.
     */
    public static long sumMask(long[] gradShape, long[] target) {
        int off = gradShape.length - target.length;
        long mask = 0;
        for (int i = 0; i < gradShape.length; i++) {
            if (i < off) mask |= 1L << i;
            else if (target[i - off] == 1 && gradShape[i] != 1) mask |= 1L << i;
        }
        return mask;
    }
}
