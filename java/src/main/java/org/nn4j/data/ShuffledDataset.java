package org.nn4j.data;

import java.util.concurrent.atomic.AtomicLong;
import org.nn4j.nn.Seeds;

/** shuffle(seed) of an indexed dataset: a seeded permutation per pass. */
final class ShuffledDataset extends Dataset {
    private final IndexedDataset src;
    private final long seed;
    private final boolean reshuffle;
    private final AtomicLong passes = new AtomicLong();

    ShuffledDataset(IndexedDataset src, long seed, boolean reshuffle) {
        this.src = src;
        this.seed = seed;
        this.reshuffle = reshuffle;
    }

    @Override
    public long size() {
        return src.size();
    }

    /** The order of the next pass. */
    long[] nextPermutation() {
        long pass = reshuffle ? passes.getAndIncrement() : 0;
        return new Rng(Seeds.mix(seed, pass)).permutation(src.size());
    }

    @Override
    DataIterator openRaw() {
        long[] perm = nextPermutation();
        return new LookaheadIterator() {
            private int k;

            @Override
            protected Batch compute() {
                return k < perm.length ? src.get(perm[k++]) : null;
            }
        };
    }

    /** Batches gathered straight from the source in permuted order (same elements as stacking). */
    @Override
    public Dataset batch(int batchSize, boolean dropLast) {
        checkBatchSize(batchSize);
        ShuffledDataset self = this;
        return new Dataset() {
            @Override
            public long size() {
                return StreamBatchDataset.batchCount(src.size(), batchSize, dropLast);
            }

            @Override
            DataIterator openRaw() {
                long[] perm = nextPermutation();
                return new LookaheadIterator() {
                    private int k;

                    @Override
                    protected Batch compute() {
                        int left = perm.length - k;
                        if (left <= 0 || (dropLast && left < batchSize)) return null;
                        int m = Math.min(batchSize, left);
                        long[] idx = java.util.Arrays.copyOfRange(perm, k, k + m);
                        k += m;
                        return src.getBatch(idx);
                    }
                };
            }

            @Override
            public String toString() {
                return self + ".batch(" + batchSize + (dropLast ? ", dropLast" : "") + ")";
            }
        };
    }

    @Override
    public String toString() {
        return src + ".shuffle(seed " + seed + (reshuffle ? "" : ", same order each pass") + ")";
    }
}
