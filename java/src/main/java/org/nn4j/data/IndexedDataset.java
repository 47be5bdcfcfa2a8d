package org.nn4j.data;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A dataset with random access: {@link #size()} examples, each read by {@link #get(long)}.
 * In-memory data ({@link TensorDataset}) and image folders are indexed; so are the results of
 * {@link #map}, {@link #batch}, {@link #take} and {@link #subset} on an indexed dataset (batch
 * j of {@code batch(b)} is examples j*b .. j*b+b-1: "batches are indexable"). A full
 * {@link #shuffle(long)} is possible only here.
 *
 * <p>A custom random-access source extends this class and implements size() and get(i); it
 * may override {@link #getBatch} with a faster gather and {@link #classIndices()} with labels it
 * knows without decoding the examples.
 */
public abstract class IndexedDataset extends Dataset {
    protected IndexedDataset() {}

    /** Number of examples. */
    @Override
    public abstract long size();

    /** Example i (0 <= i < size()); the caller owns the result. */
    public abstract Batch get(long i);

    /** The examples at idx stacked along a new dimension 0; the caller owns the result. */
    public Batch getBatch(long[] idx) {
        if (idx.length == 0) throw new IllegalArgumentException("getBatch: no indices");
        List<Batch> items = new ArrayList<>(idx.length);
        try {
            for (long i : idx) items.add(get(checkIndex(i)));
            return Collate.stack(items);
        } finally {
            for (Batch b : items) b.close();
        }
    }

    /**
     * The class index of every example, for stratified splits: labels that are integer scalars
     * or one-hot vectors (argmax). The default reads every example; subclasses that know the
     * labels override it.
     */
    public long[] classIndices() {
        long n = size();
        long[] out = new long[Math.toIntExact(n)];
        for (int i = 0; i < out.length; i++) {
            try (Batch b = get(i)) {
                out[i] = Labels.classOf(b, i);
            }
        }
        return out;
    }

    /** Copies every example into memory: x (N, ...) and y (N, ...). */
    public TensorDataset materialize() {
        long n = size();
        if (n == 0) throw new IllegalStateException("materialize: " + this + " is empty");
        long[] all = new long[Math.toIntExact(n)];
        for (int i = 0; i < all.length; i++) all[i] = i;
        Batch b = getBatch(all);
        return new TensorDataset(b.x(), b.y(), false);
    }

    final long checkIndex(long i) {
        long n = size();
        if (i < 0 || i >= n) throw new IndexOutOfBoundsException("index " + i + " is out of range for " + n
                + " examples of " + this);
        return i;
    }

    @Override
    DataIterator openRaw() {
        long n = size();
        return new LookaheadIterator() {
            private long i;

            @Override
            protected Batch compute() {
                return i < n ? get(i++) : null;
            }
        };
    }

    // -------------------------------------------------------- stages that keep random access

    /** map(fn) applied lazily to each example on access; still indexed. */
    @Override
    public IndexedDataset map(Function<Batch, Batch> fn) {
        return new MappedIndexedDataset(this, checkFn(fn));
    }

    /** Batches of consecutive examples; batch j = examples j*b .. min(size, j*b+b)-1. */
    @Override
    public IndexedDataset batch(int batchSize) {
        return batch(batchSize, false);
    }

    @Override
    public IndexedDataset batch(int batchSize, boolean dropLast) {
        checkBatchSize(batchSize);
        return new BatchedIndexedDataset(this, batchSize, dropLast);
    }

    /** The first n examples (a view). */
    @Override
    public IndexedDataset take(long n) {
        if (n < 0) throw new IllegalArgumentException("take: n = " + n + " must be >= 0");
        long m = Math.min(n, size());
        long[] idx = new long[Math.toIntExact(m)];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        return new SubsetDataset(this, idx);
    }

    /** Examples start .. end-1 (a view). */
    public IndexedDataset slice(long start, long end) {
        if (start < 0 || end > size() || start > end) {
            throw new IndexOutOfBoundsException("slice(" + start + ", " + end + ") is out of range for " + size()
                    + " examples");
        }
        long[] idx = new long[Math.toIntExact(end - start)];
        for (int i = 0; i < idx.length; i++) idx[i] = start + i;
        return new SubsetDataset(this, idx);
    }

    /** The examples at idx, in that order (a view; indices may repeat). */
    public IndexedDataset subset(long[] idx) {
        long[] copy = idx.clone();
        for (long i : copy) checkIndex(i);
        return new SubsetDataset(this, copy);
    }

    /**
     * A full shuffle: each pass draws a fresh seeded permutation (pass k uses mix(seed, k)). A
     * batch stage right after it gathers the permuted examples directly.
     */
    @Override
    public Dataset shuffle(long seed) {
        return new ShuffledDataset(this, seed, true);
    }

    /** As {@link #shuffle(long)}; with reshuffleEachPass false every pass has the same order. */
    public Dataset shuffle(long seed, boolean reshuffleEachPass) {
        return new ShuffledDataset(this, seed, reshuffleEachPass);
    }
}
