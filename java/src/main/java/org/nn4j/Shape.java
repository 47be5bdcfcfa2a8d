package org.nn4j;

import java.util.Arrays;

/** An immutable list of dimension sizes. {@code toString()} prints "(2, 3)"; a scalar is "()". */
public final class Shape {
    private static final Shape SCALAR = new Shape(new long[0]);

    private final long[] dims;

    private Shape(long[] dims) {
        this.dims = dims;
    }

    /** A shape with the given dims (copied); every dim must be >= 0. */
    public static Shape of(long... dims) {
        if (dims.length == 0) return SCALAR;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                throw new IllegalArgumentException("Shape: dim " + i + " is negative in " + format(dims));
            }
        }
        return new Shape(dims.clone());
    }

    /** The 0-d shape "()". */
    public static Shape scalar() {
        return SCALAR;
    }

    /** Wraps an array the caller promises never to modify (internal fast path). */
    static Shape wrap(long[] dims) {
        return dims.length == 0 ? SCALAR : new Shape(dims);
    }

    public int rank() {
        return dims.length;
    }

    /** Size of axis {@code i}; negative {@code i} counts from the end (-1 = last). */
    public long dim(int i) {
        int r = dims.length;
        int a = i < 0 ? i + r : i;
        if (a < 0 || a >= r) {
            throw new IllegalArgumentException("Shape.dim: axis " + i + " is out of range for shape " + this);
        }
        return dims[a];
    }

    /** Product of the dims (1 for a scalar). */
    public long numel() {
        long n = 1;
        for (long d : dims) n *= d;
        return n;
    }

    /** A copy of the dims. */
    public long[] toArray() {
        return dims.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape && Arrays.equals(dims, ((Shape) o).dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return format(dims);
    }

    /** "(2, 3)" for {2, 3}; a 1-D shape prints "(5)", a scalar "()". */
    public static String format(long[] dims) {
        StringBuilder sb = new StringBuilder(2 + 4 * dims.length).append('(');
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(dims[i]);
        }
        return sb.append(')').toString();
    }
}
