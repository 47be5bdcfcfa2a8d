package org.nn4j.testing;

import java.util.SplittableRandom;
import org.nn4j.DType;
import org.nn4j.Tensor;

/**
 * Test inputs: seeded random arrays that are never all zero, and the same values as a
 * contiguous tensor or as non-contiguous views (transposed, strided slice with an offset).
 */
public final class Inputs {
    private Inputs() {}

    /** How a case lays out its input tensors in memory. */
    public enum Layout {
        CONTIGUOUS,
        /** Stored with the last two axes swapped, then transposed back: same values, strides swapped. */
        TRANSPOSED,
        /** Every other element of a larger buffer, starting at offset 1; the gaps hold NaN. */
        STRIDED
    }

    /**
     * Uniform in [lo, hi), kept at least {@code gap} away from each of {@code kinks} (where an op
     * or its derivative is not smooth), redrawn if all zero.
     */
    public static Nd uniform(long seed, double lo, double hi, double[] kinks, double gap, long... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = (int) Nd.numel(shape);
        double[] d = new double[n];
        boolean nonZero;
        do {
            nonZero = n == 0;
            for (int i = 0; i < n; i++) {
                double v;
                do v = lo + (hi - lo) * r.nextDouble();
                while (near(v, kinks, gap));
                d[i] = v;
                nonZero |= v != 0;
            }
        } while (!nonZero);
        return new Nd(d, shape);
    }

    public static Nd uniform(long seed, double lo, double hi, long... shape) {
        return uniform(seed, lo, hi, new double[0], 0, shape);
    }

    /** Integer values in [lo, hi], so that ties and equalities actually occur; never all zero. */
    public static Nd ints(long seed, int lo, int hi, long... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = (int) Nd.numel(shape);
        double[] d = new double[n];
        boolean nonZero;
        do {
            nonZero = n == 0;
            for (int i = 0; i < n; i++) {
                d[i] = lo + r.nextInt(hi - lo + 1);
                nonZero |= d[i] != 0;
            }
        } while (!nonZero);
        return new Nd(d, shape);
    }

    /** Indices in [0, bound) (int64 values stored as doubles), repeats allowed. */
    public static Nd indices(long seed, long bound, long... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] d = new double[(int) Nd.numel(shape)];
        for (int i = 0; i < d.length; i++) d[i] = r.nextLong(bound);
        return new Nd(d, shape);
    }

    private static boolean near(double v, double[] kinks, double gap) {
        for (double k : kinks) if (Math.abs(v - k) < gap) return true;
        return false;
    }

    /** The values this dtype can hold exactly, so a float64 reference sees what the kernel sees. */
    public static Nd roundTo(Nd x, DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> x.map(v -> (double) (float) v);
            case INT32, INT64 -> x.map(v -> (double) (long) v);
            case BOOL -> x.map(v -> v != 0 ? 1 : 0);
            default -> x;
        };
    }

    public static Tensor tensor(Nd x, DType dtype) {
        if (x.rank() == 0) return Tensor.scalar(x.data[0], dtype);  // of() without a shape means 1-D
        return switch (dtype) {
            case FLOAT64 -> Tensor.of(x.data.clone(), x.shape);
            case FLOAT32 -> {
                float[] f = new float[x.size()];
                for (int i = 0; i < f.length; i++) f[i] = (float) x.data[i];
                yield Tensor.of(f, x.shape);
            }
            case INT32 -> {
                int[] v = new int[x.size()];
                for (int i = 0; i < v.length; i++) v[i] = (int) x.data[i];
                yield Tensor.of(v, x.shape);
            }
            case INT64 -> {
                long[] v = new long[x.size()];
                for (int i = 0; i < v.length; i++) v[i] = (long) x.data[i];
                yield Tensor.of(v, x.shape);
            }
            case BOOL -> {
                boolean[] v = new boolean[x.size()];
                for (int i = 0; i < v.length; i++) v[i] = x.data[i] != 0;
                yield Tensor.of(v, x.shape);
            }
        };
    }

    /** Same values as {@link #tensor}, laid out as {@code layout} says (falls back to contiguous for rank 0). */
    public static Tensor tensor(Nd x, DType dtype, Layout layout) {
        if (layout == Layout.CONTIGUOUS || x.rank() == 0) return tensor(x, dtype);
        if (layout == Layout.TRANSPOSED && x.rank() >= 2) {
            return tensor(x.transpose(-1, -2), dtype).transpose(-1, -2);
        }
        // STRIDED (and TRANSPOSED of a vector): x along the last axis at odd positions 1, 3, ...
        long n = x.shape[x.rank() - 1];
        long[] bigShape = x.shape.clone();
        bigShape[x.rank() - 1] = 2 * n + 1;
        Nd big = Nd.full(Double.NaN, bigShape);
        long[] idx = new long[x.rank()];
        long[] bigStrides = Nd.strides(bigShape);
        for (int f = 0; f < x.size(); f++) {
            Nd.unravel(f, x.shape, idx);
            long off = 0;
            for (int i = 0; i < idx.length; i++) off += (i == idx.length - 1 ? 2 * idx[i] + 1 : idx[i]) * bigStrides[i];
            big.data[(int) off] = x.data[f];
        }
        return tensor(big, dtype).slice(-1, 1, 2 * n + 1, 2);
    }
}
