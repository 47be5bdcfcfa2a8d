package org.nn4j.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.nn4j.Scope;

/**
 * A lazy input pipeline (convention DU3), in the manner of tf.data: a source of {@link Batch}
 * elements followed by stages, each returning a new Dataset and leaving this one unchanged.
 *
 * <pre>{@code
 * Dataset train = TensorDataset.of(x, y)
 *         .shuffle(42)              // a fresh seeded permutation each pass
 *         .batch(64)                // the last partial batch is kept; batch(64, true) drops it
 *         .map(augmentation::train) // per batch, training only
 *         .prefetch(2);             // prepared on a background thread
 * for (int epoch = 0; epoch < 5; epoch++) {
 *     try (DataIterator it = train.iterator()) {
 *         while (it.hasNext()) {
 *             try (Batch b = it.next()) { ... }
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p><b>Determinism.</b> With the same seeds, a pipeline built twice yields the same elements
 * in the same order, with or without prefetch. A shuffle stage draws a new permutation on each
 * pass (pass k uses seed mix(seed, k)), like tf.data's reshuffle_each_iteration.
 *
 * <p><b>Memory.</b> The stages work in no {@link Scope} and close every intermediate tensor
 * themselves; an element handed out by {@link #iterator()} belongs to the caller: it is closed
 * by {@link Batch#close()} or by the Scope open on the consuming thread, whichever comes first.
 * A derived dataset does not own its source: close a {@link TensorDataset} when done with it.
 *
 * <p>{@link #map} functions and custom sources run on the prefetch thread when there is a
 * {@link #prefetch} stage after them.
 */
public abstract class Dataset implements Iterable<Batch> {
    Dataset() {}

    /** Elements one pass yields, or -1 when that is unknown or infinite. */
    public abstract long size();

    /** Opens one pass. Runs in no scope; the elements it returns are owned by the caller. */
    abstract DataIterator openRaw();

    /**
     * Starts one pass. Close the iterator when stopping early; each element it returns is the
     * caller's to close (or its Scope's).
     */
    @Override
    public final DataIterator iterator() {
        return new ScopedIterator(Scope.outside(this::openRaw));
    }

    /** Runs action on every element of one pass, closing each element after the action returns. */
    @Override
    public void forEach(Consumer<? super Batch> action) {
        try (DataIterator it = iterator()) {
            while (it.hasNext()) {
                try (Batch b = it.next()) {
                    action.accept(b);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------ stages

    /**
     * Applies fn to each element. fn may create any tensors: those it returns are kept, the rest
     * are closed; the input's tensors are closed unless fn returns them.
     */
    public Dataset map(Function<Batch, Batch> fn) {
        return new MappedDataset(this, checkFn(fn));
    }

    /**
     * A full shuffle. Only a dataset with random access ({@link IndexedDataset}) can be shuffled
     * without a buffer; a streaming one needs {@link #shuffle(int, long)}.
     */
    public Dataset shuffle(long seed) {
        throw new UnsupportedOperationException("shuffle(seed): " + describe() + " is a stream without random "
                + "access; use shuffle(bufferSize, seed) (a buffer of the dataset's size gives a full shuffle), or "
                + "shuffle before the stage that made it a stream");
    }

    /**
     * Shuffles through a buffer of bufferSize elements (tf.data's algorithm): each output is a
     * seeded random pick from the buffer, whose slot the next input refills. A buffer at least as
     * large as the dataset gives a uniform shuffle.
     */
    public Dataset shuffle(int bufferSize, long seed) {
        if (bufferSize < 1) throw new IllegalArgumentException("shuffle: bufferSize = " + bufferSize + " must be >= 1");
        return new BufferShuffleDataset(this, bufferSize, seed);
    }

    /** Stacks consecutive elements into batches of batchSize; the last partial batch is kept. */
    public Dataset batch(int batchSize) {
        return batch(batchSize, false);
    }

    /**
     * Stacks consecutive elements along a new dimension 0. The last batch holds the remaining
     * size % batchSize elements, or is dropped when dropLast is true.
     */
    public Dataset batch(int batchSize, boolean dropLast) {
        checkBatchSize(batchSize);
        return new StreamBatchDataset(this, batchSize, dropLast);
    }

    /** Passes over this dataset times times in a row (each pass reshuffles a shuffle stage). */
    public Dataset repeat(int times) {
        if (times < 1) throw new IllegalArgumentException("repeat: times = " + times + " must be >= 1");
        return new RepeatDataset(this, times);
    }

    /** Passes over this dataset forever (stops only if a pass is empty). */
    public Dataset repeat() {
        return new RepeatDataset(this, -1);
    }

    /** The first n elements of each pass. */
    public Dataset take(long n) {
        if (n < 0) throw new IllegalArgumentException("take: n = " + n + " must be >= 0");
        return new TakeDataset(this, n);
    }

    /**
     * Prepares up to depth elements ahead on a background thread. Errors raised there are
     * rethrown by the iterator's hasNext/next; closing the iterator stops the thread and
     * releases what it had prepared. The order of elements does not change.
     */
    public Dataset prefetch(int depth) {
        if (depth < 1) throw new IllegalArgumentException("prefetch: depth = " + depth + " must be >= 1");
        return new PrefetchDataset(this, depth);
    }

    // ----------------------------------------------------------------------------- sources

    /**
     * A streaming dataset: each pass calls gen for a fresh iterator and takes ownership of the
     * elements it yields (an iterator that is also AutoCloseable is closed at the end of the pass).
     * Use it for data that does not fit in memory or is produced on the fly.
     */
    public static Dataset fromGenerator(Supplier<? extends Iterator<Batch>> gen) {
        if (gen == null) throw new IllegalArgumentException("fromGenerator: the generator must not be null");
        return new GeneratorDataset(gen, -1);
    }

    /** As {@link #fromGenerator(Supplier)}, for a source that is known to yield size elements per pass. */
    public static Dataset fromGenerator(Supplier<? extends Iterator<Batch>> gen, long size) {
        if (gen == null) throw new IllegalArgumentException("fromGenerator: the generator must not be null");
        return new GeneratorDataset(gen, size);
    }

    // ---------------------------------------------------------------------------- helpers

    /** "TensorDataset(...)", "batch(32) of ...": for messages. */
    String describe() {
        return toString();
    }

    static Function<Batch, Batch> checkFn(Function<Batch, Batch> fn) {
        if (fn == null) throw new IllegalArgumentException("map: the function must not be null");
        return fn;
    }

    static void checkBatchSize(int batchSize) {
        if (batchSize < 1) throw new IllegalArgumentException("batch: batchSize = " + batchSize + " must be >= 1");
    }

    /** Hands out raw elements, moving each into the consumer's current scope. */
    private static final class ScopedIterator implements DataIterator {
        private final DataIterator raw;
        private boolean closed;

        ScopedIterator(DataIterator raw) {
            this.raw = raw;
        }

        @Override
        public boolean hasNext() {
            if (closed) return false;
            boolean more = Scope.outside(raw::hasNext);
            if (!more) close();
            return more;
        }

        @Override
        public Batch next() {
            if (!hasNext()) throw new NoSuchElementException("the dataset pass is over (or its iterator was closed)");
            Batch b = Scope.outside(raw::next);
            b.track();
            return b;
        }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            Scope.outside(() -> {
                raw.close();
                return null;
            });
        }
    }
}
