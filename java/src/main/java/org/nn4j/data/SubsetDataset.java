package org.nn4j.data;

/** A view of chosen examples of an indexed dataset (take, slice, subset, splits). */
final class SubsetDataset extends IndexedDataset {
    private final IndexedDataset src;
    private final long[] idx;

    SubsetDataset(IndexedDataset src, long[] idx) {
        this.src = src;
        this.idx = idx;
    }

    @Override
    public long size() {
        return idx.length;
    }

    @Override
    public Batch get(long i) {
        return src.get(idx[(int) checkIndex(i)]);
    }

    @Override
    public Batch getBatch(long[] ids) {
        long[] mapped = new long[ids.length];
        for (int k = 0; k < ids.length; k++) mapped[k] = idx[(int) checkIndex(ids[k])];
        return src.getBatch(mapped);
    }

    @Override
    public long[] classIndices() {
        long[] all = src.classIndices();
        long[] out = new long[idx.length];
        for (int k = 0; k < idx.length; k++) out[k] = all[(int) idx[k]];
        return out;
    }

    /** The source indices of this view's examples. */
    long[] indices() {
        return idx.clone();
    }

    @Override
    public String toString() {
        return src + ".subset(" + idx.length + ")";
    }
}
