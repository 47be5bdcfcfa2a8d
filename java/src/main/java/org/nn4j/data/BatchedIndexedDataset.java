package org.nn4j.data;

/** batch(b, dropLast) over an indexed dataset: batch j gathers examples j*b .. j*b+b-1. */
final class BatchedIndexedDataset extends IndexedDataset {
    private final IndexedDataset src;
    private final int batchSize;
    private final boolean dropLast;

    BatchedIndexedDataset(IndexedDataset src, int batchSize, boolean dropLast) {
        this.src = src;
        this.batchSize = batchSize;
        this.dropLast = dropLast;
    }

    @Override
    public long size() {
        return StreamBatchDataset.batchCount(src.size(), batchSize, dropLast);
    }

    @Override
    public Batch get(long j) {
        checkIndex(j);
        long start = j * batchSize;
        long end = Math.min(src.size(), start + batchSize);
        long[] idx = new long[(int) (end - start)];
        for (int k = 0; k < idx.length; k++) idx[k] = start + k;
        return src.getBatch(idx);
    }

    @Override
    public long[] classIndices() {
        throw new UnsupportedOperationException("classIndices: " + this + " holds batches, not examples; split "
                + "before batching");
    }

    @Override
    public String toString() {
        return src + ".batch(" + batchSize + (dropLast ? ", dropLast" : "") + ")";
    }
}
