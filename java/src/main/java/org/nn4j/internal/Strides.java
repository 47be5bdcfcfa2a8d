package org.nn4j.internal;

import org.nn4j.Shape;

/** Shape and stride arithmetic (all in elements). Pure functions; arrays passed in are not modified. */
public final class Strides {
    public static final int MAX_DIMS = 8;
    public static final long[] EMPTY = new long[0];

    private Strides() {}

    public static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) n *= d;
        return n;
    }

    /** Row-major strides of a contiguous tensor. */
    public static long[] contiguous(long[] shape) {
        int r = shape.length;
        if (r == 0) return EMPTY;
        long[] s = new long[r];
        long acc = 1;
        for (int i = r - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= Math.max(shape[i], 1);
        }
        return s;
    }

    /** True when the strides are the row-major ones (size-1 axes may have any stride; empty tensors are contiguous). */
    public static boolean isContiguous(long[] shape, long[] strides) {
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            long d = shape[i];
            if (d == 0) return true;
            if (d != 1) {
                if (strides[i] != expected) return false;
                expected *= d;
            }
        }
        return true;
    }

    /** Normalizes an axis (negative counts from the end) or throws naming the op and shape. */
    public static int axis(String op, int axis, long[] shape) {
        int r = shape.length;
        int a = axis < 0 ? axis + r : axis;
        if (a < 0 || a >= r) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for shape "
                    + Shape.format(shape) + " (rank " + r + ")");
        }
        return a;
    }

    /** Like {@link #axis} for a rank that the op is about to produce (e.g. unsqueeze, stack). */
    public static int axisForRank(String op, int axis, int rank, long[] shape) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for shape "
                    + Shape.format(shape) + " (result rank " + rank + ")");
        }
        return a;
    }

    /** Bitmask of normalized axes; no axes means all axes. Duplicates are an error. */
    public static long axesMask(String op, int[] axes, long[] shape) {
        int r = shape.length;
        if (axes == null || axes.length == 0) return r == 0 ? 0 : (1L << r) - 1;
        long mask = 0;
        for (int ax : axes) {
            int a = axis(op, ax, shape);
            if ((mask & (1L << a)) != 0) {
                throw new IllegalArgumentException(op + ": axis " + ax + " is given twice for shape " + Shape.format(shape));
            }
            mask |= 1L << a;
        }
        return mask;
    }

    /** Shape after reducing the axes in mask, keeping them as 1s or dropping them. */
    public static long[] reducedShape(long[] shape, long mask, boolean keepDims) {
        int r = shape.length;
        int kept = 0;
        for (int i = 0; i < r; i++) if ((mask & (1L << i)) == 0) kept++;
        long[] out = new long[keepDims ? r : kept];
        int j = 0;
        for (int i = 0; i < r; i++) {
            boolean red = (mask & (1L << i)) != 0;
            if (keepDims) out[i] = red ? 1 : shape[i];
            else if (!red) out[j++] = shape[i];
        }
        return out;
    }

    /** Throws when a shape has more than {@link #MAX_DIMS} axes or a negative dim. */
    public static void checkShape(String op, long[] shape) {
        if (shape.length > MAX_DIMS) {
            throw new IllegalArgumentException(op + ": shape " + Shape.format(shape) + " has rank "
                    + shape.length + ", more than the maximum " + MAX_DIMS);
        }
        for (long d : shape) {
            if (d < 0) throw new IllegalArgumentException(op + ": shape " + Shape.format(shape) + " has a negative dim");
        }
    }

    /**
     * Strides that let a tensor of (shape, strides) be viewed as newShape without a copy, or
     * null when the memory layout does not allow it. Dimensions are grouped into chunks whose
     * elements are laid out with one stride; each chunk must map onto whole new dims.
     */
    public static long[] viewStrides(long[] shape, long[] strides, long[] newShape) {
        long numel = numel(shape);
        if (numel == 0 || shape.length == 0) return contiguous(newShape);
        long[] ns = new long[newShape.length];
        int viewD = newShape.length - 1;
        long chunkBase = strides[strides.length - 1];
        long tensorNumel = 1;
        long viewNumel = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            tensorNumel *= shape[d];
            if (d == 0 || (shape[d - 1] != 1 && strides[d - 1] != tensorNumel * chunkBase)) {
                while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
                    ns[viewD] = viewNumel * chunkBase;
                    viewNumel *= newShape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) return null;
                if (d > 0) {
                    chunkBase = strides[d - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        if (viewD != -1) return null;
        return ns;
    }

    /** Resolves one -1 in a requested shape against numel; throws naming the op and shapes. */
    public static long[] inferShape(String op, long[] from, long[] requested) {
        long numel = numel(from);
        int infer = -1;
        long known = 1;
        for (int i = 0; i < requested.length; i++) {
            long d = requested[i];
            if (d == -1) {
                if (infer >= 0) throw new IllegalArgumentException(op + ": only one -1 allowed in " + Shape.format(requested));
                infer = i;
            } else if (d < 0) {
                throw new IllegalArgumentException(op + ": negative dim in " + Shape.format(requested));
            } else {
                known *= d;
            }
        }
        long[] out = requested.clone();
        if (infer >= 0) {
            if (known == 0 || numel % known != 0) {
                throw new IllegalArgumentException(op + ": cannot reshape " + Shape.format(from) + " (" + numel
                        + " elements) to " + Shape.format(requested));
            }
            out[infer] = numel / known;
        } else if (known != numel) {
            throw new IllegalArgumentException(op + ": cannot reshape " + Shape.format(from) + " (" + numel
                    + " elements) to " + Shape.format(requested) + " (" + known + " elements)");
        }
        checkShape(op, out);
        return out;
    }
}
