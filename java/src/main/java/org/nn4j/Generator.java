package org.nn4j;

import java.util.concurrent.atomic.AtomicLong;
import org.nn4j.internal.Kernels;
import org.nn4j.internal.Strides;
import org.nn4j.internal.TensorAccess;

/**
 * A seeded stream of random tensors on the counter-based Philox generator: element i of a draw
 * depends only on (seed, offset + i), and each draw advances the offset by its element count.
 * Results are therefore identical for any thread count and on CPU and CUDA. Thread-safe.
 *
 * <pre>{@code
 * Generator g = Generator.seed(42);
 * Tensor w = g.normal(DType.FLOAT32, 0, 0.05, 128, 64);
 * }</pre>
 */
public final class Generator {
    private static final TensorAccess T = TensorAccess.get();

    private final long seed;
    private final AtomicLong offset;

    private Generator(long seed, long offset) {
        this.seed = seed;
        this.offset = new AtomicLong(offset);
    }

    public static Generator seed(long seed) {
        return new Generator(seed, 0);
    }

    /** A generator resuming at a saved (seed, offset), e.g. from a checkpoint. */
    public static Generator resume(long seed, long offset) {
        return new Generator(seed, offset);
    }

    public long initialSeed() {
        return seed;
    }

    /** The Philox counter offset of the next draw. */
    public long offset() {
        return offset.get();
    }

    /** U[lo, hi). */
    public Tensor uniform(DType dtype, double lo, double hi, long... shape) {
        return draw("uniform", Kernels.RAND_UNIFORM, dtype, 0, lo, hi, shape);
    }

    /** N(mean, std^2). */
    public Tensor normal(DType dtype, double mean, double std, long... shape) {
        return draw("normal", Kernels.RAND_NORMAL, dtype, 0, mean, std, shape);
    }

    /** N(mean, std^2) with values beyond 2 std redrawn. */
    public Tensor truncatedNormal(DType dtype, double mean, double std, long... shape) {
        return draw("truncatedNormal", Kernels.RAND_TRUNC_NORMAL, dtype, 0, mean, std, shape);
    }

    /** 1 with probability p, else 0. */
    public Tensor bernoulli(DType dtype, double p, long... shape) {
        return draw("bernoulli", Kernels.RAND_BERNOULLI, dtype, 0, p, 0, shape);
    }

    /** U[lo, hi) with like's shape, dtype and device. */
    public Tensor uniformLike(Tensor like, double lo, double hi) {
        return drawLike("uniform", Kernels.RAND_UNIFORM, like, lo, hi);
    }

    public Tensor normalLike(Tensor like, double mean, double std) {
        return drawLike("normal", Kernels.RAND_NORMAL, like, mean, std);
    }

    public Tensor bernoulliLike(Tensor like, double p) {
        return drawLike("bernoulli", Kernels.RAND_BERNOULLI, like, p, 0);
    }

    /** A draw on a given device. */
    public Tensor uniform(Device device, DType dtype, double lo, double hi, long... shape) {
        return draw("uniform", Kernels.RAND_UNIFORM, dtype, device.nativeCode(), lo, hi, shape);
    }

    public Tensor normal(Device device, DType dtype, double mean, double std, long... shape) {
        return draw("normal", Kernels.RAND_NORMAL, dtype, device.nativeCode(), mean, std, shape);
    }

    private Tensor drawLike(String op, int dist, Tensor like, double p1, double p2) {
        T.checkOpen(like, op);
        return draw(op, dist, like.dtype(), Kernels.device(like), p1, p2, like.dims());
    }

    private Tensor draw(String op, int dist, DType dtype, int device, double p1, double p2, long[] shape) {
        long[] s = shape == null ? Strides.EMPTY : shape.clone();
        Strides.checkShape(op, s);
        if (dist == Kernels.RAND_BERNOULLI) {
            if (!(p1 >= 0 && p1 <= 1)) throw new IllegalArgumentException(op + ": p = " + p1 + " is not in [0, 1]");
        } else if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": needs float32 or float64, got " + dtype);
        }
        if (dist == Kernels.RAND_UNIFORM && !(p1 <= p2)) {
            throw new IllegalArgumentException(op + ": lo = " + p1 + " > hi = " + p2);
        }
        if ((dist == Kernels.RAND_NORMAL || dist == Kernels.RAND_TRUNC_NORMAL) && !(p2 >= 0)) {
            throw new IllegalArgumentException(op + ": std = " + p2 + " is negative");
        }
        Tensor t = Kernels.empty(dtype, device, s);
        long n = Strides.numel(s);
        long off = offset.getAndAdd(n);
        Kernels.random(t, dist, seed, off, p1, p2, op);
        return t;
    }

    @Override
    public String toString() {
        return "Generator(seed=" + seed + ", offset=" + offset.get() + ")";
    }
}
