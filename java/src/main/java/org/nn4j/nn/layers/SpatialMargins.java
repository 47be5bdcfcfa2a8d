package org.nn4j.nn.layers;

import java.util.Arrays;
import org.nn4j.Shape;
import org.nn4j.nn.Config;

/**
 * Per-axis (begin, end) margins of the spatial axes of (C, spatial...) samples: ZeroPadding adds
 * them, Cropping removes them. One value means every side of every axis, nsp values one per
 * axis on both sides, or an explicit {@code {{begin, end}, ...}} per axis.
 */
final class SpatialMargins {
    final int nsp;
    final long[] begin, end;

    private SpatialMargins(int nsp, long[] begin, long[] end) {
        this.nsp = nsp;
        this.begin = begin;
        this.end = end;
    }

    static SpatialMargins symmetric(String layer, int nsp, long... m) {
        long[] v = Args.spread(layer, "margins", m, nsp, 0);
        return new SpatialMargins(nsp, v, v.clone());
    }

    static SpatialMargins of(String layer, int nsp, long[][] pairs) {
        if (pairs == null || pairs.length != nsp) {
            throw new IllegalArgumentException(layer + ": needs " + nsp + " (begin, end) pairs, got "
                    + Arrays.deepToString(pairs));
        }
        long[] b = new long[nsp], e = new long[nsp];
        for (int i = 0; i < nsp; i++) {
            if (pairs[i] == null || pairs[i].length != 2 || pairs[i][0] < 0 || pairs[i][1] < 0) {
                throw new IllegalArgumentException(layer + ": margins " + Arrays.deepToString(pairs)
                        + " must be non-negative (begin, end) pairs");
            }
            b[i] = pairs[i][0];
            e[i] = pairs[i][1];
        }
        return new SpatialMargins(nsp, b, e);
    }

    /** Checks a per-sample input (C, spatial...) has nsp spatial axes; message from the layer. */
    String checkRank(Shape in) {
        if (in.rank() != nsp + 1) {
            return "needs (C, " + (nsp == 1 ? "L" : nsp == 2 ? "H, W" : "D, H, W") + ") per sample, got " + in;
        }
        return null;
    }

    /** The per-sample shape with sign·(begin + end) added to each spatial axis. */
    long[] apply(Shape in, int sign) {
        long[] d = in.toArray();
        for (int i = 0; i < nsp; i++) d[1 + i] += sign * (begin[i] + end[i]);
        return d;
    }

    long[][] pairs() {
        long[][] p = new long[nsp][];
        for (int i = 0; i < nsp; i++) p[i] = new long[] {begin[i], end[i]};
        return p;
    }

    void put(Config c) {
        c.put("begin", begin).put("end", end);
    }

    static long[][] read(Config c) {
        long[] b = c.getLongArray("begin"), e = c.getLongArray("end");
        long[][] p = new long[b.length][];
        for (int i = 0; i < b.length; i++) p[i] = new long[] {b[i], e[i]};
        return p;
    }

    @Override
    public String toString() {
        return Arrays.deepToString(pairs());
    }
}
