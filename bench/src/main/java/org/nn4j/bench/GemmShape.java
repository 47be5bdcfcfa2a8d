package org.nn4j.bench;

/**
 * A GEMM problem written as {@code MxKxN} with an optional {@code :TN}-style suffix for the
 * transposes of A and B. The order M, K, N reads like a layer: {@code 64x784x256} is a batch of
 * 64 rows of 784 features times a 784 x 256 weight. {@code 256x64x784:TN} is the weight gradient
 * of that layer in (out, in) layout, dW = dY^T X, with dY (64 x 256) stored untransposed, hence
 * op(A) = A^T.
 */
record GemmShape(long m, long k, long n, boolean transA, boolean transB) {

    static GemmShape parse(String spec) {
        String dims = spec;
        boolean ta = false, tb = false;
        int colon = spec.indexOf(':');
        if (colon >= 0) {
            String t = spec.substring(colon + 1);
            if (t.length() != 2 || "NT".indexOf(t.charAt(0)) < 0 || "NT".indexOf(t.charAt(1)) < 0) {
                throw new IllegalArgumentException("bad transpose suffix in '" + spec + "', expected :NN/:NT/:TN/:TT");
            }
            ta = t.charAt(0) == 'T';
            tb = t.charAt(1) == 'T';
            dims = spec.substring(0, colon);
        }
        String[] p = dims.split("x");
        if (p.length != 3) throw new IllegalArgumentException("bad GEMM shape '" + spec + "', expected MxKxN[:TN]");
        return new GemmShape(Long.parseLong(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2]), ta, tb);
    }

    /** Leading dimensions of the stored (row-major) A, B and C. */
    long lda() { return transA ? m : k; }
    long ldb() { return transB ? k : n; }
    long ldc() { return n; }

    double flops() { return 2.0 * m * n * k; }

    /** op(A)(i, p) and op(B)(p, j) read from row-major storage, for reference checks. */
    float a(float[] a, long i, long p) { return a[(int) (transA ? p * m + i : i * k + p)]; }
    float b(float[] b, long p, long j) { return b[(int) (transB ? j * k + p : p * n + j)]; }

    /** C(i, j) of op(A) op(B) in double precision. */
    double reference(float[] a, float[] b, long i, long j) {
        double s = 0;
        for (long p = 0; p < k; p++) s += (double) a(a, i, p) * b(b, p, j);
        return s;
    }

    /** Deterministic inputs in [-1, 1): a cheap LCG, so the benchmark needs no RNG op. */
    static float[] data(long count, long seed) {
        float[] x = new float[Math.toIntExact(count)];
        long s = seed * 0x9E3779B97F4A7C15L + 1;
        for (int i = 0; i < x.length; i++) {
            s = s * 6364136223846793005L + 1442695040888963407L;
            x[i] = ((s >>> 40) / (float) (1L << 24)) * 2f - 1f;
        }
        return x;
    }

    /**
     * Compares 64 entries of C, spread over the matrix, with a double-precision reference;
     * throws if one is off by more than a float32 accumulation of length k could explain.
     */
    void verify(String who, float[] a, float[] b, float[] c) {
        double tol = 1e-5 * k + 1e-5;
        for (int t = 0; t < 64; t++) {
            long i = (t * 7919L) % m, j = (t * 104729L) % n;
            double want = reference(a, b, i, j), got = c[(int) (i * n + j)];
            if (Math.abs(want - got) > tol * Math.max(1, Math.abs(want))) {
                throw new IllegalStateException(who + " " + this + ": C(" + i + ", " + j + ") = " + got
                        + ", reference " + want);
            }
        }
    }
}
