package org.nn4j.data;

import java.util.function.Function;

/** map(fn) over an indexed dataset: fn runs on each example when it is read. */
final class MappedIndexedDataset extends IndexedDataset {
    private final IndexedDataset src;
    private final Function<Batch, Batch> fn;

    MappedIndexedDataset(IndexedDataset src, Function<Batch, Batch> fn) {
        this.src = src;
        this.fn = fn;
    }

    @Override
    public long size() {
        return src.size();
    }

    @Override
    public Batch get(long i) {
        return Mapping.apply(fn, src.get(checkIndex(i)));
    }

    @Override
    public String toString() {
        return src + ".map()";
    }
}
