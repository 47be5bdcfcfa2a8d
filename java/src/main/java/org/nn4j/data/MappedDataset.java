package org.nn4j.data;

import java.util.function.Function;

/** map(fn) over a stream. */
final class MappedDataset extends Dataset {
    private final Dataset up;
    private final Function<Batch, Batch> fn;

    MappedDataset(Dataset up, Function<Batch, Batch> fn) {
        this.up = up;
        this.fn = fn;
    }

    @Override
    public long size() {
        return up.size();
    }

    @Override
    DataIterator openRaw() {
        DataIterator in = up.openRaw();
        return new LookaheadIterator() {
            @Override
            protected Batch compute() {
                return in.hasNext() ? Mapping.apply(fn, in.next()) : null;
            }

            @Override
            protected void release() {
                in.close();
            }
        };
    }

    @Override
    public String toString() {
        return up + ".map()";
    }
}
