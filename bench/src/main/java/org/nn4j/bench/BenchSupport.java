package org.nn4j.bench;

import java.util.SplittableRandom;
import org.nn4j.bindings.Nn4jNative;
import org.nn4j.internal.NativeLibrary;

/** Plumbing shared by the benchmarks that call the raw nn4j binding: data, buffers, modes. */
final class BenchSupport {
    private BenchSupport() {}

    /** n floats uniform in [-scale, scale), reproducible from seed. */
    static float[] data(long n, long seed, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) v[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        return v;
    }

    /** Loads the library, sets nn4j's thread count and the dnnl mode ("off", "auto", "force"); returns the mode's code. */
    static int configure(int threads, String dnnl) {
        NativeLibrary.ensureLoaded();
        check(Nn4jNative.nn4j_set_num_threads(threads));
        int mode = dnnl.equals("off") ? 1 : dnnl.equals("force") ? 2 : 0;
        check(Nn4jNative.nn4j_set_dnnl_mode(mode));
        return mode;
    }

    /** Fails the set-up when the last op did not run the path the dnnl mode asks for. */
    static void requirePath(int mode, String dnnl) {
        String path = Nn4jNative.nn4j_last_path();
        if (mode == 1 && !path.equals("nn4j") || mode == 2 && !path.equals("onednn")) {
            throw new IllegalStateException("dnnl=" + dnnl + " ran " + path);
        }
    }

    static long alloc(long bytes) {
        long[] out = new long[1];
        check(Nn4jNative.nn4j_alloc(0, bytes, out));
        return out[0];
    }

    static long upload(float[] v) {
        long p = alloc(4L * v.length);
        check(Nn4jNative.nn4j_memcpy_from(0, p, 0, v, 4L * v.length));
        return p;
    }

    /** Frees the host buffers that were allocated (0 = none) and puts the dnnl mode back to auto. */
    static void release(long... buffers) {
        for (long p : buffers) if (p != 0) Nn4jNative.nn4j_free(0, p);
        Nn4jNative.nn4j_set_dnnl_mode(0);
    }

    static void check(int rc) {
        if (rc != 0) throw new IllegalStateException(Nn4jNative.nn4j_last_error());
    }
}
