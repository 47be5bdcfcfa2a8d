package org.nn4j.nn.layers;

import java.util.Arrays;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.nn.Config;
import org.nn4j.nn.init.Initializer;
import org.nn4j.nn.init.Initializers;
import org.nn4j.nn.regularizers.Regularizer;
import org.nn4j.nn.regularizers.Regularizers;

/** Argument checks, shape helpers and config codecs shared by the built-in layers. */
final class Args {
    private Args() {}

    /** One value for every axis, or exactly n values; each >= min. */
    static long[] spread(String layer, String what, long[] v, int n, long min) {
        if (v == null || (v.length != 1 && v.length != n)) {
            throw new IllegalArgumentException(layer + ": " + what + " needs 1 or " + n + " values, got "
                    + Arrays.toString(v));
        }
        long[] r = new long[n];
        for (int i = 0; i < n; i++) {
            r[i] = v.length == 1 ? v[0] : v[i];
            if (r[i] < min) {
                throw new IllegalArgumentException(layer + ": " + what + " " + Arrays.toString(v) + " has a value below " + min);
            }
        }
        return r;
    }

    static long positive(String layer, String what, long v) {
        if (v < 1) throw new IllegalArgumentException(layer + ": " + what + " = " + v + " must be >= 1");
        return v;
    }

    static long prod(long[] v) {
        long p = 1;
        for (long x : v) p = Math.multiplyExact(p, x);
        return p;
    }

    /** (1, dims...): a per-sample shape as a batched shape for the ops' shape functions. */
    static long[] batched(Shape s) {
        long[] d = s.toArray(), r = new long[d.length + 1];
        r[0] = 1;
        System.arraycopy(d, 0, r, 1, d.length);
        return r;
    }

    /** A batched shape without its batch dimension. */
    static Shape perSample(Shape s) {
        long[] d = s.toArray();
        return Shape.of(Arrays.copyOfRange(d, 1, d.length));
    }

    static long[] concat(long first, long[] rest) {
        long[] r = new long[rest.length + 1];
        r[0] = first;
        System.arraycopy(rest, 0, r, 1, rest.length);
        return r;
    }

    /** Returns next, closing prev when it is a different tensor (a forward's own intermediate). */
    static Tensor then(Tensor prev, Tensor next) {
        if (prev != next) prev.close();
        return next;
    }

    // ---- config codecs -------------------------------------------------------------------------

    static Initializer init(Config c, String key, Initializer dflt) {
        return c.has(key) ? Initializers.fromConfig(c.getConfig(key)) : dflt;
    }

    static Regularizer reg(Config c, String key) {
        return c.has(key) ? Regularizers.fromConfig(c.getConfig(key)) : null;
    }

    static void put(Config c, String key, Initializer init) {
        c.put(key, init.config());
    }

    static void put(Config c, String key, Regularizer reg) {
        if (reg != null) c.put(key, reg.config());
    }

    static ActivationFunction activation(Config c) {
        return ActivationFunction.fromConfig(c.asMap().get("activation"));
    }
}
