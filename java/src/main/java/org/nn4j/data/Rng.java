package org.nn4j.data;

/**
 * SplitMix64: a tiny, fully specified generator, so that shuffles, splits and augmentations
 * give the same result on every JVM version (java.util's bounded draws are not specified).
 * Not thread-safe; one per stream of decisions.
 */
final class Rng {
    private long state;

    Rng(long seed) {
        this.state = seed;
    }

    long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [lo, hi). */
    double uniform(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }

    boolean nextBoolean() {
        return nextLong() < 0;
    }

    /** Uniform in [0, bound) without modulo bias (rejection of the short top range). */
    long nextLong(long bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound " + bound + " must be positive");
        long limit = Long.MAX_VALUE - Long.MAX_VALUE % bound;
        for (;;) {
            long r = nextLong() >>> 1;
            if (r < limit) return r % bound;
        }
    }

    /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
    long[] permutation(long n) {
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("permutation: n = " + n + " is too large");
        long[] p = new long[(int) n];
        for (int i = 0; i < p.length; i++) p[i] = i;
        shuffle(p);
        return p;
    }

    /** Shuffles a in place (Fisher-Yates). */
    void shuffle(long[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = (int) nextLong(i + 1);
            long t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
