package org.nn4j.testing;

import java.util.Arrays;
import org.nn4j.DType;
import org.nn4j.Tensor;

/** Comparisons of tensors with references that report the largest error, not just "differs". */
public final class Check {
    private Check() {}

    /** The values of any tensor as doubles (bool as 0/1), row-major. */
    public static double[] values(Tensor t) {
        DType d = t.dtype();
        if (d == DType.BOOL) {
            boolean[] b = t.toBooleanArray();
            double[] out = new double[b.length];
            for (int i = 0; i < b.length; i++) out[i] = b[i] ? 1 : 0;
            return out;
        }
        if (d == DType.INT64) return Arrays.stream(t.toLongArray()).asDoubleStream().toArray();
        if (d == DType.INT32) return Arrays.stream(t.toIntArray()).asDoubleStream().toArray();
        return t.toDoubleArray();
    }

    public static Nd nd(Tensor t) {
        return new Nd(values(t), t.dims());
    }

    public static void assertClose(String what, Nd want, Tensor got, Tol tol) {
        assertClose(what, want, null, got, tol);
    }

    /**
     * Shape must match exactly; every element within {@code tol} of the reference, measured
     * against {@code scale} where given (else against the reference itself).
     */
    public static void assertClose(String what, Nd want, Nd scale, Tensor got, Tol tol) {
        if (!Arrays.equals(want.shape, got.dims()))
            throw new AssertionError(what + ": shape " + Arrays.toString(got.dims()) + ", expected "
                    + Arrays.toString(want.shape));
        assertClose(what, want, scale, values(got), tol);
    }

    public static void assertClose(String what, Nd want, Nd scale, double[] got, Tol tol) {
        if (got.length != want.size())
            throw new AssertionError(what + ": " + got.length + " values, expected " + want.size());
        int bad = 0, worst = -1;
        double maxAbs = 0, maxRel = 0;
        for (int i = 0; i < got.length; i++) {
            double w = want.data[i], s = scale == null ? w : scale.data[i];
            boolean ok = tol.accepts(got[i], w, s);
            double err = Math.abs(got[i] - w);
            if (!ok) {
                bad++;
                if (worst < 0 || !(err <= maxAbs)) worst = i;
            }
            if (!Double.isNaN(err) && !Double.isInfinite(err)) {
                maxAbs = Math.max(maxAbs, err);
                if (s != 0) maxRel = Math.max(maxRel, err / Math.abs(s));
            }
        }
        if (bad > 0) {
            long[] idx = Nd.unravel(worst, want.shape, new long[want.rank()]);
            throw new AssertionError(String.format(
                    "%s: %d of %d values outside %s; max abs error %.3g, max rel error %.3g; worst at %s: got %s, expected %s",
                    what, bad, got.length, tol, maxAbs, maxRel, Arrays.toString(idx), got[worst], want.data[worst]));
        }
    }

    /** Exact equality (integers, booleans, bit-identical RNG streams). */
    public static void assertSame(String what, Nd want, Tensor got) {
        assertClose(what, want, got, Tol.EXACT);
    }
}
