package org.nn4j.models;

import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.nn4j.Tensor;
import org.nn4j.nn.Seeds;

/**
 * Where fit, evaluate and predict get their batches from: in-memory tensors cut into batches
 * (shuffled per epoch with a seeded permutation), or a user's iterable of batches. Batch tensors
 * are made in {@code next()}, so the caller's step scope frees them.
 */
abstract class BatchSource {
    /** Batches per epoch, or -1 when unknown (an iterable without stepsPerEpoch). */
    abstract long steps();

    /** Samples per epoch, or -1 when unknown. */
    abstract long samples();

    abstract Iterator<Batch> epoch(int epoch);

    static BatchSource of(Tensor[] x, Tensor[] y, Tensor sampleWeight, int batchSize, boolean shuffle, long seed) {
        return new InMemory(x, y, sampleWeight, batchSize, shuffle, seed);
    }

    static BatchSource of(Iterable<Batch> batches, long stepsPerEpoch) {
        return new FromIterable(batches, stepsPerEpoch);
    }

    /** Tensors of N samples cut into ceil(N / batch) batches; the last one may be smaller. */
    static final class InMemory extends BatchSource {
        private final Tensor[] x;
        private final Tensor[] y;
        private final Tensor sw;
        private final long n;
        private final int batch;
        private final boolean shuffle;
        private final long seed;

        InMemory(Tensor[] x, Tensor[] y, Tensor sw, int batch, boolean shuffle, long seed) {
            this.x = x;
            this.y = y == null ? new Tensor[0] : y;
            this.sw = sw;
            this.n = x[0].dim(0);
            this.batch = batch;
            this.shuffle = shuffle;
            this.seed = seed;
        }

        @Override
        long steps() {
            return (n + batch - 1) / batch;
        }

        @Override
        long samples() {
            return n;
        }

        @Override
        Iterator<Batch> epoch(int epoch) {
            long[] perm = shuffle ? permutation(n, Seeds.mix(seed, epoch)) : null;
            return new Iterator<>() {
                long start;

                @Override
                public boolean hasNext() {
                    return start < n;
                }

                @Override
                public Batch next() {
                    if (start >= n) throw new NoSuchElementException();
                    long end = Math.min(n, start + batch);
                    Batch b = perm == null ? slice(start, end) : take(java.util.Arrays.copyOfRange(perm, (int) start, (int) end));
                    start = end;
                    return b;
                }
            };
        }

        private Batch slice(long a, long b) {
            Tensor[] xs = new Tensor[x.length];
            for (int i = 0; i < xs.length; i++) xs[i] = x[i].slice(0, a, b);
            Tensor[] ys = new Tensor[y.length];
            for (int i = 0; i < ys.length; i++) ys[i] = y[i].slice(0, a, b);
            return new Batch(xs, ys, sw == null ? null : sw.slice(0, a, b));
        }

        private Batch take(long[] rows) {
            Tensor[] xs = new Tensor[x.length];
            for (int i = 0; i < xs.length; i++) xs[i] = rows(x[i], rows);
            Tensor[] ys = new Tensor[y.length];
            for (int i = 0; i < ys.length; i++) ys[i] = rows(y[i], rows);
            return new Batch(xs, ys, sw == null ? null : rows(sw, rows));
        }
    }

    /** The rows of t (along dimension 0) at the given indices, as a new tensor. */
    static Tensor rows(Tensor t, long[] rows) {
        long[] d = t.dims();
        long[] one = new long[d.length];
        java.util.Arrays.fill(one, 1);
        one[0] = rows.length;
        d[0] = rows.length;
        try (Tensor idx = Tensor.of(rows, rows.length); Tensor shaped = idx.reshape(one); Tensor full = shaped.expand(d)) {
            return t.gather(0, full);
        }
    }

    /** Fisher-Yates with a seeded generator: the same seed gives the same permutation. */
    static long[] permutation(long n, long seed) {
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("shuffle: too many samples (" + n + ")");
        long[] p = new long[(int) n];
        for (int i = 0; i < p.length; i++) p[i] = i;
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = p.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            long t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** A user's batches; each epoch starts a new iterator and stops after stepsPerEpoch batches, if given. */
    static final class FromIterable extends BatchSource {
        private final Iterable<Batch> batches;
        private final long stepsPerEpoch;

        FromIterable(Iterable<Batch> batches, long stepsPerEpoch) {
            if (batches == null) throw new IllegalArgumentException("fit: the batches are null");
            this.batches = batches;
            this.stepsPerEpoch = stepsPerEpoch;
        }

        @Override
        long steps() {
            if (stepsPerEpoch > 0) return stepsPerEpoch;
            return batches instanceof Collection ? ((Collection<?>) batches).size() : -1;
        }

        @Override
        long samples() {
            return -1;
        }

        @Override
        Iterator<Batch> epoch(int epoch) {
            Iterator<Batch> it = batches.iterator();
            return new Iterator<>() {
                long taken;

                @Override
                public boolean hasNext() {
                    return (stepsPerEpoch < 0 || taken < stepsPerEpoch) && it.hasNext();
                }

                @Override
                public Batch next() {
                    if (!hasNext()) throw new NoSuchElementException();
                    taken++;
                    Batch b = it.next();
                    if (b == null) throw new IllegalArgumentException("fit: the batch iterator returned null (batch " + (taken - 1) + ")");
                    return b;
                }
            };
        }
    }
}
