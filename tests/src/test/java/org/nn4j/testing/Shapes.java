package org.nn4j.testing;

import java.util.List;

/** The odd shapes every op is run at: a single element, unaligned 2-D, larger than a SIMD block, batched. */
public final class Shapes {
    private Shapes() {}

    public static final long[] SCALAR = {};
    public static final long[] ONE = {1, 1};
    public static final long[] SMALL = {7, 13};
    public static final long[] LARGE = {129, 65};
    public static final long[] BATCHED = {3, 7, 13};

    public static final List<long[]> ODD = List.of(ONE, SMALL, LARGE, BATCHED);

    /** Pairs that broadcast: (m,n)+(1,n), (m,n)+(m,1), +scalar, both sides stretched, rank extension. */
    public static final List<long[][]> BROADCAST_PAIRS = List.of(
            new long[][] {SMALL, SMALL},
            new long[][] {LARGE, LARGE},
            new long[][] {BATCHED, BATCHED},
            new long[][] {SMALL, {1, 13}},
            new long[][] {SMALL, {7, 1}},
            new long[][] {SMALL, SCALAR},
            new long[][] {SCALAR, SMALL},
            new long[][] {{1, 13}, {7, 1}},
            new long[][] {BATCHED, SMALL},
            new long[][] {{3, 1, 13}, {1, 7, 1}},
            new long[][] {ONE, ONE});

    public static long[] of(long... dims) {
        return dims;
    }
}
